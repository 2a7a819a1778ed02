import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithAwsCli, runAwsCli } from '../support/aws-cli';
import { cli } from '../support/cli';
import { startMeshopsEmulator, type RunningMeshopsEmulator } from '../emulator/wire/meshops-process';

/**
 * The AWS CLI (v1; botocore 1.43 sends CloudWatch awsJson1_0 in query-compatible mode) creates and flips the alarm a
 * rollout watches, against `meshops emulator`; the next tick rolls the route back. Skips where
 * the `aws` command is absent.
 */
describeWithAwsCli('an alarm flipped with `aws cloudwatch set-alarm-state` rolls a rollout back', () => {
  let work: string;
  let emulator: RunningMeshopsEmulator;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'meshops-rollout-cli-'));
    cpSync(join(__dirname, '..', '..', 'mesh-repo-template'), join(work, 'repo'), { recursive: true });
    emulator = await startMeshopsEmulator(['--port', '0', '--state', join(work, 'emulator.json')]);
  });
  afterAll(async () => {
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const aws = async (...args: string[]) => {
    const out = await runAwsCli('cloudwatch', args, emulator.url);
    if (out.code !== 0) throw new Error(`aws cloudwatch ${args.join(' ')} failed (${out.code}): ${out.stderr}`);
    return out.stdout.trim() ? (JSON.parse(out.stdout) as Record<string, unknown>) : {};
  };

  it('put-metric-alarm, describe-alarms, set-alarm-state; the tick rolls back', async () => {
    await aws('put-metric-alarm', '--alarm-name', 'search-v2-5xx', '--metric-name', 'HTTPCode_Target_5XX_Count', '--namespace', 'AWS/AppMesh', '--statistic', 'Sum', '--period', '60', '--evaluation-periods', '1', '--threshold', '5', '--comparison-operator', 'GreaterThanThreshold', '--dimensions', 'Name=VirtualNode,Value=search-v2');
    const described = (await aws('describe-alarms', '--alarm-names', 'search-v2-5xx')) as { MetricAlarms: { AlarmName: string; StateValue: string; Dimensions: unknown[]; StateUpdatedTimestamp: number | string }[] };
    expect(described.MetricAlarms).toEqual([expect.objectContaining({ AlarmName: 'search-v2-5xx', StateValue: 'INSUFFICIENT_DATA', Dimensions: [{ Name: 'VirtualNode', Value: 'search-v2' }] })]);
    // CLI v1 prints timestamps as the wire has them (cli_timestamp_format: none): epoch seconds over JSON.
    const stamp = described.MetricAlarms[0]!.StateUpdatedTimestamp;
    expect(typeof stamp === 'number' ? stamp * 1000 : Date.parse(stamp)).toBeGreaterThan(Date.parse('2020-01-01T00:00:00Z'));
    const missing = await runAwsCli('cloudwatch', ['set-alarm-state', '--alarm-name', 'nope', '--state-value', 'ALARM', '--state-reason', 'x'], emulator.url);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/\(ResourceNotFound\) when calling the SetAlarmState operation: Alarm nope not found/);

    const target = ['--endpoint', emulator.url];
    const file = join(work, 'repo', 'mesh', 'search', 'routing.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('weight: 90', 'weight: 50').replace('weight: 10', 'weight: 50').replace('# rollout:\n#   steps: [10, 25, 50]\n#   interval: 5m\n#   alarms: [search-v2-5xx]', 'rollout:\n  steps: [10, 25, 50]\n  interval: 5m\n  alarms: [search-v2-5xx]'));
    // The first apply creates the route at once (it did not exist), so change it again to roll out.
    expect((await cli(['apply', 'repo', '--auto-approve', ...target], { cwd: work })).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/weight: 50\n(\s+- virtualNode: search-v2\n\s+)weight: 50/, 'weight: 0\n$1weight: 100'));
    const applied = await cli(['apply', 'repo', '--auto-approve', ...target], { cwd: work });
    expect(applied.stdout).toContain('starts a rollout: search-v1 50 · search-v2 50 → search-v1 0 · search-v2 100');

    await aws('set-alarm-state', '--alarm-name', 'search-v2-5xx', '--state-value', 'ALARM', '--state-reason', 'Threshold Crossed: 1 datapoint [7.0] was greater than the threshold (5.0).');
    const tick = await cli(['rollout', 'tick', 'repo', '--json', ...target], { cwd: work });
    expect(JSON.parse(tick.stdout).rollouts).toEqual([expect.objectContaining({ status: 'rolled-back', event: 'rolled-back', weights: [{ target: 'search-v1', weight: 50 }, { target: 'search-v2', weight: 50 }], alarm: expect.objectContaining({ name: 'search-v2-5xx', reason: 'Threshold Crossed: 1 datapoint [7.0] was greater than the threshold (5.0).' }) })]);
  }, 120_000);
});
