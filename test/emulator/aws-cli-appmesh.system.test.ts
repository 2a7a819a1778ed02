import { startMeshopsEmulator, type RunningMeshopsEmulator } from './wire/meshops-process';
import { awsCliFor, describeWithAwsCli, type CliJson } from '../support/aws-cli';

/**
 * The AWS CLI (v1 here; a client no one here wrote, with its own serializers and paginators)
 * against `meshops emulator` started as a user would: every App Mesh kind created, described,
 * listed with pagination (--page-size, --max-items, --starting-token), updated and deleted in a
 * valid order, and the forbidden orders refused with the error the real service gives.
 * Skips cleanly where the `aws` command is absent.
 */

type Json = CliJson;

// Each `aws` run costs a Python start (~1 s on a busy machine); the session makes about 60.
jest.setTimeout(240_000);

describeWithAwsCli('AWS CLI App Mesh session against meshops emulator', () => {
  let emulator: RunningMeshopsEmulator;

  beforeAll(async () => {
    emulator = await startMeshopsEmulator(['--port', '0', '--account', '123456789012']);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  const cli = awsCliFor('appmesh', () => emulator.url);
  const ok = (...args: string[]): Promise<Json> => cli.ok(args);
  /** Runs a call that must fail with `errorName`; returns the message. */
  const fails = (errorName: string, ...args: string[]): Promise<string> => cli.fails(errorName, args);

  const json = (v: unknown) => JSON.stringify(v);
  const m = ['--mesh-name', 'shop'];
  const httpListener = (port: number) => ({ portMapping: { port, protocol: 'http' } });
  const node = (host: string) => json({ listeners: [httpListener(8080)], serviceDiscovery: { dns: { hostname: host } } });
  const gatewayRoute = (service: string) => json({ httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: service } } } } });

  // One session, in steps that build on each other (jest runs them in order).
  let meshArn = '';

  it('creates every kind in the safe order (docs/aws-behaviour.md §5.1)', async () => {
    const mesh = await ok('create-mesh', ...m, '--spec', json({ egressFilter: { type: 'ALLOW_ALL' } }), '--tags', 'key=team,value=shop');
    expect(mesh.mesh).toMatchObject({ meshName: 'shop', status: { status: 'ACTIVE' }, metadata: { arn: 'arn:aws:appmesh:us-east-1:123456789012:mesh/shop', version: 1 } });
    expect(typeof mesh.mesh.metadata.createdAt).toBe('number');
    for (const n of ['cart-v1', 'cart-v2']) await ok('create-virtual-node', ...m, '--virtual-node-name', n, '--spec', node(`${n}.shop.local`));
    await ok('create-virtual-router', ...m, '--virtual-router-name', 'cart', '--spec', json({ listeners: [httpListener(8080)] }));
    const route = await ok(
      'create-route', ...m, '--virtual-router-name', 'cart', '--route-name', 'canary',
      '--spec', json({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'cart-v1', weight: 90 }, { virtualNode: 'cart-v2', weight: 10 }] } } }),
    );
    expect(route.route.metadata.arn).toBe('arn:aws:appmesh:us-east-1:123456789012:mesh/shop/virtualRouter/cart/route/canary');
    await ok('create-virtual-service', ...m, '--virtual-service-name', 'cart.shop.svc.cluster.local', '--spec', json({ provider: { virtualRouter: { virtualRouterName: 'cart' } } }));
    await ok('create-virtual-gateway', ...m, '--virtual-gateway-name', 'ingress', '--spec', json({ listeners: [httpListener(8443)] }));
    await ok('create-gateway-route', ...m, '--virtual-gateway-name', 'ingress', '--gateway-route-name', 'web', '--spec', gatewayRoute('cart.shop.svc.cluster.local'));
    meshArn = mesh.mesh.metadata.arn as string;
  });

  it('refuses the forbidden orders and conflicts with the errors the service gives', async () => {
    // Each refused call changes nothing, so they can run side by side.
    const route = (node: string) => json({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: node, weight: 1 }] } } });
    const messages = await Promise.all([
      fails('NotFoundException', 'create-route', ...m, '--virtual-router-name', 'cart', '--route-name', 'bad', '--spec', route('cart-v3')),
      fails('NotFoundException', 'create-gateway-route', ...m, '--virtual-gateway-name', 'ingress', '--gateway-route-name', 'bad', '--spec', gatewayRoute('nowhere.local')),
      fails('NotFoundException', 'create-virtual-service', ...m, '--virtual-service-name', 'x.local', '--spec', json({ provider: { virtualNode: { virtualNodeName: 'ghost' } } })),
      fails('ResourceInUseException', 'delete-mesh', ...m),
      fails('ResourceInUseException', 'delete-virtual-node', ...m, '--virtual-node-name', 'cart-v1'),
      fails('ResourceInUseException', 'delete-virtual-router', ...m, '--virtual-router-name', 'cart'),
      fails('ResourceInUseException', 'delete-virtual-service', ...m, '--virtual-service-name', 'cart.shop.svc.cluster.local'),
      fails('ResourceInUseException', 'delete-virtual-gateway', ...m, '--virtual-gateway-name', 'ingress'),
      fails('ConflictException', 'create-mesh', ...m),
      fails('BadRequestException', 'update-virtual-router', ...m, '--virtual-router-name', 'cart', '--spec', json({ listeners: [httpListener(8080), httpListener(8081)] })),
      // botocore checks only minimums client-side; the maximum is the service's to refuse.
      fails('BadRequestException', 'create-virtual-node', ...m, '--virtual-node-name', 'bad-port', '--spec', json({ listeners: [httpListener(70000)] })),
    ]);
    expect(messages[0]).toBe('VirtualNode with name cart-v3 is missing');
    expect(messages[1]).toBe('VirtualService with name nowhere.local is missing');
    expect(messages[3]).toContain('Mesh shop cannot be deleted');
    expect(messages[4]).toContain('Route cart/canary');
    expect(messages[5]).toContain('Route canary');
    expect(messages[6]).toContain('GatewayRoute ingress/web');
    expect(messages[7]).toContain('GatewayRoute web');
    expect(messages[9]).toBe(
      'All Routes for this Virtual Router must define a port match before adding multiple listeners to this Virtual Router. 1 Route(s) are missing port. Listing up to 5 route names: [canary]',
    );
    expect(messages[10]).toContain("'spec.listeners[0].portMapping.port'");
  });

  it('describes with the server-filled values and updates every kind (version 2)', async () => {
    const described = await ok('describe-virtual-node', ...m, '--virtual-node-name', 'cart-v1');
    expect(described.virtualNode.spec.backends).toEqual([]);
    expect(described.virtualNode.metadata.version).toBe(1);

    // Update every kind.
    const healthCheck = { healthyThreshold: 2, unhealthyThreshold: 3, intervalMillis: 10000, timeoutMillis: 3000, protocol: 'http', path: '/health' };
    const updatedNode = await ok('update-virtual-node', ...m, '--virtual-node-name', 'cart-v1', '--spec', json({ listeners: [{ ...httpListener(8080), healthCheck }], serviceDiscovery: { dns: { hostname: 'cart-v1.shop.local' } } }));
    expect(updatedNode.virtualNode.spec.listeners[0].healthCheck.port).toBe(8080);
    expect(updatedNode.virtualNode.metadata.version).toBe(2);
    const updatedRoute = await ok(
      'update-route', ...m, '--virtual-router-name', 'cart', '--route-name', 'canary',
      '--spec', json({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'cart-v1', weight: 50 }, { virtualNode: 'cart-v2', weight: 50 }] } } }),
    );
    expect(updatedRoute.route.metadata.version).toBe(2);
    expect((await ok('update-mesh', ...m, '--spec', json({ egressFilter: { type: 'DROP_ALL' } }))).mesh.metadata.version).toBe(2);
    expect((await ok('update-virtual-router', ...m, '--virtual-router-name', 'cart', '--spec', json({ listeners: [httpListener(9080)] }))).virtualRouter.metadata.version).toBe(2);
    expect((await ok('update-virtual-service', ...m, '--virtual-service-name', 'cart.shop.svc.cluster.local', '--spec', json({ provider: { virtualNode: { virtualNodeName: 'cart-v2' } } }))).virtualService.metadata.version).toBe(2);
    expect((await ok('update-virtual-gateway', ...m, '--virtual-gateway-name', 'ingress', '--spec', json({ listeners: [httpListener(443)] }))).virtualGateway.metadata.version).toBe(2);
    expect((await ok('update-gateway-route', ...m, '--virtual-gateway-name', 'ingress', '--gateway-route-name', 'web', '--spec', gatewayRoute('cart.shop.svc.cluster.local'))).gatewayRoute.metadata.version).toBe(2);
  });

  it('lists with pagination: the CLI follows nextToken with --page-size and resumes with --starting-token', async () => {
    for (const n of ['cart-v3', 'cart-v4']) await ok('create-virtual-node', ...m, '--virtual-node-name', n, '--spec', node(`${n}.shop.local`));
    const all = await ok('list-virtual-nodes', ...m, '--page-size', '1');
    expect(all.virtualNodes.map((n: Json) => n.virtualNodeName)).toEqual(['cart-v1', 'cart-v2', 'cart-v3', 'cart-v4']);
    expect(all.virtualNodes[0]).toEqual(expect.objectContaining({ meshName: 'shop', meshOwner: '123456789012', resourceOwner: '123456789012', version: 2 }));
    const firstPage = await ok('list-virtual-nodes', ...m, '--max-items', '3', '--page-size', '2');
    expect(firstPage.virtualNodes.map((n: Json) => n.virtualNodeName)).toEqual(['cart-v1', 'cart-v2', 'cart-v3']);
    expect(firstPage.NextToken).toEqual(expect.any(String));
    const rest = await ok('list-virtual-nodes', ...m, '--max-items', '3', '--page-size', '2', '--starting-token', firstPage.NextToken);
    expect(rest.virtualNodes.map((n: Json) => n.virtualNodeName)).toEqual(['cart-v4']);
    expect(rest.NextToken).toBeUndefined();
    expect((await ok('list-meshes', '--page-size', '1')).meshes.map((x: Json) => x.meshName)).toEqual(['shop']);
    expect((await ok('list-virtual-routers', ...m, '--page-size', '1')).virtualRouters.map((x: Json) => x.virtualRouterName)).toEqual(['cart']);
    expect((await ok('list-routes', ...m, '--virtual-router-name', 'cart', '--page-size', '1')).routes.map((x: Json) => x.routeName)).toEqual(['canary']);
    expect((await ok('list-virtual-services', ...m, '--page-size', '1')).virtualServices.map((x: Json) => x.virtualServiceName)).toEqual(['cart.shop.svc.cluster.local']);
    expect((await ok('list-virtual-gateways', ...m, '--page-size', '1')).virtualGateways.map((x: Json) => x.virtualGatewayName)).toEqual(['ingress']);
    expect((await ok('list-gateway-routes', ...m, '--virtual-gateway-name', 'ingress', '--page-size', '1')).gatewayRoutes.map((x: Json) => x.gatewayRouteName)).toEqual(['web']);
  });

  it('tags, lists tags and untags by ARN', async () => {
    const arn = meshArn;
    await ok('tag-resource', '--resource-arn', arn, '--tags', 'key=env,value=dev', 'key=team,value=cart');
    expect((await ok('list-tags-for-resource', '--resource-arn', arn, '--page-size', '1')).tags).toEqual([
      { key: 'env', value: 'dev' },
      { key: 'team', value: 'cart' },
    ]);
    await ok('untag-resource', '--resource-arn', arn, '--tag-keys', 'env');
    expect((await ok('list-tags-for-resource', '--resource-arn', arn)).tags).toEqual([{ key: 'team', value: 'cart' }]);
  });

  it('deletes in the safe order (docs/aws-behaviour.md §5.2), each answering the resource with status DELETED', async () => {
    const deletions: string[][] = [
      ['delete-gateway-route', '--virtual-gateway-name', 'ingress', '--gateway-route-name', 'web'],
      ['delete-virtual-gateway', '--virtual-gateway-name', 'ingress'],
      ['delete-virtual-service', '--virtual-service-name', 'cart.shop.svc.cluster.local'],
      ['delete-route', '--virtual-router-name', 'cart', '--route-name', 'canary'],
      ['delete-virtual-router', '--virtual-router-name', 'cart'],
      ...['cart-v1', 'cart-v2', 'cart-v3', 'cart-v4'].map((n) => ['delete-virtual-node', '--virtual-node-name', n]),
      ['delete-mesh'],
    ];
    for (const [op, ...args] of deletions) {
      const out = await ok(op, ...m, ...args);
      expect((Object.values(out)[0] as Json).status.status).toBe('DELETED');
    }
    await fails('NotFoundException', 'describe-mesh', ...m);
    expect((await ok('list-meshes')).meshes).toEqual([]);
  });
});
