import { afterWorld } from '../../lib/plan/after-world';
import { classifyChanges } from '../../lib/plan/classify';
import { checkDeletes } from '../../lib/plan/delete-checks';
import { resourceId } from '../../lib/resources/resource-key';
import type { DesiredResource, LiveResource } from '../../lib/resources/types';
import { declared, httpNode, httpRoute, liveOf, liveState, mesh, router, state, virtualService } from '../support/builders';

function check(desired: DesiredResource[], live: LiveResource[]) {
  const l = liveState(live);
  const changes = classifyChanges({ desired: state(desired), live: l });
  const liveById = new Map(live.map((r) => [resourceId(r), r]));
  return checkDeletes(changes, afterWorld(liveById, changes), liveById);
}

describe('checkDeletes', () => {
  it('refuses a delete a remaining resource refers to (hard reference), naming the holder and its role', () => {
    const errors = check([mesh(), router('r'), httpRoute('r', 'x', { a: 1 })], [liveOf(mesh()), liveOf(httpNode('a')), liveOf(router('r')), liveOf(httpRoute('r', 'x', { a: 1 }))]);
    expect(errors).toEqual([{ code: 'blocked-delete', id: 'VirtualNode/watches/a', message: 'VirtualNode watches/a cannot be deleted: Route watches/r/x still refers to it as its route target' }]);
  });

  it('adds why the holder is left alone when it is not ours', () => {
    const errors = check([mesh()], [liveOf(mesh()), liveOf(httpNode('a')), liveOf(router('r'), { owner: null }), liveOf(httpRoute('r', 'x', { a: 1 }), { owner: null })]);
    expect(errors.map((e) => e.message)).toEqual(['VirtualNode watches/a cannot be deleted: Route watches/r/x still refers to it as its route target (not tagged meshops:owner (created outside meshops))']);
  });

  it('a backend need not exist: deleting a virtual service a node names as backend is allowed', () => {
    const client = httpNode('client', 8080, { backends: [{ virtualService: { virtualServiceName: 'svc' } }] });
    expect(check([mesh(), client], [liveOf(mesh()), liveOf(client), liveOf(virtualService('svc', {}))])).toEqual([]);
  });

  it('a node\'s Cloud Map service must exist at run time, and a service with registered instances cannot go', () => {
    const ns = declared('CloudMapNamespace', 'internal', { type: 'HTTP' });
    const svc = declared('CloudMapService', 'search', {}, { parent: 'internal' });
    const node = httpNode('a', 8080, { serviceDiscovery: { awsCloudMap: { namespaceName: 'internal', serviceName: 'search' } } });
    const blocked = check([ns, mesh(), node], [liveOf(ns), liveOf(svc), liveOf(mesh()), liveOf(node)]);
    expect(blocked.map((e) => e.message)).toEqual(['CloudMapService internal/search cannot be deleted: VirtualNode watches/a still refers to it as its Cloud Map service']);
    const withInstances = check([ns], [liveOf(ns), { ...liveOf(svc), instanceCount: 2 }]);
    expect(withInstances.map((e) => e.message)).toEqual([
      'CloudMapService internal/search cannot be deleted: 2 instance(s) are registered in it (Cloud Map refuses until they are deregistered by whoever registered them)',
    ]);
  });

  it('nothing deleted: no problem', () => {
    expect(check([mesh(), httpNode('a')], [liveOf(mesh())])).toEqual([]);
  });
});
