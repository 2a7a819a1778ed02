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
  /** Released with a delay: not received before this time, and its group waits (SQS visibility). */
  visibleAt?: number;
}

/**
 * An in-memory FIFO queue with SQS's semantics where they matter to meshops: a message whose
 * deduplication id was accepted in the last 5 minutes is dropped silently (even if it was already
 * consumed), a message group delivers one message at a time, in order, until it is deleted, and a
 * message released with a delay stays invisible that long, holding its group (SQS's visibility
 * timeout, changed per message). For tests and local runs.
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

  /** The first visible message whose group has nothing in flight or waiting to be visible, or undefined. */
  receive(): ReceivedJob | undefined {
    const now = this.now();
    const busy = new Set([...this.inFlight.values()].map((m) => m.group));
    for (const m of this.pending) if (m.visibleAt !== undefined && m.visibleAt > now) busy.add(m.group);
    const index = this.pending.findIndex((m) => !busy.has(m.group));
    if (index < 0) return undefined;
    const [message] = this.pending.splice(index, 1) as [Message];
    delete message.visibleAt;
    message.receiveCount++;
    const receiptHandle = `rh-${message.seq}-${message.receiveCount}`;
    this.inFlight.set(receiptHandle, message);
    return { job: decodeJobMessage(message.body), receiptHandle, receiveCount: message.receiveCount };
  }

  /** The job is done: the message leaves the queue and its group moves on. */
  delete(receiptHandle: string): void {
    if (!this.inFlight.delete(receiptHandle)) throw new Error(`unknown receipt handle ${receiptHandle}`);
  }

  /**
   * The job failed: the message goes back to the head of its group, to be received again once
   * `delayMs` have passed (its group waits meanwhile, as with SQS's visibility timeout).
   */
  release(receiptHandle: string, delayMs = 0): void {
    const message = this.inFlight.get(receiptHandle);
    if (!message) throw new Error(`unknown receipt handle ${receiptHandle}`);
    this.inFlight.delete(receiptHandle);
    if (delayMs > 0) message.visibleAt = this.now() + delayMs;
    const at = this.pending.findIndex((m) => m.seq > message.seq);
    this.pending.splice(at < 0 ? this.pending.length : at, 0, message);
  }

  /** Milliseconds until the next released message becomes visible; undefined when none waits. */
  nextVisibleInMs(): number | undefined {
    const times = this.pending.flatMap((m) => (m.visibleAt === undefined ? [] : [m.visibleAt]));
    return times.length === 0 ? undefined : Math.max(0, Math.min(...times) - this.now());
  }

  /** Jobs waiting (not in flight), in queue order. */
  peek(): Job[] {
    return this.pending.map((m) => decodeJobMessage(m.body));
  }

  get size(): number {
    return this.pending.length + this.inFlight.size;
  }
}
