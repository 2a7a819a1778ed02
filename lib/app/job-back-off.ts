/**
 * When a failed job's message should be received again. By default the queue decides: SQS makes
 * it visible after the queue's visibility timeout (30 minutes, sized for the function's timeout,
 * not for back-offs), and the repository's message group waits that long. When GitHub's rate limit
 * said when it resets (a window longer than the in-job retries wait), the message is made visible
 * then instead (SQS ChangeMessageVisibility; `meshops dev`: the in-memory queue's release delay).
 */
import { isRateLimited, requestedWaitMs } from '../github/rate-limit';

/** GitHub's primary rate limit resets within the hour: a longer wait is not GitHub's answer. */
export const MAX_RATE_LIMIT_BACK_OFF_SECONDS = 3600;
/** Past the reset, so the retry does not land on the old window when clocks differ a little. */
export const RATE_LIMIT_MARGIN_SECONDS = 5;
const MAX_CAUSES = 10;

/**
 * Seconds until the job should run again when it failed on GitHub's rate limit (the error or one
 * of its causes: the reporters and the repository download wrap Octokit's error), bounded to
 * [margin, one hour]; undefined for any other failure.
 */
export function rateLimitBackOffSeconds(err: unknown, now: number): number | undefined {
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < MAX_CAUSES; depth++) {
    // A wrapper may carry the status without the headers: the response is further down.
    const waitMs = isRateLimited(current) ? requestedWaitMs(current, now) : undefined;
    if (waitMs !== undefined) return Math.min(MAX_RATE_LIMIT_BACK_OFF_SECONDS, Math.ceil(waitMs / 1000) + RATE_LIMIT_MARGIN_SECONDS);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
