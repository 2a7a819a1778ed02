/**
 * Apply order as explicit task keys (docs/design.md §2, "Ordering"): every operation of a plan is a
 * task with a key `(phase, rank, kind, name)`, one comparator orders them, and the tasks that share
 * a phase and a rank form one step (they run concurrently).
 *
 * - phase: `delete-first` (deletes that must free a name or a parent before anything is created),
 *   `write` (creates and updates), `delete-last` (the other deletes);
 * - rank: in `write`, the kind's create rank (from the kind registry): parents before children;
 *   an operation moved before its parent's step takes the parent's rank less one half; in the delete
 *   phases, the create rank negated: children before parents (deletes reverse creates);
 * - kind, then name: the resource key's own order (kind by create rank, then mesh, parent, name);
 * - the operation type last, so that no two tasks compare equal.
 */
import { KIND_INFO, type Kind } from '../resources/kinds';
import { compareKeys } from '../resources/resource-key';
import type { Change, OperationType } from './types';

export const PHASES = ['delete-first', 'write', 'delete-last'] as const;
export type Phase = (typeof PHASES)[number];

export interface Task {
  phase: Phase;
  rank: number;
  type: OperationType;
  change: Change;
}

const TYPE_ORDER: Record<OperationType, number> = { delete: 0, create: 1, update: 2 };

/** The one comparator of the apply order: a total order on tasks. */
export function compareTasks(a: Task, b: Task): number {
  return PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.rank - b.rank || compareKeys(a.change, b.change) || TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
}

/** Whether two tasks run in the same step. */
export function sameStep(a: Task, b: Task): boolean {
  return a.phase === b.phase && a.rank === b.rank;
}

/** The rank of a kind's own writes. */
export function writeRank(kind: Kind): number {
  return KIND_INFO[kind].createRank;
}

/** The rank of a child's operation that must run just before its parent's step. */
export function beforeParentRank(kind: Kind): number {
  const parent = KIND_INFO[kind].parent;
  if (!parent) throw new Error(`${kind} has no parent kind: nothing to run before`);
  return KIND_INFO[parent.kind].createRank - 0.5;
}

/** The rank of a delete: children before parents. */
export function deleteRank(kind: Kind): number {
  return -KIND_INFO[kind].createRank;
}
