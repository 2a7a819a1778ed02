import { request } from 'node:http';
import {
  AppMeshClient,
  BadRequestException,
  DescribeMeshCommand,
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
import {
  CreateHttpNamespaceCommand,
  CreateServiceCommand,
  DiscoverInstancesCommand,
  ListNamespacesCommand,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { EMULATOR_USAGE as emulatorHelp } from '../../../lib/cli/commands/emulator';
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

/** One request with its path sent byte for byte (fetch and the SDK may resolve dot segments first). */
function rawRequest(url: string, method: string, path: string, body = ''): Promise<{ status: number; type?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, path, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['x-amzn-errortype'] as string | undefined, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('names a URL path would resolve (`.` and `..`)', () => {
  const emulator = new Emulator();
  let server: RunningServer;
  let client: AppMeshClient;

  beforeAll(async () => {
    server = await listen((r) => emulator.handle(r));
    client = new AppMeshClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    await client.send(new CreateMeshCommand({ meshName: 'watches', tags: [{ key: 'meshops:owner', value: 'acme/mesh-config' }] }));
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it.each(['.', '..'])('cannot be created: %s', async (name) => {
    const refused = await errorOf(client.send(new CreateVirtualNodeCommand({ meshName: 'watches', virtualNodeName: name, spec: nodeSpec() })));
    expect(refused).toBeInstanceOf(BadRequestException);
    expect(refused.message).toContain('a URL path resolves');
  });

  it.each([
    ['GET', '/v20190125/meshes/watches/virtualNodes/..', ''],
    ['PUT', '/v20190125/meshes/watches/virtualNodes/..', JSON.stringify({ spec: nodeSpec() })],
    ['DELETE', '/v20190125/meshes/watches/virtualNodes/..', ''],
    ['DELETE', '/v20190125/meshes/watches/virtualNodes/.', ''],
    ['GET', '/v20190125/meshes/watches/virtualNodes/%2E%2E', ''],
    ['DELETE', '/v20190125/meshes/watches/virtualRouter/../routes/x', ''],
  ])('%s %s is a 400, not a call on the mesh', async (method, path, body) => {
    const res = await rawRequest(server.url, method, path, body);
    expect(res.status).toBe(400);
    expect(res.type).toBe('BadRequestException');
    expect((await client.send(new DescribeMeshCommand({ meshName: 'watches' }))).mesh!.metadata!.version).toBe(1);
  });

  it.each([
    ['PUT', '/v20190125/meshes/watches/'],
    ['DELETE', '/v20190125/meshes/watches/'],
  ])('%s %s (an empty name) reaches no operation', async (method, path) => {
    const res = await rawRequest(server.url, method, path, method === 'PUT' ? '{"spec":{}}' : '');
    expect(res.status).toBe(404);
    expect((await client.send(new DescribeMeshCommand({ meshName: 'watches' }))).mesh!.status!.status).toBe('ACTIVE');
  });
});
describe('an oversized request body', () => {
  const emulator = new Emulator();
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen((r) => emulator.handle(r));
  });
  afterAll(() => server.close());

  it('is a client error (413), not a retryable 500, and changes nothing', async () => {
    const body = JSON.stringify({ meshName: 'big', spec: {}, tags: [{ key: 'pad', value: 'x'.repeat(6 * 1024 * 1024) }] });
    const res = await rawRequest(server.url, 'PUT', '/v20190125/meshes', body).catch((err: Error) => ({ status: 0, type: err.message, text: '' }));
    expect(res.status).toBe(413);
    expect(res.type).toBe('RequestEntityTooLargeException');
    expect(JSON.parse(res.text)).toEqual({ message: 'the request body is over 5242880 bytes' });
    expect(emulator.callStats().total).toBe(0);
  });
});

describe('Cloud Map DiscoverInstances over a real socket (its model adds a data- host prefix)', () => {
  const emulator = new Emulator();
  let server: RunningServer;
  const client = (disableHostPrefix: boolean) =>
    new ServiceDiscoveryClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1, disableHostPrefix });

  beforeAll(async () => {
    server = await listen((r) => emulator.handle(r));
    const setup = client(false);
    await setup.send(new CreateHttpNamespaceCommand({ Name: 'shop' }));
    const ns = (await setup.send(new ListNamespacesCommand({}))).Namespaces!.find((n) => n.Name === 'shop')!;
    const service = (await setup.send(new CreateServiceCommand({ Name: 'cart', NamespaceId: ns.Id! }))).Service!;
    await setup.send(new RegisterInstanceCommand({ ServiceId: service.Id!, InstanceId: 'i-1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.7', AWS_INSTANCE_PORT: '8080' } }));
    setup.destroy();
  });
  afterAll(async () => {
    await server.close();
  });

  it('is reached as `meshops emulator --help` says: with the host prefix turned off in the client', async () => {
    expect(emulatorHelp).toContain('disableHostPrefix: true');
    const plain = client(true);
    const found = await plain.send(new DiscoverInstancesCommand({ NamespaceName: 'shop', ServiceName: 'cart' }));
    plain.destroy();
    expect(found.Instances!.map((i) => [i.InstanceId, i.Attributes])).toEqual([['i-1', { AWS_INSTANCE_IPV4: '10.0.0.7', AWS_INSTANCE_PORT: '8080' }]]);
  });

  it('is not reached with the prefix on: the client asks data-127.0.0.1, which does not resolve', async () => {
    const prefixed = client(false);
    const failure = await prefixed.send(new DiscoverInstancesCommand({ NamespaceName: 'shop', ServiceName: 'cart' })).then(() => undefined, (err: unknown) => err);
    prefixed.destroy();
    expect(String((failure as Error | undefined)?.message)).toMatch(/data-127\.0\.0\.1|ENOTFOUND|EAI_AGAIN/);
  });
});
