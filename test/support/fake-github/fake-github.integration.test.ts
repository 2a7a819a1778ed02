import { generateKeyPairSync } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Octokit } from '@octokit/core';
import { appJwt } from '../../../lib/github/app-auth';
import { ROUTES } from './routes';
import { BOT_LOGIN, DEFAULT_TOKEN, FakeGitHub, githubOpenApi, startFakeGitHub, validateSchema } from './index';

const REPO = 'acme/mesh-config';
const [owner, repo] = REPO.split('/') as [string, string];
const SHA1 = '1'.repeat(40);
const SHA2 = '2'.repeat(40);
const MERGE = '3'.repeat(40);

const APP_KEYS = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });

describe('fake GitHub', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub({ validate: true, tokens: { [DEFAULT_TOKEN]: { login: BOT_LOGIN, kind: 'app' }, ghp_user: { login: 'meshops-bot', kind: 'user' } }, app: { id: 4242, slug: 'meshops', publicKey: APP_KEYS.publicKey, installations: { acme: 77 } } });
    gh.addRepo(REPO);
    gh.addRepo('mallory/mesh-config', { fork: true, private: false });
    gh.addCommit(REPO, SHA1, { 'meshops.yaml': 'version: 1\n' }, { branch: 'main' });
    gh.addCommit(REPO, SHA2, { 'meshops.yaml': 'version: 1\nregion: us-east-1\n' });
    gh.addCommit(REPO, MERGE, { 'meshops.yaml': 'version: 1\nregion: us-east-1\n' });
    gh.setCollaborator(REPO, 'writer', 'write');
    gh.setCollaborator(REPO, 'maintainer', 'maintain');
    gh.state.user('stranger');
  });
  afterAll(() => gh.stop());

  it('answers every route with responses that follow GitHub\'s OpenAPI description', async () => {
    const r = { owner, repo };
    // GitHub App sign-in: JWT → the repository's installation → an installation token.
    const jwt = { authorization: `bearer ${appJwt({ appId: '4242', privateKey: APP_KEYS.privateKey }, Date.now())}` };
    const bare = new Octokit({ baseUrl: gh.url });
    expect((await bare.request('GET /app', { headers: jwt })).data).toMatchObject({ id: 4242, slug: 'meshops' });
    const installation = await bare.request('GET /repos/{owner}/{repo}/installation', { ...r, headers: jwt });
    const token = (await bare.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: installation.data.id, headers: jwt })).data.token;
    expect((await gh.octokit('ghp_user').request('GET /user')).data).toMatchObject({ login: 'meshops-bot' });
    // An installation token acts as the App's bot, which has no /user.
    await expect(gh.octokit(token).request('GET /user')).rejects.toMatchObject({ status: 403 });
    const octokit = gh.octokit();
    await octokit.rest.repos.get(r);
    const tarball = await octokit.rest.repos.downloadTarballArchive({ ...r, ref: SHA1 });
    expect(gunzipSync(Buffer.from(tarball.data as ArrayBuffer)).length).toBeGreaterThan(1024);
    await octokit.rest.git.getRef({ ...r, ref: 'heads/main' });
    const pr = gh.openPullRequest(REPO, { headSha: SHA2 });
    const forkPr = gh.openPullRequest(REPO, { headSha: SHA2, headRepo: 'mallory/mesh-config', author: 'mallory' });
    const deletedForkPr = gh.openPullRequest(REPO, { headSha: SHA2, headRepo: null, author: 'mallory' });
    await octokit.rest.pulls.get({ ...r, pull_number: pr.number });
    await octokit.rest.pulls.get({ ...r, pull_number: forkPr.number });
    // GitHub sends head.repo null for a deleted fork although the schema says otherwise; the
    // fake does the same, and it is the one difference the validator is told to expect.
    const deleted = await octokit.rest.pulls.get({ ...r, pull_number: deletedForkPr.number });
    expect(deleted.data.head.repo).toBeNull();
    gh.violations.splice(0, gh.violations.length, ...gh.violations.filter((v) => !/\.head\.repo$/.test(v.path)));
    for (const username of ['writer', 'maintainer', 'stranger', owner]) await octokit.rest.repos.getCollaboratorPermissionLevel({ ...r, username });
    const created = await octokit.rest.issues.createComment({ ...r, issue_number: pr.number, body: 'hello' });
    await octokit.rest.issues.getComment({ ...r, comment_id: created.data.id });
    await octokit.rest.issues.updateComment({ ...r, comment_id: created.data.id, body: 'hello again' });
    await octokit.rest.issues.listComments({ ...r, issue_number: pr.number });
    await octokit.rest.issues.deleteComment({ ...r, comment_id: created.data.id });
    const run = await octokit.rest.checks.create({ ...r, name: 'meshops/plan', head_sha: SHA2, status: 'in_progress' });
    await octokit.rest.checks.update({ ...r, check_run_id: run.data.id, conclusion: 'success', output: { title: 'No changes', summary: 'ok', text: 'details' } });
    await octokit.rest.checks.listForRef({ ...r, ref: SHA2, check_name: 'meshops/plan' });
    await octokit.rest.repos.createCommitStatus({ ...r, sha: SHA2, state: 'success', context: 'meshops/plan', description: 'No changes' });
    await expect(octokit.rest.issues.getLabel({ ...r, name: 'meshops-drift' })).rejects.toMatchObject({ status: 404 });
    await octokit.rest.issues.createLabel({ ...r, name: 'meshops-drift', color: 'd93f0b' });
    await expect(octokit.rest.issues.createLabel({ ...r, name: 'meshops-drift' })).rejects.toMatchObject({ status: 422 });
    await octokit.rest.issues.getLabel({ ...r, name: 'meshops-drift' });
    const issue = await octokit.rest.issues.create({ ...r, title: 'Drift', body: 'x', labels: ['meshops-drift'] });
    await octokit.rest.issues.get({ ...r, issue_number: issue.data.number });
    await octokit.rest.issues.listForRepo({ ...r, labels: 'meshops-drift', state: 'all' });
    await octokit.rest.issues.update({ ...r, issue_number: issue.data.number, state: 'closed' });
    await octokit.rest.issues.update({ ...r, issue_number: issue.data.number, state: 'open' });
    gh.addCommit(REPO, MERGE, {});
    gh.mergePullRequest(REPO, pr.number, MERGE);
    await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...r, commit_sha: MERGE });
    await expect(octokit.rest.pulls.get({ ...r, pull_number: 999 })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.rest.issues.createComment({ ...r, issue_number: pr.number, body: 'x'.repeat(65537) })).rejects.toMatchObject({ status: 422 });

    expect(gh.violations).toEqual([]);
    const exercised = new Set(gh.calls.map((c) => c.operationId));
    const missing = ROUTES.filter((route) => !exercised.has(route.operationId)).map((route) => route.operationId);
    expect(missing).toEqual([]);
  });

  it('every route it serves is an operation of the OpenAPI description', () => {
    const spec = githubOpenApi();
    for (const route of ROUTES) {
      if (route.operationId === 'codeload') continue;
      expect(spec.paths[route.template]?.[route.method.toLowerCase()]?.operationId).toBe(route.operationId);
    }
  });

  it('the validator catches what it should', () => {
    const spec = githubOpenApi();
    const label = { $ref: '#/components/schemas/label' };
    const good = { id: 1, node_id: 'x', url: 'https://api.github.com/labels/x', name: 'x', description: null, color: 'fff', default: false };
    expect(validateSchema(spec, label, good)).toEqual([]);
    expect(validateSchema(spec, label, { ...good, id: '1' })).toEqual([{ path: '$.id', message: 'is string, expected integer' }]);
    expect(validateSchema(spec, label, { ...good, name: undefined })).toEqual([{ path: '$.name', message: 'is required' }]);
    expect(validateSchema(spec, label, { ...good, color: null })).toEqual([{ path: '$.color', message: 'is null but not nullable' }]);
    expect(validateSchema(spec, label, { ...good, url: 'not a url' })).toEqual([{ path: '$.url', message: '"not a url" is not a URI' }]);
    const checkRun = { $ref: '#/components/schemas/check-run' };
    expect(validateSchema(spec, checkRun, { status: 'done' }).some((v) => v.path === '$.status' && /is not one of/.test(v.message))).toBe(true);
    const issueLabels = spec.components.schemas.issue.properties.labels;
    expect(validateSchema(spec, issueLabels, ['bug', { name: 'x' }])).toEqual([]);
    expect(validateSchema(spec, issueLabels, [3])[0]!.message).toMatch(/matches none of oneOf/);
  });

  it('records calls, refuses bad tokens, and injects faults before or after the change', async () => {
    gh.resetCalls();
    await expect(gh.octokit('nope').rest.repos.get({ owner, repo })).rejects.toMatchObject({ status: 401 });
    const octokit = gh.octokit();
    const pr = gh.openPullRequest(REPO, { headSha: SHA2 });
    gh.failNext('issues/create-comment', { status: 503 });
    await expect(octokit.rest.issues.createComment({ owner, repo, issue_number: pr.number, body: 'a' })).rejects.toMatchObject({ status: 503 });
    expect(gh.commentsOn(REPO, pr.number)).toHaveLength(0);
    gh.failNext('issues/create-comment', { after: true });
    await expect(octokit.rest.issues.createComment({ owner, repo, issue_number: pr.number, body: 'b' })).rejects.toMatchObject({ status: 502 });
    expect(gh.commentsOn(REPO, pr.number)).toEqual([expect.objectContaining({ body: 'b', user: BOT_LOGIN })]);
    await octokit.rest.issues.createComment({ owner, repo, issue_number: pr.number, body: 'c' });
    expect(gh.callsTo('issues/create-comment').map((c) => [c.status, c.injected ?? false])).toEqual([[503, true], [502, true], [201, false]]);
  });

  it('paginates with Link headers that Octokit follows', async () => {
    const octokit = gh.octokit();
    const pr = gh.openPullRequest(REPO, { headSha: SHA2 });
    for (let i = 0; i < 7; i++) await octokit.rest.issues.createComment({ owner, repo, issue_number: pr.number, body: `c${i}` });
    gh.resetCalls();
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: pr.number, per_page: 3 });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(gh.callsTo('issues/list-comments')).toHaveLength(3);
  });

  it('refuses check runs to a personal access token, as GitHub does', async () => {
    const pat = new FakeGitHub({ tokens: { ghp_user: { login: 'alice', kind: 'user' } } });
    await pat.start();
    try {
      pat.addRepo(REPO);
      pat.addCommit(REPO, SHA1, {});
      await expect(pat.octokit().rest.checks.create({ owner, repo, name: 'x', head_sha: SHA1 })).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/personal access token/) });
    } finally {
      await pat.stop();
    }
  });
});

describe('fake GitHub commit helpers', () => {
  it('builds a commit from a directory, served through the tarball endpoint', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'fake-gh-'));
    const gh = await startFakeGitHub();
    try {
      mkdirSync(join(dir, 'mesh', 'search'), { recursive: true });
      writeFileSync(join(dir, 'meshops.yaml'), 'version: 1\n');
      writeFileSync(join(dir, 'mesh', 'search', 'node.yaml'), 'kind: VirtualNode\n');
      gh.addRepo(REPO);
      gh.addCommitFromDirectory(REPO, SHA1, dir, { branch: 'main' });
      const { data } = await gh.octokit().rest.repos.downloadTarballArchive({ owner, repo, ref: 'main' });
      const tar = gunzipSync(Buffer.from(data as ArrayBuffer)).toString('latin1');
      expect(tar).toContain(`acme-mesh-config-${SHA1.slice(0, 7)}/mesh/search/node.yaml`);
      expect(tar).toContain(`comment=${SHA1}`);
    } finally {
      await gh.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
