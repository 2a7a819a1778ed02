import type { LatticeReadScope } from '../live/read-lattice';
import { mapToLattice } from '../mapping';
import { KIND_INFO } from '../resources/kinds';
import { resourceId } from '../resources/resource-key';
import { readLive, type LiveReadStats } from '../live/read-live';
import { readRegistrationInstances } from '../live/read-registration-instances';
import { cloudMapRegistrations, registeredTargetGroups, withRegisteredTargets, type RegistrationInstance } from '../mapping/lattice-targets';
import type { ReadCache } from '../live/read-cache';
import { buildPlan } from '../plan/build-plan';
import type { Plan } from '../plan/types';
import type { DesiredResource, DesiredState, LastApplied, LiveState } from '../resources/types';
import { decideRollouts, type RolloutPlan } from '../rollout/decide';
import { rolloutNotes } from '../rollout/notes';
import type { Engine } from './engine';
import { liveRoutesFromLattice } from './lattice-live-routes';

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
  /** The desired state the plan compares with live: as declared, plus the targets of `registration: cloudmap` read from Cloud Map. */
  desired: DesiredState;
  live: LiveState;
  lastApplied?: LastApplied;
  readStats: LiveReadStats;
  /** What the routes with a `rollout` do (the plan was built from `rollouts.effective`). */
  rollouts: RolloutPlan;
}

/** DesiredState → live read (with the shared read cache) → Plan. */
export async function planDesired(declared: DesiredState, engine: Engine, options: PlanDesiredOptions): Promise<PlannedDesired> {
  const meshes = [...new Set(declared.resources.filter((r) => KIND_INFO[r.kind].scope === 'mesh').map((r) => r.name))];
  const namespaces = [...new Set(declared.resources.filter((r) => KIND_INFO[r.kind].scope === 'namespace').map((r) => r.name))];
  const [cache, lastApplied, book] = await Promise.all([
    engine.store.getReadCache(engine.cacheScope) as Promise<ReadCache | undefined>,
    engine.store.getLastApplied(options.repo),
    engine.store.getRollouts(options.repo),
  ]);
  // `registration: cloudmap`: the target groups' targets are the nodes' Cloud Map instances, read now.
  const registrations = cloudMapRegistrations(declared);
  const [read, instances] = await Promise.all([
    readLive(engine.apis, {
      owner: declared.settings.owner,
      meshes,
      namespaces,
      ...(declared.settings.targets.includes('lattice') ? { lattice: latticeReadScope(declared) } : {}),
      ...(cache ? { cache } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }),
    registrations.length ? readRegistrationInstances(engine.apis.cloudMap, registrations) : new Map<string, RegistrationInstance[]>(),
  ]);
  const desired = withRegisteredTargets(declared, instances);
  await engine.store.putReadCache(engine.cacheScope, read.cache as never);
  // On `targets: [lattice]` alone the routes are decided from their declared documents and the live Lattice rules.
  const meshDocs = desired.settings.targets.includes('appmesh') ? undefined : desired.lattice?.declared;
  const decideFrom = meshDocs ? { ...desired, resources: [...desired.resources, ...meshDocs.filter((r) => KIND_INFO[r.kind].rollout)] } : desired;
  const liveRoutes = meshDocs ? liveRoutesFromLattice(meshDocs, desired.settings, read.state) : undefined;
  const rollouts = decideRollouts({ desired: decideFrom, live: read.state, ...(liveRoutes ? { liveRoutes } : {}), ...(book ? { book } : {}), now: engine.now(), region: engine.region, targets: desired.settings.targets, ...(options.sha ? { sha: options.sha } : {}), ...(options.pullRequest !== undefined ? { pullRequest: options.pullRequest } : {}) });
  const effective = withRolloutWeightsOnLattice(rollouts, meshDocs);
  const plan = buildPlan({ desired: effective, live: read.state, ...(lastApplied ? { lastApplied } : {}), ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}) });
  if (rollouts.decisions.length) plan.rollouts = rolloutNotes(rollouts.decisions, engine.now());
  return { plan, desired, live: read.state, ...(lastApplied ? { lastApplied } : {}), readStats: read.stats, rollouts };
}

/**
 * The Lattice rules and default actions were mapped from the declared weights when the repository
 * was loaded; a route in a rollout carries the rollout's weights instead, so its Lattice resources
 * are mapped again from the routes as the rollout set them (the mapping is pure and deterministic:
 * only those weights can differ).
 */
function withRolloutWeightsOnLattice(rollouts: RolloutPlan, meshDocs: DesiredResource[] | undefined): DesiredState {
  const { effective } = rollouts;
  const routes = new Map(effective.resources.filter((r) => KIND_INFO[r.kind].rollout).map((r) => [resourceId(r), r]));
  // Without appmesh among the targets the route documents were only there to decide the rollouts.
  const applied = meshDocs ? { ...effective, resources: effective.resources.filter((r) => KIND_INFO[r.kind].service !== 'appmesh') } : effective;
  const reweighted = rollouts.decisions.some((d) => d.action === 'start' || d.action === 'continue' || d.action === 'held-back');
  if (!reweighted || !effective.settings.targets.includes('lattice')) return applied;
  const declared = meshDocs ? meshDocs.map((r) => (KIND_INFO[r.kind].rollout ? routes.get(resourceId(r)) ?? r : r)) : effective.resources.filter((r) => KIND_INFO[r.kind].service !== 'lattice');
  const mapped = new Map(mapToLattice(declared, effective.settings).resources.map((r) => [resourceId(r), r]));
  return { ...applied, resources: applied.resources.map((r) => (KIND_INFO[r.kind].service === 'lattice' ? mapped.get(resourceId(r)) ?? r : r)) };
}

/** The Lattice names a repository declares (derived by the mapping): read even before they carry our tag. */
export function latticeReadScope(desired: DesiredState): LatticeReadScope {
  const names = (kind: string) => [...new Set(desired.resources.filter((r) => r.kind === kind).map((r) => r.name))];
  return { serviceNetworks: names('ServiceNetwork'), services: names('LatticeService'), targetGroups: names('TargetGroup'), registeredTargets: registeredTargetGroups(desired) };
}
