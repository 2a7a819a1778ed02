import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SendMessageCommand, SQSClient, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handler, resetWebhookDependencies } from '../../functions/webhook';
import { resetAppConfig } from '../../lib/app/config';
import { decodeJobMessage } from '../../lib/queue/decode-job-message';
import { InMemoryJobQueue, FIFO_DEDUP_WINDOW_MS } from '../../lib/queue/in-memory-job-queue';
import type { WebhookRequest } from '../../lib/webhook/request';
import { DEFAULT_TOKEN, startFakeGitHub, type FakeGitHub } from '../support/fake-github';
import { TEST_REPO, delivery, issueCommentPayload, pingPayload, pullRequestPayload, pushPayload, sign, tagPushPayload, apiGatewayEvent } from '../support/webhook-payloads';
import { SECRET as E2E_SECRET, sha, startE2E } from '../e2e/harness';

/**
 * Webhook abuse, as a catalogue: every request below goes through the deployed handler
 * (functions/webhook.ts: middy, API Gateway HTTP API v2 event, secrets from SSM, the GitHub API for
 * comment commands), whose SQS client feeds an in-memory FIFO queue with SQS's deduplication.
 * Each entry says the status it must get and how many jobs it may queue; no response body and no
 * log line may carry the webhook secret or the GitHub token. Then a fork's pull request through the
 * whole pipeline: it is planned, nothing is applied, nothing secret or live reaches the comment.
 */
const SECRET = 'whsec-abuse-catalogue-3c1d9e';
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/meshops-jobs.fifo';
const MAX_BODY = 64 * 1024;
const PR_HEAD = '7'.repeat(40);
const FORK_HEAD = '8'.repeat(40);

interface Entry {
  name: string;
  group: string;
  request: () => WebhookRequest & { headers: Record<string, string> };
  status: number;
  /** Jobs this request adds to the queue (0 unless it is the control case of its group). */
  queued?: number;
  /** Checked on the queued jobs. */
  jobs?: Record<string, unknown>[];
  /** Runs before the request (e.g. to let time pass). */
  before?: () => void;
}

const signed = (event: string, payload: unknown, extra: Partial<Parameters<typeof delivery>[0]> = {}) => delivery({ event, payload, secret: SECRET, ...extra });
const withHeaders = (request: ReturnType<typeof delivery>, headers: Record<string, string | undefined>) => {
  const out = { ...request, headers: { ...request.headers } };
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) delete out.headers[k];
    else out.headers[k] = v;
  }
  return out;
};
const rawSigned = (event: string, rawBody: string, extra: Partial<Parameters<typeof delivery>[0]> = {}) => delivery({ event, payload: null, rawBody, secret: SECRET, ...extra });

let now = Date.UTC(2026, 10, 25, 12, 0, 0);
const replayed = signed('push', pushPayload({ after: sha(900) }), { deliveryId: 'replayed-delivery' });

