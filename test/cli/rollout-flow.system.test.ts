import { AppMeshClient, DescribeRouteCommand } from '@aws-sdk/client-app-mesh';
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli';
import { buildCli, startEmulatorProcess, startMeshops, type EmulatorProcess } from '../reliability/support/processes';

/**
 * Issue 14's "done when", locally: the template's canary route with its rollout enabled, applied
 * and ticked against a real `meshops emulator` process (ticks at chosen times with --at), the
 * alarm flipped through CloudWatch's API, drift checks and applies in between; then abort, promote,
 * and a tick SIGKILLed between its weights and its record.
 */

const ROUTE = 'Route/watches/search-router/canary';
const minutes = (iso: string, n: number) => new Date(Date.parse(iso) + n * 60_000).toISOString();

interface Status {
  rollouts: { route: string; status: string; step: number; stepStartedAt: string; startedAt: string; from: unknown; to: unknown; alarm?: { name: string; reason: string }; summary: string }[];
}

describe('a rollout of the canary route, locally against meshops emulator', () => {
  let work: string;
  let repo: string;
  let emulator: EmulatorProcess;
  let cloudwatch: CloudWatchClient;
  let appMesh: AppMeshClient;
  const target = () => ['--endpoint', emulator.url, '--state-dir', join(work, 'state')];

  beforeAll(async () => {
    await buildCli();
    work = mkdtempSync(join(tmpdir(), 'meshops-rollout-'));
    repo = join(work, 'repo');
    cpSync(join(__dirname, '..', '..', 'mesh-repo-template'), repo, { recursive: true });
    emulator = await startEmulatorProcess(join(work, 'emulator.json'), ['--latency-ms', '20']);
    appMesh = new AppMeshClient({ region: 'us-east-1', endpoint: emulator.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    cloudwatch = new CloudWatchClient({ region: 'us-east-1', endpoint: emulator.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'search-v2-5xx', MetricName: 'HTTPCode_Target_5XX_Count', Namespace: 'AWS/AppMesh', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' }));
    await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'search-v2-5xx', StateValue: 'OK', StateReason: 'quiet' }));
  }, 60_000);
  afterAll(async () => {
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => cli([...args, ...target()], { cwd: work });
  const ok = async (...args: string[]) => {
    const out = await run(...args);
    if (out.code !== 0) throw new Error(`meshops ${args.join(' ')} exited ${out.code}: ${out.stderr}${out.stdout}`);
    return out.stdout;
  };
  const weights = async () => {
    const out = await appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'canary' }));
    return out.route!.spec!.httpRoute!.action!.weightedTargets!.map((t) => `${t.virtualNode}=${t.weight}`).sort().join(' ');
  };
  const status = async () => JSON.parse(await ok('rollout', 'status', repo, '--json')) as Status;
  const setWeights = (v1: number, v2: number, rollout = true) => {
    const file = join(repo, 'mesh', 'search', 'routing.yaml');
    let text = readFileSync(file, 'utf8');
    text = text.replace(/(- virtualNode: search-v1\n\s+weight: )\d+(\n\s+- virtualNode: search-v2\n\s+weight: )\d+(\n\s+retryPolicy)/, `$1${v1}$2${v2}$3`);
    if (rollout) text = text.replace('# rollout:\n#   steps: [10, 25, 50]\n#   interval: 5m\n#   alarms: [search-v2-5xx]', 'rollout:\n  steps: [10, 25, 50]\n  interval: 5m\n  alarms: [search-v2-5xx]');
    writeFileSync(file, text);
  };

  it('applies the first step only, waits for the interval, steps forward and completes', async () => {
    await ok('apply', repo, '--auto-approve');
    expect(await weights()).toBe('search-v1=90 search-v2=10');
    setWeights(0, 100);
    const plan = await ok('plan', repo);
    expect(plan).toContain(`${ROUTE}: starts a rollout: search-v1 90 · search-v2 10 → search-v1 0 · search-v2 100 in steps of 10%, 25%, 50% every 5m, watching search-v2-5xx; this apply sets step 1: search-v1 81 · search-v2 19`);
    const applied = await ok('apply', repo, '--auto-approve');
    expect(applied).toContain('starts a rollout');
    // Said once, by the plan printed before the apply (not again in the apply's result).
    expect(applied.match(/^Rollouts$/gm)).toHaveLength(1);
    expect(applied.match(/starts a rollout/g)).toHaveLength(1);
    expect(await weights()).toBe('search-v1=81 search-v2=19');
    const started = (await status()).rollouts[0]!;
    expect(started).toMatchObject({ route: ROUTE, status: 'in-progress', step: 0 });

    // Before the interval: nothing moves.
    const early = JSON.parse(await ok('rollout', 'tick', repo, '--json', '--at', minutes(started.stepStartedAt, 4))) as { rollouts: { changed: boolean; held?: string }[] };
    expect(early.rollouts).toEqual([expect.objectContaining({ changed: false, held: 'waiting' })]);
    expect(await weights()).toBe('search-v1=81 search-v2=19');
    // Applying the same commit again keeps the step (and plans nothing).
    expect((await run('plan', repo, '--detailed-exitcode')).code).toBe(0);

    await ok('rollout', 'tick', repo, '--at', minutes(started.stepStartedAt, 5));
    expect(await weights()).toBe('search-v1=68 search-v2=32');
    await ok('rollout', 'tick', repo, '--at', minutes(started.stepStartedAt, 10));
    expect(await weights()).toBe('search-v1=45 search-v2=55');
    // Drift sees a rollout, not a change.
    const drift = JSON.parse(await ok('drift', repo, '--json')) as { drift: { class: string; name: string }[] };
    expect(drift.drift).toEqual([expect.objectContaining({ class: 'rollout', name: 'canary' })]);
    await ok('rollout', 'tick', repo, '--at', minutes(started.stepStartedAt, 15));
    expect(await weights()).toBe('search-v1=0 search-v2=100');
    expect((await status()).rollouts[0]).toMatchObject({ status: 'completed' });
    expect((await run('plan', repo, '--detailed-exitcode')).code).toBe(0);
    expect(JSON.parse(await ok('drift', repo, '--json')).drift).toEqual([]);
  }, 120_000);

  it('rolls back when the alarm fires, and stays rolled back across ticks, applies and drift checks until a new commit', async () => {
    setWeights(50, 50);
    await ok('apply', repo, '--auto-approve');
    expect(await weights()).toBe('search-v1=5 search-v2=95');
    const started = (await status()).rollouts[0]!;
    await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'search-v2-5xx', StateValue: 'ALARM', StateReason: 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).' }));
    const tick = await ok('rollout', 'tick', repo, '--at', minutes(started.stepStartedAt, 1));
    expect(tick).toContain('rolled-back');
    expect(await weights()).toBe('search-v1=0 search-v2=100');
    expect((await status()).rollouts[0]).toMatchObject({ status: 'rolled-back', alarm: { name: 'search-v2-5xx', reason: 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).' } });

    await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'search-v2-5xx', StateValue: 'OK', StateReason: 'quiet again' }));
    await ok('rollout', 'tick', repo, '--at', minutes(started.stepStartedAt, 60));
    await ok('apply', repo, '--auto-approve');
    const drift = JSON.parse(await ok('drift', repo, '--json')) as { drift: { class: string; reason: string }[] };
    expect(drift.drift).toEqual([expect.objectContaining({ class: 'rollout', reason: expect.stringContaining('rolled back') })]);
    expect(await weights()).toBe('search-v1=0 search-v2=100');

    // A new commit of the route: a new rollout from the live weights.
    setWeights(60, 40);
    await ok('apply', repo, '--auto-approve');
    expect(await weights()).toBe('search-v1=6 search-v2=94');
    expect((await status()).rollouts[0]).toMatchObject({ status: 'in-progress', from: [{ target: 'search-v1', weight: 0 }, { target: 'search-v2', weight: 100 }] });
  }, 120_000);

  it('abort goes back to the old weights, promote to the declared ones', async () => {
    const aborted = await ok('rollout', 'abort', repo, '--route', 'canary');
    expect(aborted).toContain('rolled-back');
    expect(await weights()).toBe('search-v1=0 search-v2=100');
    expect((await run('rollout', 'abort', repo)).code).toBe(1);
    await ok('rollout', 'promote', repo, '--route', 'watches/search-router/canary');
    expect(await weights()).toBe('search-v1=60 search-v2=40');
    expect((await status()).rollouts[0]).toMatchObject({ status: 'completed' });
    expect((await run('rollout', 'promote', repo, '--route', 'nope')).stderr).toContain('no rollout of a route nope');
  }, 120_000);

  it('a tick SIGKILLed between setting the weights and recording the step converges on the next tick', async () => {
    setWeights(100, 0);
    await ok('apply', repo, '--auto-approve');
    expect(await weights()).toBe('search-v1=64 search-v2=36');
    const started = (await status()).rollouts[0]!;
    const writes = emulator.writes();
    const tick = startMeshops(['rollout', 'tick', repo, '--at', minutes(started.stepStartedAt, 5), ...target()], work);
    const reached = emulator.waitForWrites(writes + 1).then(() => 'reached' as const);
    const first = await Promise.race([tick.exited.then(() => 'exited' as const), reached]);
    expect(first).toBe('reached');
    tick.child.kill('SIGKILL');
    expect((await tick.exited).signal).toBe('SIGKILL');
    // The weights moved; the record still says where it was going.
    expect(await weights()).toBe('search-v1=70 search-v2=30');
    const book = JSON.parse(readFileSync(join(work, 'state', 'state', 'acme', 'mesh-config', 'rollouts.json'), 'utf8')) as { rollouts: { pending?: unknown; step: number }[] };
    expect(book.rollouts[0]).toMatchObject({ step: 0, pending: expect.anything() });

    const next = await ok('rollout', 'tick', repo, '--at', minutes(started.stepStartedAt, 6));
    expect(next).toContain('finished an interrupted move');
    expect(await weights()).toBe('search-v1=70 search-v2=30');
    expect((await status()).rollouts[0]).toMatchObject({ status: 'in-progress', step: 1 });
    await ok('rollout', 'tick', repo, '--at', minutes(started.stepStartedAt, 11));
    await ok('rollout', 'tick', repo, '--at', minutes(started.stepStartedAt, 16));
    expect(await weights()).toBe('search-v1=100 search-v2=0');
  }, 120_000);
});
