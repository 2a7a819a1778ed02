import { FIFO_DEDUP_WINDOW_MS, InMemoryJobQueue } from '../../lib/queue/in-memory-job-queue';
import { makeJob, type JobDraft } from '../../lib/webhook/job';

let now = Date.UTC(2026, 10, 25, 12);
const clock = () => now;
const draft: JobDraft = { type: 'plan', sha: 'b'.repeat(40), pullRequest: 3 };
const job = (delivery: string, repo = 'acme/mesh') => makeJob(draft, repo, delivery, new Date(now));

describe('InMemoryJobQueue', () => {
  it('drops a redelivery (same delivery id) within 5 minutes, even after the first was consumed', async () => {
    const queue = new InMemoryJobQueue(clock);
    await queue.enqueue(job('d-1'));
    const first = queue.receive()!;
    queue.delete(first.receiptHandle);
    now += FIFO_DEDUP_WINDOW_MS - 1;
    await queue.enqueue(job('d-1'));
    expect(queue.size).toBe(0);
    expect(queue.stats).toEqual({ sent: 2, accepted: 1, deduplicated: 1 });
  });

  it('accepts the same delivery id again after the window', async () => {
    const queue = new InMemoryJobQueue(clock);
    await queue.enqueue(job('d-2'));
    now += FIFO_DEDUP_WINDOW_MS;
    await queue.enqueue(job('d-2'));
    expect(queue.size).toBe(2);
  });

  it('delivers one message per repository at a time, in order; other repositories go on', async () => {
    const queue = new InMemoryJobQueue(clock);
    await queue.enqueue(job('a-1', 'acme/a'));
    await queue.enqueue(job('a-2', 'acme/a'));
    await queue.enqueue(job('b-1', 'acme/b'));
    const a1 = queue.receive()!;
    expect(a1.job.deliveryId).toBe('a-1');
    const next = queue.receive()!;
    expect(next.job.deliveryId).toBe('b-1'); // acme/a is busy with a-1
    expect(queue.receive()).toBeUndefined();
    queue.delete(a1.receiptHandle);
    expect(queue.receive()!.job.deliveryId).toBe('a-2');
  });

  it('a released message comes back first in its group, with its receive count', async () => {
    const queue = new InMemoryJobQueue(clock);
    await queue.enqueue(job('r-1'));
    await queue.enqueue(job('r-2'));
    const first = queue.receive()!;
    queue.release(first.receiptHandle);
    const again = queue.receive()!;
    expect(again.job.deliveryId).toBe('r-1');
    expect(again.receiveCount).toBe(2);
  });

  it('groups repositories case-insensitively', async () => {
    const queue = new InMemoryJobQueue(clock);
    await queue.enqueue(job('c-1', 'Acme/Mesh'));
    await queue.enqueue(job('c-2', 'acme/mesh'));
    queue.receive();
    expect(queue.receive()).toBeUndefined();
  });

  it('a message released with a delay is invisible that long and holds its group; other repositories go on', async () => {
    const queue = new InMemoryJobQueue(clock);
    await queue.enqueue(job('v-1', 'acme/a'));
    await queue.enqueue(job('v-2', 'acme/a'));
    await queue.enqueue(job('w-1', 'acme/b'));
    const first = queue.receive()!;
    expect(queue.nextVisibleInMs()).toBeUndefined();
    queue.release(first.receiptHandle, 60_000);
    expect(queue.nextVisibleInMs()).toBe(60_000);
    expect(queue.receive()!.job.deliveryId).toBe('w-1'); // acme/a waits: v-2 must not overtake v-1
    expect(queue.receive()).toBeUndefined();
    now += 59_999;
    expect(queue.receive()).toBeUndefined();
    expect(queue.nextVisibleInMs()).toBe(1);
    now += 1;
    const again = queue.receive()!;
    expect([again.job.deliveryId, again.receiveCount]).toEqual(['v-1', 2]);
    expect(queue.nextVisibleInMs()).toBeUndefined();
    queue.delete(again.receiptHandle);
    expect(queue.receive()!.job.deliveryId).toBe('v-2');
  });
});
