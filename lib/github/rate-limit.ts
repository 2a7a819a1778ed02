// What GitHub says about retrying a failed call: whether a retry can succeed, and when. One home for
// the reporters' in-job retries (lib/report/github/retry.ts), the repository download
// (lib/source/github.ts) and the job's own redelivery (lib/app/job-back-off.ts).

type HttpError = { status?: unknown; response?: { headers?: Record<string, string | undefined> } };

export function statusOf(err: unknown): number | undefined {
  const status = (err as HttpError)?.status;
  return typeof status === 'number' ? status : undefined;
}

function headersOf(err: unknown): Record<string, string | undefined> {
  return (err as HttpError)?.response?.headers ?? {};
}

/** A 403 that is GitHub's rate limit (secondary: `retry-after`; primary: no quota left), not a refusal. */
export function isRateLimited(err: unknown): boolean {
  const status = statusOf(err);
  if (status === 429) return true;
  if (status !== 403) return false;
  const headers = headersOf(err);
  return headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0';
}

/**
 * 5xx, 429, and GitHub's secondary rate limit (403 with retry-after or a zero remaining quota).
 * Octokit reports network failures as status 500, so they count too.
 */
export function isRetryable(err: unknown): boolean {
  const status = statusOf(err);
  if (status === undefined) return false;
  return status >= 500 || isRateLimited(err);
}

/**
 * How long GitHub asks to wait before the next call: `retry-after` (seconds), or, when the quota
 * is spent (`x-ratelimit-remaining: 0`), until `x-ratelimit-reset` (epoch seconds). Undefined
 * when it says nothing.
 */
export function requestedWaitMs(err: unknown, now: number): number | undefined {
  const headers = headersOf(err);
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
  const reset = headers['x-ratelimit-reset'];
  if (headers['x-ratelimit-remaining'] === '0' && reset !== undefined && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}
