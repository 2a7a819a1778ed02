/**
 * buildPlan(desired, live) → Plan: the planner's steps in order (docs/design.md §2), each a pure
 * function in its own file:
 *   classify → namespace cascade → listener changes → delete checks → conflicts, maxDeletes,
 *   quotas, replaces → Lattice rule priorities → schedule (task keys) → traffic views.
 * The steps return changes, problems and timings; none of them mutates what it was given.
 */
import { resourceId } from '../resources/resource-key';
import type { DesiredState, LastApplied, LiveState } from '../resources/types';
import { afterWorld } from './after-world';
import { conflictErrors, countDeletions, maxDeletesError, replaceWarnings } from './change-problems';
import { classifyChanges } from './classify';
import { decommissionOf } from './decommission';
import { checkDeletes } from './delete-checks';
import { digest } from './fingerprint';
import { latticeReport } from './lattice-report';
import { latticeTrafficViews } from './lattice-traffic';
import { reorderForListenerChanges } from './listener-changes';
import { cascadeNamespaceReplaces } from './namespace-cascade';
import { ownerProblems } from './owner-checks';
import { quotaWarnings } from './quota-warnings';
import { rulePriorityTimings } from './rule-priorities';
import { schedule } from './schedule';
import { mergeTimings } from './timing';
import { trafficViews, type World } from './traffic';
import type { Plan, PlanProblem, PlanSummary } from './types';
import { ACTIONS } from './types';

export { liveDigest, userTags } from './live-side';

export interface PlanInput {
  desired: DesiredState;
  live: LiveState;
  /** The last successful apply, when there was one (a namespace's VPC is only known from it). */
  lastApplied?: LastApplied;
  /** `apply --max-deletes N`: overrides the settings' maxDeletes for one run. */
  maxDeletes?: number;
}

export function buildPlan(input: PlanInput): Plan {
  const { desired, live, lastApplied } = input;
  const { settings } = desired;
  const errors: PlanProblem[] = ownerProblems(desired, live);
  const warnings: PlanProblem[] = [];

  const liveById = new Map(live.resources.map((r) => [resourceId(r), r]));
  const desiredById = new Map(desired.resources.map((r) => [resourceId(r), r]));
  const classified = classifyChanges({ desired, live, ...(lastApplied ? { lastApplied } : {}) });
  const cascade = cascadeNamespaceReplaces(classified, live, desiredById);
  const listeners = reorderForListenerChanges(cascade.changes, live);
  const changes = listeners.changes;
  errors.push(...cascade.errors, ...listeners.errors);

  const after = afterWorld(liveById, changes);
  errors.push(...checkDeletes(changes, after, liveById), ...conflictErrors(changes));

  const deletions = countDeletions(changes);
  const maxDeletes = input.maxDeletes ?? settings.maxDeletes;
  const tooMany = maxDeletesError(deletions, maxDeletes);
  if (tooMany) errors.push(tooMany);
  warnings.push(...quotaWarnings(live, changes), ...replaceWarnings(changes));

  const timings = mergeTimings(cascade.timings, listeners.timings, rulePriorityTimings(changes));
  const lattice = latticeReport(desired);
  errors.push(...lattice.errors);
  warnings.push(...lattice.warnings);
  const decommission = decommissionOf(settings, changes);

  const scheduled = schedule(changes, timings);
  const before: World = liveById;
  const latticeTraffic = latticeTrafficViews(before, after, new Set(scheduled.changes.filter((c) => c.action !== 'unmanaged' && c.action !== 'conflict').map((c) => c.id)));
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, scheduled.changes.filter((c) => c.action === a).length])) as unknown as PlanSummary;
  const plan: Omit<Plan, 'fingerprint'> = {
    formatVersion: 1,
    owner: settings.owner,
    region: settings.region,
    summary,
    changes: scheduled.changes,
    steps: scheduled.steps,
    traffic: trafficViews(before, after),
    warnings,
    errors,
    deletions,
    maxDeletes,
    ...(lattice.report ? { lattice: lattice.report } : {}),
    ...(latticeTraffic.length ? { latticeTraffic } : {}),
    ...(decommission ? { decommission } : {}),
  };
  return { ...plan, fingerprint: planFingerprint(plan) };
}

/** The fingerprint covers what will run and what it was planned against, not where in Git it was written. */
export function planFingerprint(plan: Omit<Plan, 'fingerprint'>): string {
  return digest({ ...plan, changes: plan.changes.map((c) => ({ ...c, source: undefined })) });
}
