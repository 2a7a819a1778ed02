/**
 * One scenario, run inside its own process (see run.ts): set the emulator up with no latency, then
 * turn the latency on and measure the use-case exactly as the CLI and the functions call it; then
 * the naive baseline against the same emulator (or, for writes, a twin set up the same way).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDesired } from '../lib/app/apply-desired';
import { detectDriftDesired } from '../lib/app/detect-drift';
import { createEngine, type Engine } from '../lib/app/engine';
import { planDesired } from '../lib/app/plan-desired';
import { Emulator } from '../lib/emulator/emulator';
import { readLive } from '../lib/live/read-live';
import { loadDesiredState } from '../lib/model/load';
import { renderDiagnostics } from '../lib/model/render';
import { buildPlan } from '../lib/plan/build-plan';
import { hasChanges } from '../lib/plan/types';
import { KIND_INFO } from '../lib/resources/kinds';
import { resourceId } from '../lib/resources/resource-key';
import type { DesiredState, LastApplied, LiveState } from '../lib/resources/types';
import { LocalStateStore } from '../lib/state/local-state-store';
import { DEFAULT_CONCURRENCY } from '../lib/aws/call-policy';
import { naiveApis, naiveReconcile } from './baseline';
import { applyChangeGraph, applyEmptyGraph, coldPlanGraph, warmDriftGraph } from './call-graphs';
import { computeFloor, type CallGraph, type Floor } from './floor';
import { terraformReconcile } from './terraform-model';
import { changeRepo, generateRepo, meshNames, NAMESPACE, repoSnapshot, SIZE_PARAMETERS, type BenchRepo, type BenchTarget, type ExpectedChange, type Size } from './generate-repo';
import { latticeApplyEmptyGraph, latticeColdPlanGraph } from './lattice-call-graphs';
import { recordWrites } from './write-log';

export const SCENARIOS = ['cold-plan', 'warm-drift', 'pr-plan', 'apply-empty', 'apply-5pct', 'pure-plan'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** The scenarios also run with `targets: [lattice]` (at L: see run.ts). */
export const LATTICE_SCENARIOS: readonly ScenarioName[] = ['cold-plan', 'apply-empty'];

export interface ScenarioOptions {
  size: Size;
  /** The repository's target; absent: App Mesh, as before Lattice. */
  target?: BenchTarget;
  latencyMs: number;
  /** Pinned concurrency; absent: the engine's default (start at 10 and adapt), as the CLI runs. */
  concurrency?: number;
  /** The Terraform-model baseline (terraform-model.ts). */
  baseline: boolean;
  /** The naive sequential baseline too (baseline.ts; slow: one call at a time). */
  sequentialBaseline: boolean;
}

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface ScenarioResult {
  size: Size;
  name: ScenarioName;
  /** Set on the Lattice runs only, so that App Mesh figures keep their shape. */
  target?: 'lattice';
  wallMs: number;
  floorMs?: number;
  baselineMs?: number;
  terraformMs?: number;
  terraformCalls?: number;
  apiCalls: number;
  callsByOperation: Record<string, number>;
  cpuMs: number;
  /** The process's peak RSS, setup included (three meshes applied from empty at XL). */
  peakRssMb: number;
  /** The peak RSS while the measured use-case ran (Linux: the peak is reset when it starts; absent elsewhere). */
  useCasePeakRssMb?: number;
  /** The heap the in-process emulator's state holds (a Lambda or a CLI against AWS has none of it). */
  emulatorStateMb?: number;
  /** Not part of the JSON figures: what the table prints besides them. */
  extra: { floor?: Omit<Floor, 'callsByOperation'>; baselineCalls?: number; concurrency?: { peak: number; low: number; throttled: number }; checks: Check[]; notes: string[] };
}

const REGION = 'us-east-1';
const REPO_KEY = 'bench/mesh-config';
const LOCK_TIMEOUT_MS = 10 * 60_000;

