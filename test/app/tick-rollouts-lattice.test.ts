import { AppMeshClient, DescribeRouteCommand } from '@aws-sdk/client-app-mesh';
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { GetListenerCommand, GetRuleCommand, GetTargetGroupCommand, ListListenersCommand, ListRulesCommand, ListServicesCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDesired } from '../../lib/app/apply-desired';
import { detectDriftDesired } from '../../lib/app/detect-drift';
import { createEngine, type Engine } from '../../lib/app/engine';
import { rolloutPorts } from '../../lib/app/rollout-ports';
import { runRollouts } from '../../lib/app/tick-rollouts';
import { LatticeRuleWeights } from '../../lib/aws/lattice-rule-weights';
import { Emulator } from '../../lib/emulator/emulator';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import { loadDesiredState } from '../../lib/model';
import type { MeshTarget } from '../../lib/resources/types';
import { readLocalSnapshot } from '../../lib/source';
import { LocalStateStore } from '../../lib/state/local-state-store';

const REPO = 'acme/mesh-config';
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const ROLLOUT_COMMENT = '# rollout:\n#   steps: [10, 25, 50]\n#   interval: 5m\n#   alarms: [search-v2-5xx]';
const ROLLOUT = 'rollout:\n  steps: [10, 25, 50]\n  interval: 5m\n  alarms: [search-v2-5xx]';

/** The template's canary route on the given targets, optionally moved to 0/100 with its rollout enabled. */
async function load(targets: MeshTarget[], canary?: 'rollout'): Promise<ReturnType<typeof loadDesiredState>> {
  return loadEdited(targets, (routing) => (canary ? routing.replace('weight: 90', 'weight: 0').replace(/weight: 10\n/, 'weight: 100\n').replace(ROLLOUT_COMMENT, ROLLOUT) : routing));
}

/** The template on the given targets, its routing file edited (a commit of mesh/search/routing.yaml). */
async function loadEdited(targets: MeshTarget[], routing: (text: string) => string): Promise<ReturnType<typeof loadDesiredState>> {
  const snapshot = await readLocalSnapshot(join(__dirname, '..', '..', 'mesh-repo-template'));
  const edit = (path: string, text: string) => {
    if (path === 'meshops.yaml') return text.replace('targets: [appmesh]', `targets: [${targets.join(', ')}]`);
    if (path === 'mesh/search/routing.yaml') return routing(text);
    return text;
  };
  const files = snapshot.files.map((f) => ({ ...f, content: new TextEncoder().encode(edit(f.path, new TextDecoder().decode(f.content))) }));
  return loadDesiredState({ ...snapshot, files });
}

async function template(targets: MeshTarget[], canary?: 'rollout'): Promise<NonNullable<ReturnType<typeof loadDesiredState>['state']>> {
  return stateOf(load(targets, canary));
}

async function stateOf(loading: Promise<ReturnType<typeof loadDesiredState>>): Promise<NonNullable<ReturnType<typeof loadDesiredState>['state']>> {
  const loaded = await loading;
  if (!loaded.state) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.state;
}

