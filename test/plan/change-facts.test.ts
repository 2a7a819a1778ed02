import { changeReason, changeSource, desiredBody, isListenerRecreation, liveBody, unreachable } from '../../lib/plan/change-facts';
import { operationTask } from '../../lib/plan/operation-task';
import { ACTIONS, type Change, type Operation } from '../../lib/plan/types';

const source = { file: 'mesh/a.yaml', line: 3, column: 1 };
const desired = { spec: { a: 1 }, tags: {} };
const live = { spec: { a: 0 }, tags: {}, ref: { arn: 'arn', digest: 'd' } };
const key = { kind: 'Mesh' as const, name: 'm', id: 'Mesh/m', diff: [] };
const BY_ACTION: Record<Change['action'], Change> = {
  create: { ...key, action: 'create', source, desired },
  update: { ...key, action: 'update', source, desired, live, liveOwner: 'o' },
  adopt: { ...key, action: 'adopt', source, desired, live, reason: 'adopt why' },
  replace: { ...key, action: 'replace', source, desired, live, liveOwner: 'o', reason: 'replace why' },
  delete: { ...key, action: 'delete', live, liveOwner: 'o', reason: 'delete why' },
  conflict: { ...key, action: 'conflict', source, desired, live, reason: 'conflict why' },
  unmanaged: { ...key, action: 'unmanaged', live, reason: 'unmanaged why' },
};

describe('change facts', () => {
  it('answer for every action', () => {
    expect(Object.keys(BY_ACTION).sort()).toEqual([...ACTIONS].sort());
    const table = ACTIONS.map((a) => {
      const c = BY_ACTION[a];
      return [a, changeReason(c) ?? null, changeSource(c) ? 'source' : null, desiredBody(c) ? 'desired' : null, liveBody(c) ? 'live' : null];
    });
    expect(table).toEqual([
      ['create', null, 'source', 'desired', null],
      ['update', null, 'source', 'desired', 'live'],
      ['adopt', 'adopt why', 'source', 'desired', 'live'],
      ['delete', 'delete why', null, null, 'live'],
      ['replace', 'replace why', 'source', 'desired', 'live'],
      ['conflict', 'conflict why', 'source', 'desired', 'live'],
      ['unmanaged', 'unmanaged why', null, null, 'live'],
    ]);
  });

  it('a listener re-creation is a replace that says so', () => {
    expect(isListenerRecreation({ ...BY_ACTION.replace, listenerChange: true } as Change)).toBe(true);
    expect(isListenerRecreation(BY_ACTION.replace)).toBe(false);
    expect(isListenerRecreation(BY_ACTION.update)).toBe(false);
  });

  it('unreachable throws on what a switch forgot', () => {
    expect(() => unreachable('x' as never)).toThrow('unexpected value: "x"');
  });
});

describe('operationTask', () => {
  const op = (type: Operation['type']): Operation => ({ type, change: 0, kind: 'Mesh', id: 'Mesh/m' });

  it('pairs each operation type with the actions that carry it out', () => {
    const accepted = (type: Operation['type']) =>
      ACTIONS.filter((a) => {
        try {
          return operationTask(op(type), BY_ACTION[a]).change === BY_ACTION[a];
        } catch {
          return false;
        }
      });
    expect(accepted('create')).toEqual(['create', 'replace']);
    expect(accepted('update')).toEqual(['update', 'adopt']);
    expect(accepted('delete')).toEqual(['delete', 'replace']);
  });

  it('an inconsistent pairing throws, naming the step and the change', () => {
    expect(() => operationTask(op('update'), BY_ACTION.delete)).toThrow('plan step update Mesh/m points at a delete of Mesh m: the plan is inconsistent');
    expect(() => operationTask(op('delete'), undefined)).toThrow('plan step delete Mesh/m points at no change (index 0): the plan is inconsistent');
  });
});
