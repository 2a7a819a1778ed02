import { appMeshModel } from '../../../lib/api-model/service-models';
import { OPERATION_HANDLERS } from '../../../lib/emulator/appmesh';
import { routeRequest } from '../../../lib/emulator/appmesh/operation-router';

describe('App Mesh operation router', () => {
  it('routes every operation of the model from its own URI template, and has a handler for each', () => {
    const ops = Object.values(appMeshModel.operations);
    expect(ops).toHaveLength(38);
    for (const op of ops) {
      const path = op.http.requestUri!.replace(/\{([^}]+)\}/g, (_m, label: string) => `x-${label}`);
      const routed = routeRequest(op.http.method!, path);
      expect(routed?.operation.name).toBe(op.name);
      expect(OPERATION_HANDLERS[op.name]).toBeDefined();
    }
  });

  it.each([
    ['PUT', '/v20190125/meshes', 'CreateMesh', {}],
    ['PUT', '/v20190125/meshes/m1', 'UpdateMesh', { meshName: 'm1' }],
    ['GET', '/v20190125/meshes', 'ListMeshes', {}],
    ['GET', '/v20190125/meshes/m1/virtualRouters/vr', 'DescribeVirtualRouter', { meshName: 'm1', virtualRouterName: 'vr' }],
    ['GET', '/v20190125/meshes/m1/virtualRouter/vr/routes', 'ListRoutes', { meshName: 'm1', virtualRouterName: 'vr' }],
    ['PUT', '/v20190125/meshes/m1/virtualRouter/vr%201/routes', 'CreateRoute', { meshName: 'm1', virtualRouterName: 'vr 1' }],
    ['DELETE', '/v20190125/meshes/m1/virtualGateway/gw/gatewayRoutes/web', 'DeleteGatewayRoute', { meshName: 'm1', virtualGatewayName: 'gw', gatewayRouteName: 'web' }],
    ['GET', '/v20190125/meshes/m1/virtualGateways', 'ListVirtualGateways', { meshName: 'm1' }],
    ['GET', '/v20190125/meshes/m1/virtualServices/search.watches.svc.cluster.local', 'DescribeVirtualService', { meshName: 'm1', virtualServiceName: 'search.watches.svc.cluster.local' }],
    ['GET', '/v20190125/meshes/m1/virtualNodes/a%2Fb', 'DescribeVirtualNode', { meshName: 'm1', virtualNodeName: 'a/b' }],
    ['PUT', '/v20190125/tag', 'TagResource', {}],
    ['GET', '/v20190125/tags', 'ListTagsForResource', {}],
    ['PUT', '/v20190125/untag', 'UntagResource', {}],
  ])('%s %s → %s', (method, path, name, labels) => {
    const routed = routeRequest(method, path);
    expect(routed?.operation.name).toBe(name);
    expect(routed?.labels).toEqual(labels);
  });

  it('finds nothing for an unknown method or path', () => {
    expect(routeRequest('POST', '/v20190125/meshes')).toBeUndefined();
    expect(routeRequest('GET', '/v20190125/meshes/m/virtualThings')).toBeUndefined();
    expect(routeRequest('GET', '/v20190125/meshes/m/virtualNodes/a/b')).toBeUndefined();
    expect(routeRequest('GET', '/v20180101/meshes')).toBeUndefined();
  });

  it('refuses a label that is not valid percent-encoding', () => {
    expect(() => routeRequest('GET', '/v20190125/meshes/%E0%A4%A')).toThrow(/percent-encoding/);
  });
});
