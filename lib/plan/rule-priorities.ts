/**
 * Step 6 of a plan: a Lattice rule's priority is unique on its listener, so a deleted rule whose
 * priority a created or re-prioritized rule takes is deleted before its listener's rules are
 * written, not at the end.
 */
import type { Kind } from '../resources/kinds';
import type { Timing } from './timing';
import type { Change } from './types';

/** Kinds whose `spec.priority` is unique among the children of one parent. */
export const UNIQUE_PRIORITY_KINDS: ReadonlySet<Kind> = new Set<Kind>(['Rule']);

export function rulePriorityTimings(changes: ReadonlyMap<string, Change>): Map<string, Timing> {
  const slot = (parent: string | undefined, priority: unknown) => `${parent} ${String(priority)}`;
  const wanted = new Set<string>();
  for (const c of changes.values()) {
    if (!UNIQUE_PRIORITY_KINDS.has(c.kind)) continue;
    if (c.action === 'create' || c.action === 'replace' || c.action === 'update' || c.action === 'adopt') wanted.add(slot(c.parent, c.desired.spec.priority));
  }
  const timings = new Map<string, Timing>();
  for (const c of changes.values()) {
    if (UNIQUE_PRIORITY_KINDS.has(c.kind) && c.action === 'delete' && wanted.has(slot(c.parent, c.live.spec.priority))) timings.set(c.id, 'before-parent');
  }
  return timings;
}
