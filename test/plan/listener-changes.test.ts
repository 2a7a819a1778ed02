import { classifyChanges } from '../../lib/plan/classify';
import { reorderForListenerChanges } from '../../lib/plan/listener-changes';
import type { DesiredResource } from '../../lib/resources/types';
import { httpNode, httpRoute, liveOf, liveState, mesh, router, state } from '../support/builders';

const oneListener = router('r', [{ port: 8080, protocol: 'http' }]);
const twoListeners = router('r', [{ port: 8080, protocol: 'http' }, { port: 9090, protocol: 'http' }]);

function run(before: DesiredResource[], after: DesiredResource[], liveOwner?: (r: DesiredResource) => string | null | undefined) {
  const live = liveState(before.map((r) => liveOf(r, { owner: liveOwner?.(r) })));
  const changes = classifyChanges({ desired: state(after), live });
  const copy = structuredClone([...changes]);
  const out = reorderForListenerChanges(changes, live);
  expect([...changes]).toEqual(copy);
  return out;
}

describe('reorderForListenerChanges', () => {
  it('a route that fits both old and new listeners is updated before the router; one that fits only the new is re-created around it', () => {
    const out = run(
      [mesh(), httpNode('a'), oneListener, httpRoute('r', 'plain', { a: 1 }), httpRoute('r', 'ported', { a: 1 })],
      [mesh(), httpNode('a'), twoListeners, httpRoute('r', 'plain', { a: 1 }, { prefix: '/', port: 9090 }), httpRoute('r', 'ported', { a: 1 }, { prefix: '/', port: 8080 })],
    );
    expect(out.changes.get('Route/watches/r/plain')).toMatchObject({
      action: 'replace',
      listenerChange: true,
      reason: 'VirtualRouter watches/r changes its listeners and this route does not fit them until it is re-created',
    });
    expect(out.changes.get('Route/watches/r/ported')!.action).toBe('update');
    expect(Object.fromEntries(out.timings)).toEqual({ 'Route/watches/r/plain': 'before-parent', 'Route/watches/r/ported': 'before-parent' });
    expect(out.errors).toEqual([]);
  });

  it('routes that fit the new listeners stay where they are', () => {
    const ported = httpRoute('r', 'x', { a: 1 }, { prefix: '/', port: 8080 });
    const out = run([mesh(), httpNode('a'), oneListener, ported], [mesh(), httpNode('a'), twoListeners, ported]);
    expect(out.timings.size).toBe(0);
    expect([...out.changes.keys()]).toEqual(['VirtualRouter/watches/r']);
  });

  it('a deleted route that no longer fits is deleted before the router', () => {
    const out = run([mesh(), httpNode('a'), oneListener, httpRoute('r', 'x', { a: 1 })], [mesh(), httpNode('a'), twoListeners]);
    expect(Object.fromEntries(out.timings)).toEqual({ 'Route/watches/r/x': 'before-parent' });
  });

  it('a route that cannot be re-created blocks the listener change, saying why', () => {
    const unchanged = run([mesh(), httpNode('a'), oneListener, httpRoute('r', 'x', { a: 1 })], [mesh(), httpNode('a'), twoListeners, httpRoute('r', 'x', { a: 1 })]);
    expect(unchanged.errors.map((e) => e.message)).toEqual([
      'VirtualRouter watches/r cannot change its listeners: Route watches/r/x would no longer fit them and meshops cannot re-create it (it is unchanged in Git)',
    ]);
    const untagged = run(
      [mesh(), httpNode('a'), oneListener, httpRoute('r', 'x', { a: 1 })],
      [mesh(), httpNode('a'), twoListeners, httpRoute('r', 'x', { a: 1 }, { prefix: '/', port: 9090 })],
      (r) => (r.kind === 'Route' ? null : undefined),
    );
    expect(untagged.errors.map((e) => [e.code, e.id])).toEqual([['blocked-listener-change', 'VirtualRouter/watches/r']]);
    expect(untagged.errors[0]!.message).toContain('meshops cannot re-create it (it is not yet owned by meshops (apply the adoption first))');
  });
});
