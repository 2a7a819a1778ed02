import { SendMessageCommand, SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { EnqueueError } from '../../lib/queue/errors';
import { decodeJobMessage } from '../../lib/queue/decode-job-message';
import { SqsJobQueue } from '../../lib/queue/sqs-job-queue';
import { makeJob } from '../../lib/webhook/job';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/meshops-jobs.fifo';
const job = makeJob({ type: 'apply', sha: 'a'.repeat(40), requestedBy: 'octocat' }, 'Acme/Mesh-Config', '72d3162e-cc78-11e3-81ab-4c9367dc0958', new Date('2026-11-25T12:00:00Z'));

describe('SqsJobQueue', () => {
  const sqs = mockClient(SQSClient);
  beforeEach(() => sqs.reset());

  it('sends the job to the FIFO queue: group = repository, dedup id = delivery id', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    await new SqsJobQueue(new SQSClient({ region: 'us-east-1' }), QUEUE).enqueue(job);
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.QueueUrl).toBe(QUEUE);
    expect(input.MessageGroupId).toBe('acme/mesh-config');
    expect(input.MessageDeduplicationId).toBe('72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect(decodeJobMessage(input.MessageBody!)).toEqual(job);
  });

  it('hashes a dedup id SQS would refuse', async () => {
    sqs.on(SendMessageCommand).resolves({});
    const odd = { ...job, deliveryId: 'drift run ü' };
    await new SqsJobQueue(new SQSClient({ region: 'us-east-1' }), QUEUE).enqueue(odd);
    expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the job and the SQS error when sending fails', async () => {
    sqs.on(SendMessageCommand).rejects(new SQSServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'not allowed' }));
    const queue = new SqsJobQueue(new SQSClient({ region: 'us-east-1' }), QUEUE);
    await expect(queue.enqueue(job)).rejects.toThrow(EnqueueError);
    await expect(queue.enqueue(job)).rejects.toThrow(`sending apply job ${job.id} for Acme/Mesh-Config: AccessDenied: not allowed`);
  });

  it('refuses a standard (non-FIFO) queue', () => {
    expect(() => new SqsJobQueue(new SQSClient({ region: 'us-east-1' }), QUEUE.replace('.fifo', ''))).toThrow(/FIFO/);
  });
});
