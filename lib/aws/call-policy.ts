import { isRetryable } from './errors';

/** Bounded concurrency shared by every call of a run. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer (got ${concurrency})`);
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

export interface RetryOptions {
  /** Attempts in all, including the first (default 8). */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** For tests: a deterministic source in [0,1) and a fake sleep. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retries throttling, server and network errors with full-jitter exponential backoff; never quota
 * errors (LimitExceededException) or client errors. Safe for writes because every create and
 * update carries an idempotency token derived from the plan.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}, onRetry?: (err: unknown, attempt: number) => void): Promise<T> {
  const attempts = options.attempts ?? 8;
  const base = options.baseDelayMs ?? 50;
  const max = options.maxDelayMs ?? 5_000;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      onRetry?.(err, attempt);
      await sleep(Math.floor(random() * Math.min(max, base * 2 ** (attempt - 1))));
    }
  }
}

/** The policy every AWS call of a run goes through: the limiter, then retries (each attempt takes a slot). */
export class CallPolicy {
  readonly limiter: Limiter;
  calls = 0;
  retries = 0;
  constructor(concurrency: number, readonly retry: RetryOptions = {}) {
    this.limiter = new Limiter(concurrency);
  }
  call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(
      () => {
        this.calls++;
        return this.limiter.run(fn);
      },
      this.retry,
      () => {
        this.retries++;
      },
    );
  }
}
