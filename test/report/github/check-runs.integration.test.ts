import { CheckRuns } from '../../../lib/report/github/check-runs';
import { FakeGitHub, startFakeGitHub } from '../../support/fake-github';

const REPO = 'acme/mesh-config';
const ref = { owner: 'acme', repo: 'mesh-config' };
const SHA = 'c'.repeat(40);
const OTHER = 'd'.repeat(40);
const noSleep = async () => {};

describe('CheckRuns (Octokit against the fake GitHub over HTTP)', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub({ validate: true });
    gh.addRepo(REPO);
    gh.addCommit(REPO, SHA, {});
    gh.addCommit(REPO, OTHER, {});
  });
  afterAll(async () => {
    expect(gh.violations).toEqual([]);
    await gh.stop();
  });
  const runsOn = (sha: string) => [...gh.state.checkRuns.values()].filter((r) => r.headSha === sha);

  it('creates meshops/plan on the head SHA, then updates the same run', async () => {
    const checks = new CheckRuns(gh.octokit(), ref, { sleep: noSleep });
    const started = await checks.set(SHA, 'meshops/plan', { status: 'in_progress', title: 'Planning', summary: 'Reading the repository at c000000' });
    expect(started).toMatchObject({ kind: 'check-run', action: 'created' });
    const done = await checks.set(SHA, 'meshops/plan', { status: 'completed', conclusion: 'success', title: '2 to update', summary: '## Plan', text: 'details', detailsUrl: 'https://github.com/acme/mesh-config/pull/1#issuecomment-1' });
    expect(done).toEqual({ kind: 'check-run', id: (started as { id: number }).id, action: 'updated' });
    const runs = runsOn(SHA);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: 'meshops/plan', status: 'completed', conclusion: 'success', output: { title: '2 to update', summary: '## Plan', text: 'details' } });
  });

  it('keeps plan and apply apart, and SHAs apart', async () => {
    const checks = new CheckRuns(gh.octokit(), ref, { sleep: noSleep });
    await checks.set(OTHER, 'meshops/plan', { status: 'completed', conclusion: 'failure', title: 'Invalid', summary: 'x' });
    await checks.set(OTHER, 'meshops/apply', { status: 'completed', conclusion: 'success', title: 'Applied', summary: 'y' });
    expect(runsOn(OTHER).map((r) => r.name).sort()).toEqual(['meshops/apply', 'meshops/plan']);
  });

  it('cuts a summary above GitHub\'s 65,535 characters with a note', async () => {
    const checks = new CheckRuns(gh.octokit(), ref, { sleep: noSleep });
    await checks.set(SHA, 'meshops/big', { status: 'completed', conclusion: 'neutral', title: 'Big', summary: 'x'.repeat(100_000) });
    const run = runsOn(SHA).find((r) => r.name === 'meshops/big')!;
    expect(run.output.summary!.length).toBe(65535);
    expect(run.output.summary).toMatch(/truncated/);
  });

  it('a create whose response was lost is found and updated by the retry: one run', async () => {
    gh.failNext('checks/create', { after: true });
    const checks = new CheckRuns(gh.octokit(), ref, { sleep: noSleep });
    const result = await checks.set(SHA, 'meshops/apply', { status: 'completed', conclusion: 'success', title: 'Applied', summary: 's' });
    expect(result).toMatchObject({ kind: 'check-run', action: 'updated' });
    expect(runsOn(SHA).filter((r) => r.name === 'meshops/apply')).toHaveLength(1);
  });

  it('refuses a branch name instead of a SHA, and a completed run without conclusion', async () => {
    const checks = new CheckRuns(gh.octokit(), ref);
    await expect(checks.set('main', 'meshops/plan', { status: 'queued', title: 't', summary: 's' })).rejects.toThrow(/40-hex/);
    await expect(checks.set(SHA, 'meshops/plan', { status: 'completed', title: 't', summary: 's' })).rejects.toThrow(/needs a conclusion/);
  });

  it('with a personal access token (403 on check runs), records commit statuses instead', async () => {
    const pat = await new FakeGitHub({ tokens: { ghp_pat: { login: 'ci-user', kind: 'user' } }, validate: true }).start();
    try {
      pat.addRepo(REPO);
      pat.addCommit(REPO, SHA, {});
      const checks = new CheckRuns(pat.octokit(), ref, { sleep: noSleep });
      expect(await checks.set(SHA, 'meshops/plan', { status: 'in_progress', title: 'Planning', summary: 's' })).toEqual({ kind: 'commit-status', state: 'pending' });
      expect(await checks.set(SHA, 'meshops/plan', { status: 'completed', conclusion: 'failure', title: 'x'.repeat(200), summary: 's', detailsUrl: 'https://example.com/d' })).toEqual({ kind: 'commit-status', state: 'failure' });
      expect(pat.state.statuses.map((s) => [s.context, s.state, s.description?.length, s.targetUrl])).toEqual([
        ['meshops/plan', 'pending', 8, null],
        ['meshops/plan', 'failure', 140, 'https://example.com/d'],
      ]);
      // The second call went straight to statuses.
      expect(pat.callsTo('checks/create')).toHaveLength(1);
      expect(pat.violations).toEqual([]);
    } finally {
      await pat.stop();
    }
  });
});
