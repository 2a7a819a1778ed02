/**
 * The trust attacks repeated through `meshops dev`, as a reviewer would repeat them before
 * deploying: the real CLI process signed in as a GitHub App (`--github-app-id`,
 * `--github-app-key-file`), a fake GitHub over HTTP given by `--github-url`, deliveries signed as
 * GitHub signs them, the embedded emulator. Every attack must fail closed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canaryWeights, FORK_CLAIMING_PAYMENTS, testApp } from '../e2e/harness';
import { filesFromDirectory, startFakeGitHub, type FakeGitHub } from '../support/fake-github';
import { TEST_REPO, delivery, issueCommentPayload, pullRequestPayload, pushPayload } from '../support/webhook-payloads';
import { buildCli, devWebhookBase, ROOT, startMeshops, type Running } from '../reliability/support/processes';

const SECRET = 'whsec-dev-attacks-51c0';
const SECRET_HEADER = 'x-internal-ledger-canary-7f3a';
const PAYMENTS = 'acme/payments';
const INTRUDER = 'acme/intruder';
const sha = (n: number) => createHash('sha1').update(`dev attack ${n}`).digest('hex');
const decoder = new TextDecoder();

/** Another team's repository: its mesh has a route matching a header value nobody outside should read. */
const PAYMENTS_FILES: Record<string, string> = {
  'meshops.yaml': 'version: 1\nregion: us-east-1\nowner: acme/payments\npath: mesh\nprune: true\n',
  'mesh/payments.yaml': [
    'kind: Mesh\nname: payments\nspec: {}',
    'kind: VirtualNode\nname: ledger-v1\nmesh: payments\nspec: {}',
    'kind: VirtualNode\nname: ledger-v2\nmesh: payments\nspec: {}',
    'kind: VirtualRouter\nname: ledger-router\nmesh: payments\nspec:\n  listeners: [{ portMapping: { port: 8080, protocol: http } }]',
    `kind: Route\nname: canary\nmesh: payments\nvirtualRouter: ledger-router\nspec:\n  priority: 1\n  httpRoute:\n    match:\n      prefix: /\n      headers: [{ name: x-canary, match: { exact: ${SECRET_HEADER} } }]\n    action: { weightedTargets: [{ virtualNode: ledger-v2, weight: 100 }] }`,
  ].join('\n---\n') + '\n',
};

