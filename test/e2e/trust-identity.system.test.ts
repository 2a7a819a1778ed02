/**
 * Attack: a comment or issue posted by anyone with meshops' hidden marker is taken for meshops'
 * own, so it is edited (what reviewers read is rewritten later) or deleted as a duplicate. meshops
 * now finds only what its own identity wrote (the GitHub App's bot here).
 */
import { pullRequestPayload, pushPayload, TEST_REPO } from '../support/webhook-payloads';
import { canaryWeights, sha, startE2E, type E2E } from './harness';

describe('attack: comments and issues pre-posted with meshops markers', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
    e.gh.tokens.ghp_mallory = { login: 'mallory', kind: 'user' };
    e.gh.setCollaborator(TEST_REPO, 'mallory', 'write');
    e.commit(sha(200), undefined, { branch: 'main' });
    await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: sha(200) }));
    await e.drain();
  });
  afterAll(() => e.close());

  const mallory = () => e.gh.octokit('ghp_mallory');

  it("a plan comment and a continuation part pre-posted by another user are left alone; meshops posts and updates its own", async () => {
    const head = sha(201);
    e.commit(head, canaryWeights(50, 50));
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: head, author: 'mallory' });
    const fakePlan = '<!-- meshops:plan -->\n## meshops plan\n\n**No changes: live matches Git.**';
    const fakePart = '<!-- meshops:plan part=2 -->\n_Continued (part 2 of 2)._';
    const { data: planned } = await mallory().request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'acme', repo: 'mesh-config', issue_number: pr.number, body: fakePlan });
    const { data: part } = await mallory().request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'acme', repo: 'mesh-config', issue_number: pr.number, body: fakePart });

    await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: head, author: 'mallory' }));
    await e.drain();
    e.commit(sha(202), canaryWeights(60, 40));
    e.gh.pushToPullRequest(TEST_REPO, pr.number, sha(202));
    await e.webhook('pull_request', pullRequestPayload({ action: 'synchronize', number: pr.number, headSha: sha(202), author: 'mallory' }));
    await e.drain();

    const comments = e.gh.commentsOn(TEST_REPO, pr.number);
    expect(comments.find((c) => c.id === planned.id)).toMatchObject({ body: fakePlan, user: 'mallory' });
    expect(comments.find((c) => c.id === part.id)).toMatchObject({ body: fakePart, user: 'mallory' });
    const ours = comments.filter((c) => c.user === 'meshops[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('search-v1 90% → **60%**');
    expect(e.gh.callsTo('issues/update-comment').map((c) => c.path)).toEqual([expect.stringMatching(new RegExp(`/comments/${ours[0]!.id}$`))]);
    expect(e.gh.callsTo('issues/delete-comment')).toEqual([]);
  });

  it('an apply comment pre-posted with the merge commit in its meta does not make meshops skip reporting', async () => {
    const merge = sha(203);
    e.commit(merge, canaryWeights(60, 40), { branch: 'main' });
    e.gh.mergePullRequest(TEST_REPO, 1, merge);
    await mallory().request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'acme', repo: 'mesh-config', issue_number: 1, body: `<!-- meshops:apply -->\n<!-- meshops:meta {"sha":"${merge}"} -->\n## meshops apply: ✅ applied` });
    await e.webhook('push', pushPayload({ before: sha(200), after: merge }));
    await e.drain();
    const applies = e.gh.commentsOn(TEST_REPO, 1).filter((c) => c.body.startsWith('<!-- meshops:apply -->'));
    expect(applies.map((c) => c.user).sort()).toEqual(['mallory', 'meshops[bot]']);
  });

  it('a drift issue opened by another user with the label and marker is never edited or closed', async () => {
    const { data: planted } = await mallory().request('POST /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'mesh-config', title: 'meshops drift: clean', body: '<!-- meshops:drift -->\nNothing to see.', labels: ['meshops-drift'] });
    await e.setWeights('canary', { 'search-v1': 10, 'search-v2': 90 });
    await e.schedule('2026-11-25T13:00:00Z');
    await e.drain();
    const issues = [...e.gh.state.mustRepo(TEST_REPO).issues.values()].filter((i) => !i.pull && i.labels.includes('meshops-drift'));
    expect(issues.find((i) => i.number === planted.number)).toMatchObject({ body: '<!-- meshops:drift -->\nNothing to see.', state: 'open', user: 'mallory' });
    const ours = issues.filter((i) => i.user === 'meshops[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('search-v2');
  });

  it('reconcile bought one installation token for every job of the run and reused it', () => {
    expect(e.gh.issuedTokens.map((t) => ({ installation: t.installationId, permissions: t.permissions ?? 'all' }))).toEqual([{ installation: 77, permissions: 'all' }]);
  });
});
