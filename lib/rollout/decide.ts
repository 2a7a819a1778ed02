import { digest } from '../plan/fingerprint';
import { normalizeSpec } from '../plan/normalize';
import { KIND_INFO } from '../resources/kinds';
import { resourceId, resourceLabel } from '../resources/resource-key';
import type { JsonObject } from '../resources/json';
import type { DesiredResource, DesiredState, LiveState } from '../resources/types';
import { pendingOf, recordWeights, stepWeights } from './machine';
import { formatWeights, notOnlyWeights, routeWeights, sameWeights, withRouteWeights } from './route-weights';
import type { RolloutBook, RolloutRecord, TargetWeight } from './types';

/**
 * What an apply (or a plan, or a drift check) does with the routes that declare a `rollout`, pure:
 * the desired state with each such route's weights replaced by what the rollout stands for, the
 * decision per route (said on the plan), and the rollout records the apply writes first.
 *
 * Rules (docs/progressive-delivery.md):
 * - A change of a route's weights only, on a route with `rollout`, starts a rollout from the live
 *   weights: the apply sets the first step.
 * - Any other change of that route (matches, targets added or removed, a new route) applies at once.
 * - The same route document as the one that started a rollout keeps the rollout's weights: the
 *   step while in progress, the old weights once rolled back, the declared ones once completed.
 * - A different document of that route (a new commit of it) supersedes the rollout: a new one
 *   starts from the current live weights, or the change applies at once.
 */

export type RolloutDecision =
  | { action: 'start'; id: string; label: string; record: RolloutRecord; weights: TargetWeight[]; supersedes?: RolloutRecord }
  | { action: 'continue'; id: string; label: string; record: RolloutRecord; weights: TargetWeight[] }
  | { action: 'held-back'; id: string; label: string; record: RolloutRecord; weights: TargetWeight[] }
  | { action: 'completed'; id: string; label: string; record: RolloutRecord }
  | { action: 'at-once'; id: string; label: string; reason: string; supersedes?: RolloutRecord }
  | { action: 'superseded'; id: string; label: string; record: RolloutRecord; reason: string };

export interface RolloutPlan {
  /** The desired state apply runs: rollout routes carry the rollout's weights. */
  effective: DesiredState;
  decisions: RolloutDecision[];
  /** The records as they must be stored before the apply runs. */
  book: RolloutBook;
  /** True when `book` differs from what was read. */
  changed: boolean;
}

/** What a route looks like live: its spec, or why a change of it is not one of weights only. */
export type LiveRouteView = { spec: JsonObject } | { changed: string };

export interface DecideInput {
  desired: DesiredState;
  live: LiveState;
  book?: RolloutBook;
  now: Date;
  sha?: string;
  pullRequest?: number;
  region?: string;
  /** Targets the weights go to (`appmesh`, `lattice`), recorded for ticks. */
  targets?: string[];
  /** The routes as live when no App Mesh route carries them (`targets: [lattice]` alone), by route id. */
  liveRoutes?: Map<string, LiveRouteView>;
}

/** Digest of what a commit says about a route: its spec and its rollout. */
export function documentDigest(resource: Pick<DesiredResource, 'spec' | 'rollout'>): string {
  return digest({ spec: resource.spec, rollout: resource.rollout ?? null });
}

export function emptyBook(): RolloutBook {
  return { version: 1, rollouts: [] };
}

/** A record whose last tick was killed half-way counts as the record it was moving to. */
export function settled(record: RolloutRecord): RolloutRecord {
  return pendingOf(record)?.next ?? record;
}

