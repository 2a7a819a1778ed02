import {
  CreateGatewayRouteCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualServiceCommand,
  DeleteGatewayRouteCommand,
  DeleteVirtualRouterCommand,
  DeleteVirtualServiceCommand,
  DescribeVirtualServiceCommand,
  ListVirtualServicesCommand,
  NotFoundException,
  ResourceInUseException,
  UpdateVirtualServiceCommand,
} from '@aws-sdk/client-app-mesh';
import { appMeshFixture, errorOf, gatewayListener, seedMesh } from './helpers';

describe('App Mesh emulator: virtual services', () => {
  it('creates a service named like a DNS name, switches its provider, lists and deletes it', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    const name = 'search.watches.svc.cluster.local';
    const created = await client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: name, spec: { provider: { virtualRouter: { virtualRouterName: 'r' } } } }));
    expect(created.virtualService).toMatchObject({
      virtualServiceName: name,
      meshName: 'm',
      spec: { provider: { virtualRouter: { virtualRouterName: 'r' } } },
      metadata: { arn: `arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualService/${name}`, version: 1 },
    });
    // Router → node is fine; the router is then free to go.
    const updated = await client.send(new UpdateVirtualServiceCommand({ meshName: 'm', virtualServiceName: name, spec: { provider: { virtualNode: { virtualNodeName: 'a' } } } }));
    expect(updated.virtualService!.metadata!.version).toBe(2);
    await client.send(new DeleteVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r' }));
    expect((await client.send(new DescribeVirtualServiceCommand({ meshName: 'm', virtualServiceName: name }))).virtualService!.spec).toEqual({ provider: { virtualNode: { virtualNodeName: 'a' } } });
    expect((await client.send(new ListVirtualServicesCommand({ meshName: 'm' }))).virtualServices!.map((s) => s.virtualServiceName)).toEqual([name]);
    expect((await client.send(new DeleteVirtualServiceCommand({ meshName: 'm', virtualServiceName: name }))).virtualService!.status!.status).toBe('DELETED');
    expect(await errorOf(client.send(new DescribeVirtualServiceCommand({ meshName: 'm', virtualServiceName: name })))).toBeInstanceOf(NotFoundException);
  });

  it('accepts a service without a provider (spec {})', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    const out = await client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 'bare.local', spec: {} }));
    expect(out.virtualService!.spec).toEqual({});
  });

  it('refuses a provider that does not exist, on create and on update (404)', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    const node = await errorOf(client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's.local', spec: { provider: { virtualNode: { virtualNodeName: 'ghost' } } } })));
    expect(node).toBeInstanceOf(NotFoundException);
    expect(node.$metadata.httpStatusCode).toBe(404);
    expect(node.message).toBe('VirtualNode with name ghost is missing');
    await client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's.local', spec: {} }));
    const router = await errorOf(client.send(new UpdateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's.local', spec: { provider: { virtualRouter: { virtualRouterName: 'ghost' } } } })));
    expect(router).toBeInstanceOf(NotFoundException);
    expect(router.message).toContain('VirtualRouter with name ghost');
    expect((await client.send(new DescribeVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's.local' }))).virtualService!.metadata!.version).toBe(1);
  });

  it('refuses to delete a service that a gateway route targets', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    await client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's.local', spec: { provider: { virtualNode: { virtualNodeName: 'a' } } } }));
    await client.send(new CreateVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'gw', spec: { listeners: [gatewayListener(443)] } }));
    await client.send(
      new CreateGatewayRouteCommand({
        meshName: 'm',
        virtualGatewayName: 'gw',
        gatewayRouteName: 'to-s',
        spec: { httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 's.local' } } } } },
      }),
    );
    const err = await errorOf(client.send(new DeleteVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's.local' })));
    expect(err).toBeInstanceOf(ResourceInUseException);
    expect(err.message).toContain('GatewayRoute gw/to-s');
    await client.send(new DeleteGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'gw', gatewayRouteName: 'to-s' }));
    await client.send(new DeleteVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's.local' }));
  });
});
