import { resourceLabel } from '../resources/resource-key';
import type { Change, PlanProblem } from './types';

/** Every conflict fails the plan. */
export function conflictErrors(changes: ReadonlyMap<string, Change>): PlanProblem[] {
  const out: PlanProblem[] = [];
  for (const c of changes.values()) if (c.action === 'conflict') out.push({ code: 'conflict', id: c.id, message: `${resourceLabel(c)} is ${c.reason}` });
  return out;
}

/** Every replace is pointed out to the reviewer: the resource is gone for a moment. */
export function replaceWarnings(changes: ReadonlyMap<string, Change>): PlanProblem[] {
  const out: PlanProblem[] = [];
  for (const c of changes.values()) if (c.action === 'replace') out.push({ code: 'replace', id: c.id, message: `${resourceLabel(c)} will be deleted and re-created: ${c.reason}` });
  return out;
}

/** Deletions counted against maxDeletes: deletes and replaces (listener-change re-creations included). */
export function countDeletions(changes: ReadonlyMap<string, Change>): number {
  return [...changes.values()].filter((c) => c.action === 'delete' || c.action === 'replace').length;
}

/** More deletions than `maxDeletes` fail the plan until the limit is raised for the run or in the settings. */
export function maxDeletesError(deletions: number, maxDeletes: number): PlanProblem | undefined {
  if (deletions <= maxDeletes) return undefined;
  return {
    code: 'max-deletes',
    message: `this plan deletes ${deletions} resources, more than maxDeletes (${maxDeletes}); review the deletions, then apply with --max-deletes ${deletions} (or raise maxDeletes in meshops.yaml)`,
  };
}
