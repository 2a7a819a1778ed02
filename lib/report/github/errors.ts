import { isRetryable, statusOf } from '../../github/rate-limit';

export { isRetryable, statusOf };

/** A GitHub call made while reporting failed. `retryable`: a 5xx, a rate limit or the network. */
export class GitHubReportError extends Error {
  override name = 'GitHubReportError';
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(action: string, cause: unknown) {
    const status = statusOf(cause);
    super(`${action}: ${status ? `${status} ` : ''}${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.status = status;
    this.retryable = isRetryable(cause);
  }
}

