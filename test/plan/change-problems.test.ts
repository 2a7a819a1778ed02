import { conflictErrors, countDeletions, maxDeletesError, replaceWarnings } from '../../lib/plan/change-problems';
import { ownerProblems } from '../../lib/plan/owner-checks';
import type { Change } from '../../lib/plan/types';
import { httpNode, liveOf, liveState, mesh, state } from '../support/builders';

const live = { spec: {}, tags: {}, ref: { arn: 'a', digest: 'd' } };
const desired = { spec: {}, tags: {} };
const changes = new Map<string, Change>(
  (
    [
      { kind: 'Mesh', name: 'a', id: 'Mesh/a', action: 'conflict', diff: [], desired, live, reason: 'owned by "x"' },
      { kind: 'Mesh', name: 'b', id: 'Mesh/b', action: 'replace', diff: [], desired, live, reason: 'spec.x cannot change in place' },
      { kind: 'Mesh', name: 'c', id: 'Mesh/c', action: 'delete', diff: [], live, reason: 'removed from Git' },
      { kind: 'Mesh', name: 'd', id: 'Mesh/d', action: 'create', diff: [], desired },
    ] satisfies Change[]
  ).map((c) => [c.id, c]),
);

describe('plan problems of the changes', () => {
  it('every conflict is an error and every replace a warning', () => {
    expect(conflictErrors(changes)).toEqual([{ code: 'conflict', id: 'Mesh/a', message: 'Mesh a is owned by "x"' }]);
    expect(replaceWarnings(changes)).toEqual([{ code: 'replace', id: 'Mesh/b', message: 'Mesh b will be deleted and re-created: spec.x cannot change in place' }]);
  });

  it('deletes and replaces count against maxDeletes; more than the limit is an error that says how to go ahead', () => {
    expect(countDeletions(changes)).toBe(2);
    expect(maxDeletesError(2, 2)).toBeUndefined();
    expect(maxDeletesError(3, 2)).toEqual({
      code: 'max-deletes',
      message: 'this plan deletes 3 resources, more than maxDeletes (2); review the deletions, then apply with --max-deletes 3 (or raise maxDeletes in meshops.yaml)',
    });
  });
});

describe('ownerProblems', () => {
  it('no owner is an error', () => {
    expect(ownerProblems(state([mesh()], { owner: '' }), liveState([])).map((e) => e.code)).toEqual(['owner-missing']);
  });

  it('declaring nothing while owned resources are live is an error unless allowEmpty', () => {
    const live = liveState([liveOf(mesh()), liveOf(httpNode('a')), liveOf(httpNode('b'), { owner: 'other/repo' })]);
    expect(ownerProblems(state([]), live).map((e) => e.message)).toEqual([
      'the repository declares no resource while 2 resources owned by "acme/mesh-config" are live: this plan would delete all of them; declare them, or set allowEmpty: true in meshops.yaml to delete everything on purpose',
    ]);
    expect(ownerProblems(state([], { allowEmpty: true }), live)).toEqual([]);
    expect(ownerProblems(state([mesh()]), live)).toEqual([]);
  });
});
