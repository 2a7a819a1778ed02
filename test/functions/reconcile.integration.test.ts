import { CreateVirtualNodeCommand, DescribeRouteCommand } from '@aws-sdk/client-app-mesh';
import { ChangeMessageVisibilityCommand, SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createReconcileHandler } from '../../functions/reconcile';
import { MAX_RATE_LIMIT_BACK_OFF_SECONDS, RATE_LIMIT_MARGIN_SECONDS } from '../../lib/app/job-back-off';
import { SqsJobQueue } from '../../lib/queue/sqs-job-queue';
import { HIDDEN_VALUE } from '../../lib/app/plan-job';
import { PLAN_MARKER } from '../../lib/report/github';
import { TEST_REPO } from '../support/webhook-payloads';
import { canaryWeights, checkRun, sha, world, type World } from './reconcile-support';

const BASE = sha(0);

async function withBaseApplied(w: World): Promise<void> {
  w.commit(BASE, undefined, { branch: 'main' });
  expect(await w.deliver([w.job({ type: 'apply', sha: BASE })])).toEqual([]);
  expect(checkRun(w, BASE, 'meshops/apply')).toMatchObject({ conclusion: 'success' });
}

const liveWeights = async (w: World, route = 'canary') => {
  const { route: r } = await w.appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: route }));
  return Object.fromEntries(r!.spec!.httpRoute!.action!.weightedTargets!.map((t) => [t.virtualNode, t.weight]));
};

describe('functions/reconcile: plan jobs', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await withBaseApplied(w);
  });
  afterEach(() => w.close());

  it('an invalid repository: the errors in the comment, linked to their lines at that SHA, a failing check, and no retry', async () => {
    const head = sha(1);
    w.commit(head, (files) => {
      files['mesh/search/routing.yaml'] = files['mesh/search/routing.yaml']!.replace('  priority: 10\n', '  priority: 10\n  weight: 3\n');
    });
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: head });
    expect(await w.deliver([w.job({ type: 'plan', sha: head, pullRequest: pr.number })])).toEqual([]);

    const [comment] = w.gh.commentsOn(TEST_REPO, pr.number);
    expect(comment!.body.startsWith(`${PLAN_MARKER}\n`)).toBe(true);
    expect(comment!.body).toContain('The repository is not valid: 1 error');
    expect(comment!.body).toMatch(new RegExp(`\\(https://github\\.com/acme/mesh-config/blob/${head}/mesh/search/routing\\.yaml#L\\d+\\)`));
    expect(checkRun(w, head, 'meshops/plan')).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Invalid repository: 1 error' } });
    expect(await w.store.getPlanRecord(TEST_REPO, pr.number)).toBeUndefined();
  });

  it('a plan with errors (a conflict) is posted whole with a failing check, and not retried', async () => {
    const head = sha(2);
    w.commit(head, (files) => {
      files['meshops.yaml'] = files['meshops.yaml']!.replace('owner: acme/mesh-config', 'owner: acme/other-team');
    });
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: head });
    // The deployment maps the repository to that owner (as if re-pointed), so the file may name it.
    const pinned = w.deps.ownerFor;
    w.deps.ownerFor = () => 'acme/other-team';
    try {
      expect(await w.deliver([w.job({ type: 'plan', sha: head, pullRequest: pr.number })])).toEqual([]);
    } finally {
      w.deps.ownerFor = pinned;
    }
    const [comment] = w.gh.commentsOn(TEST_REPO, pr.number);
    expect(comment!.body).toContain('This plan cannot be applied');
    expect(checkRun(w, head, 'meshops/plan')).toMatchObject({ conclusion: 'failure' });
  });

  it('a fork: the plan is posted without live values, unmanaged resources, other owners, ARNs or account ids', async () => {
    // Something in the mesh that is not in Git, and an owner tag from elsewhere.
    await w.appMesh.send(new CreateVirtualNodeCommand({ meshName: 'watches', virtualNodeName: 'billing-internal', spec: { serviceDiscovery: { dns: { hostname: 'billing.internal.corp' } } } }));
    const head = sha(3);
    w.commit(head, canaryWeights(50, 50));
    w.gh.addRepo('mallory/mesh-config', { fork: true });
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: head, headRepo: 'mallory/mesh-config', author: 'mallory' });
    expect(await w.deliver([w.job({ type: 'plan', sha: head, pullRequest: pr.number, fromFork: true })])).toEqual([]);

    const body = w.gh.commentsOn(TEST_REPO, pr.number)[0]!.body;
    expect(body).toContain('This pull request comes from a fork, so live details are not shown');
    expect(body).toContain(`- spec.httpRoute.action.weightedTargets[virtualNode=search-v1].weight: "${HIDDEN_VALUE}"`);
    expect(body).toContain('+ spec.httpRoute.action.weightedTargets[virtualNode=search-v1].weight: 50');
    expect(body).not.toContain('billing');
    expect(body).not.toMatch(/arn:aws/);
    expect(body).not.toMatch(/\b\d{12}\b/);
    // The traffic view shows the shares the fork sets, never the live ones.
    expect(body).not.toContain('90%');
    expect(body).toMatch(/\| search-v1 \| 50% \|/);
    expect(checkRun(w, head, 'meshops/plan')).toMatchObject({ conclusion: 'success' });
    // The same job from the repository itself shows the live values.
    const own = w.gh.openPullRequest(TEST_REPO, { headSha: head, headRef: 'own-branch' });
    await w.deliver([w.job({ type: 'plan', sha: head, pullRequest: own.number })]);
    const ownBody = w.gh.commentsOn(TEST_REPO, own.number)[0]!.body;
    expect(ownBody).toContain('weight: 90');
    expect(ownBody).toContain('billing-internal');
  });

  it('a head that moved on, or a closed pull request: skipped without a comment', async () => {
    w.commit(sha(4), canaryWeights(50, 50));
    w.commit(sha(5), canaryWeights(40, 60));
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: sha(4) });
    w.gh.pushToPullRequest(TEST_REPO, pr.number, sha(5));
    expect(await w.deliver([w.job({ type: 'plan', sha: sha(4), pullRequest: pr.number })])).toEqual([]);
    expect(w.gh.commentsOn(TEST_REPO, pr.number)).toHaveLength(0);
    expect(checkRun(w, sha(4), 'meshops/plan')).toBeUndefined();
    expect(w.logs.some((l) => l.includes('plan job skipped: pull request #1 moved on to'))).toBe(true);

    w.gh.state.mustRepo(TEST_REPO).issues.get(pr.number)!.state = 'closed';
    expect(await w.deliver([w.job({ type: 'plan', sha: sha(5), pullRequest: pr.number })])).toEqual([]);
    expect(w.gh.commentsOn(TEST_REPO, pr.number)).toHaveLength(0);
    expect(w.logs.some((l) => l.includes('plan job skipped: pull request #1 is closed'))).toBe(true);
  });
});

