/**
 * Step 4 of a plan: a delete that a remaining resource still depends on would fail half-way
 * through an apply, so the plan refuses it now.
 */
import { referencesOf } from '../resources/references';
import { resourceId, resourceLabel } from '../resources/resource-key';
import type { LiveResource } from '../resources/types';
import { changeReason } from './change-facts';
import type { World } from './traffic';
import type { Change, PlanProblem } from './types';

export function checkDeletes(changes: ReadonlyMap<string, Change>, after: World, liveById: ReadonlyMap<string, LiveResource>): PlanProblem[] {
  const errors: PlanProblem[] = [];
  const deleted = new Set([...changes.values()].filter((c) => c.action === 'delete').map((c) => c.id));
  if (deleted.size === 0) return errors;
  for (const r of after.values()) {
    for (const ref of referencesOf(r)) {
      const target = resourceId(ref.target);
      if (!deleted.has(target)) continue;
      // A virtual node's backends need not exist (docs/aws-behaviour.md §5.1); its Cloud Map service must, at run time.
      if (!ref.hard && ref.role !== 'cloud-map-service') continue;
      const holder = changes.get(resourceId(r));
      const managedNote = holder?.action === 'unmanaged' || holder?.action === 'conflict' ? ` (${changeReason(holder)})` : '';
      errors.push({
        code: 'blocked-delete',
        id: target,
        message: `${resourceLabel(ref.target)} cannot be deleted: ${resourceLabel(r)} still refers to it as its ${ref.label}${managedNote}`,
      });
    }
  }
  for (const id of deleted) {
    const l = liveById.get(id);
    // Only Cloud Map services count instances.
    if (l && (l.instanceCount ?? 0) > 0) {
      errors.push({
        code: 'blocked-delete',
        id,
        message: `${resourceLabel(l)} cannot be deleted: ${l.instanceCount} instance(s) are registered in it (Cloud Map refuses until they are deregistered by whoever registered them)`,
      });
    }
  }
  return errors;
}