function harness(targets: MeshTarget[]) {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const dir = mkdtempSync(join(tmpdir(), 'meshops-lattice-tick-'));
  const emulator = new Emulator();
  const handler = emulatorRequestHandler((r) => emulator.handle(r));
  const engine: Engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator, now: () => new Date(now), cloudMapWait: { pollMs: 1 } });
  const lattice = new VPCLatticeClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: handler });
  const appMesh = new AppMeshClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: handler });
  const cloudwatch = new CloudWatchClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: handler });

  /** The forward weights of every Lattice rule named `rule` (or every default action), by target group name. */
  const latticeWeights = async (rule: string | 'default'): Promise<Record<string, number>[]> => {
    const out: Record<string, number>[] = [];
    const name = async (id: string) => (await lattice.send(new GetTargetGroupCommand({ targetGroupIdentifier: id }))).name!.replace(/-[0-9a-f]{8}$/, '').replace(/-search-watches$/, '');
    const weights = async (groups: { targetGroupIdentifier?: string; weight?: number }[]) =>
      Object.fromEntries(await Promise.all(groups.map(async (g) => [await name(g.targetGroupIdentifier!), g.weight!] as const)));
    for (const s of (await lattice.send(new ListServicesCommand({}))).items ?? []) {
      for (const l of (await lattice.send(new ListListenersCommand({ serviceIdentifier: s.id! }))).items ?? []) {
        if (rule === 'default') {
          const forward = (await lattice.send(new GetListenerCommand({ serviceIdentifier: s.id!, listenerIdentifier: l.id! }))).defaultAction?.forward;
          if (forward) out.push(await weights(forward.targetGroups!));
          continue;
        }
        for (const r of (await lattice.send(new ListRulesCommand({ serviceIdentifier: s.id!, listenerIdentifier: l.id! }))).items ?? []) {
          if (r.name !== rule) continue;
          const got = await lattice.send(new GetRuleCommand({ serviceIdentifier: s.id!, listenerIdentifier: l.id!, ruleIdentifier: r.id! }));
          out.push(await weights(got.action!.forward!.targetGroups!));
        }
      }
    }
    return out;
  };
  const appMeshWeights = async () => {
    const { route } = await appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'canary' }));
    return route!.spec!.httpRoute!.action!.weightedTargets!.map((t) => t.weight);
  };
  const options = { repo: REPO, holder: 'test', lockTimeoutMs: 60_000 };
  return {
    engine,
    emulator,
    latticeWeights,
    appMeshWeights,
    cloudwatch,
    options,
    advance: (ms: number) => (now += ms),
    ports: () => rolloutPorts(engine, {}, targets),
    alarm: async (state: 'OK' | 'ALARM', reason: string) => cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'search-v2-5xx', StateValue: state, StateReason: reason })),
    setUp: async () => {
      await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'search-v2-5xx', MetricName: 'm', Namespace: 'n', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' }));
      await applyDesired(await template(targets), engine, options);
    },
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Rollouts that drive Lattice rule weights: applies, ticks, an alarm's rollback, promote and abort. */
describe('a rollout on targets [appmesh, lattice]', () => {
  const h = harness(['appmesh', 'lattice']);
  beforeAll(() => h.setUp());
  afterAll(() => h.cleanUp());

  it('sets the first step on the App Mesh route and on the Lattice rule, and records both targets', async () => {
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
    const applied = await applyDesired(await template(['appmesh', 'lattice'], 'rollout'), h.engine, h.options);
    expect(applied.rollouts?.decisions.map((d) => d.action)).toEqual(['start']);
    expect(await h.appMeshWeights()).toEqual([81, 19]);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 81, 'search-v2': 19 }]);
    expect((await h.engine.store.getRollouts(REPO))!.rollouts[0]!.targets).toEqual(['appmesh', 'lattice']);
  });

  it('changes nothing before the interval, then steps both targets forward', async () => {
    h.advance(60_000);
    const early = await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(early.outcomes.map((o) => o.hold?.reason)).toEqual(['waiting']);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 81, 'search-v2': 19 }]);

    h.advance(5 * 60_000);
    const run = await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(run.outcomes.map((o) => o.transition?.event.event)).toEqual(['step']);
    expect(await h.appMeshWeights()).toEqual([68, 32]);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 68, 'search-v2': 32 }]);
    // The rule at the rollout's step is where Git puts it, not drift.
    const { report } = await detectDriftDesired(await template(['appmesh', 'lattice'], 'rollout'), h.engine, { repo: REPO });
    expect(report.items.filter((i) => i.class !== 'rollout')).toEqual([]);
  });

  it('rolls the Lattice rule back when the alarm is in ALARM, and keeps it there', async () => {
    await h.alarm('ALARM', 'Threshold Crossed: 5 errors');
    const run = await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(run.outcomes.map((o) => o.transition?.event.event)).toEqual(['rolled-back']);
    expect(await h.appMeshWeights()).toEqual([90, 10]);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
    h.advance(60 * 60_000);
    await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    await applyDesired(await template(['appmesh', 'lattice'], 'rollout'), h.engine, h.options);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
  });

  it('promote sets the declared weights on the Lattice rule', async () => {
    await h.alarm('OK', 'quiet');
    const run = await runRollouts(h.engine, h.ports(), { kind: 'promote', by: 'oncall' }, h.options);
    expect(run.outcomes.map((o) => o.record.status)).toEqual(['completed']);
    expect(await h.appMeshWeights()).toEqual([0, 100]);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 0, 'search-v2': 100 }]);
  });
});

