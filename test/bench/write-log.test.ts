import { appMeshArnToId, recordWrites, writtenResource } from '../../bench/write-log';
import type { WireRequest } from '../../lib/emulator/wire/types';
import { emulatedAws } from '../support/emulated-aws';

const request = (method: string, path: string, body: object = {}, query: Record<string, string> = {}): WireRequest => ({ method, hostname: 'appmesh.us-east-1.amazonaws.com', path, query, headers: {}, body: JSON.stringify(body) });
const cloudMap = (operation: string, body: object): WireRequest => ({
  method: 'POST',
  hostname: 'servicediscovery.us-east-1.amazonaws.com',
  path: '/',
  query: {},
  headers: { 'x-amz-target': `Route53AutoNaming_v20170314.${operation}` },
  body: JSON.stringify(body),
});

describe('which resource a write request addresses', () => {
  it('reads App Mesh creates from the path and the body, updates and deletes from the path', () => {
    expect(writtenResource(request('PUT', '/v20190125/meshes/m/virtualRouter/r%201/routes', { routeName: 'primary' }), new Map())).toEqual({ operation: 'CreateRoute', resource: 'Route/m/r 1/primary' });
    expect(writtenResource(request('PUT', '/v20190125/meshes/m/virtualRouter/r/routes/primary'), new Map())).toEqual({ operation: 'UpdateRoute', resource: 'Route/m/r/primary' });
    expect(writtenResource(request('DELETE', '/v20190125/meshes/m/virtualNodes/n'), new Map())).toEqual({ operation: 'DeleteVirtualNode', resource: 'VirtualNode/m/n' });
    expect(writtenResource(request('PUT', '/v20190125/meshes', { meshName: 'm' }), new Map())).toEqual({ operation: 'CreateMesh', resource: 'Mesh/m' });
  });

  it('reads App Mesh tag writes from the ARN and ignores reads', () => {
    const arn = 'arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualGateway/g/gatewayRoute/x';
    expect(writtenResource(request('PUT', '/v20190125/tag', {}, { resourceArn: arn }), new Map())).toEqual({ operation: 'TagResource', resource: 'GatewayRoute/m/g/x' });
    expect(writtenResource(request('GET', '/v20190125/meshes/m/virtualNodes'), new Map())).toBeUndefined();
    expect(writtenResource(request('GET', '/v20190125/tags', {}, { resourceArn: arn }), new Map())).toBeUndefined();
  });

  it('resolves Cloud Map ids and ARNs through the map it is given', () => {
    const ids = new Map([
      ['srv-1', 'CloudMapService/ns/a'],
      ['ns-1', 'CloudMapNamespace/ns'],
    ]);
    expect(writtenResource(cloudMap('UpdateService', { Id: 'srv-1' }), ids)).toEqual({ operation: 'UpdateService', resource: 'CloudMapService/ns/a' });
    expect(writtenResource(cloudMap('CreateService', { Name: 'b', NamespaceId: 'ns-1' }), ids)).toEqual({ operation: 'CreateService', resource: 'CloudMapService/ns/b' });
    expect(writtenResource(cloudMap('CreateHttpNamespace', { Name: 'other' }), ids)).toEqual({ operation: 'CreateHttpNamespace', resource: 'CloudMapNamespace/other' });
    expect(writtenResource(cloudMap('DeleteService', { Id: 'srv-9' }), ids)).toEqual({ operation: 'DeleteService', resource: '?srv-9' });
    expect(writtenResource(cloudMap('ListServices', {}), ids)).toBeUndefined();
  });

  it('parses every App Mesh ARN form', () => {
    const arn = (r: string) => `arn:aws:appmesh:us-east-1:111122223333:${r}`;
    expect(appMeshArnToId(arn('mesh/m'))).toBe('Mesh/m');
    expect(appMeshArnToId(arn('mesh/m/virtualService/a.b.local'))).toBe('VirtualService/m/a.b.local');
    expect(appMeshArnToId(arn('mesh/m/virtualRouter/r/route/x'))).toBe('Route/m/r/x');
    expect(appMeshArnToId(arn('namespace/x'))).toBeUndefined();
  });
});

describe('recordWrites', () => {
  it('records what the emulator is asked to write, through the real SDK clients', async () => {
    const aws = emulatedAws();
    const log = recordWrites(aws.emulator, new Map());
    await aws.apis.appMesh.create({ kind: 'Mesh', name: 'm' }, {}, { team: 'a' }, 'token-1');
    await aws.apis.appMesh.listAll('Mesh', {});
    await aws.apis.appMesh.create({ kind: 'VirtualRouter', name: 'r', mesh: 'm' }, { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, {}, 'token-2');
    log.stop();
    await aws.apis.appMesh.delete({ kind: 'VirtualRouter', name: 'r', mesh: 'm' });
    expect(log.writes).toEqual([
      { operation: 'CreateMesh', resource: 'Mesh/m' },
      { operation: 'CreateVirtualRouter', resource: 'VirtualRouter/m/r' },
    ]);
  });
});
