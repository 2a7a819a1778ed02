import { createLogger, type Logger } from '../../lib/app/logger';
import { receiveWebhook, type WebhookDeps } from '../../lib/app/receive-webhook';
import { InMemoryJobQueue } from '../../lib/queue/in-memory-job-queue';
import { RepoAllowlist } from '../../lib/webhook/allowlist';
import { octokitLookup } from '../../lib/webhook/github-lookup';
import { jobIdFor } from '../../lib/webhook/job';
import { FakeGitHub, startFakeGitHub } from '../support/fake-github';
import { HEAD_SHA, MERGE_SHA, TEST_REPO, delivery, issueCommentPayload, pingPayload, pullRequestPayload, pushPayload } from '../support/webhook-payloads';

const SECRET = 'whsec-test-3f9a1c0b7e';
const NOW = new Date('2026-11-25T12:00:00Z');
const PR_HEAD = '9'.repeat(40);

describe('receiveWebhook (real payloads; comment commands checked with Octokit against the fake GitHub)', () => {
  let gh: FakeGitHub;
  let queue: InMemoryJobQueue;
  let lines: string[];
  let deps: WebhookDeps;
  let prNumber: number;

  beforeAll(async () => {
    gh = await startFakeGitHub({ validate: true });
    gh.addRepo(TEST_REPO);
    gh.addCommit(TEST_REPO, PR_HEAD, {});
    for (const [login, role] of [['writer', 'write'], ['maintainer', 'maintain'], ['admin-user', 'admin'], ['triager', 'triage'], ['reader', 'read']] as const) gh.setCollaborator(TEST_REPO, login, role);
    gh.state.user('stranger');
    prNumber = gh.openPullRequest(TEST_REPO, { headSha: PR_HEAD }).number;
  });
  afterAll(async () => {
    expect(gh.violations).toEqual([]);
    await gh.stop();
  });
  beforeEach(() => {
    queue = new InMemoryJobQueue(() => NOW.getTime());
    lines = [];
    const logger: Logger = createLogger({ write: (line) => lines.push(line), now: () => NOW });
    deps = { webhookSecret: SECRET, allowlist: RepoAllowlist.parse(TEST_REPO), maxBodyBytes: 1024 * 1024, queue, github: octokitLookup(gh.octokit()), logger, now: () => NOW };
  });

  const send = (event: string, payload: unknown, options: Partial<Parameters<typeof delivery>[0]> = {}) => receiveWebhook(delivery({ event, payload, secret: SECRET, ...options }), deps);
  const body = (res: { body: string }) => JSON.parse(res.body) as Record<string, unknown>;

  it('pull_request opened → 202 with the job id; one plan job at the head SHA', async () => {
    const res = await send('pull_request', pullRequestPayload({ number: 7 }), { deliveryId: 'delivery-pr-1' });
    expect(res.statusCode).toBe(202);
    expect(body(res)).toEqual({ jobId: jobIdFor('delivery-pr-1'), type: 'plan', sha: HEAD_SHA, pullRequest: 7 });
    expect(queue.peek()).toEqual([
      {
        id: jobIdFor('delivery-pr-1'),
        type: 'plan',
        repo: { owner: 'acme', name: 'mesh-config', fullName: TEST_REPO },
        sha: HEAD_SHA,
        pullRequest: 7,
        deliveryId: 'delivery-pr-1',
        requestedBy: 'Codertocat',
        createdAt: NOW.toISOString(),
      },
    ]);
  });

  it('push to the default branch → one apply job at the pushed SHA', async () => {
    const res = await send('push', pushPayload({ pusher: 'merger' }));
    expect(res.statusCode).toBe(202);
    expect(queue.peek()).toEqual([expect.objectContaining({ type: 'apply', sha: MERGE_SHA, requestedBy: 'merger' })]);
  });

  it.each(['writer', 'maintainer', 'admin-user', 'acme'])('/meshops plan by %s → plan job at the head GitHub reports', async (login) => {
    const res = await send('issue_comment', issueCommentPayload({ number: prNumber, login }));
    expect(res.statusCode).toBe(202);
    expect(queue.peek()).toEqual([expect.objectContaining({ type: 'plan', sha: PR_HEAD, pullRequest: prNumber, requestedBy: login })]);
    expect(gh.callsTo('pulls/get').at(-1)?.path).toBe(`/repos/${TEST_REPO}/pulls/${prNumber}`);
  });

  it.each([
    ['triager', 'triager has triage access to acme/mesh-config; /meshops plan needs write access'],
    ['reader', 'reader has read access to acme/mesh-config; /meshops plan needs write access'],
    ['stranger', 'stranger has no access to acme/mesh-config; /meshops plan needs write access'],
    ['ghost-user-404', 'ghost-user-404 has no access to acme/mesh-config; /meshops plan needs write access'],
  ])('/meshops plan by %s (no write access) → no plan; only a reply saying why', async (login, reason) => {
    const res = await send('issue_comment', issueCommentPayload({ number: prNumber, login }));
    expect(res.statusCode).toBe(202);
    expect(body(res)).toEqual({ ignored: reason, reply: expect.stringMatching(/^job-/) });
    expect(queue.peek()).toEqual([expect.objectContaining({ type: 'reply', pullRequest: prNumber, message: reason })]);
  });

  it('/meshops plan on a pull request GitHub says is gone → nothing queued', async () => {
    const res = await send('issue_comment', issueCommentPayload({ number: 4242, login: 'writer' }));
    expect(body(res)).toEqual({ ignored: 'pull request #4242 was not found' });
    expect(queue.size).toBe(0);
  });

  it('a GitHub failure while checking the commenter → 502 and nothing queued', async () => {
    gh.failNext('repos/get-collaborator-permission-level', { status: 503 });
    const res = await send('issue_comment', issueCommentPayload({ number: prNumber, login: 'writer' }));
    expect(res.statusCode).toBe(502);
    expect(queue.size).toBe(0);
  });

  it('a pull request from a fork → no plan job; only a reply saying how to get one', async () => {
    const res = await send('pull_request', pullRequestPayload({ headRepo: 'mallory/mesh-config', author: 'mallory' }));
    expect(res.statusCode).toBe(202);
    expect(queue.peek()).toEqual([expect.objectContaining({ type: 'reply', message: expect.stringContaining('comes from a fork') })]);
  });

  it('the same delivery twice → the same job id, one job in the FIFO queue', async () => {
    const request = delivery({ event: 'push', payload: pushPayload(), secret: SECRET, deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
    const first = await receiveWebhook(request, deps);
    const second = await receiveWebhook(request, deps);
    expect(body(first).jobId).toBe(body(second).jobId);
    expect(queue.size).toBe(1);
    expect(queue.stats).toEqual({ sent: 2, accepted: 1, deduplicated: 1 });
  });

  it('ping → 200; a ping from an organization hook (no repository) → 200', async () => {
    expect((await send('ping', pingPayload())).statusCode).toBe(200);
    expect((await send('ping', pingPayload(null))).statusCode).toBe(200);
    expect(queue.size).toBe(0);
  });

  it('a repository not on the allowlist → 403, whatever the event', async () => {
    for (const [event, payload] of [
      ['push', pushPayload({ repo: 'mallory/mesh-config' })],
      ['pull_request', pullRequestPayload({ repo: 'acme/other' })],
      ['ping', pingPayload('acme/other')],
      ['issues', { action: 'opened', repository: { full_name: 'acme/other' } }],
    ] as const) {
      const res = await send(event, payload);
      expect(res.statusCode).toBe(403);
      expect(body(res).error).toMatch(/is not on the meshops allowlist/);
    }
    expect(queue.size).toBe(0);
  });

  it('events meshops does not act on → 202 ignored, with the reason', async () => {
    expect(body(await send('push', pushPayload({ ref: 'refs/heads/feature' })))).toEqual({ ignored: 'push to feature, not the default branch main' });
    expect(body(await send('pull_request', pullRequestPayload({ action: 'closed' })))).toEqual({ ignored: 'pull_request action closed is not handled' });
    expect(body(await send('star', { action: 'created', repository: { full_name: TEST_REPO } }))).toEqual({ ignored: 'event star is not handled' });
    expect(body(await send('installation', { action: 'created' }))).toEqual({ ignored: 'installation event names no repository' });
    expect(queue.size).toBe(0);
  });

  it('a payload missing a field it needs → 400 naming the field', async () => {
    const payload = pushPayload();
    delete payload.after;
    const res = await send('push', payload);
    expect(res.statusCode).toBe(400);
    expect(body(res)).toEqual({ error: 'push payload: after must be a string' });
  });

  it('a queue failure → 500 so GitHub shows the delivery as failed (it can be redelivered)', async () => {
    deps.queue = { enqueue: async () => Promise.reject(new Error('SQS is down')) };
    const res = await send('push', pushPayload());
    expect(res.statusCode).toBe(500);
    expect(lines.some((l) => l.includes('SQS is down'))).toBe(true);
  });

  it('logs one structured line per request with delivery, repo, job and SHA, and never the secret or signature', async () => {
    const request = delivery({ event: 'pull_request', payload: pullRequestPayload(), secret: SECRET, deliveryId: 'd-log-1' });
    await receiveWebhook(request, deps);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toEqual([
      expect.objectContaining({ level: 'info', message: 'webhook answered', deliveryId: 'd-log-1', event: 'pull_request', action: 'opened', repo: TEST_REPO, jobId: jobIdFor('d-log-1'), sha: HEAD_SHA, status: 202 }),
    ]);
    const signature = request.headers['x-hub-signature-256']!;
    for (const line of lines) {
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain(signature.slice(7));
    }
  });
});
