import { GitHubReportError } from '../../../lib/report/github/errors';
import { requestedWaitMs, withRetries } from '../../../lib/report/github/retry';

const githubError = (status: number, headers: Record<string, string>) => Object.assign(new Error(`HTTP ${status}`), { status, response: { headers } });

describe('withRetries honours what GitHub asks', () => {
  it('reads retry-after, and x-ratelimit-reset when the quota is spent', () => {
    expect(requestedWaitMs(githubError(429, { 'retry-after': '7' }), 0)).toBe(7000);
    expect(requestedWaitMs(githubError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }), 1_000_000)).toBe(10_000);
    expect(requestedWaitMs(githubError(403, { 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': '1010' }), 1_000_000)).toBeUndefined();
    expect(requestedWaitMs(githubError(502, {}), 0)).toBeUndefined();
  });

  it('waits as long as asked (never less than its own back-off), then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetries('reading', async () => {
      if (++calls === 1) throw githubError(429, { 'retry-after': '3' });
      if (calls === 2) throw githubError(502, {});
      return 'ok';
    }, { sleep: async (ms) => void waits.push(ms), baseDelayMs: 500 });
    expect(result).toBe('ok');
    expect(waits).toEqual([3000, 1000]);
  });

  it('does not sit out a long rate-limit window in-process: it fails at once, for the job to be retried later', async () => {
    const waits: number[] = [];
    const failing = withRetries('posting', async () => {
      throw githubError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1800) });
    }, { sleep: async (ms) => void waits.push(ms) });
    await expect(failing).rejects.toBeInstanceOf(GitHubReportError);
    await expect(failing).rejects.toMatchObject({ retryable: true, status: 403 });
    expect(waits).toEqual([]);
  });
});
