import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeRouteCommand } from '@aws-sdk/client-app-mesh';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { createReconcileHandler, type ReconcileHandler } from '../../functions/reconcile';
import { createRolloutScheduleHandler } from '../../functions/rollouts';
import { appConfig } from '../../lib/app/config';
import { createEngine } from '../../lib/app/engine';
import { createLogger } from '../../lib/app/logger';
import { createJobDeps } from '../../lib/app/run-job';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import { SqsJobQueue } from '../../lib/queue/sqs-job-queue';
import { TEST_REPO, pullRequestPayload, pushPayload } from '../support/webhook-payloads';
import { QUEUE_URL, canaryWeights, sha, startE2E, type E2E } from './harness';

/**
 * Issue 14's "done when" through the Lambda handlers: a merged weight change on the template's
 * canary route (rollout enabled) applies its first step and keeps `meshops/apply` in progress;
 * the one-minute schedule queues rollout ticks on the repository's FIFO group, the reconcile
 * function ticks (nothing before the interval, a step after it), comments each step on the pull
 * request, and rolls back when the alarm fires, with the alarm and its reason; the drift check
 * reports the route as `rollout`.
 */
const enableRollout = (files: Record<string, string>) => {
  const path = 'mesh/search/routing.yaml';
  const text = files[path]!;
  const edited = text.replace('# rollout:\n#   steps: [10, 25, 50]\n#   interval: 5m\n#   alarms: [search-v2-5xx]', 'rollout:\n  steps: [10, 25, 50]\n  interval: 5m\n  alarms: [search-v2-5xx]');
  if (edited === text) throw new Error('the template no longer has the commented-out rollout');
  files[path] = edited;
};

