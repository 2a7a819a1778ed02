import fc from 'fast-check';
import { buildPlan } from '../../lib/plan/build-plan';
import { schedule, tasksOf } from '../../lib/plan/schedule';
import type { Timing } from '../../lib/plan/timing';
import type { Change, Plan } from '../../lib/plan/types';
import { KIND_INFO } from '../../lib/resources/kinds';
import { referencesOf } from '../../lib/resources/references';
import { resourceId } from '../../lib/resources/resource-key';
import type { DesiredState } from '../../lib/resources/types';
import { arbitraryRepo } from '../support/arbitrary-repo';
import { liveOf, liveState } from '../support/builders';

const live = (d: DesiredState) => liveState(d.resources.map((r) => liveOf(r, { owner: d.settings.owner })));
const pruning = (d: DesiredState): DesiredState => ({ ...d, settings: { ...d.settings, prune: true, maxDeletes: 10_000, allowEmpty: true } });
const stepIds = (plan: Plan) => plan.steps.map((s) => s.map((o) => `${o.type} ${o.id}`));

/** Step index of each (type, id) operation. */
function stepOf(plan: Plan): Map<string, number> {
  const out = new Map<string, number>();
  plan.steps.forEach((step, i) => step.forEach((o) => out.set(`${o.type} ${o.id}`, i)));
  return out;
}

const created: Change = { kind: 'Route', name: 'r1', mesh: 'm', parent: 'router', id: 'Route/m/router/r1', action: 'create', diff: [], desired: { spec: {}, tags: {} } };
const liveSide = { spec: {}, tags: {}, ref: { arn: 'arn', digest: 'd' } };
const route = (action: Change['action'], extra: object = {}): Change =>
  ({ kind: 'Route', name: 'r1', mesh: 'm', parent: 'router', id: 'Route/m/router/r1', action, diff: [], reason: 'why', desired: { spec: {}, tags: {} }, live: liveSide, ...extra }) as Change;

describe('tasksOf', () => {
  it('gives each action its operations, placed by the timing', () => {
    const keys = (c: Change, t?: Timing) => tasksOf(c, t).map((k) => `${k.phase} ${k.rank} ${k.type}`);
    const own = KIND_INFO.Route.createRank;
    const beforeRouter = KIND_INFO.VirtualRouter.createRank - 0.5;
    expect(keys(created)).toEqual([`write ${own} create`]);
    expect(keys(route('update'))).toEqual([`write ${own} update`]);
    expect(keys(route('adopt'))).toEqual([`write ${own} update`]);
    expect(keys(route('update'), 'before-parent')).toEqual([`write ${beforeRouter} update`]);
    expect(keys(route('replace'))).toEqual([`delete-first ${-own} delete`, `write ${own} create`]);
    expect(keys(route('replace', { listenerChange: true }), 'before-parent')).toEqual([`write ${beforeRouter} delete`, `write ${own} create`]);
    expect(keys(route('delete'))).toEqual([`delete-last ${-own} delete`]);
    expect(keys(route('delete'), 'first')).toEqual([`delete-first ${-own} delete`]);
    expect(keys(route('delete'), 'before-parent')).toEqual([`write ${beforeRouter} delete`]);
    expect(keys(route('conflict'))).toEqual([]);
    expect(keys(route('unmanaged'))).toEqual([]);
  });
});

describe('schedule', () => {
  it('groups tasks of one phase and rank into a step, and lists changes by their first task, then conflicts, then unmanaged', () => {
    const c = (name: string, action: Change['action']) => ({ ...route(action), name, id: `Route/m/router/${name}` }) as Change;
    const changes = new Map([c('u', 'unmanaged'), c('x', 'conflict'), c('b', 'delete'), c('a', 'create'), c('c', 'replace')].map((ch) => [ch.id, ch]));
    const out = schedule(changes, new Map([['Route/m/router/b', 'before-parent']]));
    expect(out.changes.map((ch) => `${ch.action} ${ch.name}`)).toEqual(['replace c', 'delete b', 'create a', 'conflict x', 'unmanaged u']);
    expect(out.steps.map((s) => s.map((o) => `${o.type} ${o.id.split('/').pop()} #${o.change}`))).toEqual([
      ['delete c #0'],
      ['delete b #1'],
      ['create a #2', 'create c #0'],
    ]);
  });

  it('the input is not changed', () => {
    const changes = new Map([[route('replace').id, route('replace')]]);
    const copy = structuredClone([...changes]);
    schedule(changes, new Map());
    expect([...changes]).toEqual(copy);
  });
});

describe('ordering properties (random repositories)', () => {
  it('every change that runs has its operations in the steps, each pointing at it; a replace deletes before it creates', () => {
    fc.assert(
      fc.property(arbitraryRepo, arbitraryRepo, (a, b) => {
        const plan = buildPlan({ desired: pruning(b), live: live(a) });
        const ops = plan.steps.flat();
        for (const o of ops) expect(plan.changes[o.change]!.id).toBe(o.id);
        const at = stepOf(plan);
        for (const c of plan.changes) {
          const mine = ops.filter((o) => o.id === c.id).map((o) => o.type);
          if (c.action === 'conflict' || c.action === 'unmanaged') expect(mine).toEqual([]);
          else if (c.action === 'replace') {
            expect(mine.sort()).toEqual(['create', 'delete']);
            expect(at.get(`delete ${c.id}`)!).toBeLessThan(at.get(`create ${c.id}`)!);
          } else expect(mine).toHaveLength(1);
        }
      }),
      { numRuns: 60, seed: 21 },
    );
  });

  it('parents and what a resource must refer to (hard references) are created before it', () => {
    fc.assert(
      fc.property(arbitraryRepo, (d) => {
        const plan = buildPlan({ desired: d, live: liveState([]) });
        const at = stepOf(plan);
        for (const r of d.resources) {
          for (const ref of referencesOf(r).filter((x) => x.hard)) {
            const target = at.get(`create ${resourceId(ref.target)}`);
            if (target !== undefined) expect(target).toBeLessThan(at.get(`create ${resourceId(r)}`)!);
          }
        }
      }),
      { numRuns: 60, seed: 22 },
    );
  });

  it('deletes reverse creates: deleting everything runs the create steps backwards', () => {
    fc.assert(
      fc.property(arbitraryRepo, (d) => {
        const creates = stepIds(buildPlan({ desired: d, live: liveState([]) })).map((s) => s.map((o) => o.replace(/^create /, '')));
        const deletes = stepIds(buildPlan({ desired: pruning({ ...d, resources: [] }), live: live(d) })).map((s) => s.map((o) => o.replace(/^delete /, '')));
        expect(deletes).toEqual([...creates].reverse());
      }),
      { numRuns: 60, seed: 23 },
    );
  });
});