describe('functions/reconcile: apply jobs', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await withBaseApplied(w);
  });
  afterEach(() => w.close());

  it('a push redelivered after newer commits landed does not roll back; the PR hears why', async () => {
    const older = sha(10);
    const newer = sha(11);
    w.commit(older, canaryWeights(50, 50));
    w.commit(newer, canaryWeights(20, 80), { branch: 'main' });
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: older });
    w.gh.mergePullRequest(TEST_REPO, pr.number, older);
    w.gh.state.mustRepo(TEST_REPO).branches.set('main', newer);
    const writes = () => w.emulator.callStats().byOperation.UpdateRoute ?? 0;
    const before = writes();

    expect(await w.deliver([w.job({ type: 'apply', sha: older })])).toEqual([]);
    expect(writes()).toBe(before);
    expect(await liveWeights(w)).toEqual({ 'search-v1': 90, 'search-v2': 10 });
    expect(w.gh.commentsOn(TEST_REPO, pr.number)[0]!.body).toContain(`main had moved on to ${newer.slice(0, 7)}`);
    expect(checkRun(w, older, 'meshops/apply')).toMatchObject({ conclusion: 'skipped' });

    // Delivered once more: the note is not posted again.
    await w.deliver([w.job({ type: 'apply', sha: older })]);
    expect(w.gh.commentsOn(TEST_REPO, pr.number)).toHaveLength(1);
  });

  it('a lock held by another apply: the job is retried, and the check says it waits', async () => {
    const head = sha(12);
    w.commit(head, canaryWeights(50, 50), { branch: 'main' });
    const lock = await w.store.acquireLock(TEST_REPO, { holder: 'cli:laptop:4242', purpose: 'apply', timeoutMs: 600_000 });
    const job = w.job({ type: 'apply', sha: head });
    expect(await w.deliver([job])).toEqual([`msg-${job.id}`]);
    expect(checkRun(w, head, 'meshops/apply')).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for the lock' } });
    await lock.release();
    expect(await w.deliver([job], 2)).toEqual([]);
    expect(checkRun(w, head, 'meshops/apply')).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(await liveWeights(w)).toEqual({ 'search-v1': 50, 'search-v2': 50 });
  });

  it('AWS throttling past the retries: the job throws for SQS to retry, and the retry finishes it', async () => {
    const head = sha(13);
    w.commit(head, canaryWeights(30, 70), { branch: 'main' });
    w.emulator.faults.configure({ throttleRate: 1 });
    const job = w.job({ type: 'apply', sha: head });
    expect(await w.deliver([job])).toEqual([`msg-${job.id}`]);
    w.emulator.faults.configure({});
    expect(await w.deliver([job], 2)).toEqual([]);
    expect(await liveWeights(w)).toEqual({ 'search-v1': 30, 'search-v2': 70 });
  });

  it('GitHub failing on the last delivery: the job is dead-lettered and the commit check says so once GitHub answers', async () => {
    const head = sha(14);
    w.commit(head, canaryWeights(50, 50), { branch: 'main' });
    w.gh.failNext('repos/get', { count: 3, status: 502 });
    const job = w.job({ type: 'apply', sha: head });
    expect(await w.deliver([job], 3)).toEqual([`msg-${job.id}`]);
    expect(checkRun(w, head, 'meshops/apply')).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'meshops could not finish (GitHubReportError)' } });
    expect(checkRun(w, head, 'meshops/apply')!.output.summary).toContain(job.id);
  });

  it('GitHub refusing a call with a 4xx (not a rate limit) ends the job with a failed check, without SQS retries', async () => {
    const head = sha(17);
    w.commit(head, canaryWeights(30, 70));
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: head });
    w.gh.failNext('issues/create-comment', { count: 5, status: 422 });
    expect(await w.deliver([w.job({ type: 'plan', sha: head, pullRequest: pr.number })])).toEqual([]);
    expect(w.gh.callsTo('issues/create-comment')).toHaveLength(1);
    expect(checkRun(w, head, 'meshops/plan')).toMatchObject({ conclusion: 'failure', output: expect.objectContaining({ summary: expect.stringContaining('GitHub answered 422 to a call meshops made') }) });
    w.gh.failNext('issues/create-comment', { count: 0 });
  });

  it('an apply whose comment was lost (GitHub down after it applied) posts the result on redelivery, once', async () => {
    const head = sha(16);
    w.commit(head, canaryWeights(40, 60), { branch: 'main' });
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: head });
    w.gh.mergePullRequest(TEST_REPO, pr.number, head);
    w.gh.failNext('issues/create-comment', { count: 10, status: 502 });
    const job = w.job({ type: 'apply', sha: head });
    expect(await w.deliver([job])).toHaveLength(1);
    expect(await liveWeights(w)).toEqual({ 'search-v1': 40, 'search-v2': 60 });
    expect(w.gh.commentsOn(TEST_REPO, pr.number)).toEqual([]);
    w.gh.failNext('issues/create-comment', { count: 0 });
    const updates = () => w.emulator.callStats().byOperation.UpdateRoute ?? 0;
    const before = updates();
    expect(await w.deliver([job], 2)).toEqual([]);
    expect(updates()).toBe(before);
    const [comment, ...more] = w.gh.commentsOn(TEST_REPO, pr.number);
    expect(more).toEqual([]);
    expect(comment!.body).toContain('Posted on redelivery: the first report of this apply did not reach GitHub');
    await w.deliver([job], 3);
    expect(w.gh.commentsOn(TEST_REPO, pr.number)).toHaveLength(1);
  });

  it('a repository that is invalid at the pushed commit: nothing applied, the errors on the PR, no retry', async () => {
    const head = sha(15);
    w.commit(head, (files) => {
      files['mesh/extra.yaml'] = 'kind: VirtualNode\nname: broken\nmesh: watches\nspec:\n  listners: []\n';
    }, { branch: 'main' });
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: head });
    w.gh.mergePullRequest(TEST_REPO, pr.number, head);
    expect(await w.deliver([w.job({ type: 'apply', sha: head })])).toEqual([]);
    const body = w.gh.commentsOn(TEST_REPO, pr.number)[0]!.body;
    expect(body).toContain('## meshops apply: ⛔ refused');
    expect(body).toContain(`blob/${head}/mesh/extra.yaml#L5`);
    expect(checkRun(w, head, 'meshops/apply')).toMatchObject({ conclusion: 'failure' });
  });
});

