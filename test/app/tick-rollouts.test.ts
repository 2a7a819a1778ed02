import { DescribeRouteCommand, AppMeshClient } from '@aws-sdk/client-app-mesh';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDesired } from '../../lib/app/apply-desired';
import { createEngine, type Engine } from '../../lib/app/engine';
import { rolloutPorts } from '../../lib/app/rollout-ports';
import { runRollouts } from '../../lib/app/tick-rollouts';
import { Emulator } from '../../lib/emulator/emulator';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import { loadDesiredState } from '../../lib/model';
import { readLocalSnapshot } from '../../lib/source';
import { LocalStateStore } from '../../lib/state/local-state-store';

/** Ticks in-process: a tick that dies after recording its move and before the weights converges on the next one. */
describe('runRollouts', () => {
  const REPO = 'acme/mesh-config';
  const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
  let dir: string;
  let engine: Engine;
  let now = Date.parse('2026-12-01T10:00:00Z');
  const emulator = new Emulator();
  const appMesh = new AppMeshClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => emulator.handle(r)) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshops-tick-'));
    engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator, now: () => new Date(now), cloudMapWait: { pollMs: 1 } });
    await new CloudWatchClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => emulator.handle(r)) }).send(new PutMetricAlarmCommand({ AlarmName: 'search-v2-5xx', MetricName: 'm', Namespace: 'n', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const desired = async (edit?: (text: string) => string) => {
    const snapshot = await readLocalSnapshot(join(__dirname, '..', '..', 'mesh-repo-template'));
    const files = snapshot.files.map((f) => (f.path === 'mesh/search/routing.yaml' && edit ? { ...f, content: new TextEncoder().encode(edit(new TextDecoder().decode(f.content))) } : f));
    return loadDesiredState({ ...snapshot, files }).state!;
  };
  const weights = async () => {
    const { route } = await appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'canary' }));
    return route!.spec!.httpRoute!.action!.weightedTargets!.map((t) => t.weight);
  };
  const options = { repo: REPO, holder: 'test', lockTimeoutMs: 60_000 };

  it('finishes a move whose record was written but whose weights were not', async () => {
    await applyDesired(await desired(), engine, options);
    const rollout = (t: string) => t.replace('weight: 90', 'weight: 0').replace(/weight: 10\n/, 'weight: 100\n').replace('# rollout:\n#   steps: [10, 25, 50]\n#   interval: 5m\n#   alarms: [search-v2-5xx]', 'rollout:\n  steps: [10, 25, 50]\n  interval: 5m\n  alarms: [search-v2-5xx]');
    await applyDesired(await desired(rollout), engine, options);
    expect(await weights()).toEqual([81, 19]);

    now += 5 * 60_000;
    const crash = new Error('killed before the weights');
    await expect(runRollouts(engine, rolloutPorts(engine), { kind: 'tick' }, { ...options, beforeWeights: () => Promise.reject(crash) })).rejects.toBe(crash);
    expect(await weights()).toEqual([81, 19]);
    const stored = JSON.parse(readFileSync(join(dir, 'state', 'acme', 'mesh-config', 'rollouts.json'), 'utf8')) as { rollouts: { step: number; pending?: { weights: { weight: number }[] } }[] };
    expect(stored.rollouts[0]).toMatchObject({ step: 0, pending: { weights: [{ weight: 68 }, { weight: 32 }] } });

    // The lock was released; the next run finishes the move first, then ticks (nothing more is due).
    const next = await runRollouts(engine, rolloutPorts(engine), { kind: 'tick' }, options);
    expect(next.outcomes.map((o) => [o.resumed ?? false, o.transition?.event.event ?? o.hold?.reason])).toEqual([[true, 'step'], [false, 'waiting']]);
    expect(await weights()).toEqual([68, 32]);
    expect((await engine.store.getRollouts(REPO))!.rollouts[0]).toMatchObject({ step: 1, status: 'in-progress' });
    expect((await engine.store.getRollouts(REPO))!.rollouts[0]!.pending).toBeUndefined();
  });

  it('holds a rollout whose alarm does not exist, naming it', async () => {
    const book = (await engine.store.getRollouts(REPO))!;
    await engine.store.putRollouts(REPO, { ...book, rollouts: book.rollouts.map((r) => ({ ...r, spec: { ...r.spec, alarms: ['no-such-alarm'] } })) });
    now += 60 * 60_000;
    const run = await runRollouts(engine, rolloutPorts(engine), { kind: 'tick' }, options);
    expect(run.outcomes).toEqual([expect.objectContaining({ hold: expect.objectContaining({ reason: 'alarm-missing', message: expect.stringContaining('no CloudWatch alarm named no-such-alarm') }) })]);
    expect(await weights()).toEqual([68, 32]);
  });
});
