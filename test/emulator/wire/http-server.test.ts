import {
  AppMeshClient,
  ConflictException,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DescribeRouteCommand,
  DescribeVirtualServiceCommand,
  NotFoundException,
  paginateListVirtualNodes,
  ResourceInUseException,
  DeleteVirtualNodeCommand,
} from '@aws-sdk/client-app-mesh';
import { Emulator, listen, type RunningServer } from '../../../lib/emulator';
import { errorOf, httpRoute, listener, nodeSpec } from '../appmesh/helpers';

describe('Emulator HTTP server with the SDK over a real socket', () => {
  const emulator = new Emulator();
  let server: RunningServer;
  let client: AppMeshClient;

  beforeAll(async () => {
    server = await listen((r) => emulator.handle(r));
    client = new AppMeshClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('listens on 127.0.0.1 and an ephemeral port by default', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves a session: names with spaces and dots survive the path, lists page, errors come back typed', async () => {
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    for (const n of ['a', 'b', 'c']) await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: n, spec: nodeSpec() }));
    await client.send(new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'vr 1', spec: { listeners: [listener()] } }));
    await client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'vr 1', routeName: 'route/1', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) }));
    const route = await client.send(new DescribeRouteCommand({ meshName: 'm', virtualRouterName: 'vr 1', routeName: 'route/1' }));
    expect(route.route!.metadata!.arn).toBe('arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualRouter/vr 1/route/route/1');
    await client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 'a.m.svc.cluster.local', spec: { provider: { virtualNode: { virtualNodeName: 'a' } } } }));
    expect((await client.send(new DescribeVirtualServiceCommand({ meshName: 'm', virtualServiceName: 'a.m.svc.cluster.local' }))).virtualService!.spec!.provider!.virtualNode!.virtualNodeName).toBe('a');
    const names: string[] = [];
    for await (const page of paginateListVirtualNodes({ client, pageSize: 2 }, { meshName: 'm' })) names.push(...page.virtualNodes!.map((n) => n.virtualNodeName!));
    expect(names).toEqual(['a', 'b', 'c']);
    const inUse = await errorOf(client.send(new DeleteVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a' })));
    expect(inUse).toBeInstanceOf(ResourceInUseException);
    expect(inUse.$metadata.httpStatusCode).toBe(409);
    expect(await errorOf(client.send(new CreateMeshCommand({ meshName: 'm' })))).toBeInstanceOf(ConflictException);
    const missing = await errorOf(client.send(new DescribeRouteCommand({ meshName: 'm', virtualRouterName: 'vr 1', routeName: 'nope' })));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it('answers a request no emulated API serves with a 404 JSON error', async () => {
    const res = await fetch(`${server.url}/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(((await res.json()) as { message: string }).message).toContain('/nothing-here');
  });
});
