import { rulePriorityTimings } from '../../lib/plan/rule-priorities';
import type { Change } from '../../lib/plan/types';

const body = (priority: number) => ({ spec: { priority }, tags: {} });
const live = (priority: number) => ({ ...body(priority), ref: { arn: 'arn', digest: 'd' } });
const rule = (name: string, listener: string, action: Change['action'], priority: { desired?: number; live?: number }): Change =>
  ({
    kind: 'Rule', name, parent: listener, id: `Rule/${listener}/${name}`, action, diff: [], reason: 'r',
    ...(priority.desired !== undefined ? { desired: body(priority.desired) } : {}),
    ...(priority.live !== undefined ? { live: live(priority.live) } : {}),
  }) as Change;

const timings = (changes: Change[]) => Object.fromEntries(rulePriorityTimings(new Map(changes.map((c) => [c.id, c]))));

describe('rulePriorityTimings', () => {
  it('a deleted rule whose priority a created, replaced, updated or adopted rule takes on the same listener goes before its parent', () => {
    for (const action of ['create', 'replace', 'update', 'adopt'] as const) {
      expect(timings([rule('old', 'svc/l', 'delete', { live: 1 }), rule('new', 'svc/l', action, { desired: 1, live: 5 })])).toEqual({ 'Rule/svc/l/old': 'before-parent' });
    }
  });

  it('another listener, another priority, or a conflict taking it: the delete stays last', () => {
    expect(timings([rule('old', 'svc/l', 'delete', { live: 1 }), rule('new', 'svc/other', 'create', { desired: 1 })])).toEqual({});
    expect(timings([rule('old', 'svc/l', 'delete', { live: 1 }), rule('new', 'svc/l', 'create', { desired: 2 })])).toEqual({});
    expect(timings([rule('old', 'svc/l', 'delete', { live: 1 }), rule('new', 'svc/l', 'conflict', { desired: 1, live: 1 })])).toEqual({});
  });
});
