/**
 * The last step of a plan: each change becomes its tasks (task-key.ts), placed by the timings the
 * earlier steps decided; sorted, the tasks give the steps, and the changes are listed in the order
 * their first task runs (those that never run last: conflicts, then unmanaged resources).
 */
import { compareKeys } from '../resources/resource-key';
import { unreachable } from './change-facts';
import { beforeParentRank, compareTasks, deleteRank, sameStep, writeRank, type Task } from './task-key';
import type { Timing, Timings } from './timing';
import type { Action, Change, Operation } from './types';

/** The operations of one change. */
export function tasksOf(change: Change, timing: Timing | undefined): Task[] {
  const { kind } = change;
  switch (change.action) {
    case 'create':
      return [{ phase: 'write', rank: writeRank(kind), type: 'create', change }];
    case 'update':
    case 'adopt':
      return [{ phase: 'write', rank: timing === 'before-parent' ? beforeParentRank(kind) : writeRank(kind), type: 'update', change }];
    case 'replace':
      // The delete frees the name: first, unless it waits for its parent's listener change.
      return [
        timing === 'before-parent'
          ? { phase: 'write', rank: beforeParentRank(kind), type: 'delete', change }
          : { phase: 'delete-first', rank: deleteRank(kind), type: 'delete', change },
        { phase: 'write', rank: writeRank(kind), type: 'create', change },
      ];
    case 'delete':
      if (timing === 'first') return [{ phase: 'delete-first', rank: deleteRank(kind), type: 'delete', change }];
      if (timing === 'before-parent') return [{ phase: 'write', rank: beforeParentRank(kind), type: 'delete', change }];
      return [{ phase: 'delete-last', rank: deleteRank(kind), type: 'delete', change }];
    case 'conflict':
    case 'unmanaged':
      return [];
    default:
      return unreachable(change);
  }
}

/** Changes that never run, after the rest: conflicts first (they fail the plan), then unmanaged. */
const UNSCHEDULED_ORDER: Partial<Record<Action, number>> = { conflict: 0, unmanaged: 1 };

export function schedule(changes: ReadonlyMap<string, Change>, timings: Timings): { changes: Change[]; steps: Operation[][] } {
  const tasks = [...changes.values()].flatMap((c) => tasksOf(c, timings.get(c.id))).sort(compareTasks);
  const firstTask = new Map<string, Task>();
  for (const t of tasks) if (!firstTask.has(t.change.id)) firstTask.set(t.change.id, t);
  const unscheduled = [...changes.values()]
    .filter((c) => !firstTask.has(c.id))
    .sort((a, b) => (UNSCHEDULED_ORDER[a.action] ?? 2) - (UNSCHEDULED_ORDER[b.action] ?? 2) || compareKeys(a, b));
  const ordered = [...[...firstTask.values()].map((t) => t.change), ...unscheduled];
  const index = new Map(ordered.map((c, i) => [c.id, i]));
  const steps: Operation[][] = [];
  let previous: Task | undefined;
  for (const t of tasks) {
    if (!previous || !sameStep(previous, t)) steps.push([]);
    steps[steps.length - 1]!.push({ type: t.type, change: index.get(t.change.id)!, kind: t.change.kind, id: t.change.id });
    previous = t;
  }
  return { changes: ordered, steps };
}