describe('end to end: a rollout through the Lambda handlers', () => {
  let e: E2E;
  let reconcile: ReconcileHandler;
  let now = Date.parse('2026-12-01T10:00:00Z');
  const cloudwatch = () => new CloudWatchClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => e.emulator.handle(r)) });

  beforeAll(async () => {
    e = await startE2E();
    const logger = createLogger({ write: (line) => e.logs.push(line), fields: { function: 'reconcile' } });
    // The harness's reconcile function with a clock the test moves (rollout intervals are minutes).
    reconcile = createReconcileHandler(async () => {
      const deps = await createJobDeps(appConfig(), logger, {
        s3: e.s3.client(),
        engine: (region, store) => createEngine({ kind: 'embedded' }, { region, store, emulator: e.emulator, now: () => new Date(now), retry: { baseDelayMs: 1, maxDelayMs: 2 }, cloudMapWait: { pollMs: 1 } }),
      });
      return { ...deps, clock: () => new Date(now), githubWebUrl: 'https://github.com', githubRetry: { sleep: async () => {} }, lockWaitMs: 0, writeMetric: () => {} };
    });
    await cloudwatch().send(new PutMetricAlarmCommand({ AlarmName: 'search-v2-5xx', MetricName: 'HTTPCode_Target_5XX_Count', Namespace: 'AWS/AppMesh', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' }));
  });
  afterAll(() => e.close());

  const drain = async () => {
    const ran: string[] = [];
    for (let message = e.queue.receive(); message; message = e.queue.receive()) {
      const record = { messageId: message.messageId, receiptHandle: 'rh', body: message.body, attributes: { ApproximateReceiveCount: String(message.receiveCount), MessageGroupId: message.group }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'us-east-1' } as unknown as SQSRecord;
      const result = await reconcile({ Records: [record] }, { awsRequestId: `req-${message.messageId}` });
      if (result.batchItemFailures.length) throw new Error(`job failed: ${e.logs.filter((l) => l.includes('"error"')).slice(-3).join('\n')}`);
      ran.push((JSON.parse(message.body) as { type: string }).type);
    }
    return ran;
  };
  const schedule = createRolloutScheduleHandler(() => ({ allowlist: appConfig().allowlist, queue: new SqsJobQueue(new SQSClient({ region: 'us-east-1' }), QUEUE_URL), store: e.store, logger: createLogger({ write: (line) => e.logs.push(line), fields: { function: 'rollouts' } }) }));
  const tickAt = async (minutes: number) => {
    now += minutes * 60_000;
    const { queued } = await schedule({ time: new Date(now).toISOString() });
    return { queued, ran: await drain() };
  };
  const weights = async () => {
    const { route } = await e.appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'canary' }));
    return route!.spec!.httpRoute!.action!.weightedTargets!.map((t) => `${t.virtualNode}=${t.weight}`).sort().join(' ');
  };
  const rolloutComments = () => e.gh.commentsOn(TEST_REPO, 1).filter((c) => c.body.startsWith('<!-- meshops:rollout:'));
  const applyCheck = (commit: string) => [...e.gh.state.checkRuns.values()].filter((r) => r.headSha === commit && r.name === 'meshops/apply').pop();

  const BASE = sha(101);
  const HEAD = sha(102);
  const MERGE = sha(103);

  it('the merge applies the first step; the check stays in progress; the plan said so', async () => {
    e.commit(BASE, enableRollout, { branch: 'main' });
    await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: BASE }));
    expect(await drain()).toEqual(['apply']);
    expect(await weights()).toBe('search-v1=90 search-v2=10');

    const change = (files: Record<string, string>) => {
      enableRollout(files);
      canaryWeights(0, 100)(files);
    };
    e.commit(HEAD, change);
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: HEAD, title: 'Canary: all of opted-in search traffic to v2' });
    await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: HEAD }));
    expect(await drain()).toEqual(['plan']);
    const plan = e.gh.commentsOn(TEST_REPO, pr.number).find((c) => c.body.startsWith('<!-- meshops:plan -->'))!;
    expect(plan.body).toContain('### Rollouts');
    expect(plan.body).toContain('starts a rollout: search-v1 90 · search-v2 10 → search-v1 0 · search-v2 100 in steps of 10%, 25%, 50% every 5m, watching search-v2-5xx; this apply sets step 1: search-v1 81 · search-v2 19');

    e.commit(MERGE, change);
    e.gh.mergePullRequest(TEST_REPO, pr.number, MERGE);
    await e.webhook('push', pushPayload({ before: BASE, after: MERGE, pusher: 'octocat' }));
    expect(await drain()).toEqual(['apply']);
    expect(await weights()).toBe('search-v1=81 search-v2=19');
    expect(applyCheck(MERGE)).toMatchObject({ status: 'in_progress', output: { title: 'Rolling out canary: step 1 of 3 (10%)' } });
    const apply = e.gh.commentsOn(TEST_REPO, pr.number).find((c) => c.body.startsWith('<!-- meshops:apply -->'))!;
    expect(apply.body).toContain('starts a rollout');
    expect(await e.store.getRollouts(TEST_REPO)).toMatchObject({ rollouts: [{ status: 'in-progress', sha: MERGE, pullRequest: pr.number, region: 'us-east-1' }] });
  });

  it('ticks from the schedule: nothing before the interval, the next step after it, a comment per step', async () => {
    expect(await tickAt(2)).toEqual({ queued: [TEST_REPO], ran: ['rollout'] });
    expect(await weights()).toBe('search-v1=81 search-v2=19');
    expect(rolloutComments()).toHaveLength(0);

    expect(await tickAt(3)).toEqual({ queued: [TEST_REPO], ran: ['rollout'] });
    expect(await weights()).toBe('search-v1=68 search-v2=32');
    expect(rolloutComments()).toHaveLength(1);
    expect(rolloutComments()[0]!.body).toContain('Rolling out canary: step 2 of 3 (25%)');
    expect(applyCheck(MERGE)).toMatchObject({ status: 'in_progress', output: { title: 'Rolling out canary: step 2 of 3 (25%)' } });
  });

  it('an alarm in ALARM rolls back: the comment names the alarm and its reason, the check fails, ticks stop', async () => {
    await cloudwatch().send(new SetAlarmStateCommand({ AlarmName: 'search-v2-5xx', StateValue: 'ALARM', StateReason: 'Threshold Crossed: 1 datapoint [31.0] was greater than the threshold (5.0).' }));
    await tickAt(1);
    expect(await weights()).toBe('search-v1=90 search-v2=10');
    const last = rolloutComments().pop()!;
    expect(last.body).toContain('Rolled back canary: alarm search-v2-5xx');
    expect(last.body).toContain('was in ALARM: Threshold Crossed: 1 datapoint &#91;31.0&#93; was greater than the threshold (5.0).');
    expect(applyCheck(MERGE)).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Rolled back canary: alarm search-v2-5xx' } });

    expect(await tickAt(10)).toEqual({ queued: [], ran: [] });
    expect(await weights()).toBe('search-v1=90 search-v2=10');
  });

  it('the drift check reports the route as rollout, never changed', async () => {
    await e.schedule(new Date(now).toISOString());
    await drain();
    const report = await e.store.getDriftLatest(TEST_REPO);
    expect(report!.items.map((i) => `${i.class} ${i.id}`)).toEqual(['rollout Route/watches/search-router/canary']);
    expect(await weights()).toBe('search-v1=90 search-v2=10');
  });

  it('a new commit of the route starts again from live and, with the alarm quiet, completes: the check succeeds', async () => {
    await cloudwatch().send(new SetAlarmStateCommand({ AlarmName: 'search-v2-5xx', StateValue: 'OK', StateReason: 'fixed' }));
    const NEXT = sha(104);
    e.commit(NEXT, (files) => {
      enableRollout(files);
      canaryWeights(50, 50)(files);
    }, { branch: 'main' });
    await e.webhook('push', pushPayload({ before: MERGE, after: NEXT }));
    expect(await drain()).toEqual(['apply']);
    expect(await weights()).toBe('search-v1=86 search-v2=14');
    for (const expected of ['search-v1=80 search-v2=20', 'search-v1=70 search-v2=30', 'search-v1=50 search-v2=50']) {
      await tickAt(5);
      expect(await weights()).toBe(expected);
    }
    expect(applyCheck(NEXT)).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'Rolled out canary: search-v1 50 · search-v2 50' } });
    expect((await e.store.getRollouts(TEST_REPO))!.rollouts[0]).toMatchObject({ status: 'completed', sha: NEXT });
    expect(await tickAt(5)).toEqual({ queued: [], ran: [] });
  });
});
