import { DescribeRouteCommand } from '@aws-sdk/client-app-mesh';
import { TEST_REPO, pullRequestPayload, pushPayload } from '../support/webhook-payloads';
import { BUCKET, canaryWeights, sha, startE2E, type E2E } from './harness';

// One repository's life, in order: each step starts from the state the previous one left.
describe('end to end: webhook → FIFO queue → reconcile → GitHub and S3; schedule → drift', () => {
  let e: E2E;
  const BASE = sha(1);
  const HEAD_1 = sha(2);
  const HEAD_2 = sha(3);
  const MERGE = sha(4);

  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(() => e.close());

  const planComments = (pr: number) => e.gh.commentsOn(TEST_REPO, pr).filter((c) => c.body.startsWith('<!-- meshops:plan -->'));
  const applyComments = (pr: number) => e.gh.commentsOn(TEST_REPO, pr).filter((c) => c.body.startsWith('<!-- meshops:apply -->'));
  const checkRun = (commit: string, name: string) => [...e.gh.state.checkRuns.values()].filter((r) => r.headSha === commit && r.name === name).pop();
  const liveWeights = async (route: string) => {
    const { route: r } = await e.appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: route }));
    return Object.fromEntries(r!.spec!.httpRoute!.action!.weightedTargets!.map((t) => [t.virtualNode, t.weight]));
  };
  const driftIssues = () => [...e.gh.state.mustRepo(TEST_REPO).issues.values()].filter((i) => !i.pull && i.labels.includes('meshops-drift'));

  it('a push to the default branch applies it (no pull request: the check run on the commit says so)', async () => {
    e.commit(BASE, undefined, { branch: 'main' });
    const res = await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: BASE }));
    expect(res.status).toBe(202);
    expect(await e.drain()).toEqual([expect.objectContaining({ failed: false })]);
    expect(checkRun(BASE, 'meshops/apply')).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(await liveWeights('canary')).toEqual({ 'search-v1': 90, 'search-v2': 10 });
    expect(e.s3.keys(BUCKET)).toEqual(expect.arrayContaining(['state/acme/mesh-config/last-applied.json', expect.stringMatching(/^audit\/acme\/mesh-config\/.+\.json$/)]));
  });

  it('PR opened → one plan comment showing the canary traffic shift, and a meshops/plan check on the head SHA', async () => {
    e.commit(HEAD_1, canaryWeights(50, 50));
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: HEAD_1, title: 'Canary: 50% of opted-in search traffic to v2' });
    const res = await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: HEAD_1 }));
    expect(res).toMatchObject({ status: 202, body: { type: 'plan', sha: HEAD_1, pullRequest: pr.number } });
    await e.drain();

    const comments = planComments(pr.number);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body).toContain('**Plan: 0 to create, 1 to update, 0 to adopt, 0 to delete, 0 to replace.**');
    expect(body).toContain('search-v1 90% → **50%**, search-v2 10% → **50%**');
    expect(body).toContain('```mermaid');
    expect(body.split('\n').filter((l) => l === '<!-- meshops:plan -->')).toHaveLength(1);
    expect(checkRun(HEAD_1, 'meshops/plan')).toMatchObject({ status: 'completed', conclusion: 'success', detailsUrl: expect.stringContaining('#issuecomment-') });
    const record = await e.store.getPlanRecord(TEST_REPO, pr.number);
    expect(record).toMatchObject({ sha: HEAD_1, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(body).toContain(record!.fingerprint);
  });

  it('another push to the PR → the same comment updated in place, not a second one', async () => {
    const [before] = planComments(1);
    e.commit(HEAD_2, canaryWeights(75, 25));
    e.gh.pushToPullRequest(TEST_REPO, 1, HEAD_2);
    await e.webhook('pull_request', pullRequestPayload({ action: 'synchronize', number: 1, headSha: HEAD_2 }));
    await e.drain();
    const after = planComments(1);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(before!.id);
    expect(after[0]!.body).toContain('search-v1 90% → **75%**, search-v2 10% → **25%**');
    expect(checkRun(HEAD_2, 'meshops/plan')).toMatchObject({ conclusion: 'success' });
    expect(await e.store.getPlanRecord(TEST_REPO, 1)).toMatchObject({ sha: HEAD_2 });
  });

  it('merge push → applied, the result commented on the PR, meshops/apply set on the merge commit', async () => {
    e.commit(MERGE, canaryWeights(75, 25));
    e.gh.mergePullRequest(TEST_REPO, 1, MERGE);
    await e.webhook('push', pushPayload({ before: BASE, after: MERGE, pusher: 'octocat' }));
    await e.drain();
    expect(await liveWeights('canary')).toEqual({ 'search-v1': 75, 'search-v2': 25 });
    const [comment, ...more] = applyComments(1);
    expect(more).toHaveLength(0);
    expect(comment!.body).toContain('## meshops apply: ✅ applied');
    expect(comment!.body).toContain('search-v1 90% → **75%**');
    // The plan that ran is the one reviewed: no warning at the top.
    expect(comment!.body).not.toContain('differs from the last plan');
    expect(checkRun(MERGE, 'meshops/apply')).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect((await e.store.getLastApplied(TEST_REPO))?.sha).toBe(MERGE);
  });

  it('the same push redelivered hours later changes nothing and posts nothing', async () => {
    const comments = e.gh.commentsOn(TEST_REPO, 1).length;
    const calls = e.emulator.callStats().byOperation;
    await e.webhook('push', pushPayload({ before: BASE, after: MERGE }));
    await e.drain();
    expect(e.gh.commentsOn(TEST_REPO, 1)).toHaveLength(comments);
    expect(e.emulator.callStats().byOperation.UpdateRoute ?? 0).toBe(calls.UpdateRoute ?? 0);
  });

  it('an out-of-band change → the scheduled drift check opens the meshops-drift issue and emits the metric', async () => {
    await e.setWeights('canary', { 'search-v1': 0, 'search-v2': 100 });
    const scheduled = await e.schedule('2026-11-25T13:00:00Z');
    expect(scheduled).toEqual({ queued: [TEST_REPO], wildcards: 0 });
    const sent = e.queue.sent.at(-1)!;
    expect(sent).toMatchObject({ MessageGroupId: TEST_REPO, MessageDeduplicationId: `drift:${TEST_REPO}:2026-11-25T13:00` });
    await e.drain();

    const [issue, ...others] = driftIssues();
    expect(others).toHaveLength(0);
    expect(issue).toMatchObject({ state: 'open', title: 'meshops drift: 1 drifted resource' });
    expect(issue!.body).toContain('Changed outside Git');
    expect(issue!.body).toContain('watches/search-router/canary');
    expect(e.s3.keys(BUCKET)).toContain('drift/acme/mesh-config/latest.json');
    const metric = JSON.parse(e.metrics.at(-1)!);
    expect(metric).toMatchObject({ Repository: TEST_REPO, Changed: 1, Missing: 0, Total: 1, _aws: { CloudWatchMetrics: [{ Namespace: 'meshops/drift', Dimensions: [['Repository']] }] } });
  });

  it('the same drift on the next check updates the issue in place and announces nothing new', async () => {
    const before = driftIssues()[0]!;
    await e.schedule('2026-11-25T13:15:00Z');
    await e.drain();
    const issues = driftIssues();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.number).toBe(before.number);
    expect(e.gh.commentsOn(TEST_REPO, before.number)).toHaveLength(0);
  });

  it('fixed → the next drift check closes the issue', async () => {
    await e.setWeights('canary', { 'search-v1': 75, 'search-v2': 25 });
    await e.schedule('2026-11-25T13:30:00Z');
    await e.drain();
    const [issue] = driftIssues();
    expect(issue).toMatchObject({ state: 'closed', title: 'meshops drift: no drift' });
  });

  it('an apply whose plan differs from the one posted says so at the top of its comment', async () => {
    const head = sha(5);
    const merge = sha(6);
    e.commit(head, canaryWeights(60, 40));
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: head, headRef: 'canary-40' });
    await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: head }));
    await e.drain();
    const planned = (await e.store.getPlanRecord(TEST_REPO, pr.number))!;

    // Someone edits the default route by hand between the review and the merge: the apply's
    // re-plan also puts it back, so what runs is not what was reviewed.
    await e.setWeights('default', { 'search-v1': 50, fastersearch: 50 });
    e.commit(merge, canaryWeights(60, 40));
    e.gh.mergePullRequest(TEST_REPO, pr.number, merge);
    await e.webhook('push', pushPayload({ before: sha(4), after: merge }));
    await e.drain();

    const [comment] = applyComments(pr.number);
    const top = comment!.body.split('## meshops apply')[1]!.split('### Operations')[0]!;
    expect(top).toContain('What ran differs from the last plan posted on this pull request');
    expect(top).toContain(`planned ${planned.fingerprint.slice(0, 12)} at ${head.slice(0, 7)}, ran `);
    expect(top).toContain(` at ${merge.slice(0, 7)}.`);
    expect(comment!.body).toContain('2 operations done');
    expect(checkRun(merge, 'meshops/apply')!.output.summary).toContain('What ran differs from the last plan posted');
    expect(await liveWeights('default')).toEqual({ 'search-v1': 95, fastersearch: 5 });
  });

  it('logs carry repo, sha, job and delivery ids, and never the token or the webhook secret', () => {
    const lines = e.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const finished = lines.filter((l) => l.message === 'job finished');
    expect(finished.length).toBeGreaterThan(5);
    expect(lines.filter((l) => l.function === 'webhook' && l.message === 'webhook answered').length).toBeGreaterThan(5);
    for (const line of finished) expect(line).toMatchObject({ repo: TEST_REPO, sha: expect.stringMatching(/^[0-9a-f]{40}$/), jobId: expect.stringMatching(/^job-/), deliveryId: expect.any(String) });
    const all = e.logs.join('\n');
    expect(all).not.toContain('ghs_fakeAppInstallationToken');
    expect(all).not.toContain('whsec-e2e');
  });
});