describe('a rollout on targets [lattice] alone', () => {
  const h = harness(['lattice']);
  beforeAll(() => h.setUp());
  afterAll(() => h.cleanUp());

  it('starts from the live Lattice rule and sets the first step on it', async () => {
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
    const applied = await applyDesired(await template(['lattice'], 'rollout'), h.engine, h.options);
    expect(applied.rollouts?.decisions.map((d) => d.action)).toEqual(['start']);
    const record = (await h.engine.store.getRollouts(REPO))!.rollouts[0]!;
    expect(record.from).toEqual([{ target: 'search-v1', weight: 90 }, { target: 'search-v2', weight: 10 }]);
    expect(record.targets).toEqual(['lattice']);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 81, 'search-v2': 19 }]);
    // No App Mesh route is created on a Lattice-only repository.
    await expect(h.appMeshWeights()).rejects.toThrow();
  });

  it('changes nothing before the interval, then steps the rule forward; drift calls it a rollout', async () => {
    h.advance(60_000);
    const early = await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(early.outcomes.map((o) => o.hold?.reason)).toEqual(['waiting']);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 81, 'search-v2': 19 }]);

    h.advance(5 * 60_000);
    const run = await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(run.outcomes.map((o) => o.transition?.event.event)).toEqual(['step']);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 68, 'search-v2': 32 }]);
    const { report } = await detectDriftDesired(await template(['lattice'], 'rollout'), h.engine, { repo: REPO });
    expect(report.items.filter((i) => i.class !== 'rollout')).toEqual([]);
    expect(report.items).toEqual([expect.objectContaining({ class: 'rollout', target: 'lattice', kind: 'Route', name: 'canary' })]);
    // A re-apply of the same commit keeps the step.
    await applyDesired(await template(['lattice'], 'rollout'), h.engine, h.options);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 68, 'search-v2': 32 }]);
  });

  it('rolls the rule back on an alarm, and it holds across a tick, a drift check and a re-apply', async () => {
    await h.alarm('ALARM', 'Threshold Crossed: 5 errors');
    const run = await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(run.outcomes.map((o) => o.transition?.event.event)).toEqual(['rolled-back']);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
    h.advance(60 * 60_000);
    await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
    const { report } = await detectDriftDesired(await template(['lattice'], 'rollout'), h.engine, { repo: REPO });
    expect(report.items.map((i) => [i.class, i.target, i.name])).toEqual([['rollout', 'lattice', 'canary']]);
    await applyDesired(await template(['lattice'], 'rollout'), h.engine, h.options);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
  });

  it('promote sets the declared weights on the rule, and an apply then leaves them', async () => {
    await h.alarm('OK', 'quiet');
    const run = await runRollouts(h.engine, h.ports(), { kind: 'promote', by: 'oncall' }, h.options);
    expect(run.outcomes.map((o) => o.record.status)).toEqual(['completed']);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 0, 'search-v2': 100 }]);
    await applyDesired(await template(['lattice'], 'rollout'), h.engine, h.options);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 0, 'search-v2': 100 }]);
  });
});

