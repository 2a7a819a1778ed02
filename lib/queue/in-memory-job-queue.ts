import type { Job } from '../webhook/job';
import { decodeJobMessage } from './decode-job-message';
import { deduplicationId, encodeJobMessage, messageGroupId, type JobQueue } from './job-queue';

/** SQS FIFO's deduplication window. */
export const FIFO_DEDUP_WINDOW_MS = 5 * 60 * 1000;

export interface ReceivedJob {
  job: Job;
  receiptHandle: string;
  /** How many times this message was received, this one included (SQS `ApproximateReceiveCount`). */
  receiveCount: number;
}

interface Message {
  body: string;
  group: string;
  receiveCount: number;
  seq: number;
}

/**
 * An in-memory FIFO queue with SQS's semantics where they matter to meshops: a message whose
 * deduplication id was accepted in the last 5 minutes is dropped silently (even if it was already
 * consumed), and a message group delivers one message at a time, in order, until it is deleted.
 * For tests and local runs.
 */
export class InMemoryJobQueue implements JobQueue {
  private readonly pending: Message[] = [];
  private readonly inFlight = new Map<string, Message>();
  private readonly seenDedupIds = new Map<string, number>();
  private seq = 0;
  readonly stats = { sent: 0, accepted: 0, deduplicated: 0 };

  constructor(private readonly now: () => number = () => Date.now(), private readonly dedupWindowMs = FIFO_DEDUP_WINDOW_MS) {}

  async enqueue(job: Job): Promise<void> {
    this.stats.sent++;
    const dedupId = deduplicationId(job);
    const now = this.now();
    const seenAt = this.seenDedupIds.get(dedupId);
    if (seenAt !== undefined && now - seenAt < this.dedupWindowMs) {
      this.stats.deduplicated++;
      return;
    }
    this.seenDedupIds.set(dedupId, now);
    this.stats.accepted++;
    this.pending.push({ body: encodeJobMessage(job), group: messageGroupId(job), receiveCount: 0, seq: this.seq++ });
  }

  /** The first message whose group has nothing in flight, or undefined. */
  receive(): ReceivedJob | undefined {
    const busy = new Set([...this.inFlight.values()].map((m) => m.group));
    const index = this.pending.findIndex((m) => !busy.has(m.group));
    if (index < 0) return undefined;
    const [message] = this.pending.splice(index, 1) as [Message];
    message.receiveCount++;
    const receiptHandle = `rh-${message.seq}-${message.receiveCount}`;
    this.inFlight.set(receiptHandle, message);
    return { job: decodeJobMessage(message.body), receiptHandle, receiveCount: message.receiveCount };
  }

  /** The job is done: the message leaves the queue and its group moves on. */
  delete(receiptHandle: string): void {
    if (!this.inFlight.delete(receiptHandle)) throw new Error(`unknown receipt handle ${receiptHandle}`);
  }

  /** The job failed: the message goes back to the head of its group, to be received again. */
  release(receiptHandle: string): void {
    const message = this.inFlight.get(receiptHandle);
    if (!message) throw new Error(`unknown receipt handle ${receiptHandle}`);
    this.inFlight.delete(receiptHandle);
    const at = this.pending.findIndex((m) => m.seq > message.seq);
    this.pending.splice(at < 0 ? this.pending.length : at, 0, message);
  }

  /** Jobs waiting (not in flight), in queue order. */
  peek(): Job[] {
    return this.pending.map((m) => decodeJobMessage(m.body));
  }

  get size(): number {
    return this.pending.length + this.inFlight.size;
  }
}
