import {
  CreateHttpNamespaceCommand,
  CreatePrivateDnsNamespaceCommand,
  CreatePublicDnsNamespaceCommand,
  CreateServiceCommand,
  CustomHealthNotFound,
  DeregisterInstanceCommand,
  DiscoverInstancesCommand,
  DiscoverInstancesRevisionCommand,
  DuplicateRequest,
  GetInstanceCommand,
  GetInstancesHealthStatusCommand,
  GetServiceCommand,
  InstanceNotFound,
  InvalidInput,
  ListInstancesCommand,
  NamespaceNotFound,
  paginateGetInstancesHealthStatus,
  paginateListInstances,
  RegisterInstanceCommand,
  ResourceLimitExceeded,
  ServiceNotFound,
  UpdateInstanceCustomHealthStatusCommand,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-servicediscovery';
import { cloudMapHarness, rejection, settled, type CloudMapHarness } from './harness';

async function setup(h: CloudMapHarness) {
  const make = async (p: Promise<{ OperationId?: string }>) => (await settled(h, (await p).OperationId)).Targets!.NAMESPACE!;
  const ns = {
    http: await make(h.client.send(new CreateHttpNamespaceCommand({ Name: 'shop' }))),
    priv: await make(h.client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'shop.local', Vpc: 'vpc-1' }))),
    pub: await make(h.client.send(new CreatePublicDnsNamespaceCommand({ Name: 'shop.example.com' }))),
  };
  const service = async (input: Omit<CreateServiceCommandInput, 'NamespaceId'> & { in: keyof typeof ns }) =>
    (await h.client.send(new CreateServiceCommand({ ...input, NamespaceId: ns[input.in], in: undefined } as CreateServiceCommandInput))).Service!.Id!;
  return { ns, service };
}

async function register(h: CloudMapHarness, ServiceId: string, InstanceId: string, Attributes: Record<string, string>, CreatorRequestId?: string) {
  const { OperationId } = await h.client.send(new RegisterInstanceCommand({ ServiceId, InstanceId, Attributes, CreatorRequestId }));
  return settled(h, OperationId);
}

