import { isRetryable, requestedWaitMs } from '../../github/rate-limit';
import { GitHubReportError } from './errors';

export { requestedWaitMs };

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  /** Injected so tests do not wait. Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** First back-off; doubles each time. Default 500 ms. */
  baseDelayMs?: number;
  /**
   * The longest wait GitHub's `retry-after` or `x-ratelimit-reset` may ask for here. A longer one
   * is not waited for in-process: the error is thrown at once, and the job's own retry comes later.
   * Default 20 s.
   */
  maxWaitMs?: number;
  /** Milliseconds since the epoch (for `x-ratelimit-reset`). */
  now?: () => number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a whole idempotent operation again on a retryable GitHub error. The operations retried here
 * re-read GitHub's state first (find the comment by its marker, then update it), so an attempt
 * whose response was lost after the write took effect is found, not repeated: no duplicates.
 */
export async function withRetries<T>(action: string, operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const sleep = options.sleep ?? realSleep;
  const base = options.baseDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      const cause = err instanceof GitHubReportError ? err.cause : err;
      if (attempt >= attempts || !isRetryable(cause)) throw err instanceof GitHubReportError ? err : new GitHubReportError(action, err);
      const asked = requestedWaitMs(cause, (options.now ?? Date.now)());
      if (asked !== undefined && asked > (options.maxWaitMs ?? 20_000)) throw err instanceof GitHubReportError ? err : new GitHubReportError(action, err);
      await sleep(Math.max(asked ?? 0, base * 2 ** (attempt - 1)));
    }
  }
}
