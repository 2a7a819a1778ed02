import { classifyChanges } from '../../lib/plan/classify';
import { quotaScope, quotaWarnings } from '../../lib/plan/quota-warnings';
import { declared, httpNode, httpRoute, liveOf, liveState, mesh, state } from '../support/builders';

describe('quotaScope', () => {
  it('names where a kind\'s quota counts', () => {
    expect(quotaScope(mesh())).toBe('the account');
    expect(quotaScope(httpNode('a'))).toBe('mesh watches');
    expect(quotaScope(httpRoute('r', 'x', { a: 1 }))).toBe('VirtualRouter watches/r');
    expect(quotaScope(declared('CloudMapService', 's', {}, { parent: 'ns' }))).toBeUndefined();
  });
});

describe('quotaWarnings', () => {
  const nodes = (n: number, prefix = 'n') => Array.from({ length: n }, (_, i) => httpNode(`${prefix}${i}`));

  it('warns when live plus created passes the default quota, even if deletes would bring it back', () => {
    const live = liveState([liveOf(mesh()), ...nodes(200).map((n) => liveOf(n))]);
    const changes = classifyChanges({ desired: state([mesh(), ...nodes(199), httpNode('new')]), live });
    expect(quotaWarnings(live, changes)).toEqual([
      {
        code: 'quota',
        message: 'mesh watches needs 201 virtual nodes while this plan applies (creates run before deletes); the default quota is 200 (L-E043DFB4): raise it first or the apply fails with LimitExceededException',
      },
    ]);
  });

  it('no warning at the quota, nor when nothing is created', () => {
    const live = liveState([liveOf(mesh()), ...nodes(199).map((n) => liveOf(n))]);
    expect(quotaWarnings(live, classifyChanges({ desired: state([mesh(), ...nodes(199), httpNode('new')]), live }))).toEqual([]);
    const full = liveState([liveOf(mesh()), ...nodes(201).map((n) => liveOf(n))]);
    expect(quotaWarnings(full, classifyChanges({ desired: state([mesh(), ...nodes(201)]), live: full }))).toEqual([]);
  });
});
