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

export function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * 5xx, 429, and GitHub's secondary rate limit (403 with retry-after or a zero remaining quota).
 * Octokit reports network failures as status 500, so they count too.
 */
export function isRetryable(err: unknown): boolean {
  const status = statusOf(err);
  if (status === undefined) return false;
  if (status >= 500 || status === 429) return true;
  if (status === 403) {
    const headers = (err as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
    return headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0';
  }
  return false;
}