interface Measured<T> {
  value: T;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  useCasePeakRssMb?: number;
  apiCalls: number;
  callsByOperation: Record<string, number>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * A full collection (run-ts starts the bench with --expose-gc) so that the setup's garbage is not
 * collected on the scenario's time, then a pause: V8 sweeps on helper threads after a collection,
 * and process CPU time counts every thread.
 */
async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 2; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const mb = (bytes: number) => round1(bytes / (1024 * 1024));

/** The peak RSS so far in bytes (Linux: VmHWM, which resetPeakRss resets); undefined elsewhere. */
function peakRssBytes(): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Linux: lowers the peak RSS to the current RSS (`5` in /proc/self/clear_refs), so that the peak
 * read after the use-case is the use-case's own, not the setup's. False where that is not possible.
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return peakRssBytes() !== undefined;
  } catch {
    return false;
  }
}

/**
 * The heap the emulator's state holds: the heap after a full collection, less the heap after the
 * state is emptied (the last thing a scenario does: nothing uses the emulator after it).
 */
function emptyEmulatorState(emulator: Emulator): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  const before = process.memoryUsage().heapUsed;
  emulator.store.write((state) => {
    for (const key of Object.keys(state)) delete state[key];
  });
  gc();
  return mb(Math.max(0, before - process.memoryUsage().heapUsed));
}