describe('a rollout abort on targets [appmesh, lattice]', () => {
  const h = harness(['appmesh', 'lattice']);
  beforeAll(() => h.setUp());
  afterAll(() => h.cleanUp());

  it('abort puts the old weights back on the Lattice rule', async () => {
    await applyDesired(await template(['appmesh', 'lattice'], 'rollout'), h.engine, h.options);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 81, 'search-v2': 19 }]);
    const run = await runRollouts(h.engine, h.ports(), { kind: 'abort', by: 'oncall' }, h.options);
    expect(run.outcomes.map((o) => o.record.status)).toEqual(['rolled-back']);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
    expect(await h.appMeshWeights()).toEqual([90, 10]);
  });

  it('a tick whose record drives Lattice fails loudly when the deployment has no Lattice writer', async () => {
    await applyDesired(await template(['appmesh', 'lattice']), h.engine, h.options);
    await applyDesired(await template(['appmesh', 'lattice'], 'rollout'), h.engine, h.options);
    await expect(runRollouts(h.engine, rolloutPorts(h.engine, {}, ['appmesh']), { kind: 'promote', by: 'oncall' }, h.options)).rejects.toThrow('drives lattice, which this deployment does not reach');
  });
});

/** The canary route with a rollout, its weights as given (a commit after the one that started it). */
const canaryAt = (v1: number, v2: number, rollout = true) => (routing: string) =>
  routing.replace('weight: 90', `weight: ${v1}`).replace(/weight: 10\n/, `weight: ${v2}\n`).replace(ROLLOUT_COMMENT, rollout ? ROLLOUT : ROLLOUT_COMMENT);
/** The catch-all route (`default`, prefix / alone: the listener's default action) with a rollout, moved to 50/50. */
const catchAllRollout = (routing: string) => `${routing.replace(/weight: 95\n/, 'weight: 50\n').replace(/weight: 5\n/, 'weight: 50\n').trimEnd()}\n${ROLLOUT}\n`;
const asWeights = (weights: { target: string; weight: number }[]) => Object.fromEntries(weights.map((w) => [w.target, w.weight]));

describe('a rollout abort on targets [lattice] alone', () => {
  const h = harness(['lattice']);
  beforeAll(() => h.setUp());
  afterAll(() => h.cleanUp());

  it('abort on an alarm, before any tick saw it, puts the old weights back on the rule; a tick, a re-apply and a drift check keep them', async () => {
    await applyDesired(await template(['lattice'], 'rollout'), h.engine, h.options);
    h.advance(6 * 60_000);
    await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 68, 'search-v2': 32 }]);
    await h.alarm('ALARM', 'Threshold Crossed: 5 errors');
    const run = await runRollouts(h.engine, h.ports(), { kind: 'abort', by: 'oncall' }, h.options);
    expect(run.outcomes.map((o) => [o.record.status, o.record.endedBy, o.transition?.event.note])).toEqual([['rolled-back', 'aborted', 'aborted by oncall']]);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
    // The alarm still fires: nothing is in progress for a tick to roll back again.
    h.advance(60 * 60_000);
    const later = await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(later.outcomes).toEqual([]);
    const applied = await applyDesired(await template(['lattice'], 'rollout'), h.engine, h.options);
    expect(applied.rollouts?.decisions.map((d) => d.action)).toEqual(['held-back']);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
    const { report } = await detectDriftDesired(await template(['lattice'], 'rollout'), h.engine, { repo: REPO });
    expect(report.items.map((i) => [i.class, i.target, i.name])).toEqual([['rollout', 'lattice', 'canary']]);
  });

  it('a second abort finds nothing in progress and writes nothing', async () => {
    const updates = jest.spyOn(h.engine.apis.lattice!, 'updateRule');
    const run = await runRollouts(h.engine, h.ports(), { kind: 'abort', by: 'oncall' }, h.options);
    expect(run.outcomes).toEqual([]);
    expect(updates).not.toHaveBeenCalled();
    updates.mockRestore();
    expect((await h.engine.store.getRollouts(REPO))!.rollouts.map((r) => [r.status, r.endedBy])).toEqual([['rolled-back', 'aborted']]);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
  });
});

