import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Job } from '../webhook/job';
import { EnqueueError, MessageVisibilityError } from './errors';
import { deduplicationId, encodeJobMessage, messageGroupId, type JobQueue } from './job-queue';

/** The SQS FIFO queue the reconcile function consumes (batch size 1). The client is injected. */
export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
  ) {
    if (!queueUrl.endsWith('.fifo')) throw new Error(`the job queue must be a FIFO queue (its URL ends in .fifo): ${queueUrl}`);
  }

  async enqueue(job: Job): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: encodeJobMessage(job),
          MessageGroupId: messageGroupId(job),
          MessageDeduplicationId: deduplicationId(job),
          MessageAttributes: { jobType: { DataType: 'String', StringValue: job.type } },
        }),
      );
    } catch (err) {
      throw new EnqueueError(`sending ${job.type} job ${job.id} for ${job.repo.fullName}: ${(err as Error).name}: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * A received message becomes visible again in `seconds` (from now), instead of after the queue's
   * visibility timeout: its message group is held only that long.
   */
  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    try {
      await this.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
    } catch (err) {
      throw new MessageVisibilityError(`making a message visible again in ${seconds} s: ${(err as Error).name}: ${(err as Error).message}`, { cause: err });
    }
  }
}