async function measure<T>(emulator: Emulator | undefined, fn: () => Promise<T>): Promise<Measured<T>> {
  await collectGarbage();
  emulator?.resetCallStats();
  const setupPeak = process.resourceUsage().maxRSS * 1024;
  const reset = resetPeakRss();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const useCasePeak = reset ? peakRssBytes() : undefined;
  const stats = emulator?.callStats() ?? { total: 0, byOperation: {} };
  return {
    value,
    wallMs: round1(wallMs),
    cpuMs: round1((used.user + used.system) / 1000),
    peakRssMb: mb(Math.max(setupPeak, useCasePeak ?? 0, process.resourceUsage().maxRSS * 1024)),
    ...(useCasePeak !== undefined ? { useCasePeakRssMb: mb(useCasePeak) } : {}),
    apiCalls: stats.total,
    callsByOperation: Object.fromEntries(Object.entries(stats.byOperation).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/** The use-case's own peak and the emulator's share of the heap; empties the emulator (call last). */
function memoryOf(m: Measured<unknown>, emulator: Emulator): Pick<ScenarioResult, 'useCasePeakRssMb' | 'emulatorStateMb'> {
  const emulatorStateMb = emptyEmulatorState(emulator);
  return { ...(m.useCasePeakRssMb !== undefined ? { useCasePeakRssMb: m.useCasePeakRssMb } : {}), ...(emulatorStateMb !== undefined ? { emulatorStateMb } : {}) };
}

async function timeOnly(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return round1(performance.now() - start);
}

/** The generated repo through the loader, as a user's repo would go (fails loudly if the generator wrote an invalid repo). */
export function loadRepo(repo: BenchRepo): DesiredState {
  const result = loadDesiredState(repoSnapshot(repo));
  if (!result.state) throw new Error(`the generated ${repo.size} repo does not load:\n${renderDiagnostics(result.diagnostics, { color: false })}`);
  return result.state;
}

class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'meshops-bench-'));
  private count = 0;
  store(): LocalStateStore {
    return new LocalStateStore({ dir: join(this.dir, `store-${this.count++}`) });
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function emulatorFor(size: Size, scenario: ScenarioName): Emulator {
  // With creates before deletes the 5% change holds 200 + replaced nodes for a moment: over the
  // default quota at L, as an account at quota would be; it raises the quota, as it would have to.
  const p = SIZE_PARAMETERS[size];
  const quota = KIND_INFO.VirtualNode.quota!;
  const peak = p.nodes + p.nodesReplaced;
  const quotas = scenario === 'apply-5pct' && peak > quota.limit ? { [quota.code]: peak } : {};
  return new Emulator({ region: REGION, quotas });
}

function engineFor(emulator: Emulator, store: LocalStateStore, concurrency: number | undefined): Engine {
  return createEngine({ kind: 'embedded' }, { region: REGION, store, ...(concurrency !== undefined ? { concurrency } : {}), emulator });
}

function setLatency(emulator: Emulator, latencyMs: number): void {
  emulator.faults.configure({ latencyMs });
}

async function applyOrFail(engine: Engine, desired: DesiredState, what: string): Promise<void> {
  const { result } = await applyDesired(desired, engine, { repo: REPO_KEY, holder: 'bench', lockTimeoutMs: LOCK_TIMEOUT_MS });
  if (result.status !== 'applied' && result.status !== 'nothing-to-do') throw new Error(`${what}: apply ${result.status}: ${result.error?.message ?? ''}`);
}

async function planIsEmpty(engine: Engine, desired: DesiredState): Promise<Check> {
  const { plan } = await planDesired(desired, engine, { repo: REPO_KEY });
  const changed = plan.changes.filter((c) => c.action !== 'unmanaged');
  return { name: 'a fresh plan after it shows no changes', ok: !hasChanges(plan) && plan.errors.length === 0, ...(changed.length ? { detail: changed.slice(0, 5).map((c) => `${c.action} ${c.id}`).join(', ') } : {}) };
}

/** The floor at the concurrency a run starts with (an adaptive run may grow past it). */
function floorOf(graph: CallGraph, options: ScenarioOptions): Floor {
  return computeFloor(graph, options.concurrency ?? DEFAULT_CONCURRENCY, options.latencyMs);
}

function withoutBreakdown(floor: Floor): Omit<Floor, 'callsByOperation'> {
  const { callsByOperation: _ignored, ...rest } = floor;
  return rest;
}

function compareSets(name: string, actual: Set<string>, expected: Set<string>): Check {
  const extra = [...actual].filter((x) => !expected.has(x)).sort();
  const missing = [...expected].filter((x) => !actual.has(x)).sort();
  const detail = [extra.length ? `written but unchanged: ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ` (+${extra.length - 5})` : ''}` : '', missing.length ? `changed but not written: ${missing.slice(0, 5).join(', ')}` : ''].filter(Boolean).join('; ');
  return { name, ok: extra.length === 0 && missing.length === 0, ...(detail ? { detail } : {}) };
}

function cloudMapIdsOf(live: LiveState): Map<string, string> {
  const ids = new Map<string, string>();
  for (const r of live.resources) {
    if (r.kind !== 'CloudMapNamespace' && r.kind !== 'CloudMapService') continue;
    ids.set(r.arn, resourceId(r));
    if (r.id) ids.set(r.id, resourceId(r));
  }
  return ids;
}

export async function runScenario(name: ScenarioName, options: ScenarioOptions): Promise<ScenarioResult> {
  const workspace = new Workspace();
  try {
    return await run(name, options, workspace);
  } finally {
    workspace.dispose();
  }
}

async function run(name: ScenarioName, options: ScenarioOptions, workspace: Workspace): Promise<ScenarioResult> {
  if (options.target === 'lattice') return runLattice(name, options, workspace);
  const { size, latencyMs, concurrency } = options;
  const repo = generateRepo(size);
  const desired = loadRepo(repo);
  const emulator = emulatorFor(size, name);
  const checks: Check[] = [];
  const notes: string[] = [];
  let engineUsed: Engine | undefined;
  const result = (m: Measured<unknown>, floor?: Floor, baseline?: { ms: number; calls: number }, terraform?: { ms: number; calls: number }): ScenarioResult => ({
    size,
    name,
    wallMs: m.wallMs,
    ...(floor ? { floorMs: floor.floorMs } : {}),
    ...(baseline ? { baselineMs: baseline.ms } : {}),
    ...(terraform ? { terraformMs: terraform.ms, terraformCalls: terraform.calls } : {}),
    apiCalls: m.apiCalls,
    callsByOperation: m.callsByOperation,
    cpuMs: m.cpuMs,
    peakRssMb: m.peakRssMb,
    ...memoryOf(m, emulator),
    extra: {
      ...(floor ? { floor: withoutBreakdown(floor) } : {}),
      ...(baseline ? { baselineCalls: baseline.calls } : {}),
      ...(engineUsed ? { concurrency: { peak: engineUsed.policy.limiter.peak, low: engineUsed.policy.limiter.low, throttled: engineUsed.policy.limiter.throttled } } : {}),
      checks,
      notes,
    },
  });
  /** The naive run against `target` at the scenario's latency; its calls counted on their own. */
  const naive = async (emulatorOf: () => Emulator | Promise<Emulator>, state: DesiredState, write: boolean) => {
    if (!options.sequentialBaseline) return undefined;
    const target = await emulatorOf();
    setLatency(target, latencyMs);
    target.resetCallStats();
    const ms = await timeOnly(() => naiveReconcile(naiveApis(target, REGION), state, { write }));
    return { ms, calls: target.callStats().total };
  };
  /** The Terraform-model run against `target` holding `known` (Terraform's state file: what it applied). */
  const terraform = async (target: Emulator, state: DesiredState, known: LiveState, write: boolean) => {
    if (!options.baseline) return undefined;
    setLatency(target, latencyMs);
    target.resetCallStats();
    const ms = await timeOnly(() => terraformReconcile(target, REGION, state, known, { write }));
    const calls = target.callStats().total;
    setLatency(target, 0);
    return { ms, calls };
  };
  /** What Terraform's state file would hold for `target`: every resource it manages, ids included. */
  const stateOf = async (target: Emulator): Promise<LiveState> => (await readLive(engineFor(target, workspace.store(), undefined).apis, { owner: desired.settings.owner, meshes: meshNames(size), namespaces: [NAMESPACE] })).state;
  /** A twin of the scenario's emulator holding `state` applied (for the baseline's writes). */
  const twin = async (state?: DesiredState) => {
    const other = emulatorFor(size, name);
    if (state) await applyOrFail(engineFor(other, workspace.store(), concurrency), state, 'setting up the baseline');
    return other;
  };

  switch (name) {
    case 'cold-plan': {
      const setupStore = workspace.store();
      await applyOrFail(engineFor(emulator, setupStore, concurrency), desired, 'setup');
      // A new store: no read cache. The last-applied record is the one a real repo would have.
      const store = workspace.store();
      const lastApplied = await setupStore.getLastApplied(REPO_KEY);
      if (lastApplied) await store.putLastApplied(REPO_KEY, lastApplied);
      const engine = (engineUsed = engineFor(emulator, store, concurrency));
      const known = await stateOf(emulator);
      setLatency(emulator, latencyMs);
      const m = await measure(emulator, () => planDesired(desired, engine, { repo: REPO_KEY }));
      checks.push({ name: 'plan of the applied repo shows no changes', ok: !hasChanges(m.value.plan) && m.value.plan.errors.length === 0 });
      const tf = await terraform(emulator, desired, known, false);
      return result(m, floorOf(coldPlanGraph(repo.documents), options), await naive(() => emulator, desired, false), tf);
    }
    case 'warm-drift': {
      const engine = (engineUsed = engineFor(emulator, workspace.store(), concurrency));
      await applyOrFail(engine, desired, 'setup');
      // The previous scheduled check: it warms the read cache (specs by version; tags are read every time).
      await detectDriftDesired(desired, engine, { repo: REPO_KEY });
      const known = await stateOf(emulator);
      setLatency(emulator, latencyMs);
      const m = await measure(emulator, () => detectDriftDesired(desired, engine, { repo: REPO_KEY }));
      checks.push({ name: 'no drift reported', ok: m.value.report.items.length === 0, ...(m.value.report.items.length ? { detail: m.value.report.items.slice(0, 5).map((i) => `${i.class} ${i.id}`).join(', ') } : {}) });
      const tf = await terraform(emulator, desired, known, false);
      return result(m, floorOf(warmDriftGraph(repo.documents), options), await naive(() => emulator, desired, false), tf);
    }
    case 'pr-plan': {
      const { repo: changed, expected } = changeRepo(repo);
      const next = loadRepo(changed);
      const engine = (engineUsed = engineFor(emulator, workspace.store(), concurrency));
      await applyOrFail(engine, desired, 'setup');
      // The cache as the last apply and the scheduled drift check after it leave it.
      await detectDriftDesired(desired, engine, { repo: REPO_KEY });
      const known = await stateOf(emulator);
      setLatency(emulator, latencyMs);
      const m = await measure(emulator, () => planDesired(next, engine, { repo: REPO_KEY }));
      const planned = new Set(m.value.plan.changes.filter((c) => c.action !== 'unmanaged').map((c) => c.id));
      checks.push(compareSets('plan holds exactly the changed resources', planned, new Set(changedIds(expected))));
      const tf = await terraform(emulator, next, known, false);
      return result(m, floorOf(warmDriftGraph(repo.documents), options), await naive(() => emulator, next, false), tf);
    }
    case 'apply-empty': {
      const engine = (engineUsed = engineFor(emulator, workspace.store(), concurrency));
      setLatency(emulator, latencyMs);
      const m = await measure(emulator, () => applyDesired(desired, engine, { repo: REPO_KEY, holder: 'bench', lockTimeoutMs: LOCK_TIMEOUT_MS }));
      checks.push({ name: 'apply succeeded', ok: m.value.result.status === 'applied', ...(m.value.result.error ? { detail: m.value.result.error.message } : {}) });
      setLatency(emulator, 0);
      checks.push(await planIsEmpty(engine, desired));
      const tf = options.baseline ? await terraform(await twin(), desired, { resources: [], scope: { meshes: [], namespaces: [] }, warnings: [] }, true) : undefined;
      return result(m, floorOf(applyEmptyGraph(repo.documents), options), await naive(() => twin(), desired, true), tf);
    }
    case 'apply-5pct': {
      const { repo: changed, expected } = changeRepo(repo);
      const next = loadRepo(changed);
      const engine = (engineUsed = engineFor(emulator, workspace.store(), concurrency));
      await applyOrFail(engine, desired, 'setup');
      // The pull request's plan: it warms the read cache the apply then uses.
      const pr = await planDesired(next, engine, { repo: REPO_KEY });
      const peakNodes = SIZE_PARAMETERS[size].nodes + SIZE_PARAMETERS[size].nodesReplaced;
      if (peakNodes > KIND_INFO.VirtualNode.quota!.limit) notes.push(`virtual node quota raised to ${peakNodes} (creates run before deletes)`);
      setLatency(emulator, latencyMs);
      const log = recordWrites(emulator, cloudMapIdsOf(pr.live));
      const m = await measure(emulator, () => applyDesired(next, engine, { repo: REPO_KEY, holder: 'bench', lockTimeoutMs: LOCK_TIMEOUT_MS }));
      log.stop();
      checks.push({ name: 'apply succeeded', ok: m.value.result.status === 'applied', ...(m.value.result.error ? { detail: m.value.result.error.message } : {}) });
      checks.push(compareSets('writes touch exactly the changed resources', new Set(log.writes.map((w) => w.resource)), new Set(changedIds(expected))));
      notes.push(`change: ${expected.created.length} created, ${expected.updated.length} updated, ${expected.deleted.length} deleted; ${log.writes.length} write calls`);
      setLatency(emulator, 0);
      checks.push(await planIsEmpty(engine, next));
      const tfTwin = options.baseline ? await twin(desired) : undefined;
      const tf = tfTwin ? await terraform(tfTwin, next, await stateOf(tfTwin), true) : undefined;
      return result(m, floorOf(applyChangeGraph(repo.documents, changed.documents, expected), options), await naive(() => twin(desired), next, true), tf);
    }
    case 'pure-plan': {
      const { repo: changed, expected } = changeRepo(repo);
      const next = loadRepo(changed);
      // The emulator and the engine are garbage once the inputs are read: a Lambda planning holds no
      // emulator, and a heap it does not have would slow the collections the plan step triggers.
      const { live, lastApplied } = await applyAndRead(desired, workspace, concurrency, size);
      // The first call in the process: what a Lambda's plan step costs, JIT compilation included.
      const m = await measure(undefined, async () => buildPlan({ desired: next, live, ...(lastApplied ? { lastApplied } : {}) }));
      const planned = new Set(m.value.changes.filter((c) => c.action !== 'unmanaged').map((c) => c.id));
      checks.push(compareSets('plan holds exactly the changed resources', planned, new Set(changedIds(expected))));
      const warm: number[] = [];
      for (let i = 0; i < 5; i++) warm.push((await measure(undefined, async () => buildPlan({ desired: next, live, ...(lastApplied ? { lastApplied } : {}) }))).cpuMs);
      notes.push(`plan of the 5% change against ${live.resources.length} live resources; warm runs: median ${warm.sort((a, b) => a - b)[2]} ms CPU`);
      return result(m);
    }
  }
}

/** A fresh emulator with the repo applied, read back: the plan step's inputs. */
async function applyAndRead(desired: DesiredState, workspace: Workspace, concurrency: number | undefined, size: Size): Promise<{ live: LiveState; lastApplied?: LastApplied }> {
  const engine = engineFor(emulatorFor(size, 'pure-plan'), workspace.store(), concurrency);
  await applyOrFail(engine, desired, 'setup');
  const live = (await readLive(engine.apis, { owner: desired.settings.owner, meshes: meshNames(size), namespaces: [NAMESPACE] })).state;
  const lastApplied = await engine.store.getLastApplied(REPO_KEY);
  return { live, ...(lastApplied ? { lastApplied } : {}) };
}

function changedIds(expected: ExpectedChange): string[] {
  return [...expected.created, ...expected.updated, ...expected.deleted];
}

/**
 * The Lattice runs: the same repository with `targets: [lattice]`, against the same emulator at the
 * same latency. No baselines: the Terraform model and the naive reconcile speak App Mesh only.
 */
async function runLattice(name: ScenarioName, options: ScenarioOptions, workspace: Workspace): Promise<ScenarioResult> {
  const { size, latencyMs, concurrency } = options;
  const desired = loadRepo(generateRepo(size, 'lattice'));
  const emulator = emulatorFor(size, name);
  const checks: Check[] = [];
  const notes: string[] = [];
  const mapped = desired.resources.filter((r) => KIND_INFO[r.kind].service === 'lattice');
  notes.push(`${mapped.length} Lattice resources mapped from the repository (${desired.resources.length - mapped.length} Cloud Map resources beside them)`);
  let engine: Engine;
  let m: Measured<unknown>;
  let graph: CallGraph;
  switch (name) {
    case 'cold-plan': {
      const setupStore = workspace.store();
      await applyOrFail(engineFor(emulator, setupStore, concurrency), desired, 'setup');
      const store = workspace.store();
      const lastApplied = await setupStore.getLastApplied(REPO_KEY);
      if (lastApplied) await store.putLastApplied(REPO_KEY, lastApplied);
      engine = engineFor(emulator, store, concurrency);
      setLatency(emulator, latencyMs);
      const measured = await measure(emulator, () => planDesired(desired, engine, { repo: REPO_KEY }));
      checks.push({ name: 'plan of the applied repo shows no changes', ok: !hasChanges(measured.value.plan) && measured.value.plan.errors.length === 0 });
      m = measured;
      graph = latticeColdPlanGraph(desired.resources);
      break;
    }
    case 'apply-empty': {
      engine = engineFor(emulator, workspace.store(), concurrency);
      setLatency(emulator, latencyMs);
      const measured = await measure(emulator, () => applyDesired(desired, engine, { repo: REPO_KEY, holder: 'bench', lockTimeoutMs: LOCK_TIMEOUT_MS }));
      checks.push({ name: 'apply succeeded', ok: measured.value.result.status === 'applied', ...(measured.value.result.error ? { detail: measured.value.result.error.message } : {}) });
      setLatency(emulator, 0);
      checks.push(await planIsEmpty(engine, desired));
      m = measured;
      graph = latticeApplyEmptyGraph(desired.resources);
      break;
    }
    default:
      throw new Error(`the ${name} scenario has no Lattice run (Lattice runs: ${LATTICE_SCENARIOS.join(', ')})`);
  }
  const floor = floorOf(graph, options);
  return {
    size,
    name,
    target: 'lattice',
    wallMs: m.wallMs,
    floorMs: floor.floorMs,
    apiCalls: m.apiCalls,
    callsByOperation: m.callsByOperation,
    cpuMs: m.cpuMs,
    peakRssMb: m.peakRssMb,
    ...memoryOf(m, emulator),
    extra: { floor: withoutBreakdown(floor), concurrency: { peak: engine.policy.limiter.peak, low: engine.policy.limiter.low, throttled: engine.policy.limiter.throttled }, checks, notes: [...notes, `floor calls by operation: ${Object.entries(floor.callsByOperation).map(([op, n]) => `${op} ${n}`).join(', ')}`] },
  };
}
