import { MAX_RATE_LIMIT_BACK_OFF_SECONDS, RATE_LIMIT_MARGIN_SECONDS, rateLimitBackOffSeconds } from '../../lib/app/job-back-off';
import { JobRetryError } from '../../lib/app/reconcile-job';
import { GitHubReportError } from '../../lib/report/github/errors';
import { GitHubSourceError } from '../../lib/source/github';

const NOW = 1_800_000_000_000;
const githubError = (status: number, headers: Record<string, string>) => Object.assign(new Error(`HTTP ${status}`), { status, response: { headers } });
const resetIn = (seconds: number) => ({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + seconds) });

describe('rateLimitBackOffSeconds: when a job that failed on GitHub runs again', () => {
  it('the primary limit: until x-ratelimit-reset, plus a margin', () => {
    expect(rateLimitBackOffSeconds(githubError(403, resetIn(600)), NOW)).toBe(600 + RATE_LIMIT_MARGIN_SECONDS);
  });

  it('the secondary limit or a 429: retry-after', () => {
    expect(rateLimitBackOffSeconds(githubError(403, { 'retry-after': '60' }), NOW)).toBe(60 + RATE_LIMIT_MARGIN_SECONDS);
    expect(rateLimitBackOffSeconds(githubError(429, { 'retry-after': '90' }), NOW)).toBe(90 + RATE_LIMIT_MARGIN_SECONDS);
  });

  it('found through the wrappers the reporters and the repository download put around it', () => {
    const octokit = githubError(403, resetIn(300));
    expect(rateLimitBackOffSeconds(new GitHubReportError('posting the plan', octokit), NOW)).toBe(305);
    const source = new GitHubSourceError('downloading acme/mesh@abc1234: 403', 403, true, { cause: octokit });
    expect(rateLimitBackOffSeconds(new JobRetryError(source.message, { cause: source }), NOW)).toBe(305);
  });

  it('bounded: never more than an hour, never less than the margin (a reset already passed)', () => {
    expect(rateLimitBackOffSeconds(githubError(403, resetIn(6 * 3600)), NOW)).toBe(MAX_RATE_LIMIT_BACK_OFF_SECONDS);
    expect(rateLimitBackOffSeconds(githubError(403, resetIn(-30)), NOW)).toBe(RATE_LIMIT_MARGIN_SECONDS);
  });

  it('undefined for anything that is not a rate limit with a time: a 5xx, a refusal, quota left, AWS errors', () => {
    expect(rateLimitBackOffSeconds(githubError(502, { 'retry-after': '30' }), NOW)).toBeUndefined();
    expect(rateLimitBackOffSeconds(githubError(403, {}), NOW)).toBeUndefined();
    expect(rateLimitBackOffSeconds(githubError(403, { 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(NOW / 1000 + 60) }), NOW)).toBeUndefined();
    expect(rateLimitBackOffSeconds(githubError(429, {}), NOW)).toBeUndefined();
    expect(rateLimitBackOffSeconds(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }), NOW)).toBeUndefined();
    expect(rateLimitBackOffSeconds(undefined, NOW)).toBeUndefined();
  });
});