describe("functions/reconcile: an owner the deployment's role may not write", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => w.close());

  it("is refused before planning ('owner-not-writable'), with a failed check saying which values the role may write", async () => {
    w.deps.ownerTagValues = ['acme/payments-*', 'team-?'];
    const head = sha(40);
    w.commit(head, canaryWeights(50, 50));
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: head });
    expect(await w.deliver([w.job({ type: 'plan', sha: head, pullRequest: pr.number })])).toEqual([]);
    expect(checkRun(w, head, 'meshops/plan')).toMatchObject({ conclusion: 'failure' });
    const [comment] = w.gh.commentsOn(TEST_REPO, pr.number);
    expect(comment!.body).toContain('No plan was made');
    expect(comment!.body).toMatch(/matches "acme\/payments-(\*|&#42;)", "team-\?" \(its ownerTagValues\), and "acme\/mesh-config" does not/);
    expect(w.emulator.callStats().total).toBe(0);
  });

  it('a matching pattern lets the plan through', async () => {
    w.deps.ownerTagValues = ['acme/*'];
    const head = sha(41);
    w.commit(head, canaryWeights(50, 50));
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: head });
    expect(await w.deliver([w.job({ type: 'plan', sha: head, pullRequest: pr.number })])).toEqual([]);
    expect(w.gh.commentsOn(TEST_REPO, pr.number)[0]!.body).toMatch(/\*\*Plan: \d+ to create/);
  });
});