describe('meshops dev: the trust attacks, through the command', () => {
  jest.setTimeout(90_000);
  const work = mkdtempSync(join(tmpdir(), 'meshops-dev-attacks-'));
  const template: Record<string, string> = Object.fromEntries(Object.entries(filesFromDirectory(join(ROOT, 'mesh-repo-template'))).map(([path, bytes]) => [path, decoder.decode(bytes)]));
  let gh: FakeGitHub;
  let dev: Running;
  let url: string;

  async function post(path: string, request: { headers: Record<string, string>; body?: string | null }) {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: request.headers, body: request.body ?? '' });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const webhook = (event: string, payload: unknown) => post('/webhook', delivery({ event, payload, secret: SECRET }));
  /** Resolves once every queued job has run (the dev server's health says nothing is queued or running). */
  async function drained(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const h = (await (await fetch(`${url}/healthz`)).json()) as { queued: number; running: number };
      if (h.queued === 0 && h.running === 0) return;
      if (Date.now() > deadline) throw new Error(`meshops dev did not drain its queue:\n${dev.stdout().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const checkRun = (repo: string, commit: string, name: string) => [...gh.state.checkRuns.values()].filter((r) => r.repo === repo && r.headSha === commit && r.name === name).pop();
  const commentsBy = (repo: string, pr: number, marker: string) => gh.commentsOn(repo, pr).filter((c) => c.body.startsWith(marker));

  beforeAll(async () => {
    await buildCli();
    const app = testApp();
    gh = await startFakeGitHub({ app: app.fake });
    gh.tokens.ghp_mallory = { login: 'mallory', kind: 'user' };
    for (const repo of [TEST_REPO, PAYMENTS, INTRUDER]) gh.addRepo(repo);
    gh.setCollaborator(TEST_REPO, 'mallory', 'read');
    gh.setCollaborator(TEST_REPO, 'maintainer', 'write');
    const keyFile = join(work, 'meshops-app.pem');
    writeFileSync(keyFile, app.privateKey, { mode: 0o600 });
    dev = startMeshops(['dev', '--port', '0', '--github-url', gh.url, '--webhook-secret', SECRET, '--github-app-id', String(app.fake.id), '--github-app-key-file', keyFile, '--allow', TEST_REPO, '--allow', PAYMENTS, '--allow', INTRUDER, '--state-dir', join(work, 'state')], ROOT);
    url = await devWebhookBase(dev);
    expect(dev.stderr()).toContain(`as App ${app.fake.id}`);
    // Both teams' meshes live, each applied by its own repository's push through meshops dev.
    gh.addCommit(PAYMENTS, sha(1), PAYMENTS_FILES, { branch: 'main' });
    gh.addCommit(TEST_REPO, sha(2), template, { branch: 'main' });
    await webhook('push', pushPayload({ repo: PAYMENTS, before: '0'.repeat(40), after: sha(1) }));
    await webhook('push', pushPayload({ before: '0'.repeat(40), after: sha(2) }));
    await drained();
    expect(checkRun(PAYMENTS, sha(1), 'meshops/apply')).toMatchObject({ conclusion: 'success' });
    expect(checkRun(TEST_REPO, sha(2), 'meshops/apply')).toMatchObject({ conclusion: 'success' });
  }, 180_000);

  afterAll(async () => {
    if (dev && dev.child.exitCode === null) {
      dev.child.kill('SIGTERM');
      await dev.exited;
    }
    await gh?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  describe('a fork that declares another team’s mesh and moves the canary', () => {
    const head = sha(10);
    let fork: number;
    beforeAll(() => {
      const files = { ...template };
      canaryWeights(0, 100)(files);
      files['mesh/payments.yaml'] = FORK_CLAIMING_PAYMENTS;
      gh.addCommit(TEST_REPO, head, files);
      fork = gh.openPullRequest(TEST_REPO, { headSha: head, headRepo: 'mallory/mesh-config', author: 'mallory' }).number;
    });

    it('opened: no plan, nothing downloaded, and a notice saying how a collaborator can ask for one', async () => {
      gh.resetCalls();
      const res = await webhook('pull_request', pullRequestPayload({ number: fork, headSha: head, headRepo: 'mallory/mesh-config', author: 'mallory' }));
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ ignored: expect.stringContaining('comes from a fork') });
      await drained();
      expect(gh.callsTo('repos/download-tarball-archive')).toEqual([]);
      expect(commentsBy(TEST_REPO, fork, '<!-- meshops:plan -->')).toEqual([]);
      expect(commentsBy(TEST_REPO, fork, '<!-- meshops:notice -->')).toEqual([expect.objectContaining({ user: 'meshops[bot]', body: expect.stringContaining('when a collaborator with write access comments /meshops plan') })]);
    });

    it('its author (read access) commenting /meshops plan: no plan, the notice says why', async () => {
      await webhook('issue_comment', issueCommentPayload({ number: fork, login: 'mallory', body: '/meshops plan' }));
      await drained();
      expect(commentsBy(TEST_REPO, fork, '<!-- meshops:plan -->')).toEqual([]);
      const notices = commentsBy(TEST_REPO, fork, '<!-- meshops:notice -->');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.body).toContain('mallory has read access to acme/mesh-config; /meshops plan needs write access');
    });

    it('a maintainer’s /meshops plan: planned, with no live value, undeclared name, header value or other owner in the comment or the check', async () => {
      await webhook('issue_comment', issueCommentPayload({ number: fork, login: 'maintainer', body: '/meshops plan' }));
      await drained();
      const [comment, ...more] = commentsBy(TEST_REPO, fork, '<!-- meshops:plan -->');
      expect(more).toEqual([]);
      expect(comment).toMatchObject({ user: 'meshops[bot]' });
      expect(comment!.body).toContain('This pull request comes from a fork');
      expect(comment!.body).toContain('search-v2');
      const check = checkRun(TEST_REPO, head, 'meshops/plan')!;
      expect(check).toBeDefined();
      for (const text of [comment!.body, check.output.title ?? '', check.output.summary ?? '', check.output.text ?? '']) {
        expect(text).not.toContain(SECRET_HEADER);
        expect(text).not.toContain('ledger-v2');
        expect(text).not.toContain(PAYMENTS);
        // The canary's live shares (90/10) never show; the shares the fork sets do.
        expect(text).not.toMatch(/90%|10%/);
      }
    });
  });

  it('a plan comment (and a continuation part) pre-posted by another user with meshops’ marker is left alone; meshops posts its own', async () => {
    const head = sha(20);
    const files = { ...template };
    canaryWeights(50, 50)(files);
    gh.addCommit(TEST_REPO, head, files);
    const pr = gh.openPullRequest(TEST_REPO, { headSha: head, author: 'mallory' });
    const mallory = gh.octokit('ghp_mallory');
    const fakePlan = '<!-- meshops:plan -->\n## meshops plan\n\n**No changes: live matches Git.**';
    const fakePart = '<!-- meshops:plan part=2 -->\n_Continued (part 2 of 2)._';
    const { data: planted } = await mallory.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'acme', repo: 'mesh-config', issue_number: pr.number, body: fakePlan });
    const { data: part } = await mallory.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'acme', repo: 'mesh-config', issue_number: pr.number, body: fakePart });
    gh.resetCalls();
    await webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: head, author: 'mallory' }));
    await drained();
    const comments = gh.commentsOn(TEST_REPO, pr.number);
    expect(comments.find((c) => c.id === planted.id)).toMatchObject({ body: fakePlan, user: 'mallory' });
    expect(comments.find((c) => c.id === part.id)).toMatchObject({ body: fakePart, user: 'mallory' });
    const ours = comments.filter((c) => c.user === 'meshops[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('search-v1 90% → **50%**');
    expect(gh.callsTo('issues/update-comment')).toEqual([]);
    expect(gh.callsTo('issues/delete-comment')).toEqual([]);
  });

  it('a repository whose meshops.yaml claims another repository’s owner: a failed check on its commit, nothing changed', async () => {
    const head = sha(30);
    const files = { ...template };
    canaryWeights(0, 100)(files); // the template says owner: acme/mesh-config
    gh.addCommit(INTRUDER, head, files, { branch: 'main' });
    await webhook('push', pushPayload({ repo: INTRUDER, before: '0'.repeat(40), after: head }));
    await drained();
    const check = checkRun(INTRUDER, head, 'meshops/apply');
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(`${check!.output.summary}\n${check!.output.text ?? ''}`).toContain('acme/mesh-config');
    // The live canary is still the one acme/mesh-config applied: a plan of that repository at its
    // head finds nothing to change.
    const pr = gh.openPullRequest(TEST_REPO, { headSha: sha(2) });
    await webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: sha(2) }));
    await drained();
    expect(commentsBy(TEST_REPO, pr.number, '<!-- meshops:plan -->')[0]!.body).toContain('No changes');
  });
});