describe('a rollout superseded by a new commit on targets [lattice] alone', () => {
  const h = harness(['lattice']);
  beforeAll(() => h.setUp());
  afterAll(() => h.cleanUp());

  it('a new commit of the route mid-rollout ends that rollout and starts the next from the live rule', async () => {
    await applyDesired(await template(['lattice'], 'rollout'), h.engine, h.options);
    h.advance(6 * 60_000);
    await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 68, 'search-v2': 32 }]);
    const applied = await applyDesired(await stateOf(loadEdited(['lattice'], canaryAt(50, 50))), h.engine, h.options);
    const [decision] = applied.rollouts!.decisions;
    expect(decision).toMatchObject({ action: 'start', supersedes: { status: 'superseded' } });
    if (decision.action !== 'start') throw new Error('expected a start');
    expect(decision.record.from).toEqual([{ target: 'search-v1', weight: 68 }, { target: 'search-v2', weight: 32 }]);
    expect(decision.record.to).toEqual([{ target: 'search-v1', weight: 50 }, { target: 'search-v2', weight: 50 }]);
    expect(decision.record.targets).toEqual(['lattice']);
    expect(await h.latticeWeights('canary')).toEqual([asWeights(decision.weights)]);
    const [record] = (await h.engine.store.getRollouts(REPO))!.rollouts;
    expect(record).toMatchObject({ status: 'in-progress', step: 0 });
    // The new rollout ticks on from its own start.
    h.advance(6 * 60_000);
    const run = await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(run.outcomes.map((o) => o.transition?.event.event)).toEqual(['step']);
    const stepped = (await h.engine.store.getRollouts(REPO))!.rollouts[0]!;
    expect(await h.latticeWeights('canary')).toEqual([asWeights(stepped.history.at(-1)!.weights!)]);
    expect(stepped.history.at(-1)!.weights).not.toEqual(decision.weights);
  });

  it('a new commit that drops the rollout ends it and applies the declared weights at once', async () => {
    const applied = await applyDesired(await stateOf(loadEdited(['lattice'], canaryAt(30, 70, false))), h.engine, h.options);
    expect(applied.rollouts?.decisions.map((d) => [d.action, d.action === 'superseded' ? d.reason : ''])).toEqual([['superseded', 'a new commit removed the rollout from the route']]);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 30, 'search-v2': 70 }]);
    expect((await h.engine.store.getRollouts(REPO))!.rollouts[0]!.status).toBe('superseded');
    h.advance(6 * 60_000);
    await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 30, 'search-v2': 70 }]);
  });
});

