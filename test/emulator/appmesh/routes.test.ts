import {
  BadRequestException,
  ConflictException,
  CreateRouteCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteRouteCommand,
  DeleteVirtualRouterCommand,
  DescribeRouteCommand,
  DescribeVirtualRouterCommand,
  ListRoutesCommand,
  ListVirtualRoutersCommand,
  NotFoundException,
  ResourceInUseException,
  UpdateRouteCommand,
  UpdateVirtualRouterCommand,
} from '@aws-sdk/client-app-mesh';
import { appMeshFixture, errorOf, httpRoute, listener, seedMesh } from './helpers';

describe('App Mesh emulator: virtual routers and routes', () => {
  it('creates, describes, updates, lists and deletes routers and routes', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    const route = await client.send(
      new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'canary', spec: { ...httpRoute([{ virtualNode: 'a', weight: 90 }, { virtualNode: 'b', weight: 10 }]), priority: 5 } }),
    );
    expect(route.route).toMatchObject({
      meshName: 'm',
      virtualRouterName: 'r',
      routeName: 'canary',
      metadata: { arn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualRouter/r/route/canary', version: 1 },
      status: { status: 'ACTIVE' },
    });
    const updated = await client.send(new UpdateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'canary', spec: httpRoute([{ virtualNode: 'b', weight: 1 }]) }));
    expect(updated.route!.spec).toEqual(httpRoute([{ virtualNode: 'b', weight: 1 }]));
    expect(updated.route!.metadata!.version).toBe(2);
    const described = await client.send(new DescribeRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'canary' }));
    expect(described.route!.spec).toEqual(httpRoute([{ virtualNode: 'b', weight: 1 }]));
    const routes = await client.send(new ListRoutesCommand({ meshName: 'm', virtualRouterName: 'r' }));
    expect(routes.routes).toEqual([expect.objectContaining({ routeName: 'canary', virtualRouterName: 'r', meshName: 'm', version: 2 })]);
    expect((await client.send(new ListVirtualRoutersCommand({ meshName: 'm' }))).virtualRouters!.map((r) => r.virtualRouterName)).toEqual(['r']);
    const routerUpdate = await client.send(new UpdateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: { listeners: [listener(9090)] } }));
    expect(routerUpdate.virtualRouter!.spec).toEqual({ listeners: [listener(9090)] });
    expect((await client.send(new DeleteRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'canary' }))).route!.status!.status).toBe('DELETED');
    expect(await errorOf(client.send(new DescribeRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'canary' })))).toBeInstanceOf(NotFoundException);
    expect((await client.send(new DeleteVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r' }))).virtualRouter!.status!.status).toBe('DELETED');
  });

  it('keeps route names per router: the same name under two routers is fine, twice under one is a conflict', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    await client.send(new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r2', spec: { listeners: [listener()] } }));
    await client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'main', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) }));
    await client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r2', routeName: 'main', spec: httpRoute([{ virtualNode: 'b', weight: 1 }]) }));
    expect(await errorOf(client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'main', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) })))).toBeInstanceOf(
      ConflictException,
    );
    expect((await client.send(new ListRoutesCommand({ meshName: 'm', virtualRouterName: 'r2' }))).routes!.map((r) => r.arn)).toEqual([
      'arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualRouter/r2/route/main',
    ]);
  });

  it('needs the router and every weighted target node (404 naming the missing one)', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    const router = await errorOf(client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'ghost', routeName: 'x', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) })));
    expect(router).toBeInstanceOf(NotFoundException);
    expect(router.message).toContain('VirtualRouter with name ghost');
    expect(await errorOf(client.send(new ListRoutesCommand({ meshName: 'm', virtualRouterName: 'ghost' })))).toBeInstanceOf(NotFoundException);
    const target = await errorOf(
      client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'x', spec: httpRoute([{ virtualNode: 'a', weight: 1 }, { virtualNode: 'product-v2-vn', weight: 1 }]) })),
    );
    expect(target).toBeInstanceOf(NotFoundException);
    expect(target.message).toBe('VirtualNode with name product-v2-vn is missing');
    await client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'x', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) }));
    const onUpdate = await errorOf(client.send(new UpdateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'x', spec: httpRoute([{ virtualNode: 'gone', weight: 1 }]) })));
    expect(onUpdate).toBeInstanceOf(NotFoundException);
  });

  it('refuses a route spec with no or two route types, and a prefix without a leading slash', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    const none = await errorOf(client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'x', spec: { priority: 1 } })));
    expect(none).toBeInstanceOf(BadRequestException);
    expect(none.message).toContain('httpRoute');
    const two = await errorOf(
      client.send(
        new CreateRouteCommand({
          meshName: 'm',
          virtualRouterName: 'r',
          routeName: 'x',
          spec: { ...httpRoute([{ virtualNode: 'a', weight: 1 }]), tcpRoute: { action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } },
        }),
      ),
    );
    expect(two).toBeInstanceOf(BadRequestException);
    const prefix = await errorOf(
      client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'x', spec: { httpRoute: { match: { prefix: 'api' }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } } })),
    );
    expect(prefix).toBeInstanceOf(BadRequestException);
    expect(prefix.message).toContain('spec.httpRoute.match.prefix');
    const weights = await errorOf(client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'x', spec: httpRoute([{ virtualNode: 'a', weight: 101 }]) })));
    expect(weights.message).toContain("'spec.httpRoute.action.weightedTargets[0].weight'");
  });

  it('matches a route to a router listener by protocol, and by port when the router has several', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    const grpc = await errorOf(
      client.send(
        new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'g', spec: { grpcRoute: { match: { serviceName: 'svc' }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } } }),
      ),
    );
    expect(grpc).toBeInstanceOf(BadRequestException);
    expect(grpc.message).toContain('grpc');
    await client.send(new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'multi', spec: { listeners: [listener(8080), listener(9090, 'grpc')] } }));
    const noPort = await errorOf(client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'multi', routeName: 'h', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) })));
    expect(noPort).toBeInstanceOf(BadRequestException);
    expect(noPort.message).toContain('port');
    const wrongPort = await errorOf(client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'multi', routeName: 'h', spec: httpRoute([{ virtualNode: 'a', weight: 1 }], 9090) })));
    expect(wrongPort).toBeInstanceOf(BadRequestException);
    const ok = await client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'multi', routeName: 'h', spec: httpRoute([{ virtualNode: 'a', weight: 1, port: 8080 }], 8080) }));
    expect(ok.route!.routeName).toBe('h');
  });

  it('refuses a router update that would strand its routes, with the service message', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    await client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'conor-grpc', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) }));
    const adding = await errorOf(client.send(new UpdateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: { listeners: [listener(8080), listener(8081)] } })));
    expect(adding).toBeInstanceOf(BadRequestException);
    expect(adding.$metadata.httpStatusCode).toBe(400);
    expect(adding.message).toBe(
      'All Routes for this Virtual Router must define a port match before adding multiple listeners to this Virtual Router. 1 Route(s) are missing port. Listing up to 5 route names: [conor-grpc]',
    );
    const protocol = await errorOf(client.send(new UpdateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: { listeners: [listener(8080, 'tcp')] } })));
    expect(protocol).toBeInstanceOf(BadRequestException);
    expect(protocol.message).toContain('[conor-grpc]');
    expect((await client.send(new DescribeVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r' }))).virtualRouter!.metadata!.version).toBe(1);
    // The safe order (docs/aws-behaviour.md §5.3): give routes a port first, then add the listener.
    await client.send(new UpdateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'conor-grpc', spec: httpRoute([{ virtualNode: 'a', weight: 1 }], 8080) }));
    const added = await client.send(new UpdateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: { listeners: [listener(8080), listener(8081)] } }));
    expect(added.virtualRouter!.spec!.listeners).toHaveLength(2);
  });

  it('refuses to delete a router with routes or one that provides a virtual service', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    await client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'main', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) }));
    const withRoutes = await errorOf(client.send(new DeleteVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r' })));
    expect(withRoutes).toBeInstanceOf(ResourceInUseException);
    expect(withRoutes.$metadata.httpStatusCode).toBe(409);
    expect(withRoutes.message).toContain('Route main');
    await client.send(new DeleteRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'main' }));
    await client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's.local', spec: { provider: { virtualRouter: { virtualRouterName: 'r' } } } }));
    const provider = await errorOf(client.send(new DeleteVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r' })));
    expect(provider).toBeInstanceOf(ResourceInUseException);
    expect(provider.message).toContain('VirtualService s.local');
  });

  it('answers gRPC metadata match names in lower case, HTTP header names as sent (create-route CLI examples)', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    await client.send(new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'g', spec: { listeners: [listener(80, 'grpc')] } }));
    await client.send(new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'h2', spec: { listeners: [listener(80, 'http2')] } }));
    const grpc = await client.send(
      new CreateRouteCommand({
        meshName: 'm',
        virtualRouterName: 'g',
        routeName: 'grpc',
        spec: { grpcRoute: { match: { serviceName: 'svc', metadata: [{ name: 'myMetadata', match: { prefix: '123' } }] }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } },
      }),
    );
    expect(grpc.route!.spec!.grpcRoute!.match!.metadata![0].name).toBe('mymetadata');
    const h2 = await client.send(
      new CreateRouteCommand({
        meshName: 'm',
        virtualRouterName: 'h2',
        routeName: 'h2',
        spec: { http2Route: { match: { prefix: '/', headers: [{ name: 'clientRequestId', match: { prefix: '123' } }] }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } },
      }),
    );
    expect(h2.route!.spec!.http2Route!.match!.headers![0].name).toBe('clientRequestId');
  });
});