const catalogue: Entry[] = [
  // ---- signatures ----
  { group: 'signature', name: 'no X-Hub-Signature-256', request: () => signed('push', pushPayload(), { signature: null }), status: 401 },
  { group: 'signature', name: 'empty signature', request: () => signed('push', pushPayload(), { signature: '' }), status: 401 },
  { group: 'signature', name: 'truncated signature (first 20 hex digits)', request: () => { const r = signed('push', pushPayload()); return withHeaders(r, { 'x-hub-signature-256': r.headers['x-hub-signature-256']!.slice(0, 27) }); }, status: 401 },
  { group: 'signature', name: 'signature with its last digit changed', request: () => { const r = signed('push', pushPayload()); const s = r.headers['x-hub-signature-256']!; return withHeaders(r, { 'x-hub-signature-256': s.slice(0, -1) + (s.endsWith('0') ? '1' : '0') }); }, status: 401 },
  { group: 'signature', name: 'signature with extra digits', request: () => { const r = signed('push', pushPayload()); return withHeaders(r, { 'x-hub-signature-256': `${r.headers['x-hub-signature-256']}00` }); }, status: 401 },
  { group: 'signature', name: 'legacy sha1 signature only', request: () => withHeaders(signed('push', pushPayload(), { signature: null }), { 'x-hub-signature': `sha1=${'a'.repeat(40)}` }), status: 401 },
  { group: 'signature', name: 'sha512 signature', request: () => signed('push', pushPayload(), { signature: `sha512=${'b'.repeat(128)}` }), status: 401 },
  { group: 'signature', name: 'signed with another secret', request: () => delivery({ event: 'push', payload: pushPayload(), secret: 'guessed-secret' }), status: 401 },
  { group: 'signature', name: 'valid signature of another body', request: () => signed('push', pushPayload(), { signature: sign(SECRET, JSON.stringify(pushPayload({ after: sha(901) }))) }), status: 401 },
  { group: 'signature', name: 'body re-serialized (same JSON, other whitespace)', request: () => { const r = signed('push', pushPayload()); return { ...r, body: JSON.stringify(JSON.parse(r.body!), null, 2) }; }, status: 401 },
  { group: 'signature', name: 'body with a field appended after signing', request: () => { const r = signed('push', pushPayload()); return { ...r, body: r.body!.replace(/}$/, ',"ref":"refs/heads/main"}') }; }, status: 401 },
  { group: 'signature', name: 'base64 body signed as its base64 text', request: () => { const text = JSON.stringify(pushPayload()); const b64 = Buffer.from(text).toString('base64'); return { ...signed('push', null, { rawBody: b64, signature: sign(SECRET, b64) }), isBase64Encoded: true }; }, status: 401 },
  { group: 'signature', name: 'two signatures in one header', request: () => { const r = signed('push', pushPayload()); return withHeaders(r, { 'x-hub-signature-256': `${r.headers['x-hub-signature-256']},${r.headers['x-hub-signature-256']}` }); }, status: 401 },
  { group: 'signature', name: 'control: a valid push, base64-encoded by API Gateway', request: () => signed('push', pushPayload({ after: sha(902) }), { base64: true }), status: 202, queued: 1, jobs: [{ type: 'apply', sha: sha(902) }] },
  // ---- replays ----
  { group: 'replay', name: 'a signed delivery, first time', request: () => replayed, status: 202, queued: 1, jobs: [{ type: 'apply', sha: sha(900), deliveryId: 'replayed-delivery' }] },
  { group: 'replay', name: 'the same delivery replayed at once', request: () => replayed, status: 202, queued: 0 },
  { group: 'replay', name: 'the same delivery replayed again', request: () => replayed, status: 202, queued: 0 },
  { group: 'replay', name: 'the same delivery replayed 4 minutes later', before: () => (now += 4 * 60_000), request: () => replayed, status: 202, queued: 0 },
  // ---- sizes ----
  { group: 'size', name: 'body one byte over the limit', request: () => rawSigned('push', JSON.stringify({ pad: 'x'.repeat(MAX_BODY) }).slice(0, MAX_BODY + 1)), status: 413 },
  { group: 'size', name: 'body of 5 MiB', request: () => rawSigned('push', JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) })), status: 413 },
  { group: 'size', name: 'base64 body that decodes past the limit', request: () => ({ ...rawSigned('push', Buffer.alloc(MAX_BODY + 10, 0x20).toString('base64')), isBase64Encoded: true }), status: 413 },
  { group: 'size', name: 'multi-byte characters: under the limit in characters, over it in bytes', request: () => rawSigned('push', `{"pad":"${'é'.repeat(MAX_BODY / 2 + 10)}"}`), status: 413 },
  { group: 'size', name: 'control: a push padded to just under the limit', request: () => { const text = JSON.stringify(pushPayload({ after: sha(903) })); return rawSigned('push', text + ' '.repeat(MAX_BODY - Buffer.byteLength(text))); }, status: 202, queued: 1 },
  // ---- content type ----
  { group: 'content type', name: 'form-encoded (the hook set to x-www-form-urlencoded)', request: () => rawSigned('push', `payload=${encodeURIComponent(JSON.stringify(pushPayload()))}`, { contentType: 'application/x-www-form-urlencoded' }), status: 415 },
  { group: 'content type', name: 'text/plain', request: () => signed('push', pushPayload(), { contentType: 'text/plain' }), status: 415 },
  { group: 'content type', name: 'no content type', request: () => withHeaders(signed('push', pushPayload()), { 'content-type': undefined }), status: 415 },
  { group: 'content type', name: 'application/jsonp', request: () => signed('push', pushPayload(), { contentType: 'application/jsonp' }), status: 415 },
  { group: 'content type', name: 'control: application/json; charset=utf-8', request: () => signed('push', pushPayload({ after: sha(904) }), { contentType: 'application/json; charset=utf-8' }), status: 202, queued: 1 },
  // ---- malformed but signed ----
  { group: 'malformed', name: 'not JSON', request: () => rawSigned('push', '<xml>push</xml>'), status: 400 },
  { group: 'malformed', name: 'a JSON array', request: () => rawSigned('push', '[1,2,3]'), status: 400 },
  { group: 'malformed', name: 'JSON null', request: () => rawSigned('push', 'null'), status: 400 },
  { group: 'malformed', name: 'invalid UTF-8', request: () => { const bytes = Buffer.concat([Buffer.from('{"ref":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]); return { ...signed('push', null, { rawBody: '', signature: sign(SECRET, bytes) }), body: bytes.toString('base64'), isBase64Encoded: true }; }, status: 400 },
  { group: 'malformed', name: 'no X-GitHub-Event', request: () => withHeaders(signed('push', pushPayload()), { 'x-github-event': undefined }), status: 400 },
  { group: 'malformed', name: 'event name with shell characters', request: () => signed('push;rm -rf /', pushPayload()), status: 400 },
  { group: 'malformed', name: 'no X-GitHub-Delivery', request: () => withHeaders(signed('push', pushPayload()), { 'x-github-delivery': undefined }), status: 400 },
  { group: 'malformed', name: 'delivery id of 500 characters', request: () => signed('push', pushPayload(), { deliveryId: 'd'.repeat(500) }), status: 400 },
  { group: 'malformed', name: 'push with a SHA that is not 40 hex digits', request: () => signed('push', { ...pushPayload(), after: 'main' }), status: 400 },
  { group: 'malformed', name: 'push without a repository', request: () => { const p = pushPayload(); delete p.repository; return signed('push', p); }, status: 400 },
  // ---- events not acted on ----
  { group: 'event', name: 'unknown event (deployment_status)', request: () => signed('deployment_status', { action: 'created', repository: pushPayload().repository }), status: 202 },
  { group: 'event', name: 'ping', request: () => signed('ping', pingPayload()), status: 200 },
  { group: 'event', name: 'push to another branch', request: () => signed('push', pushPayload({ ref: 'refs/heads/feature' })), status: 202 },
  { group: 'event', name: 'tag push', request: () => signed('push', tagPushPayload()), status: 202 },
  { group: 'event', name: 'the default branch deleted', request: () => signed('push', pushPayload({ deleted: true })), status: 202 },
  { group: 'event', name: 'pull request closed', request: () => signed('pull_request', pullRequestPayload({ action: 'closed', state: 'closed' })), status: 202 },
  { group: 'event', name: 'pull request into another base branch', request: () => signed('pull_request', pullRequestPayload({ baseRef: 'release' })), status: 202 },
  { group: 'event', name: 'comment edited into a command', request: () => signed('issue_comment', issueCommentPayload({ action: 'edited', login: 'writer', number: 1 })), status: 202 },
  { group: 'event', name: 'command on an issue, not a pull request', request: () => signed('issue_comment', issueCommentPayload({ onPullRequest: false, login: 'writer', number: 1 })), status: 202 },
  { group: 'event', name: '/meshops apply (there is no such command)', request: () => signed('issue_comment', issueCommentPayload({ body: '/meshops apply', login: 'admin-user', number: 1 })), status: 202, queued: 1, jobs: [{ type: 'reply' }] },
  { group: 'event', name: 'command quoted further down a comment', request: () => signed('issue_comment', issueCommentPayload({ body: 'as discussed:\n/meshops plan', login: 'writer', number: 1 })), status: 202 },
  // ---- allowlist ----
  { group: 'allowlist', name: 'push from a repository not on the allowlist', request: () => signed('push', pushPayload({ repo: 'mallory/mesh-config' })), status: 403 },
  { group: 'allowlist', name: 'same owner, another repository', request: () => signed('push', pushPayload({ repo: 'acme/other-repo' })), status: 403 },
  { group: 'allowlist', name: 'look-alike name (Cyrillic а)', request: () => signed('push', pushPayload({ repo: 'аcme/mesh-config' })), status: 403 },
  { group: 'allowlist', name: 'pull request on a repository not on the allowlist', request: () => signed('pull_request', pullRequestPayload({ repo: 'mallory/mesh-config' })), status: 403 },
  { group: 'allowlist', name: 'comment command on a repository not on the allowlist', request: () => signed('issue_comment', issueCommentPayload({ repo: 'mallory/mesh-config', login: 'mallory' })), status: 403 },
  // ---- who may ask for a plan ----
  { group: 'permission', name: 'command from a user with read access', request: () => signed('issue_comment', issueCommentPayload({ login: 'reader', number: 1 })), status: 202, queued: 1, jobs: [{ type: 'reply' }] },
  { group: 'permission', name: 'command from a user with triage access', request: () => signed('issue_comment', issueCommentPayload({ login: 'triager', number: 1 })), status: 202, queued: 1, jobs: [{ type: 'reply' }] },
  { group: 'permission', name: 'command from someone who is not a collaborator', request: () => signed('issue_comment', issueCommentPayload({ login: 'stranger', number: 1 })), status: 202, queued: 1, jobs: [{ type: 'reply' }] },
  { group: 'permission', name: 'command whose payload claims OWNER for a reader', request: () => { const p = issueCommentPayload({ login: 'reader', number: 1 }); p.comment.author_association = 'OWNER'; return signed('issue_comment', p); }, status: 202, queued: 1, jobs: [{ type: 'reply' }] },
  { group: 'permission', name: 'control: command from a writer', request: () => signed('issue_comment', issueCommentPayload({ login: 'writer', number: 1 })), status: 202, queued: 1, jobs: [{ type: 'plan', sha: PR_HEAD, requestedBy: 'writer' }] },
  // ---- forks ----
  { group: 'fork', name: 'pull request from a fork: not planned, a reply says how', request: () => signed('pull_request', pullRequestPayload({ number: 2, headSha: FORK_HEAD, headRepo: 'mallory/mesh-config' })), status: 202, queued: 1, jobs: [{ type: 'reply', pullRequest: 2 }] },
  { group: 'fork', name: 'pull request from a deleted fork', request: () => signed('pull_request', pullRequestPayload({ number: 2, headSha: FORK_HEAD, headRepo: null })), status: 202, queued: 1, jobs: [{ type: 'reply', pullRequest: 2 }] },
  { group: 'fork', name: "push to the fork's default branch (the fork is not allowlisted)", request: () => signed('push', pushPayload({ repo: 'mallory/mesh-config', after: FORK_HEAD })), status: 403 },
  { group: 'fork', name: "fork's pull request into another base branch", request: () => signed('pull_request', pullRequestPayload({ number: 2, headSha: FORK_HEAD, headRepo: 'mallory/mesh-config', baseRef: 'release' })), status: 202 },
  { group: 'fork', name: "command on a fork's pull request by its author (read access)", request: () => signed('issue_comment', issueCommentPayload({ login: 'mallory', number: 2 })), status: 202, queued: 1, jobs: [{ type: 'reply' }] },
];

const ABUSER = { sourceIp: '203.0.113.9', userAgent: 'curl/8.0', requestId: 'r-abuse' };
const context = { functionName: 'meshops-webhook', awsRequestId: 'req-abuse', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;


const leaks = (text: string) => [SECRET, DEFAULT_TOKEN, Buffer.from(SECRET).toString('base64').replace(/=+$/, ''), Buffer.from(DEFAULT_TOKEN).toString('base64').replace(/=+$/, '')].filter((s) => text.includes(s));

describe('webhook abuse catalogue (functions/webhook.ts)', () => {
  const ssm = mockClient(SSMClient);
  const sqs = mockClient(SQSClient);
  const queue = new InMemoryJobQueue(() => now);
  let gh: FakeGitHub;
  const output: string[] = [];
  const saved = { ...process.env };
  let restore: () => void;
  const results: { group: string; name: string; status: number; queued: number }[] = [];

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(TEST_REPO);
    gh.addCommit(TEST_REPO, PR_HEAD, {});
    gh.openPullRequest(TEST_REPO, { headSha: PR_HEAD });
    gh.openPullRequest(TEST_REPO, { headSha: FORK_HEAD, headRepo: 'mallory/mesh-config', author: 'mallory' });
    for (const [login, role] of [['writer', 'write'], ['reader', 'read'], ['triager', 'triage'], ['admin-user', 'admin'], ['mallory', 'read']] as const) gh.setCollaborator(TEST_REPO, login, role);
    ssm.on(GetParametersCommand).resolves({
      Parameters: [
        { Name: '/meshops/github-token', Type: 'SecureString', Value: DEFAULT_TOKEN },
        { Name: '/meshops/webhook-secret', Type: 'SecureString', Value: SECRET },
      ],
      InvalidParameters: [],
    });
    // SQS as the function sees it; the messages land in an in-memory FIFO queue (dedup window included).
    sqs.on(SendMessageCommand).callsFake(async (input: SendMessageCommandInput) => {
      await queue.enqueue(decodeJobMessage(input.MessageBody!));
      return { MessageId: `m-${queue.stats.sent}` };
    });
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      MESHOPS_ALLOWED_REPOS: TEST_REPO,
      MESHOPS_QUEUE_URL: QUEUE,
      MESHOPS_GITHUB_TOKEN_PARAMETER: '/meshops/github-token',
      MESHOPS_WEBHOOK_SECRET_PARAMETER: '/meshops/webhook-secret',
      MESHOPS_GITHUB_API_URL: gh.url,
      MESHOPS_WEBHOOK_MAX_BODY_BYTES: String(MAX_BODY),
      MESHOPS_LOG_LEVEL: 'debug',
    });
    resetAppConfig();
    resetWebhookDependencies();
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => (output.push(String(chunk)), true)) as typeof process.stdout.write;
    restore = () => (process.stdout.write = original);
  });

  afterAll(async () => {
    restore();
    ssm.restore();
    sqs.restore();
    await gh.stop();
    process.env = saved;
    resetAppConfig();
    resetWebhookDependencies();
    const out = join(__dirname, '..', '..', '.tmp', 'reliability');
    mkdirSync(out, { recursive: true });
    const byGroup: Record<string, number> = {};
    for (const r of results) byGroup[r.group] = (byGroup[r.group] ?? 0) + 1;
    writeFileSync(join(out, 'webhook-abuse.json'), JSON.stringify({ requests: results.length, byGroup, queued: queue.stats, results }, null, 2));
  });

  it.each(catalogue.map((e) => [`${e.group}: ${e.name}`, e] as const))('%s', async (_name, entry) => {
    entry.before?.();
    const before = queue.peek().length;
    const res = (await handler(apiGatewayEvent(entry.request(), ABUSER), context)) as APIGatewayProxyStructuredResultV2;
    const added = queue.peek().slice(before);
    results.push({ group: entry.group, name: entry.name, status: res.statusCode!, queued: added.length });
    expect({ status: res.statusCode, queued: added.length }).toEqual({ status: entry.status, queued: entry.queued ?? 0 });
    if (entry.jobs) expect(added).toEqual(entry.jobs.map((j) => expect.objectContaining(j)));
    expect(leaks(String(res.body))).toEqual([]);
  });

  it('after the catalogue: only the control requests and the replies are queued; a fork gets no plan and no apply', () => {
    const jobs = queue.peek();
    expect(jobs.filter((j) => j.type !== 'reply').map((j) => j.type).sort()).toEqual(['apply', 'apply', 'apply', 'apply', 'plan']);
    expect(jobs.filter((j) => j.fromFork)).toEqual([]);
    expect(jobs.filter((j) => j.type === 'apply').every((j) => !j.fromFork && j.repo.fullName === TEST_REPO)).toBe(true);
    expect(queue.stats.deduplicated).toBe(3);
  });

  it('a replay after the 5-minute window queues the same job again: same id, same commit (its apply finds it applied)', async () => {
    now += FIFO_DEDUP_WINDOW_MS;
    const res = (await handler(apiGatewayEvent(replayed, ABUSER), context)) as APIGatewayProxyStructuredResultV2;
    expect(res.statusCode).toBe(202);
    const jobs = queue.peek().filter((j) => j.deliveryId === 'replayed-delivery');
    expect(jobs).toHaveLength(2);
    expect(new Set(jobs.map((j) => `${j.id} ${j.sha}`)).size).toBe(1);
  });

  it('no log line of any of it carries the webhook secret or the GitHub token', () => {
    const all = output.join('');
    expect(all.length).toBeGreaterThan(1000);
    expect(leaks(all)).toEqual([]);
  });
});

