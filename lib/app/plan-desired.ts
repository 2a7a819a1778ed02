import type { LatticeReadScope } from '../live/read-lattice';
import { readLive, type LiveReadStats } from '../live/read-live';
import type { ReadCache } from '../live/read-cache';
import { buildPlan } from '../plan/build-plan';
import type { Plan } from '../plan/types';
import type { DesiredState, LastApplied, LiveState } from '../resources/types';
import { decideRollouts, type RolloutPlan } from '../rollout/decide';
import { rolloutNotes } from '../rollout/notes';
import type { Engine } from './engine';

export interface PlanDesiredOptions {
  /** The state store's key for this repo (`owner/name`). */
  repo: string;
  maxDeletes?: number;
  onProgress?: (message: string) => void;
  /** Recorded on a rollout an apply starts. */
  sha?: string;
  pullRequest?: number;
}

export interface PlannedDesired {
  plan: Plan;
  live: LiveState;
  lastApplied?: LastApplied;
  readStats: LiveReadStats;
  /** What the routes with a `rollout` do (the plan was built from `rollouts.effective`). */
  rollouts: RolloutPlan;
}

/** DesiredState → live read (with the shared read cache) → Plan. */
export async function planDesired(desired: DesiredState, engine: Engine, options: PlanDesiredOptions): Promise<PlannedDesired> {
  const meshes = [...new Set(desired.resources.filter((r) => r.kind === 'Mesh').map((r) => r.name))];
  const namespaces = [...new Set(desired.resources.filter((r) => r.kind === 'CloudMapNamespace').map((r) => r.name))];
  const [cache, lastApplied, book] = await Promise.all([
    engine.store.getReadCache(engine.cacheScope) as Promise<ReadCache | undefined>,
    engine.store.getLastApplied(options.repo),
    engine.store.getRollouts(options.repo),
  ]);
  const read = await readLive(engine.apis, {
    owner: desired.settings.owner,
    meshes,
    namespaces,
    ...(desired.settings.targets.includes('lattice') ? { lattice: latticeReadScope(desired) } : {}),
    ...(cache ? { cache } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  await engine.store.putReadCache(engine.cacheScope, read.cache as never);
  const rollouts = decideRollouts({ desired, live: read.state, ...(book ? { book } : {}), now: engine.now(), region: engine.region, ...(options.sha ? { sha: options.sha } : {}), ...(options.pullRequest !== undefined ? { pullRequest: options.pullRequest } : {}) });
  const plan = buildPlan({ desired: rollouts.effective, live: read.state, ...(lastApplied ? { lastApplied } : {}), ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}) });
  if (rollouts.decisions.length) plan.rollouts = rolloutNotes(rollouts.decisions, engine.now());
  return { plan, live: read.state, ...(lastApplied ? { lastApplied } : {}), readStats: read.stats, rollouts };
}

/** The Lattice names a repository declares (derived by the mapping): read even before they carry our tag. */
export function latticeReadScope(desired: DesiredState): LatticeReadScope {
  const names = (kind: string) => [...new Set(desired.resources.filter((r) => r.kind === kind).map((r) => r.name))];
  return { serviceNetworks: names('ServiceNetwork'), services: names('LatticeService'), targetGroups: names('TargetGroup') };
}
