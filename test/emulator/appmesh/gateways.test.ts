import {
  BadRequestException,
  CreateGatewayRouteCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualServiceCommand,
  DeleteGatewayRouteCommand,
  DeleteVirtualGatewayCommand,
  DescribeGatewayRouteCommand,
  DescribeVirtualGatewayCommand,
  ListGatewayRoutesCommand,
  ListVirtualGatewaysCommand,
  NotFoundException,
  ResourceInUseException,
  UpdateGatewayRouteCommand,
  UpdateVirtualGatewayCommand,
  type GatewayRouteSpec,
} from '@aws-sdk/client-app-mesh';
import { appMeshFixture, errorOf, gatewayListener, healthCheck, listener, seedMesh } from './helpers';

const toService = (name: string, port?: number): GatewayRouteSpec => ({
  httpRoute: { match: { prefix: '/', ...(port !== undefined ? { port } : {}) }, action: { target: { virtualService: { virtualServiceName: name } } } },
});

async function seedGateway(client: ReturnType<typeof appMeshFixture>['client']) {
  await seedMesh(client);
  await client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 'a.local', spec: { provider: { virtualNode: { virtualNodeName: 'a' } } } }));
  await client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 'b.local', spec: { provider: { virtualNode: { virtualNodeName: 'b' } } } }));
  await client.send(new CreateVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'gw', spec: { listeners: [gatewayListener(8443)] } }));
}

describe('App Mesh emulator: virtual gateways and gateway routes', () => {
  it('creates, describes, updates, lists and deletes gateways and gateway routes', async () => {
    const { client } = appMeshFixture();
    await seedGateway(client);
    const gr = await client.send(new CreateGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'gw', gatewayRouteName: 'web', spec: toService('a.local') }));
    expect(gr.gatewayRoute).toMatchObject({
      gatewayRouteName: 'web',
      virtualGatewayName: 'gw',
      meshName: 'm',
      metadata: { arn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualGateway/gw/gatewayRoute/web', version: 1 },
    });
    const updated = await client.send(new UpdateGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'gw', gatewayRouteName: 'web', spec: toService('b.local') }));
    expect(updated.gatewayRoute!.metadata!.version).toBe(2);
    expect((await client.send(new DescribeGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'gw', gatewayRouteName: 'web' }))).gatewayRoute!.spec).toEqual(toService('b.local'));
    expect((await client.send(new ListGatewayRoutesCommand({ meshName: 'm', virtualGatewayName: 'gw' }))).gatewayRoutes!.map((g) => g.gatewayRouteName)).toEqual(['web']);
    expect((await client.send(new ListVirtualGatewaysCommand({ meshName: 'm' }))).virtualGateways![0]).toMatchObject({
      virtualGatewayName: 'gw',
      arn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualGateway/gw',
    });
    const gwUpdate = await client.send(new UpdateVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'gw', spec: { listeners: [{ ...gatewayListener(8443), healthCheck }] } }));
    expect(gwUpdate.virtualGateway!.spec!.listeners![0].healthCheck!.port).toBe(8443);
    expect((await client.send(new DescribeVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'gw' }))).virtualGateway!.metadata!.version).toBe(2);
    const blocked = await errorOf(client.send(new DeleteVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'gw' })));
    expect(blocked).toBeInstanceOf(ResourceInUseException);
    expect(blocked.message).toContain('GatewayRoute web');
    expect((await client.send(new DeleteGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'gw', gatewayRouteName: 'web' }))).gatewayRoute!.status!.status).toBe('DELETED');
    expect((await client.send(new DeleteVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'gw' }))).virtualGateway!.status!.status).toBe('DELETED');
    expect(await errorOf(client.send(new DescribeVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'gw' })))).toBeInstanceOf(NotFoundException);
  });

  it('only accepts http, http2 and grpc listeners on a gateway', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    const err = await errorOf(client.send(new CreateVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'tcp', spec: { listeners: [listener(80, 'tcp') as never] } })));
    expect(err).toBeInstanceOf(BadRequestException);
    expect(err.message).toContain("'spec.listeners[0].portMapping.protocol'");
  });

  it('needs the gateway and the target virtual service (404)', async () => {
    const { client } = appMeshFixture();
    await seedGateway(client);
    const gw = await errorOf(client.send(new CreateGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'nogw', gatewayRouteName: 'x', spec: toService('a.local') })));
    expect(gw).toBeInstanceOf(NotFoundException);
    expect(gw.message).toContain('VirtualGateway with name nogw');
    const vs = await errorOf(client.send(new CreateGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'gw', gatewayRouteName: 'x', spec: toService('nope.local') })));
    expect(vs).toBeInstanceOf(NotFoundException);
    expect(vs.message).toBe('VirtualService with name nope.local is missing');
  });

  it('matches gateway routes to gateway listeners and refuses a gateway update that strands them', async () => {
    const { client } = appMeshFixture();
    await seedGateway(client);
    const grpc = await errorOf(
      client.send(
        new CreateGatewayRouteCommand({
          meshName: 'm',
          virtualGatewayName: 'gw',
          gatewayRouteName: 'g',
          spec: { grpcRoute: { match: { serviceName: 'svc' }, action: { target: { virtualService: { virtualServiceName: 'a.local' } } } } },
        }),
      ),
    );
    expect(grpc).toBeInstanceOf(BadRequestException);
    await client.send(new CreateGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'gw', gatewayRouteName: 'web', spec: toService('a.local') }));
    const adding = await errorOf(client.send(new UpdateVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'gw', spec: { listeners: [gatewayListener(8443), gatewayListener(9443)] } })));
    expect(adding).toBeInstanceOf(BadRequestException);
    expect(adding.message).toContain('1 Gateway Route(s) are missing port');
    expect(adding.message).toContain('[web]');
    await client.send(new UpdateGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'gw', gatewayRouteName: 'web', spec: toService('a.local', 8443) }));
    await client.send(new UpdateVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'gw', spec: { listeners: [gatewayListener(8443), gatewayListener(9443)] } }));
    const noPort = await errorOf(client.send(new CreateGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'gw', gatewayRouteName: 'api', spec: toService('b.local') })));
    expect(noPort).toBeInstanceOf(BadRequestException);
  });

  it('refuses reserved gateway route prefixes (API-enforced rule)', async () => {
    const { client } = appMeshFixture();
    await seedGateway(client);
    const spec: GatewayRouteSpec = { httpRoute: { match: { prefix: '/aws-appmesh/x' }, action: { target: { virtualService: { virtualServiceName: 'a.local' } } } } };
    const err = await errorOf(client.send(new CreateGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'gw', gatewayRouteName: 'r', spec })));
    expect(err).toBeInstanceOf(BadRequestException);
    expect(err.message).toContain('spec.httpRoute.match.prefix');
  });
});
