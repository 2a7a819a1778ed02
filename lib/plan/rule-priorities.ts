/**
 * Step 6 of a plan: a Lattice rule's priority is unique on its listener, so a deleted rule whose
 * priority a created or re-prioritized rule takes is deleted before its listener's rules are
 * written, not at the end.
 */
import { KIND_INFO } from '../resources/kinds';
import type { Timing } from './timing';
import type { Change } from './types';

/** Kinds whose `spec.priority` is unique among the children of one parent (the registry's `uniquePriority`). */
const hasUniquePriority = (c: Change) => KIND_INFO[c.kind].uniquePriority === true;

export function rulePriorityTimings(changes: ReadonlyMap<string, Change>): Map<string, Timing> {
  const slot = (parent: string | undefined, priority: unknown) => `${parent} ${String(priority)}`;
  const wanted = new Set<string>();
  for (const c of changes.values()) {
    if (!hasUniquePriority(c)) continue;
    if (c.action === 'create' || c.action === 'replace' || c.action === 'update' || c.action === 'adopt') wanted.add(slot(c.parent, c.desired.spec.priority));
  }
  const timings = new Map<string, Timing>();
  for (const c of changes.values()) {
    if (hasUniquePriority(c) && c.action === 'delete' && wanted.has(slot(c.parent, c.live.spec.priority))) timings.set(c.id, 'before-parent');
  }
  return timings;
}
