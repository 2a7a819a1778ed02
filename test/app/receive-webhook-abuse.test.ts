import fc from 'fast-check';
import { createLogger } from '../../lib/app/logger';
import { receiveWebhook, type WebhookDeps } from '../../lib/app/receive-webhook';
import { InMemoryJobQueue } from '../../lib/queue/in-memory-job-queue';
import { RepoAllowlist } from '../../lib/webhook/allowlist';
import type { GitHubLookup } from '../../lib/webhook/github-lookup';
import type { WebhookRequest } from '../../lib/webhook/request';
import { TEST_REPO, delivery, issueCommentPayload, pullRequestPayload, pushPayload, sign } from '../support/webhook-payloads';

/**
 * Webhook abuse: hostile or mistaken requests get the right status and never queue a job.
 * Seeded (fast-check's default seed is printed on failure, and `seed` pins it here).
 */
const SECRET = 'whsec-abuse-8d1e55';
const SEED = 20261125;

function harness(lookup: Partial<GitHubLookup> = {}) {
  const queue = new InMemoryJobQueue(() => 0);
  const lines: string[] = [];
  const deps: WebhookDeps = {
    webhookSecret: SECRET,
    allowlist: RepoAllowlist.parse(TEST_REPO),
    maxBodyBytes: 256 * 1024,
    queue,
    github: {
      permission: lookup.permission ?? (async () => 'read'),
      pullRequest: lookup.pullRequest ?? (async (_o, _r, number) => ({ number, state: 'open', headSha: 'e'.repeat(40), headRepoFullName: TEST_REPO, baseRef: 'main' })),
    },
    logger: createLogger({ write: (l) => lines.push(l) }),
  };
  return { queue, lines, deps };
}

const validBodies = [
  () => ({ event: 'push', payload: pushPayload() }),
  () => ({ event: 'pull_request', payload: pullRequestPayload() }),
  () => ({ event: 'issue_comment', payload: issueCommentPayload() }),
];