describe('Cloud Map instances', () => {
  it('registers asynchronously, then gets and lists the instance; re-registering updates it', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: 1000 });
    const { ns, service } = await setup(h);
    const srv = await service({ Name: 'cart', in: 'http' });
    const { OperationId } = await h.client.send(new RegisterInstanceCommand({ ServiceId: srv, InstanceId: 'i-1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1', color: 'blue' } }));
    expect(await rejection(h.client.send(new GetInstanceCommand({ ServiceId: srv, InstanceId: 'i-1' })))).toBeInstanceOf(InstanceNotFound);
    expect(await settled(h, OperationId)).toMatchObject({ Type: 'REGISTER_INSTANCE', Status: 'SUCCESS', Targets: { NAMESPACE: ns.http, SERVICE: srv, INSTANCE: 'i-1' } });

    const got = await h.client.send(new GetInstanceCommand({ ServiceId: srv, InstanceId: 'i-1' }));
    expect(got.ResourceOwner).toBe('111122223333');
    expect(got.Instance).toEqual({ Id: 'i-1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1', color: 'blue' }, CreatedByAccount: '111122223333' });
    expect((await h.client.send(new GetServiceCommand({ Id: srv }))).Service!.InstanceCount).toBe(1);

    await register(h, srv, 'i-1', { AWS_INSTANCE_IPV4: '10.0.0.2' });
    const listed = await h.client.send(new ListInstancesCommand({ ServiceId: srv }));
    expect(listed.Instances).toEqual([{ Id: 'i-1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.2' }, CreatedByAccount: '111122223333' }]);
    expect(listed.ResourceOwner).toBe('111122223333');
  });

  it('deregisters asynchronously; refuses unknown instances and services', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: 1000 });
    const { service } = await setup(h);
    const srv = await service({ Name: 'cart', in: 'http' });
    await register(h, srv, 'i-1', {});
    const { OperationId } = await h.client.send(new DeregisterInstanceCommand({ ServiceId: srv, InstanceId: 'i-1' }));
    expect((await h.client.send(new GetInstanceCommand({ ServiceId: srv, InstanceId: 'i-1' }))).Instance!.Id).toBe('i-1');
    expect(await settled(h, OperationId)).toMatchObject({ Type: 'DEREGISTER_INSTANCE', Status: 'SUCCESS' });
    expect(await rejection(h.client.send(new GetInstanceCommand({ ServiceId: srv, InstanceId: 'i-1' })))).toBeInstanceOf(InstanceNotFound);
    expect(await rejection(h.client.send(new DeregisterInstanceCommand({ ServiceId: srv, InstanceId: 'i-1' })))).toBeInstanceOf(InstanceNotFound);
    expect(await rejection(h.client.send(new RegisterInstanceCommand({ ServiceId: 'srv-missing', InstanceId: 'i', Attributes: {} })))).toBeInstanceOf(ServiceNotFound);
    expect(await rejection(h.client.send(new ListInstancesCommand({ ServiceId: 'srv-missing' })))).toBeInstanceOf(ServiceNotFound);
  });

  it('allows one register or deregister per instance at a time, and replays a retried registration', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: 1000 });
    const { service } = await setup(h);
    const srv = await service({ Name: 'cart', in: 'http' });
    const first = await h.client.send(new RegisterInstanceCommand({ ServiceId: srv, InstanceId: 'i-1', Attributes: {}, CreatorRequestId: 'tok' }));
    const retry = await h.client.send(new RegisterInstanceCommand({ ServiceId: srv, InstanceId: 'i-1', Attributes: {}, CreatorRequestId: 'tok' }));
    expect(retry.OperationId).toBe(first.OperationId);
    const dup = await rejection(h.client.send(new RegisterInstanceCommand({ ServiceId: srv, InstanceId: 'i-1', Attributes: { a: 'b' } })));
    expect(dup).toBeInstanceOf(DuplicateRequest);
    expect(dup.DuplicateOperationId).toBe(first.OperationId);
    expect(await rejection(h.client.send(new DeregisterInstanceCommand({ ServiceId: srv, InstanceId: 'i-1' })))).toBeInstanceOf(DuplicateRequest);
    // Another instance of the same service is independent.
    await h.client.send(new RegisterInstanceCommand({ ServiceId: srv, InstanceId: 'i-2', Attributes: {} }));
    await settled(h, first.OperationId);
    // After it settled, the same request still answers with the same operation.
    expect((await h.client.send(new RegisterInstanceCommand({ ServiceId: srv, InstanceId: 'i-1', Attributes: {}, CreatorRequestId: 'tok' }))).OperationId).toBe(first.OperationId);
  });

  it.each<[string, CreateServiceCommandInput['DnsConfig'] & object, Record<string, string>, string]>([
    ['an A record without AWS_INSTANCE_IPV4', { DnsRecords: [{ Type: 'A', TTL: 60 }] }, { AWS_INSTANCE_IPV6: '::1' }, 'AWS_INSTANCE_IPV4: required'],
    ['an AAAA record without AWS_INSTANCE_IPV6', { DnsRecords: [{ Type: 'AAAA', TTL: 60 }] }, { AWS_INSTANCE_IPV4: '10.0.0.1' }, 'AWS_INSTANCE_IPV6: required'],
    ['A and AAAA records without an address', { DnsRecords: [{ Type: 'A', TTL: 60 }, { Type: 'AAAA', TTL: 60 }] }, {}, 'AWS_INSTANCE_IPV4, AWS_INSTANCE_IPV6 or both'],
    ['an SRV record without a port', { DnsRecords: [{ Type: 'SRV', TTL: 60 }] }, { AWS_INSTANCE_IPV4: '10.0.0.1' }, 'AWS_INSTANCE_PORT: required'],
    ['an SRV record without an address', { DnsRecords: [{ Type: 'SRV', TTL: 60 }] }, { AWS_INSTANCE_PORT: '80' }, 'AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6'],
    ['a malformed IPv4 address', { DnsRecords: [{ Type: 'A', TTL: 60 }] }, { AWS_INSTANCE_IPV4: '10.0.0.300' }, 'not an IPv4 address'],
    ['a malformed port', { DnsRecords: [{ Type: 'SRV', TTL: 60 }] }, { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '70000' }, 'not a port'],
    ['an alias without WEIGHTED', { DnsRecords: [{ Type: 'A', TTL: 60 }] }, { AWS_ALIAS_DNS_NAME: 'lb.example.com' }, 'WEIGHTED'],
    ['an alias beside an address', { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'A', TTL: 60 }] }, { AWS_ALIAS_DNS_NAME: 'lb.example.com', AWS_INSTANCE_IPV4: '10.0.0.1' }, 'excludes'],
    ['an EC2 instance id outside an HTTP namespace', { DnsRecords: [{ Type: 'A', TTL: 60 }] }, { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_EC2_INSTANCE_ID: 'i-0abc' }, 'HTTP namespaces'],
  ])('refuses %s (InvalidInput)', async (_what, DnsConfig, Attributes, message) => {
    const h = cloudMapHarness();
    const { service } = await setup(h);
    const srv = await service({ Name: 'dns', in: 'priv', DnsConfig });
    const err = await rejection(h.client.send(new RegisterInstanceCommand({ ServiceId: srv, InstanceId: 'i-1', Attributes })));
    expect(err).toBeInstanceOf(InvalidInput);
    expect(err.message).toContain(message);
  });

  it('checks the attribute rules of CNAME, alias, health-checked and HTTP services', async () => {
    const h = cloudMapHarness();
    const { service } = await setup(h);
    const cname = await service({ Name: 'cname', in: 'pub', DnsConfig: { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'CNAME', TTL: 60 }] } });
    expect(await rejection(h.client.send(new RegisterInstanceCommand({ ServiceId: cname, InstanceId: 'i', Attributes: {} })))).toBeInstanceOf(InvalidInput);
    expect((await register(h, cname, 'i', { AWS_INSTANCE_CNAME: 'www.example.com' })).Status).toBe('SUCCESS');
    const alias = await service({ Name: 'alias', in: 'priv', DnsConfig: { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'A', TTL: 60 }] } });
    expect((await register(h, alias, 'i', { AWS_ALIAS_DNS_NAME: 'lb-1.us-east-1.elb.amazonaws.com' })).Status).toBe('SUCCESS');
    const checked = await service({ Name: 'checked', in: 'pub', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] }, HealthCheckConfig: { Type: 'HTTP' } });
    expect((await rejection(h.client.send(new RegisterInstanceCommand({ ServiceId: checked, InstanceId: 'i', Attributes: { AWS_INSTANCE_IPV4: '1.2.3.4' } })))).message).toContain('AWS_INSTANCE_PORT');
    const http = await service({ Name: 'ec2', in: 'http' });
    expect((await register(h, http, 'i', { AWS_EC2_INSTANCE_ID: 'i-0abc', anything: 'goes' })).Status).toBe('SUCCESS');
    const tooMany = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v']));
    expect((await rejection(h.client.send(new RegisterInstanceCommand({ ServiceId: http, InstanceId: 'j', Attributes: tooMany })))).message).toContain('at most 30 custom attributes');
    const huge = { a: 'x'.repeat(1024), b: 'x'.repeat(1024), c: 'x'.repeat(1024), d: 'x'.repeat(1024), e: 'x'.repeat(1024) };
    expect((await rejection(h.client.send(new RegisterInstanceCommand({ ServiceId: http, InstanceId: 'j', Attributes: huge })))).message).toContain('5000');
    expect(await rejection(h.client.send(new RegisterInstanceCommand({ ServiceId: http, InstanceId: 'bad id!', Attributes: {} })))).toBeInstanceOf(InvalidInput);
  });

  it('enforces instances per service (1000 by default) and per namespace, with overrides', async () => {
    const h = cloudMapHarness({ quotas: { 'cloudmap-instances-per-service': 2, 'cloudmap-instances-per-namespace': 3 }, cloudMapDelayMs: 1000 });
    const { service } = await setup(h);
    const a = await service({ Name: 'a', in: 'http' });
    const b = await service({ Name: 'b', in: 'http' });
    await register(h, a, 'i-1', {});
    await h.client.send(new RegisterInstanceCommand({ ServiceId: a, InstanceId: 'i-2', Attributes: {} }));
    // The registration in flight counts.
    const err = await rejection(h.client.send(new RegisterInstanceCommand({ ServiceId: a, InstanceId: 'i-3', Attributes: {} })));
    expect(err).toBeInstanceOf(ResourceLimitExceeded);
    expect(err.message).toContain('per service');
    await register(h, b, 'j-1', {});
    expect((await rejection(h.client.send(new RegisterInstanceCommand({ ServiceId: b, InstanceId: 'j-2', Attributes: {} })))).message).toContain('per namespace');
    // Re-registering an existing instance is an update, not a new instance.
    expect((await register(h, b, 'j-1', { v: '2' })).Status).toBe('SUCCESS');

    const d = cloudMapHarness();
    const { service: svc } = await setup(d);
    const big = await svc({ Name: 'big', in: 'http' });
    for (let i = 0; i < 1000; i++) await d.client.send(new RegisterInstanceCommand({ ServiceId: big, InstanceId: `i-${i}`, Attributes: {} }));
    expect(await rejection(d.client.send(new RegisterInstanceCommand({ ServiceId: big, InstanceId: 'i-1000', Attributes: {} })))).toBeInstanceOf(ResourceLimitExceeded);
  });

  it('pages instances with the SDK paginator', async () => {
    const h = cloudMapHarness();
    const { service } = await setup(h);
    const srv = await service({ Name: 'many', in: 'http' });
    for (let i = 0; i < 7; i++) await h.client.send(new RegisterInstanceCommand({ ServiceId: srv, InstanceId: `i-${i}`, Attributes: {} }));
    const pages: string[][] = [];
    for await (const page of paginateListInstances({ client: h.client, pageSize: 3 }, { ServiceId: srv })) pages.push(page.Instances!.map((i) => i.Id!));
    expect(pages).toEqual([['i-0', 'i-1', 'i-2'], ['i-3', 'i-4', 'i-5'], ['i-6']]);
    const other = await service({ Name: 'other', in: 'http' });
    const token = (await h.client.send(new ListInstancesCommand({ ServiceId: srv, MaxResults: 2 }))).NextToken;
    expect(await rejection(h.client.send(new ListInstancesCommand({ ServiceId: other, NextToken: token })))).toBeInstanceOf(InvalidInput);
  });

  it('reports health: custom status, HEALTHY for Route 53 checks, UNKNOWN without checks', async () => {
    const h = cloudMapHarness();
    const { service } = await setup(h);
    const custom = await service({ Name: 'custom', in: 'priv', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] }, HealthCheckCustomConfig: {} });
    await register(h, custom, 'up', { AWS_INSTANCE_IPV4: '10.0.0.1' });
    await register(h, custom, 'down', { AWS_INSTANCE_IPV4: '10.0.0.2', AWS_INIT_HEALTH_STATUS: 'UNHEALTHY' });
    const status = async (Instances?: string[]) => (await h.client.send(new GetInstancesHealthStatusCommand({ ServiceId: custom, Instances }))).Status;
    expect(await status()).toEqual({ up: 'HEALTHY', down: 'UNHEALTHY' });
    await h.client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: custom, InstanceId: 'down', Status: 'HEALTHY' }));
    await h.client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: custom, InstanceId: 'up', Status: 'UNHEALTHY' }));
    expect(await status(['up'])).toEqual({ up: 'UNHEALTHY' });
    expect(await rejection(status(['nope']))).toBeInstanceOf(InstanceNotFound);

    const plain = await service({ Name: 'plain', in: 'http' });
    await register(h, plain, 'i', {});
    expect((await h.client.send(new GetInstancesHealthStatusCommand({ ServiceId: plain }))).Status).toEqual({ i: 'UNKNOWN' });
    expect(await rejection(h.client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: plain, InstanceId: 'i', Status: 'HEALTHY' })))).toBeInstanceOf(CustomHealthNotFound);
    const checked = await service({ Name: 'checked', in: 'http', HealthCheckConfig: { Type: 'TCP' } });
    await register(h, checked, 'i', { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '80' });
    expect((await h.client.send(new GetInstancesHealthStatusCommand({ ServiceId: checked }))).Status).toEqual({ i: 'HEALTHY' });
  });

  it('shows a custom health status only after the configured delay, as Cloud Map does (about 30 s)', async () => {
    const h = cloudMapHarness({ cloudMapHealthDelayMs: 30_000 });
    const { service } = await setup(h);
    const custom = await service({ Name: 'custom', in: 'http', HealthCheckCustomConfig: {} });
    await register(h, custom, 'i', {});
    const status = async () => (await h.client.send(new GetInstancesHealthStatusCommand({ ServiceId: custom }))).Status!.i;
    const discovered = async (HealthStatus: 'HEALTHY' | 'UNHEALTHY') =>
      (await h.client.send(new DiscoverInstancesCommand({ NamespaceName: 'shop', ServiceName: 'custom', HealthStatus }))).Instances!.map((i) => i.InstanceId);
    await h.client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: custom, InstanceId: 'i', Status: 'UNHEALTHY' }));
    h.clock.advance(29_999);
    expect(await status()).toBe('HEALTHY');
    expect(await discovered('HEALTHY')).toEqual(['i']);
    h.clock.advance(1);
    expect(await status()).toBe('UNHEALTHY');
    expect(await discovered('UNHEALTHY')).toEqual(['i']);
    // A second change waits its own delay; the first one has already shown.
    await h.client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: custom, InstanceId: 'i', Status: 'HEALTHY' }));
    h.clock.advance(10_000);
    expect(await status()).toBe('UNHEALTHY');
    h.clock.advance(20_000);
    expect(await status()).toBe('HEALTHY');
  });

  it('pages health statuses with the SDK paginator', async () => {
    const h = cloudMapHarness();
    const { service } = await setup(h);
    const srv = await service({ Name: 'custom', in: 'http', HealthCheckCustomConfig: {} });
    for (let i = 0; i < 5; i++) await h.client.send(new RegisterInstanceCommand({ ServiceId: srv, InstanceId: `i-${i}`, Attributes: {} }));
    const pages: Record<string, string>[] = [];
    for await (const page of paginateGetInstancesHealthStatus({ client: h.client, pageSize: 2 }, { ServiceId: srv })) pages.push(page.Status ?? {});
    expect(pages.map((p) => Object.keys(p))).toEqual([['i-0', 'i-1'], ['i-2', 'i-3'], ['i-4']]);
  });

  it('discovers instances by namespace and service name, with health and attribute filters', async () => {
    const h = cloudMapHarness();
    const { service } = await setup(h);
    const srv = await service({ Name: 'Payments', in: 'priv', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] }, HealthCheckCustomConfig: {} });
    await register(h, srv, 'a', { AWS_INSTANCE_IPV4: '10.0.0.1', stage: 'prod', zone: 'a' });
    await register(h, srv, 'b', { AWS_INSTANCE_IPV4: '10.0.0.2', stage: 'prod', zone: 'b', AWS_INIT_HEALTH_STATUS: 'UNHEALTHY' });
    await register(h, srv, 'c', { AWS_INSTANCE_IPV4: '10.0.0.3', stage: 'beta', zone: 'a' });
    const discover = async (extra: Partial<ConstructorParameters<typeof DiscoverInstancesCommand>[0]> = {}) =>
      (await h.client.send(new DiscoverInstancesCommand({ NamespaceName: 'shop.local', ServiceName: 'payments', ...extra }))).Instances!.map((i) => i.InstanceId);

    const full = await h.client.send(new DiscoverInstancesCommand({ NamespaceName: 'shop.local', ServiceName: 'Payments', HealthStatus: 'ALL' }));
    expect(full.Instances![1]).toEqual({ InstanceId: 'b', NamespaceName: 'shop.local', ServiceName: 'Payments', HealthStatus: 'UNHEALTHY', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.2', stage: 'prod', zone: 'b', AWS_INIT_HEALTH_STATUS: 'UNHEALTHY' } });
    expect(full.InstancesRevision).toBe(3);
    expect(await discover()).toEqual(['a', 'c']);
    expect(await discover({ HealthStatus: 'UNHEALTHY' })).toEqual(['b']);
    expect(await discover({ QueryParameters: { stage: 'prod' }, HealthStatus: 'ALL' })).toEqual(['a', 'b']);
    expect(await discover({ QueryParameters: { stage: 'prod' }, OptionalParameters: { zone: 'b' }, HealthStatus: 'ALL' })).toEqual(['b']);
    // OptionalParameters that match nothing are ignored.
    expect(await discover({ OptionalParameters: { zone: 'z' } })).toEqual(['a', 'c']);
    expect(await discover({ MaxResults: 1, HealthStatus: 'ALL' })).toEqual(['a']);
    // HEALTHY_OR_ELSE_ALL fails open when nothing is healthy.
    await h.client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: srv, InstanceId: 'a', Status: 'UNHEALTHY' }));
    await h.client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: srv, InstanceId: 'c', Status: 'UNHEALTHY' }));
    expect(await discover({ HealthStatus: 'HEALTHY_OR_ELSE_ALL' })).toEqual(['a', 'b', 'c']);
    expect(await discover({ HealthStatus: 'HEALTHY' })).toEqual([]);

    // Health updates do not move the revision; (de)registrations do.
    const revision = async () => (await h.client.send(new DiscoverInstancesRevisionCommand({ NamespaceName: 'shop.local', ServiceName: 'payments' }))).InstancesRevision;
    expect(await revision()).toBe(3);
    await settled(h, (await h.client.send(new DeregisterInstanceCommand({ ServiceId: srv, InstanceId: 'c' }))).OperationId);
    expect(await revision()).toBe(4);

    // Without a health check, HealthStatus is ignored and everything is returned.
    const plain = await service({ Name: 'plain', in: 'http' });
    await register(h, plain, 'p', {});
    const res = await h.client.send(new DiscoverInstancesCommand({ NamespaceName: 'shop', ServiceName: 'plain', HealthStatus: 'HEALTHY' }));
    expect(res.Instances!.map((i) => [i.InstanceId, i.HealthStatus])).toEqual([['p', 'UNKNOWN']]);
    // HTTP namespaces compare service names exactly.
    expect(await rejection(h.client.send(new DiscoverInstancesCommand({ NamespaceName: 'shop', ServiceName: 'PLAIN' })))).toBeInstanceOf(ServiceNotFound);
    expect(await rejection(h.client.send(new DiscoverInstancesCommand({ NamespaceName: 'nowhere', ServiceName: 'plain' })))).toBeInstanceOf(NamespaceNotFound);
    expect(await rejection(h.client.send(new DiscoverInstancesCommand({ NamespaceName: 'shop', ServiceName: 'plain', OwnerAccount: '999988887777' })))).toBeInstanceOf(NamespaceNotFound);
  });
});
