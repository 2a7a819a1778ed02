import { classifyChanges, classifyDeclared, classifyUndeclared } from '../../lib/plan/classify';
import type { Change } from '../../lib/plan/types';
import { resourceId } from '../../lib/resources/resource-key';
import { OWNER_TAG } from '../../lib/resources/types';
import { declared, httpNode, liveOf, liveState, mesh, OWNER, state } from '../support/builders';

const ctx = { owner: OWNER, ignore: [], namespaces: { desiredType: new Map(), liveType: new Map(), appliedVpc: new Map() } };
const node = httpNode('a');
const id = resourceId(node);
const moved = { ...node, spec: { ...node.spec, serviceDiscovery: { dns: { hostname: 'b.watches.local' } } } };

/** The members a change carries, so that each action is seen to carry only its own. */
const members = (c: Change | undefined) => Object.keys(c ?? {}).sort();

describe('classifyDeclared', () => {
  it('create: the declared document, no live side', () => {
    const c = classifyDeclared(id, node, undefined, ctx)!;
    expect(c.action).toBe('create');
    expect(members(c)).toEqual(['action', 'desired', 'diff', 'id', 'kind', 'mesh', 'name', 'source']);
    expect(c.diff.map((d) => d.path)).toEqual(['spec']);
  });

  it('nothing when live equals Git; update with both sides and the owner when a field differs', () => {
    expect(classifyDeclared(id, node, liveOf(node), ctx)).toBeUndefined();
    const c = classifyDeclared(id, moved, liveOf(node), ctx)!;
    expect(c.action).toBe('update');
    expect(members(c)).toEqual(['action', 'desired', 'diff', 'id', 'kind', 'live', 'liveOwner', 'mesh', 'name', 'source']);
    expect(c.action === 'update' && c.live.ref.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('adopt: untagged live, the owner tag added to the diff, a reason, no live owner', () => {
    const c = classifyDeclared(id, node, liveOf(node, { owner: null }), ctx)!;
    expect(c.action).toBe('adopt');
    expect(members(c)).toEqual(['action', 'desired', 'diff', 'id', 'kind', 'live', 'mesh', 'name', 'reason', 'source']);
    expect(c.diff).toEqual([{ path: `tags["${OWNER_TAG}"]`, after: OWNER }]);
  });

  it('conflict: another owner (whatever differs), or an immutable difference on an untagged resource', () => {
    const theirs = classifyDeclared(id, node, liveOf(node, { owner: 'someone/else' }), ctx)!;
    expect(theirs).toMatchObject({ action: 'conflict', liveOwner: 'someone/else', reason: 'owned by "someone/else" (tag meshops:owner), not "acme/mesh-config"' });
    const ns = declared('CloudMapNamespace', 'internal', { type: 'DNS_PRIVATE', vpc: 'vpc-1' });
    const untagged = liveOf({ ...ns, spec: { type: 'HTTP' } }, { owner: null });
    const c = classifyDeclared(resourceId(ns), ns, untagged, ctx)!;
    expect(c.action).toBe('conflict');
    expect(c.action === 'conflict' && c.reason).toMatch(/^cannot adopt: .* cannot change in place/);
  });

  it('replace: an owned resource whose immutable field differs', () => {
    const ns = declared('CloudMapNamespace', 'internal', { type: 'DNS_PRIVATE', vpc: 'vpc-1' });
    const c = classifyDeclared(resourceId(ns), ns, liveOf({ ...ns, spec: { type: 'HTTP' } }), ctx)!;
    expect(c.action).toBe('replace');
    expect(members(c)).toEqual(['action', 'desired', 'diff', 'id', 'kind', 'live', 'liveOwner', 'name', 'reason', 'source']);
  });
});

describe('classifyUndeclared', () => {
  it('delete when ours and prune is on; unmanaged otherwise, with why', () => {
    const l = liveOf(node);
    const del = classifyUndeclared(id, l, OWNER, true);
    expect(del.action).toBe('delete');
    expect(members(del)).toEqual(['action', 'diff', 'id', 'kind', 'live', 'liveOwner', 'mesh', 'name', 'reason']);
    expect(del.diff.map((d) => [d.path, d.after])).toEqual([['spec', undefined]]);
    expect(classifyUndeclared(id, l, OWNER, false)).toMatchObject({ action: 'unmanaged', reason: 'removed from Git, but prune is off' });
    expect(classifyUndeclared(id, liveOf(node, { owner: 'x/y' }), OWNER, true)).toMatchObject({ action: 'unmanaged', reason: 'owned by "x/y"' });
    expect(classifyUndeclared(id, liveOf(node, { owner: null }), OWNER, true)).toMatchObject({ action: 'unmanaged', reason: 'not tagged meshops:owner (created outside meshops)' });
  });
});

describe('classifyChanges', () => {
  it('declared resources in key order first, then the undeclared ones in key order', () => {
    const b = httpNode('b');
    const z = httpNode('z');
    const changes = classifyChanges({ desired: state([httpNode('c'), mesh(), b]), live: liveState([liveOf(z), liveOf(mesh()), liveOf(httpNode('y'))]) });
    expect([...changes.keys()]).toEqual(['VirtualNode/watches/b', 'VirtualNode/watches/c', 'VirtualNode/watches/y', 'VirtualNode/watches/z']);
  });

  it('a Cloud Map service is compared under its namespace type on each side', () => {
    const ns = declared('CloudMapNamespace', 'internal', { type: 'HTTP' });
    const svc = declared('CloudMapService', 'search', {}, { parent: 'internal' });
    const changes = classifyChanges({ desired: state([ns, svc]), live: liveState([liveOf(ns), liveOf(svc)]) });
    expect([...changes.values()]).toEqual([]);
  });
});
