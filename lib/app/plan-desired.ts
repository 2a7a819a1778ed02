import { readLive, type LiveReadStats } from '../live/read-live';
import type { ReadCache } from '../live/read-cache';
import { buildPlan } from '../plan/build-plan';
import type { Plan } from '../plan/types';
import type { DesiredState, LastApplied, LiveState } from '../resources/types';
import type { Engine } from './engine';

export interface PlanDesiredOptions {
  /** The state store's key for this repo (`owner/name`). */
  repo: string;
  /** How long cached tags stay good. Applies re-read every tag (0); plans and drift checks may reuse them. */
  tagMaxAgeMs: number;
  maxDeletes?: number;
  onProgress?: (message: string) => void;
}

export interface PlannedDesired {
  plan: Plan;
  live: LiveState;
  lastApplied?: LastApplied;
  readStats: LiveReadStats;
}

/** DesiredState → live read (with the shared read cache) → Plan. */
export async function planDesired(desired: DesiredState, engine: Engine, options: PlanDesiredOptions): Promise<PlannedDesired> {
  const meshes = [...new Set(desired.resources.filter((r) => r.kind === 'Mesh').map((r) => r.name))];
  const namespaces = [...new Set(desired.resources.filter((r) => r.kind === 'CloudMapNamespace').map((r) => r.name))];
  const [cache, lastApplied] = await Promise.all([
    engine.store.getReadCache(engine.cacheScope) as Promise<ReadCache | undefined>,
    engine.store.getLastApplied(options.repo),
  ]);
  const read = await readLive(engine.apis, {
    owner: desired.settings.owner,
    meshes,
    namespaces,
    ...(cache ? { cache } : {}),
    tagMaxAgeMs: options.tagMaxAgeMs,
    now: engine.now,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  await engine.store.putReadCache(engine.cacheScope, read.cache as never);
  const plan = buildPlan({ desired, live: read.state, ...(lastApplied ? { lastApplied } : {}), ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}) });
  return { plan, live: read.state, ...(lastApplied ? { lastApplied } : {}), readStats: read.stats };
}