describe("a fork's pull request through the whole pipeline", () => {
  it('is planned with live details hidden; nothing is applied; no secret or token in any comment, check or log', async () => {
    const e = await startE2E();
    try {
      e.commit(sha(950), undefined, { branch: 'main' });
      await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: sha(950) }));
      await e.drain();
      // The fork's branch tries everything: deletes a mesh's routes, re-points the gateway, and
      // names resources in meshes the repository does not manage.
      e.commit(sha(951), (files) => {
        files['mesh/search/routing.yaml'] = files['mesh/search/routing.yaml']!.replace(/weight: 90/, 'weight: 0').replace(/weight: 10/, 'weight: 100');
        files['mesh/evil.yaml'] = 'kind: Mesh\nname: payments\nspec: {}\n---\nkind: VirtualNode\nname: exfil\nmesh: payments\nspec: {}\n';
      });
      const pr = e.gh.openPullRequest(TEST_REPO, { headSha: sha(951), headRepo: 'mallory/mesh-config', author: 'mallory' });
      e.emulator.resetCallStats();
      const res = await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: sha(951), headRepo: 'mallory/mesh-config', author: 'mallory' }));
      expect(res).toMatchObject({ status: 202, body: { reply: expect.any(String) } });
      // Not planned until someone with write access asks.
      e.gh.setCollaborator(TEST_REPO, 'maintainer', 'write');
      const asked = await e.webhook('issue_comment', issueCommentPayload({ number: pr.number, login: 'maintainer', onPullRequest: true, body: '/meshops plan' }));
      expect(asked).toMatchObject({ status: 202, body: { type: 'plan' } });
      expect(await e.drain()).toEqual([expect.objectContaining({ failed: false }), expect.objectContaining({ failed: false })]);

      const writes = Object.entries(e.emulator.callStats().byOperation).filter(([op]) => /^(Create|Update|Delete|Tag|Untag)/.test(op));
      expect(writes).toEqual([]);
      const [notice, comment, ...more] = e.gh.commentsOn(TEST_REPO, pr.number);
      expect(notice!.body).toContain('comes from a fork');
      expect(more).toEqual([]);
      expect(comment!.body).toContain('This pull request comes from a fork');
      expect(comment!.body).not.toMatch(/arn:aws/);
      expect(comment!.body).not.toMatch(/\b111122223333\b/);
      // A fork's events never produce an apply job; the webhook answered with a reply, then the plan asked for.
      expect(e.queue.sent.map((m) => JSON.parse(m.MessageBody!).type)).toEqual(['apply', 'reply', 'plan']);
      const everything = [comment!.body, ...[...e.gh.state.checkRuns.values()].map((r) => JSON.stringify(r.output)), ...e.logs, ...e.s3.keys('meshops-state')].join('\n');
      for (const secret of [E2E_SECRET, DEFAULT_TOKEN]) {
        expect(everything).not.toContain(secret);
        expect(everything).not.toContain(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
      }
    } finally {
      await e.close();
    }
  });
});
