import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DEFAULT_TOKEN, startFakeGitHub, type FakeGitHub } from '../support/fake-github';
import { TEST_REPO, delivery, pullRequestPayload } from '../support/webhook-payloads';
import { buildCli, devWebhookBase, ROOT, startMeshops, type Running } from '../reliability/support/processes';

/**
 * `meshops dev` as a team runs it before deploying: the real CLI process, its GitHub a fake
 * GitHub over HTTP, deliveries signed as GitHub signs them (payloads recorded from GitHub).
 */
describe('meshops dev: the Lambda path on one local port', () => {
  jest.setTimeout(60_000);
  const SECRET = 'whsec-dev-3b91';
  const work = mkdtempSync(join(tmpdir(), 'meshops-dev-'));
  const sha = (n: number) => createHash('sha1').update(`dev commit ${n}`).digest('hex');
  let gh: FakeGitHub;
  let dev: Running;
  let url: string;

  beforeAll(async () => {
    await buildCli();
    gh = await startFakeGitHub({ tokens: { [DEFAULT_TOKEN]: { login: 'meshops-bot', kind: 'user' } } });
    gh.addRepo(TEST_REPO);
    gh.addRepo('acme/intruder');
    gh.addCommitFromDirectory(TEST_REPO, sha(1), join(ROOT, 'mesh-repo-template'), { branch: 'main' });
    // The deployment pins acme/intruder to its own owner value; its meshops.yaml claims acme/mesh-config's.
    dev = startMeshops(['dev', '--port', '0', '--github-url', gh.url, '--webhook-secret', SECRET, '--github-token', DEFAULT_TOKEN, '--allow', TEST_REPO, '--allow', 'acme/intruder', '--state-dir', join(work, 'state')], ROOT);
    url = await devWebhookBase(dev);
  }, 180_000);

  afterAll(async () => {
    if (dev && dev.child.exitCode === null) {
      dev.child.kill('SIGKILL');
      await dev.exited;
    }
    await gh?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  async function post(path: string, request?: { headers: Record<string, string>; body?: string | null }) {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: request?.headers ?? {}, body: request?.body ?? '' });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  async function health() {
    return (await (await fetch(`${url}/healthz`)).json()) as { queued: number; running: number };
  }
  async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
    const deadline = Date.now() + 40_000;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${dev.stdout().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // A user's token cannot write check runs: meshops reports commit statuses instead.
  const commitStatus = (commit: string, context: string) => gh.state.statuses.filter((s) => s.sha === commit && s.context === context && s.state !== 'pending').pop();

  it('a delivery with a bad signature is answered 401 and queues nothing', async () => {
    const head = sha(1);
    const pr = gh.openPullRequest(TEST_REPO, { headSha: head });
    const res = await post('/webhook', delivery({ event: 'pull_request', payload: pullRequestPayload({ number: pr.number, headSha: head }), secret: 'not-the-secret' }));
    expect(res.status).toBe(401);
    expect(await health()).toEqual(expect.objectContaining({ queued: 0, running: 0 }));
    expect(gh.commentsOn(TEST_REPO, pr.number)).toEqual([]);
    expect(gh.state.statuses.filter((s) => s.sha === head)).toEqual([]);
  });

  it('a signed pull_request (opened) for an allowlisted repository ends as a plan comment and a successful commit status', async () => {
    const head = sha(1);
    const pr = gh.openPullRequest(TEST_REPO, { headSha: head, title: 'The template mesh' });
    const res = await post('/webhook', delivery({ event: 'pull_request', payload: pullRequestPayload({ number: pr.number, headSha: head }), secret: SECRET }));
    expect(res).toEqual({ status: 202, body: expect.objectContaining({ type: 'plan', sha: head, pullRequest: pr.number }) });
    const comment = await until('the plan comment', () => gh.commentsOn(TEST_REPO, pr.number).find((c) => c.body.startsWith('<!-- meshops:plan -->')));
    expect(comment.user).toBe('meshops-bot');
    expect(comment.body).toMatch(/\*\*Plan: \d+ to create, 0 to update/);
    expect(await until('the plan status', () => commitStatus(head, 'meshops/plan'))).toMatchObject({ state: 'success' });
  });

  it('a repository whose meshops.yaml claims another owner is refused, and the refusal shows as a failed commit status on its commit', async () => {
    const head = sha(2);
    gh.addCommitFromDirectory('acme/intruder', head, join(ROOT, 'mesh-repo-template')); // the template says owner: acme/mesh-config
    const pr = gh.openPullRequest('acme/intruder', { headSha: head });
    const res = await post('/webhook', delivery({ event: 'pull_request', payload: pullRequestPayload({ repo: 'acme/intruder', number: pr.number, headSha: head }), secret: SECRET }));
    expect(res.status).toBe(202);
    expect(await until('the refused plan status', () => commitStatus(head, 'meshops/plan'))).toMatchObject({ state: 'failure' });
  });

  it('POST /drift queues a drift check of every allowlisted repository, run by the reconcile path', async () => {
    const res = await post('/drift');
    expect(res).toEqual({ status: 202, body: expect.objectContaining({ queued: ['acme/intruder', TEST_REPO] }) });
    const finished = (line: string) => line.includes('"message":"job finished"') && line.includes('"jobType":"drift"') && line.includes(`"repo":"${TEST_REPO}"`);
    expect(await until('the drift job to finish', () => dev.stdout().split('\n').find(finished))).toContain('"outcome"');
  });

  it('stops on SIGTERM', async () => {
    dev.child.kill('SIGTERM');
    const out = await dev.exited;
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('meshops dev: stopped (SIGTERM)');
  });
});
