import fc from 'fast-check';
import { buildPlan } from '../../lib/plan/build-plan';
import { tasksOf } from '../../lib/plan/schedule';
import { beforeParentRank, compareTasks, deleteRank, PHASES, sameStep, writeRank, type Task } from '../../lib/plan/task-key';
import { KIND_INFO, KINDS_BY_CREATE_RANK } from '../../lib/resources/kinds';
import type { DesiredState } from '../../lib/resources/types';
import { arbitraryRepo } from '../support/arbitrary-repo';
import { liveOf, liveState } from '../support/builders';

/** Every task of a plan from `live` to `desired` (the tasks its schedule sorted). */
function tasksOfPlan(desired: DesiredState, live: DesiredState): Task[] {
  const plan = buildPlan({ desired: { ...desired, settings: { ...desired.settings, prune: true, maxDeletes: 1000 } }, live: liveState(live.resources.map((r) => liveOf(r, { owner: desired.settings.owner }))) });
  return plan.changes.flatMap((c) => tasksOf(c, undefined));
}

const sign = (n: number) => Math.sign(n);

describe('task keys', () => {
  it('ranks: writes follow the registry create rank, deletes reverse it, a before-parent task sits just before its parent', () => {
    for (const [i, kind] of KINDS_BY_CREATE_RANK.entries()) {
      expect(writeRank(kind)).toBe(i);
      expect(deleteRank(kind)).toBe(-i);
      const parent = KIND_INFO[kind].parent;
      if (!parent) {
        expect(() => beforeParentRank(kind)).toThrow(`${kind} has no parent kind`);
        continue;
      }
      // Strictly between the kind before the parent and the parent itself.
      expect(beforeParentRank(kind)).toBeLessThan(writeRank(parent.kind));
      expect(beforeParentRank(kind)).toBeGreaterThan(writeRank(parent.kind) - 1);
    }
    expect(PHASES).toEqual(['delete-first', 'write', 'delete-last']);
  });

  it('create ranks are unique, so a step holds one kind', () => {
    const ranks = KINDS_BY_CREATE_RANK.map((k) => KIND_INFO[k].createRank);
    expect(new Set(ranks).size).toBe(ranks.length);
  });

  it('compareTasks is a total order: antisymmetric, transitive, and equal only for the same task', () => {
    fc.assert(
      fc.property(arbitraryRepo, arbitraryRepo, (a, b) => {
        const tasks = tasksOfPlan(b, a);
        const picks = tasks.slice(0, 25);
        for (const x of picks) {
          expect(compareTasks(x, x)).toBe(0);
          for (const y of picks) {
            expect(sign(compareTasks(x, y)) + sign(compareTasks(y, x))).toBe(0);
            if (x !== y) expect(compareTasks(x, y)).not.toBe(0);
            for (const z of picks.slice(0, 8)) {
              if (compareTasks(x, y) < 0 && compareTasks(y, z) < 0) expect(compareTasks(x, z)).toBeLessThan(0);
            }
          }
        }
      }),
      { numRuns: 40, seed: 13 },
    );
  });

  it('the phase decides before the rank, the rank before the resource, the resource before the type', () => {
    const change = { kind: 'Mesh' as const, name: 'a', id: 'Mesh/a', action: 'create' as const, diff: [], desired: { spec: {}, tags: {} } };
    const other = { ...change, name: 'b', id: 'Mesh/b' };
    const t = (phase: Task['phase'], rank: number, type: Task['type'], c = change): Task => ({ phase, rank, type, change: c });
    expect(compareTasks(t('delete-first', 99, 'delete'), t('write', -99, 'create'))).toBeLessThan(0);
    expect(compareTasks(t('write', 1, 'create', other), t('write', 2, 'create'))).toBeLessThan(0);
    expect(compareTasks(t('write', 1, 'create'), t('write', 1, 'create', other))).toBeLessThan(0);
    expect(compareTasks(t('write', 1, 'delete'), t('write', 1, 'create'))).toBeLessThan(0);
    expect(sameStep(t('write', 1, 'delete'), t('write', 1, 'create', other))).toBe(true);
    expect(sameStep(t('write', 1, 'delete'), t('write', 1.5, 'delete'))).toBe(false);
    expect(sameStep(t('delete-first', 1, 'delete'), t('delete-last', 1, 'delete'))).toBe(false);
  });
});