describe('webhook abuse: nothing is queued, and the status says why', () => {
  it('random signatures on real payloads → 401 (seeded property)', async () => {
    const { queue, deps } = harness();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...validBodies), fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `sha256=${h}`), fc.string(), fc.stringMatching(/^[0-9a-f]{0,64}$/).map((h) => `sha1=${h}`)), async (make, signature) => {
        const { event, payload } = make();
        const res = await receiveWebhook(delivery({ event, payload, secret: SECRET, signature }), deps);
        return res.statusCode === 401;
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(queue.size).toBe(0);
  });

  it('one flipped byte anywhere in a signed body → 401 (seeded property)', async () => {
    const { queue, deps } = harness();
    const base = delivery({ event: 'push', payload: pushPayload(), secret: SECRET });
    const bytes = Buffer.from(base.body!, 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const changed = Buffer.from(bytes);
        changed[at] = changed[at]! ^ xor;
        const request: WebhookRequest = { ...base, body: changed.toString('base64'), isBase64Encoded: true };
        return (await receiveWebhook(request, deps)).statusCode === 401;
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(queue.size).toBe(0);
  });

  it('signed with the right secret but garbage inside → 400 or 202/403, never a 5xx, never a job unless it is a real job event (seeded property)', async () => {
    const { queue, deps } = harness();
    const garbage = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ ref: fc.string(), after: fc.string(), repository: fc.record({ full_name: fc.constantFrom(TEST_REPO, 'x/y', ''), default_branch: fc.string() }) }).map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('push', 'pull_request', 'issue_comment', 'ping', 'issues'), garbage, async (event, rawBody) => {
        const res = await receiveWebhook(delivery({ event, payload: null, rawBody, secret: SECRET }), deps);
        return [200, 202, 400, 403].includes(res.statusCode);
      }),
      { seed: SEED, numRuns: 300 },
    );
    // A random push could name the right repo, branch and a valid SHA only by an absurd coincidence.
    expect(queue.size).toBe(0);
  });

  it.each([
    ['missing signature', { signature: null }, 401],
    ['truncated signature', { signature: 'sha256=0123' }, 401],
    ['wrong algorithm', { signature: `sha1=${'0'.repeat(40)}` }, 401],
    ['signature of another body', { signature: sign(SECRET, '{}') }, 401],
    ['signed with another secret', { secret: 'not-the-secret' }, 401],
    ['form-encoded', { contentType: 'application/x-www-form-urlencoded' }, 415],
    ['text/plain', { contentType: 'text/plain' }, 415],
    ['oversized', { rawBody: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }) }, 413],
    ['not JSON', { rawBody: '<xml/>' }, 400],
    ['unknown event', { event: 'deployment_status' }, 202],
  ])('%s → %i', async (_name, override, status) => {
    const { queue, deps } = harness();
    const res = await receiveWebhook(delivery({ event: 'push', payload: pushPayload(), secret: SECRET, ...override }), deps);
    expect(res.statusCode).toBe(status);
    expect(queue.size).toBe(0);
  });

  it('a replayed delivery is one job; replaying with a new delivery id is a new job at the same SHA (idempotent)', async () => {
    const { queue, deps } = harness();
    const request = delivery({ event: 'push', payload: pushPayload(), secret: SECRET, deliveryId: 'replay-1' });
    for (let i = 0; i < 5; i++) expect((await receiveWebhook(request, deps)).statusCode).toBe(202);
    expect(queue.size).toBe(1);
    // The delivery id header is not signed: a replay under a new id queues the same apply again,
    // which re-plans the same commit against live and changes nothing.
    await receiveWebhook({ ...request, headers: { ...request.headers, 'x-github-delivery': 'replay-2' } }, deps);
    expect(queue.peek().map((j) => j.sha)).toEqual([queue.peek()[0]!.sha, queue.peek()[0]!.sha]);
  });

  it('a comment command from a user without write access → no plan, only a reply; GitHub is asked, not the payload', async () => {
    const asked: string[] = [];
    const { queue, deps } = harness({ permission: async (_o, _r, user) => (asked.push(user), 'triage') });
    // author_association in the payload says OWNER; it is not trusted.
    const payload = issueCommentPayload({ login: 'mallory' });
    payload.comment.author_association = 'OWNER';
    const res = await receiveWebhook(delivery({ event: 'issue_comment', payload, secret: SECRET }), deps);
    expect(res.statusCode).toBe(202);
    expect(asked).toEqual(['mallory']);
    expect(queue.peek().map((j) => j.type)).toEqual(['reply']);
  });

  it('a fork is not planned on its own and never applied: its pushes are not from the allowlisted repository', async () => {
    const { queue, deps } = harness();
    const forkPush = await receiveWebhook(delivery({ event: 'push', payload: pushPayload({ repo: 'mallory/mesh-config' }), secret: SECRET }), deps);
    expect(forkPush.statusCode).toBe(403);
    const forkPr = await receiveWebhook(delivery({ event: 'pull_request', payload: pullRequestPayload({ headRepo: 'mallory/mesh-config' }), secret: SECRET }), deps);
    expect(forkPr.statusCode).toBe(202);
    expect(queue.peek().map((j) => j.type)).toEqual(['reply']);
  });

  it('a comment command on a fork\'s pull request plans its head, marked fromFork', async () => {
    const { queue, deps } = harness({
      permission: async () => 'write',
      pullRequest: async (_o, _r, number) => ({ number, state: 'open', headSha: 'f'.repeat(40), headRepoFullName: 'mallory/mesh-config', baseRef: 'main' }),
    });
    await receiveWebhook(delivery({ event: 'issue_comment', payload: issueCommentPayload({ login: 'writer' }), secret: SECRET }), deps);
    expect(queue.peek()).toEqual([expect.objectContaining({ type: 'plan', sha: 'f'.repeat(40), fromFork: true })]);
  });

  it('no request, whatever it is, writes the secret to the log', async () => {
    const { lines, deps } = harness();
    const requests = [
      delivery({ event: 'push', payload: pushPayload(), secret: SECRET }),
      delivery({ event: 'push', payload: pushPayload(), secret: SECRET, signature: null }),
      delivery({ event: 'push', payload: { secret: SECRET }, secret: SECRET }),
      delivery({ event: 'push', payload: null, rawBody: `{"x": "${SECRET}"`, secret: SECRET }),
      { headers: { 'x-github-delivery': SECRET, 'x-hub-signature-256': SECRET }, body: SECRET },
    ];
    for (const r of requests) await receiveWebhook(r, deps);
    expect(lines.length).toBe(requests.length);
    for (const line of lines) expect(line).not.toContain(SECRET);
  });
});