describe('functions/reconcile: the SQS batch', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => w.close());

  it('drops a message that is not a job (it cannot get better) and runs the rest', async () => {
    w.commit(BASE, undefined, { branch: 'main' });
    const good = w.job({ type: 'apply', sha: BASE });
    const res = await w.handler(
      { Records: [{ messageId: 'junk', body: '{"type":"deploy"}', attributes: { ApproximateReceiveCount: '1' } } as never, { messageId: 'good', body: JSON.stringify(good), attributes: { ApproximateReceiveCount: '1' } } as never] },
      { awsRequestId: 'r' },
    );
    expect(res.batchItemFailures).toEqual([]);
    expect(checkRun(w, BASE, 'meshops/apply')).toMatchObject({ conclusion: 'success' });
    expect(w.logs.some((l) => l.includes('dropping a message that is not a job') && l.includes('"messageId":"junk"'))).toBe(true);
  });

  it('after a failure, the rest of the batch is returned too (FIFO order within the group)', async () => {
    w.commit(BASE, undefined, { branch: 'main' });
    w.gh.failNext('repos/get', { count: 3, status: 503 });
    const first = w.job({ type: 'apply', sha: BASE });
    const second = w.job({ type: 'drift', sha: '0'.repeat(40) });
    expect(await w.deliver([first, second])).toEqual([`msg-${first.id}`, `msg-${second.id}`]);
  });

  it('dependencies that cannot be built: every message is returned, and the next invocation builds them again', async () => {
    let attempts = 0;
    const handler = createReconcileHandler(async () => {
      attempts++;
      if (attempts === 1) throw new Error('SSM is down');
      return w.deps;
    });
    w.commit(BASE, undefined, { branch: 'main' });
    const job = w.job({ type: 'apply', sha: BASE });
    const record = { messageId: 'm1', body: JSON.stringify(job), attributes: { ApproximateReceiveCount: '1' } } as never;
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      expect((await handler({ Records: [record] }, { awsRequestId: 'a' })).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    } finally {
      process.stdout.write = write;
    }
    expect((await handler({ Records: [record] }, { awsRequestId: 'b' })).batchItemFailures).toEqual([]);
    expect(attempts).toBe(2);
  });
});

