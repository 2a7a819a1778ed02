import { isRetryable, isThrottling } from './errors';

/** Calls in flight when a run starts: Terraform's default parallelism. */
export const DEFAULT_CONCURRENCY = 10;
/** The most calls an adaptive run lets grow in flight. */
export const MAX_ADAPTIVE_CONCURRENCY = 40;

export interface LimiterOptions {
  /** Let the limit find its level (back off on throttling, grow while calls succeed); false pins it. */
  adaptive?: boolean;
  max?: number;
}

/**
 * Bounded concurrency shared by every call of a run. Adaptive (additive increase, multiplicative
 * decrease, as TCP does): a throttled call halves the limit, once per level (calls started at a
 * level that was already halved do not halve it again); every `limit` calls that succeed in a row
 * raise it by one, up to `max`.
 */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private current: number;
  private level = 0;
  private streak = 0;
  /** The highest and lowest limits this run reached (reported by the bench). */
  peak: number;
  low: number;
  throttled = 0;
  readonly adaptive: boolean;
  private readonly max: number;

  constructor(initial: number, options: LimiterOptions = {}) {
    if (!Number.isInteger(initial) || initial < 1) throw new RangeError(`concurrency must be a positive integer (got ${initial})`);
    this.current = initial;
    this.peak = initial;
    this.low = initial;
    this.adaptive = options.adaptive ?? false;
    this.max = Math.max(initial, options.max ?? MAX_ADAPTIVE_CONCURRENCY);
  }

  get concurrency(): number {
    return this.current;
  }

  async run<T>(fn: () => Promise<T>, isThrottling: (err: unknown) => boolean = () => false): Promise<T> {
    // A woken waiter's slot is taken for it before it resumes (see drain).
    if (this.active >= this.current || this.queue.length > 0) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    const level = this.level;
    try {
      const out = await fn();
      this.succeeded();
      return out;
    } catch (err) {
      if (isThrottling(err)) this.backOff(level);
      throw err;
    } finally {
      this.active--;
      this.drain();
    }
  }

  private succeeded(): void {
    if (!this.adaptive || this.current >= this.max) return;
    if (++this.streak < this.current) return;
    this.streak = 0;
    this.current++;
    this.peak = Math.max(this.peak, this.current);
  }

  private backOff(level: number): void {
    this.throttled++;
    if (!this.adaptive || level !== this.level) return;
    this.level++;
    this.streak = 0;
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.low = Math.min(this.low, this.current);
  }

  private drain(): void {
    while (this.queue.length > 0 && this.active < this.current) {
      this.active++;
      this.queue.shift()!();
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

/**
 * The policy every AWS call of a run goes through: the limiter, then retries (each attempt takes a
 * slot). A number pins the concurrency; `{ adaptive: initial }` lets it find its level.
 */
export class CallPolicy {
  readonly limiter: Limiter;
  calls = 0;
  retries = 0;
  constructor(concurrency: number | { adaptive: number; max?: number }, readonly retry: RetryOptions = {}) {
    this.limiter = typeof concurrency === 'number' ? new Limiter(concurrency) : new Limiter(concurrency.adaptive, { adaptive: true, ...(concurrency.max !== undefined ? { max: concurrency.max } : {}) });
  }
  call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(
      () => {
        this.calls++;
        return this.limiter.run(fn, isThrottling);
      },
      this.retry,
      () => {
        this.retries++;
      },
    );
  }
}
