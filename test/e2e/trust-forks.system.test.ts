/**
 * Attacks through a fork's pull request, through the real handlers: a fork is not planned until a
 * collaborator with write access asks, and its plan never shows live values or the names of
 * resources it does not declare. Refused comment commands get a short reply.
 */
import { CreateMeshCommand, CreateRouteCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand } from '@aws-sdk/client-app-mesh';
import { issueCommentPayload, pullRequestPayload, pushPayload, TEST_REPO } from '../support/webhook-payloads';
import { canaryWeights, FORK_CLAIMING_PAYMENTS, sha, startE2E, type E2E } from './harness';

const OTHER_TEAM = [{ key: 'meshops:owner', value: 'acme/payments' }];
const SECRET_HEADER = 'x-internal-ledger-canary-7f3a';

describe('attack: a fork asks for a plan that shows another team’s mesh', () => {
  let e: E2E;
  let fork: number;
  const head = sha(301);
  const notices = () => e.gh.commentsOn(TEST_REPO, fork).filter((c) => c.body.startsWith('<!-- meshops:notice -->'));
  const plans = () => e.gh.commentsOn(TEST_REPO, fork).filter((c) => c.body.startsWith('<!-- meshops:plan -->'));

  beforeAll(async () => {
    e = await startE2E();
    e.commit(sha(300), undefined, { branch: 'main' });
    await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: sha(300) }));
    await e.drain();
    // Another team's mesh in the same account, with a header match value nobody outside should read.
    await e.appMesh.send(new CreateMeshCommand({ meshName: 'payments', tags: OTHER_TEAM }));
    for (const node of ['ledger-v1', 'ledger-v2']) await e.appMesh.send(new CreateVirtualNodeCommand({ meshName: 'payments', virtualNodeName: node, spec: {}, tags: OTHER_TEAM }));
    await e.appMesh.send(new CreateVirtualRouterCommand({ meshName: 'payments', virtualRouterName: 'ledger-router', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, tags: OTHER_TEAM }));
    await e.appMesh.send(new CreateRouteCommand({ meshName: 'payments', virtualRouterName: 'ledger-router', routeName: 'canary', spec: { priority: 1, httpRoute: { match: { prefix: '/', headers: [{ name: 'x-canary', match: { exact: SECRET_HEADER } }] }, action: { weightedTargets: [{ virtualNode: 'ledger-v2', weight: 100 }] } } }, tags: OTHER_TEAM }));

    // The fork declares the other team's mesh and a route in it, and moves the canary.
    e.commit(head, (files) => {
      canaryWeights(0, 100)(files);
      files['mesh/payments.yaml'] = FORK_CLAIMING_PAYMENTS;
    });
    fork = e.gh.openPullRequest(TEST_REPO, { headSha: head, headRepo: 'mallory/mesh-config', author: 'mallory' }).number;
    e.gh.setCollaborator(TEST_REPO, 'mallory', 'read');
    e.gh.setCollaborator(TEST_REPO, 'maintainer', 'write');
  });
  afterAll(() => e.close());

  it('opening the fork’s pull request plans nothing, reads nothing, and says how to get a plan', async () => {
    e.gh.resetCalls();
    const res = await e.webhook('pull_request', pullRequestPayload({ number: fork, headSha: head, headRepo: 'mallory/mesh-config', author: 'mallory' }));
    expect(res.body).toMatchObject({ ignored: expect.stringContaining('comes from a fork'), reply: expect.any(String) });
    await e.drain();
    expect(e.gh.callsTo('repos/download-tarball-archive')).toEqual([]);
    expect(plans()).toEqual([]);
    expect(notices()).toEqual([expect.objectContaining({ user: 'meshops[bot]', body: expect.stringContaining('when a collaborator with write access comments /meshops plan') })]);
  });

  it('its author (read access) commenting /meshops plan gets a short reply, and no plan', async () => {
    await e.webhook('issue_comment', issueCommentPayload({ number: fork, login: 'mallory', onPullRequest: true, body: '/meshops plan' }));
    await e.drain();
    expect(plans()).toEqual([]);
    expect(notices()).toHaveLength(1);
    expect(notices()[0]!.body).toContain('mallory has read access to acme/mesh-config; /meshops plan needs write access');
  });

  it('an unknown command gets a reply too (the same notice, updated in place)', async () => {
    await e.webhook('issue_comment', issueCommentPayload({ number: fork, login: 'maintainer', onPullRequest: true, body: '/meshops apply' }));
    await e.drain();
    expect(notices()).toHaveLength(1);
    expect(notices()[0]!.body).toContain('unknown command \\"/meshops apply\\"'.replace(/\\/g, ''));
  });

  it('a maintainer’s /meshops plan plans it: no live value, no undeclared name, no header value, in the comment or the check', async () => {
    await e.webhook('issue_comment', issueCommentPayload({ number: fork, login: 'maintainer', onPullRequest: true, body: '/meshops plan' }));
    await e.drain();
    const [comment] = plans();
    expect(comment).toBeDefined();
    const body = comment!.body;
    expect(body).toContain('This pull request comes from a fork');
    expect(body).toMatch(/owned by another owner/);
    const check = [...e.gh.state.checkRuns.values()].filter((r) => r.headSha === head && r.name === 'meshops/plan').pop()!;
    for (const text of [body, check.output.summary ?? '']) {
      expect(text).not.toContain(SECRET_HEADER);
      expect(text).not.toContain('ledger-v2');
      expect(text).not.toContain('acme/payments');
      // The canary's live shares (90/10) never appear; the shares the fork sets do.
      expect(text).not.toMatch(/90%|10%/);
    }
    expect(body).toContain('search-v2');
    // The webhook asked GitHub with a read-only token.
    expect(e.gh.issuedTokens.some((t) => t.permissions?.pull_requests === 'read')).toBe(true);
  });
});