describe("functions/reconcile: GitHub's rate limit does not hold the repository's queue for 30 minutes", () => {
  const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/meshops-jobs.fifo';
  const sqs = mockClient(SQSClient);
  let w: World;
  beforeEach(async () => {
    sqs.reset();
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    w = await world();
    w.deps.messages = new SqsJobQueue(new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 }), QUEUE);
  });
  afterEach(() => w.close());
  afterAll(() => sqs.restore());

  const rateLimited = (inSeconds: number) => ({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + inSeconds) } });
  const visibilityCalls = () => sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input);

  it('a reset 10 minutes away: the message is a batch item failure, visible again when the limit resets; the next delivery finishes the job', async () => {
    w.commit(BASE, undefined, { branch: 'main' });
    w.gh.failNext('repos/get', rateLimited(600));
    const job = w.job({ type: 'apply', sha: BASE });
    expect(await w.deliver([job])).toEqual([`msg-${job.id}`]);
    const [call, ...more] = visibilityCalls();
    expect(more).toEqual([]);
    expect(call).toMatchObject({ QueueUrl: QUEUE, ReceiptHandle: `rh-${job.id}-1` });
    expect(call!.VisibilityTimeout).toBeGreaterThanOrEqual(599 + RATE_LIMIT_MARGIN_SECONDS);
    expect(call!.VisibilityTimeout).toBeLessThanOrEqual(600 + RATE_LIMIT_MARGIN_SECONDS);
    // Not the last delivery: nothing is reported as failed, the job only waits.
    expect(checkRun(w, BASE, 'meshops/apply')?.conclusion ?? null).not.toBe('failure');
    expect(w.logs.some((l) => l.includes("job failed on GitHub's rate limit") && l.includes('"retryInSeconds"'))).toBe(true);
    expect(await w.deliver([job], 2)).toEqual([]);
    expect(checkRun(w, BASE, 'meshops/apply')).toMatchObject({ conclusion: 'success' });
    expect(visibilityCalls()).toHaveLength(1);
  });

  it('the repository download rate-limited is waited for, not reported as an unreadable repository', async () => {
    const head = sha(30);
    w.commit(head, canaryWeights(50, 50));
    const pr = w.gh.openPullRequest(TEST_REPO, { headSha: head });
    w.gh.failNext('repos/download-tarball-archive', { status: 429, headers: { 'retry-after': '120' } });
    const job = w.job({ type: 'plan', sha: head, pullRequest: pr.number });
    expect(await w.deliver([job])).toEqual([`msg-${job.id}`]);
    expect(visibilityCalls().map((c) => c.VisibilityTimeout)).toEqual([120 + RATE_LIMIT_MARGIN_SECONDS]);
    expect(w.gh.commentsOn(TEST_REPO, pr.number)).toEqual([]);
    expect(await w.deliver([job], 2)).toEqual([]);
    expect(w.gh.commentsOn(TEST_REPO, pr.number).map((c) => c.body)).toEqual([expect.stringContaining(PLAN_MARKER)]);
  });

  it('a reset further than an hour is capped at an hour; other failures keep the queue\'s own visibility timeout', async () => {
    w.commit(BASE, undefined, { branch: 'main' });
    w.gh.failNext('repos/get', rateLimited(5 * 3600));
    expect(await w.deliver([w.job({ type: 'apply', sha: BASE })])).toHaveLength(1);
    expect(visibilityCalls().map((c) => c.VisibilityTimeout)).toEqual([MAX_RATE_LIMIT_BACK_OFF_SECONDS]);
    w.gh.failNext('repos/get', { count: 3, status: 502 });
    expect(await w.deliver([w.job({ type: 'apply', sha: BASE })])).toHaveLength(1);
    expect(visibilityCalls()).toHaveLength(1);
  });

  it('SQS refusing the change: the job is still returned for retry, with a warning', async () => {
    sqs.on(ChangeMessageVisibilityCommand).rejects(new SQSServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'not allowed' }));
    w.commit(BASE, undefined, { branch: 'main' });
    w.gh.failNext('repos/get', rateLimited(600));
    const job = w.job({ type: 'apply', sha: BASE });
    expect(await w.deliver([job])).toEqual([`msg-${job.id}`]);
    expect(w.logs.some((l) => l.includes("waits for the queue's visibility timeout instead") && l.includes('AccessDenied'))).toBe(true);
  });
});
