import { TEST_REPO, pullRequestPayload, pushPayload } from '../support/webhook-payloads';
import { canaryWeights, sha, startE2E, type E2E } from './harness';

describe('end to end: what the webhook lets in', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E();
    e.commit(sha(10), undefined, { branch: 'main' });
  });
  afterAll(() => e.close());

  it('the same delivery twice → one job: the redelivery is answered with the same job id and dropped by the queue', async () => {
    e.commit(sha(11), canaryWeights(50, 50));
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: sha(11) });
    const payload = pullRequestPayload({ number: pr.number, headSha: sha(11) });
    const first = await e.webhook('pull_request', payload, { deliveryId: 'delivery-twice' });
    const second = await e.webhook('pull_request', payload, { deliveryId: 'delivery-twice' });
    expect(first.status).toBe(202);
    expect(second.body.jobId).toBe(first.body.jobId);
    expect(e.queue.sent.map((m) => m.MessageDeduplicationId)).toEqual(['delivery-twice', 'delivery-twice']);
    expect(e.queue.messages).toHaveLength(1);
    expect(await e.drain()).toHaveLength(1);
    expect(e.gh.commentsOn(TEST_REPO, pr.number)).toHaveLength(1);
  });

  it('a forged signature → 401 and nothing queued', async () => {
    const sent = e.queue.sent.length;
    const res = await e.webhook('push', pushPayload({ after: sha(10) }), { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    expect(e.queue.sent).toHaveLength(sent);
    expect(e.queue.messages).toHaveLength(0);
  });

  it('a repository that is not on the allowlist → 403 and nothing queued', async () => {
    const sent = e.queue.sent.length;
    const res = await e.webhook('push', pushPayload({ repo: 'mallory/mesh', after: sha(10) }));
    expect(res.status).toBe(403);
    expect(e.queue.sent).toHaveLength(sent);
  });
});

describe('end to end: a GitHub token that may not create check runs (a personal access token)', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E({ tokenKind: 'user' });
    e.commit(sha(20), undefined, { branch: 'main' });
  });
  afterAll(() => e.close());

  it('reports meshops/plan and meshops/apply as commit statuses instead', async () => {
    await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: sha(20) }));
    e.commit(sha(21), canaryWeights(80, 20));
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: sha(21) });
    await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: sha(21) }));
    expect(await e.drain()).toEqual([expect.objectContaining({ failed: false }), expect.objectContaining({ failed: false })]);

    expect(e.gh.state.checkRuns.size).toBe(0);
    const statuses = e.gh.state.statuses.map((s) => ({ sha: s.sha, context: s.context, state: s.state }));
    expect(statuses).toEqual(expect.arrayContaining([{ sha: sha(20), context: 'meshops/apply', state: 'success' }, { sha: sha(21), context: 'meshops/plan', state: 'success' }]));
    expect(e.gh.commentsOn(TEST_REPO, pr.number)[0]!.body).toContain('search-v2 10% → **20%**');
  });
});