describe('a rollout of a catch-all route on targets [lattice] alone (the listener default action)', () => {
  const h = harness(['lattice']);
  beforeAll(() => h.setUp());
  afterAll(() => h.cleanUp());

  it('starts from the live default action, steps it, rolls it back on an alarm, and leaves the canary rule alone', async () => {
    expect(await h.latticeWeights('default')).toEqual([{ 'search-v1': 95, fastersearch: 5 }]);
    const applied = await applyDesired(await stateOf(loadEdited(['lattice'], catchAllRollout)), h.engine, h.options);
    const [decision] = applied.rollouts!.decisions;
    expect(decision).toMatchObject({ action: 'start', label: 'Route watches/search-router/default' });
    if (decision.action !== 'start') throw new Error('expected a start');
    expect(asWeights(decision.record.from)).toEqual({ 'search-v1': 95, fastersearch: 5 });
    expect(await h.latticeWeights('default')).toEqual([asWeights(decision.weights)]);
    expect(asWeights(decision.weights)).not.toEqual({ 'search-v1': 95, fastersearch: 5 });
    h.advance(6 * 60_000);
    const run = await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(run.outcomes.map((o) => o.transition?.event.event)).toEqual(['step']);
    const stepped = (await h.engine.store.getRollouts(REPO))!.rollouts[0]!;
    expect(await h.latticeWeights('default')).toEqual([asWeights(stepped.history.at(-1)!.weights!)]);
    const { report } = await detectDriftDesired(await stateOf(loadEdited(['lattice'], catchAllRollout)), h.engine, { repo: REPO });
    expect(report.items.map((i) => [i.class, i.target, i.kind, i.name])).toEqual([['rollout', 'lattice', 'Route', 'default']]);
    await h.alarm('ALARM', 'Threshold Crossed: 5 errors');
    const back = await runRollouts(h.engine, h.ports(), { kind: 'tick' }, h.options);
    expect(back.outcomes.map((o) => o.transition?.event.event)).toEqual(['rolled-back']);
    expect(await h.latticeWeights('default')).toEqual([{ 'search-v1': 95, fastersearch: 5 }]);
    await applyDesired(await stateOf(loadEdited(['lattice'], catchAllRollout)), h.engine, h.options);
    expect(await h.latticeWeights('default')).toEqual([{ 'search-v1': 95, fastersearch: 5 }]);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 90, 'search-v2': 10 }]);
  });
});

describe('LatticeRuleWeights', () => {
  const h = harness(['lattice']);
  beforeAll(() => h.setUp());
  afterAll(() => h.cleanUp());
  const canary = { kind: 'Route' as const, mesh: 'watches', parent: 'search-router', name: 'canary' };
  const catchAll = { kind: 'Route' as const, mesh: 'watches', parent: 'search-router', name: 'default' };

  it('reads and writes the weights of the rule tagged with the route, by virtual node', async () => {
    const writer = new LatticeRuleWeights(h.engine.apis.lattice!);
    expect(await writer.read(canary)).toEqual([{ target: 'search-v1', weight: 90 }, { target: 'search-v2', weight: 10 }]);
    await writer.write(canary, [{ target: 'search-v1', weight: 75 }, { target: 'search-v2', weight: 25 }]);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 75, 'search-v2': 25 }]);
    const updates = jest.spyOn(h.engine.apis.lattice!, 'updateRule');
    await writer.write(canary, [{ target: 'search-v1', weight: 75 }, { target: 'search-v2', weight: 25 }]);
    expect(updates).not.toHaveBeenCalled();
    updates.mockRestore();
    // The catch-all route is untouched.
    expect(await h.latticeWeights('default')).toEqual([{ 'search-v1': 95, fastersearch: 5 }]);
  });

  it('writes a catch-all route on the listener default action', async () => {
    const writer = new LatticeRuleWeights(h.engine.apis.lattice!);
    expect(await writer.read(catchAll)).toEqual([{ target: 'fastersearch', weight: 5 }, { target: 'search-v1', weight: 95 }]);
    await writer.write(catchAll, [{ target: 'fastersearch', weight: 20 }, { target: 'search-v1', weight: 80 }]);
    expect(await h.latticeWeights('default')).toEqual([{ 'search-v1': 80, fastersearch: 20 }]);
    expect(await h.latticeWeights('canary')).toEqual([{ 'search-v1': 75, 'search-v2': 25 }]);
  });

  it('a route with a rollout on targets: [lattice] alone loads without a warning', async () => {
    expect((await load(['lattice'], 'rollout')).diagnostics.filter((d) => d.severity !== 'error' && d.message.includes('rollout'))).toEqual([]);
  });

  it('names a route that no rule or default action carries', async () => {
    const writer = new LatticeRuleWeights(h.engine.apis.lattice!);
    await expect(writer.write({ ...canary, name: 'nowhere' }, [{ target: 'search-v1', weight: 1 }])).rejects.toThrow('Route watches/search-router/nowhere: no listener rule or default action carries this route');
    expect(await writer.read({ ...canary, parent: 'other-router' })).toBeUndefined();
  });
});
