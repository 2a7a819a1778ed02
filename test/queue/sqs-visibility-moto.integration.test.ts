import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { decodeJobMessage } from '../../lib/queue/decode-job-message';
import { SqsJobQueue } from '../../lib/queue/sqs-job-queue';
import { makeJob } from '../../lib/webhook/job';
import { describeWithMoto, startMoto, type MotoServer } from '../support/moto';

/**
 * The real SQS client against moto's SQS (third party): a job's message made visible again with
 * ChangeMessageVisibility comes back after that many seconds, not after the queue's 30 minutes,
 * and its repository's later jobs wait behind it (FIFO group).
 */
describeWithMoto('SqsJobQueue.changeVisibility against moto', () => {
  let moto: MotoServer;
  let sqs: SQSClient;
  let queueUrl: string;
  beforeAll(async () => {
    moto = await startMoto();
    sqs = new SQSClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    ({ QueueUrl: queueUrl } = (await sqs.send(new CreateQueueCommand({ QueueName: 'meshops-jobs.fifo', Attributes: { FifoQueue: 'true', VisibilityTimeout: '1800' } }))) as { QueueUrl: string });
  }, 60_000);
  afterAll(async () => {
    sqs?.destroy();
    await moto?.stop();
  });

  const receive = async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }))).Messages ?? [];

  it('the failed job comes back after the seconds asked, first in its group', async () => {
    const queue = new SqsJobQueue(sqs, queueUrl);
    const at = new Date('2026-11-25T12:00:00Z');
    const first = makeJob({ type: 'apply', sha: 'a'.repeat(40) }, 'acme/mesh', 'd-1', at);
    const second = makeJob({ type: 'apply', sha: 'b'.repeat(40) }, 'acme/mesh', 'd-2', at);
    await queue.enqueue(first);
    await queue.enqueue(second);
    const [received] = await receive();
    expect(decodeJobMessage(received!.Body!).deliveryId).toBe('d-1');
    expect(await receive()).toEqual([]); // in flight for the queue's 30 minutes: its group waits
    await queue.changeVisibility(received!.ReceiptHandle!, 1);
    expect(await receive()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const [again] = await receive();
    expect(decodeJobMessage(again!.Body!).deliveryId).toBe('d-1');
    expect(again!.Attributes?.ApproximateReceiveCount).toBe('2');
  }, 20_000);

  it('a receipt handle SQS does not know: a MessageVisibilityError naming the seconds', async () => {
    await expect(new SqsJobQueue(sqs, queueUrl).changeVisibility('not-a-receipt-handle', 30)).rejects.toThrow(/making a message visible again in 30 s: \w+/);
  });
});