export function decideRollouts(input: DecideInput): RolloutPlan {
  const { desired, live, now } = input;
  const at = now.toISOString();
  const records = new Map((input.book?.rollouts ?? []).map((r) => [r.id, r]));
  const liveById = new Map(live.resources.filter((r) => KIND_INFO[r.kind].rollout).map((r) => [resourceId(r), r]));
  const decisions: RolloutDecision[] = [];
  const next = new Map<string, RolloutRecord>();
  let changed = false;
  const put = (record: RolloutRecord) => {
    next.set(record.id, record);
    changed = true;
  };

  const resources = desired.resources.map((resource) => {
    if (!KIND_INFO[resource.kind].rollout) return resource;
    const id = resourceId(resource);
    const label = resourceLabel(resource);
    const stored = records.get(id);
    const record = stored ? settled(stored) : undefined;
    if (stored && record !== stored) put(record!);
    else if (stored) next.set(id, stored);
    const docDigest = documentDigest(resource);

    if (record && record.documentDigest === docDigest && resource.rollout && record.status !== 'superseded') {
      switch (record.status) {
        case 'in-progress': {
          const weights = recordWeights(record);
          decisions.push({ action: 'continue', id, label, record, weights });
          return { ...resource, spec: withRouteWeights(resource.spec, weights) };
        }
        case 'rolled-back':
          decisions.push({ action: 'held-back', id, label, record, weights: record.from });
          return { ...resource, spec: withRouteWeights(resource.spec, record.from) };
        case 'completed':
          decisions.push({ action: 'completed', id, label, record });
          return resource;
      }
    }

    // A new document of this route: whatever rollout it had ends here.
    let supersedes: RolloutRecord | undefined;
    if (record && (record.status === 'in-progress' || record.status === 'rolled-back') && record.documentDigest !== docDigest) {
      const reason = resource.rollout ? 'a new commit changed the route' : 'a new commit removed the rollout from the route';
      supersedes = supersede(record, at, reason);
      put(supersedes);
      if (!resource.rollout) decisions.push({ action: 'superseded', id, label, record: supersedes, reason });
    }
    if (!resource.rollout) return resource;

    const found = liveById.get(id);
    const current = input.liveRoutes ? input.liveRoutes.get(id) : found && { spec: found.spec };
    if (!current) {
      decisions.push({ action: 'at-once', id, label, reason: 'the route does not exist yet: it is created with its declared weights', ...(supersedes ? { supersedes } : {}) });
      return resource;
    }
    if ('changed' in current) {
      decisions.push({ action: 'at-once', id, label, reason: `${current.changed}: the change applies at once`, ...(supersedes ? { supersedes } : {}) });
      return resource;
    }
    const liveSpec = normalizeSpec(resource.kind, current.spec);
    const why = notOnlyWeights(liveSpec, normalizeSpec(resource.kind, resource.spec));
    if (why) {
      decisions.push({ action: 'at-once', id, label, reason: `${why}: the change applies at once`, ...(supersedes ? { supersedes } : {}) });
      return resource;
    }
    const from = routeWeights(liveSpec)!;
    const to = routeWeights(resource.spec)!;
    if (sameWeights(from, to)) return resource;
    const started: RolloutRecord = {
      id,
      route: { kind: 'Route', name: resource.name, ...(resource.mesh !== undefined ? { mesh: resource.mesh } : {}), ...(resource.parent !== undefined ? { parent: resource.parent } : {}) },
      status: 'in-progress',
      from,
      to,
      spec: resource.rollout,
      step: 0,
      startedAt: at,
      stepStartedAt: at,
      documentDigest: docDigest,
      ...(input.sha ? { sha: input.sha } : {}),
      ...(input.pullRequest !== undefined ? { pullRequest: input.pullRequest } : {}),
      source: { file: resource.source.file, line: resource.source.line },
      ...(input.region ? { region: input.region } : {}),
      targets: input.targets ?? ['appmesh'],
      history: [],
    };
    const weights = stepWeights(started, 0);
    started.history.push({ at, event: 'started', step: 0, weights, note: `from ${formatWeights(from)} to ${formatWeights(to)}` });
    put(started);
    decisions.push({ action: 'start', id, label, record: started, weights, ...(supersedes ? { supersedes } : {}) });
    return { ...resource, spec: withRouteWeights(resource.spec, weights) };
  });

  // Rollouts of routes no longer declared end too.
  const declared = new Set(desired.resources.filter((r) => KIND_INFO[r.kind].rollout).map(resourceId));
  for (const [id, stored] of records) {
    if (declared.has(id)) continue;
    const record = settled(stored);
    if (record.status === 'in-progress' || record.status === 'rolled-back') {
      const ended = supersede(record, at, 'the route was removed from Git', 'route-removed');
      put(ended);
      decisions.push({ action: 'superseded', id, label: resourceLabel(record.route), record: ended, reason: 'the route was removed from Git' });
    } else {
      next.set(id, stored);
    }
  }

  const book: RolloutBook = { version: 1, rollouts: [...next.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) };
  return { effective: { ...desired, resources }, decisions, book, changed };
}

function supersede(record: RolloutRecord, at: string, reason: string, endedBy: 'new-commit' | 'route-removed' = 'new-commit'): RolloutRecord {
  const { pending: _pending, ...rest } = record;
  const weights = recordWeights(record);
  return { ...rest, status: 'superseded', endedAt: at, endedBy, history: [...record.history, { at, event: 'superseded' as const, weights, note: reason }].slice(-50) };
}
