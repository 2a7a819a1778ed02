import type { JsonObject } from '../../lib/resources/json';
import { referencesOf, type ReferencingResource } from '../../lib/resources/references';

const refs = (resource: ReferencingResource) => referencesOf(resource).map((r) => ({ id: [r.target.kind, r.target.mesh, r.target.parent, r.target.name].filter((s) => s !== undefined).join('/'), path: r.path.join('.'), hard: r.hard, role: r.role }));

describe('referencesOf (the registry entries\' reference rules)', () => {
  it('walks every route member in order, then every weighted target, after the identity references', () => {
    const spec: JsonObject = {
      tcpRoute: { action: { weightedTargets: [{ virtualNode: 'c', weight: 1 }] } },
      httpRoute: { action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }, { weight: 1 }, { virtualNode: 'b', weight: 1 }] } },
    };
    expect(refs({ kind: 'Route', name: 'r', mesh: 'm', parent: 'router', spec })).toEqual([
      { id: 'Mesh/m', path: 'mesh', hard: true, role: 'mesh' },
      { id: 'VirtualRouter/m/router', path: 'virtualRouter', hard: true, role: 'parent' },
      { id: 'VirtualNode/m/a', path: 'spec.httpRoute.action.weightedTargets.0.virtualNode', hard: true, role: 'route-target' },
      { id: 'VirtualNode/m/b', path: 'spec.httpRoute.action.weightedTargets.2.virtualNode', hard: true, role: 'route-target' },
      { id: 'VirtualNode/m/c', path: 'spec.tcpRoute.action.weightedTargets.0.virtualNode', hard: true, role: 'route-target' },
    ]);
  });

  it('walks only the gateway route members (no TCP) of a gateway route', () => {
    const target = { action: { target: { virtualService: { virtualServiceName: 'svc' } } } };
    expect(refs({ kind: 'GatewayRoute', name: 'g', mesh: 'm', parent: 'gw', spec: { tcpRoute: target, grpcRoute: target } }).slice(2)).toEqual([
      { id: 'VirtualService/m/svc', path: 'spec.grpcRoute.action.target.virtualService.virtualServiceName', hard: true, role: 'gateway-route-target' },
    ]);
  });

  it('takes a Cloud Map service\'s namespace from the sibling field, and skips the service without one', () => {
    const node = (awsCloudMap: JsonObject) => refs({ kind: 'VirtualNode', name: 'n', mesh: 'm', spec: { backends: [{ virtualService: { virtualServiceName: 'b' } }, 'x'], serviceDiscovery: { awsCloudMap } } }).slice(1);
    expect(node({ namespaceName: 'ns', serviceName: 's' })).toEqual([
      { id: 'VirtualService/m/b', path: 'spec.backends.0.virtualService.virtualServiceName', hard: false, role: 'backend' },
      { id: 'CloudMapNamespace/ns', path: 'spec.serviceDiscovery.awsCloudMap.namespaceName', hard: false, role: 'cloud-map-namespace' },
      { id: 'CloudMapService/ns/s', path: 'spec.serviceDiscovery.awsCloudMap.serviceName', hard: false, role: 'cloud-map-service' },
    ]);
    expect(node({ serviceName: 's' }).map((r) => r.role)).toEqual(['backend']);
  });

  it('reads a reference from the resource\'s name (a Lattice service association) and from forward actions', () => {
    expect(refs({ kind: 'ServiceNetworkServiceAssociation', name: 'svc', parent: 'net', spec: {} })).toEqual([
      { id: 'ServiceNetwork/net', path: 'serviceNetwork', hard: true, role: 'parent' },
      { id: 'LatticeService/svc', path: 'name', hard: true, role: 'associated-service' },
    ]);
    const forward = { forward: { targetGroups: [{ targetGroup: 'tg1', weight: 90 }, { targetGroup: 'tg2', weight: 10 }] } };
    expect(refs({ kind: 'Rule', name: 'r', parent: 'svc/l', spec: { action: forward, defaultAction: forward } }).map((r) => `${r.id} ${r.path}`)).toEqual([
      'Listener/svc/l listener',
      'TargetGroup/tg1 spec.action.forward.targetGroups.0.targetGroup',
      'TargetGroup/tg2 spec.action.forward.targetGroups.1.targetGroup',
    ]);
  });

  it('ignores what is not a name where a name is expected', () => {
    expect(refs({ kind: 'VirtualService', name: 'v', mesh: 'm', spec: { provider: { virtualNode: { virtualNodeName: 7 } } } })).toEqual([{ id: 'Mesh/m', path: 'mesh', hard: true, role: 'mesh' }]);
    expect(refs({ kind: 'Route', name: 'r', mesh: 'm', parent: 'p', spec: { httpRoute: { action: { weightedTargets: 'none' } } } })).toHaveLength(2);
  });
});
