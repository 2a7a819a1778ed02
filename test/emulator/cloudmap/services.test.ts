import {
  CreateHttpNamespaceCommand,
  CreatePrivateDnsNamespaceCommand,
  CreatePublicDnsNamespaceCommand,
  CreateServiceCommand,
  DeleteServiceAttributesCommand,
  DeleteServiceCommand,
  DuplicateRequest,
  GetServiceAttributesCommand,
  GetServiceCommand,
  InvalidInput,
  ListServicesCommand,
  NamespaceNotFound,
  paginateListServices,
  RegisterInstanceCommand,
  ResourceInUse,
  ServiceAlreadyExists,
  ServiceAttributesLimitExceededException,
  ServiceNotFound,
  UpdateServiceAttributesCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type DeregisterInstanceCommandOutput,
  DeregisterInstanceCommand,
  type ListServicesCommandInput,
} from '@aws-sdk/client-servicediscovery';
import { cloudMapHarness, rejection, settled, type CloudMapHarness } from './harness';

async function namespaces(h: CloudMapHarness) {
  const make = async (p: Promise<{ OperationId?: string }>) => (await settled(h, (await p).OperationId)).Targets!.NAMESPACE!;
  return {
    http: await make(h.client.send(new CreateHttpNamespaceCommand({ Name: 'apps' }))),
    priv: await make(h.client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'apps.local', Vpc: 'vpc-1' }))),
    pub: await make(h.client.send(new CreatePublicDnsNamespaceCommand({ Name: 'apps.example.com' }))),
  };
}

const create = (h: CloudMapHarness, input: CreateServiceCommandInput) => h.client.send(new CreateServiceCommand(input));

describe('Cloud Map services', () => {
  it('creates services with the server-filled Type, RoutingPolicy, FailureThreshold and namespace id', async () => {
    const h = cloudMapHarness();
    const ns = await namespaces(h);

    const httpSvc = (await create(h, { Name: 'web', NamespaceId: ns.http, Description: 'web tier', CreatorRequestId: 'c-1' })).Service!;
    expect(httpSvc).toEqual({
      Id: expect.stringMatching(/^srv-[a-z0-9]{16}$/),
      Arn: `arn:aws:servicediscovery:us-east-1:111122223333:service/${httpSvc.Id}`,
      ResourceOwner: '111122223333',
      Name: 'web',
      NamespaceId: ns.http,
      Description: 'web tier',
      InstanceCount: 0,
      DnsConfig: {},
      Type: 'HTTP',
      CreateDate: new Date(Date.UTC(2026, 10, 25, 12)),
      CreatorRequestId: 'c-1',
      CreatedByAccount: '111122223333',
    });

    const dnsSvc = (await create(h, { Name: 'db', NamespaceId: ns.priv, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] }, HealthCheckCustomConfig: {} })).Service!;
    expect(dnsSvc.Type).toBe('DNS_HTTP');
    expect(dnsSvc.DnsConfig).toEqual({ NamespaceId: ns.priv, RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 60 }] });
    expect(dnsSvc.HealthCheckCustomConfig).toEqual({ FailureThreshold: 1 });
    expect((await h.client.send(new GetServiceCommand({ Id: dnsSvc.Arn }))).Service).toEqual(dnsSvc);

    // A DNS-namespace service with Type HTTP (or no DnsConfig) registers no DNS records.
    expect((await create(h, { Name: 'api', NamespaceId: ns.priv, Type: 'HTTP' })).Service!.Type).toBe('HTTP');
    // The deprecated DnsConfig.NamespaceId still works on its own.
    const legacy = (await create(h, { Name: 'legacy', DnsConfig: { NamespaceId: ns.pub, RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'CNAME', TTL: 30 }] } })).Service!;
    expect(legacy).toMatchObject({ NamespaceId: ns.pub, Type: 'DNS_HTTP', DnsConfig: { RoutingPolicy: 'WEIGHTED' } });
  });

  it('needs an existing namespace (NamespaceNotFound) and a namespace id (InvalidInput)', async () => {
    const h = cloudMapHarness();
    const ns = await namespaces(h);
    expect(await rejection(create(h, { Name: 's', NamespaceId: 'ns-aaaaaaaaaaaaaaaa' }))).toBeInstanceOf(NamespaceNotFound);
    expect(await rejection(create(h, { Name: 's' }))).toBeInstanceOf(InvalidInput);
    const mismatch = await rejection(create(h, { Name: 's', NamespaceId: ns.priv, DnsConfig: { NamespaceId: ns.pub, DnsRecords: [{ Type: 'A', TTL: 1 }] } }));
    expect(mismatch).toBeInstanceOf(InvalidInput);
  });

  it.each<[string, (ns: Record<'http' | 'priv' | 'pub', string>) => CreateServiceCommandInput, string]>([
    ['DnsConfig in an HTTP namespace', (ns) => ({ Name: 's', NamespaceId: ns.http, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } }), 'DnsConfig'],
    ['DnsConfig with Type HTTP', (ns) => ({ Name: 's', NamespaceId: ns.priv, Type: 'HTTP', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } }), 'Type HTTP'],
    ['no DNS records', (ns) => ({ Name: 's', NamespaceId: ns.priv, DnsConfig: { DnsRecords: [] } }), 'at least one'],
    ['SRV with A', (ns) => ({ Name: 's', NamespaceId: ns.priv, DnsConfig: { DnsRecords: [{ Type: 'SRV', TTL: 1 }, { Type: 'A', TTL: 1 }] } }), 'record types'],
    ['CNAME with AAAA', (ns) => ({ Name: 's', NamespaceId: ns.pub, DnsConfig: { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'CNAME', TTL: 1 }, { Type: 'AAAA', TTL: 1 }] } }), 'record types'],
    ['a record type twice', (ns) => ({ Name: 's', NamespaceId: ns.priv, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 1 }, { Type: 'A', TTL: 2 }] } }), 'once'],
    ['CNAME without WEIGHTED', (ns) => ({ Name: 's', NamespaceId: ns.pub, DnsConfig: { DnsRecords: [{ Type: 'CNAME', TTL: 1 }] } }), 'WEIGHTED'],
    [
      'CNAME with a health check',
      (ns) => ({ Name: 's', NamespaceId: ns.pub, DnsConfig: { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'CNAME', TTL: 1 }] }, HealthCheckConfig: { Type: 'HTTP' } }),
      'CNAME',
    ],
    ['HealthCheckConfig in a private DNS namespace', (ns) => ({ Name: 's', NamespaceId: ns.priv, HealthCheckConfig: { Type: 'TCP' } }), 'private DNS'],
    ['both health check kinds', (ns) => ({ Name: 's', NamespaceId: ns.pub, HealthCheckConfig: { Type: 'HTTP' }, HealthCheckCustomConfig: {} }), 'not both'],
    ['a TCP health check with a path', (ns) => ({ Name: 's', NamespaceId: ns.http, HealthCheckConfig: { Type: 'TCP', ResourcePath: '/health' } }), 'ResourcePath'],
    ['FailureThreshold out of range', (ns) => ({ Name: 's', NamespaceId: ns.http, HealthCheckConfig: { Type: 'HTTP', FailureThreshold: 11 } }), 'FailureThreshold'],
  ])('refuses %s with InvalidInput', async (_what, input, message) => {
    const h = cloudMapHarness();
    const ns = await namespaces(h);
    const err = await rejection(create(h, input(ns)));
    expect(err).toBeInstanceOf(InvalidInput);
    expect(err.message).toContain(message);
  });

  it('accepts HealthCheckConfig in public DNS and HTTP namespaces', async () => {
    const h = cloudMapHarness();
    const ns = await namespaces(h);
    const pub = (await create(h, { Name: 'hc', NamespaceId: ns.pub, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] }, HealthCheckConfig: { Type: 'HTTPS', ResourcePath: '/health', FailureThreshold: 3 } })).Service!;
    expect(pub.HealthCheckConfig).toEqual({ Type: 'HTTPS', ResourcePath: '/health', FailureThreshold: 3 });
    expect((await create(h, { Name: 'hc', NamespaceId: ns.http, HealthCheckConfig: { Type: 'TCP' } })).Service!.HealthCheckConfig).toEqual({ Type: 'TCP' });
  });

  it('answers ServiceAlreadyExists with the existing ids, and returns the service to a retry of the same request', async () => {
    const h = cloudMapHarness();
    const ns = await namespaces(h);
    const first = (await create(h, { Name: 'pay', NamespaceId: ns.priv, CreatorRequestId: 'mine', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } })).Service!;
    const retry = (await create(h, { Name: 'pay', NamespaceId: `arn:aws:servicediscovery:us-east-1:111122223333:namespace/${ns.priv}`, CreatorRequestId: 'mine', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } })).Service!;
    expect(retry.Id).toBe(first.Id);
    const clash = await rejection(create(h, { Name: 'PAY', NamespaceId: ns.priv, CreatorRequestId: 'other' }));
    expect(clash).toBeInstanceOf(ServiceAlreadyExists);
    expect(clash).toMatchObject({ ServiceId: first.Id, ServiceArn: first.Arn, CreatorRequestId: 'mine' });
    // HTTP namespaces compare names exactly; the same name in another namespace is fine.
    await create(h, { Name: 'pay', NamespaceId: ns.http });
    await create(h, { Name: 'PAY', NamespaceId: ns.http });
  });

  it('lists services of all namespaces, filtered by NAMESPACE_ID (id or ARN) and RESOURCE_OWNER', async () => {
    const h = cloudMapHarness();
    const ns = await namespaces(h);
    await create(h, { Name: 'a', NamespaceId: ns.http });
    await create(h, { Name: 'b', NamespaceId: ns.priv, DnsConfig: { DnsRecords: [{ Type: 'SRV', TTL: 10 }] } });
    await create(h, { Name: 'c', NamespaceId: ns.http });
    const names = async (Filters?: ListServicesCommandInput['Filters']) =>
      ((await h.client.send(new ListServicesCommand({ Filters }))).Services ?? []).map((s) => s.Name);
    expect(await names()).toEqual(['a', 'b', 'c']);
    expect(await names([{ Name: 'NAMESPACE_ID', Values: [ns.http] }])).toEqual(['a', 'c']);
    expect(await names([{ Name: 'NAMESPACE_ID', Values: [`arn:aws:servicediscovery:us-east-1:111122223333:namespace/${ns.priv}`] }])).toEqual(['b']);
    expect(await names([{ Name: 'RESOURCE_OWNER', Values: ['OTHER_ACCOUNTS'] }])).toEqual([]);
    const summary = (await h.client.send(new ListServicesCommand({}))).Services![1];
    expect(summary).toEqual({
      Id: expect.any(String),
      Arn: expect.any(String),
      ResourceOwner: '111122223333',
      Name: 'b',
      Type: 'DNS_HTTP',
      InstanceCount: 0,
      DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'SRV', TTL: 10 }] },
      CreateDate: expect.any(Date),
      CreatedByAccount: '111122223333',
    });
    expect(await rejection(h.client.send(new ListServicesCommand({ Filters: [{ Name: 'NAMESPACE_ID', Condition: 'IN', Values: [ns.http, ns.priv] }] })))).toBeInstanceOf(InvalidInput);
    expect(await rejection(h.client.send(new ListServicesCommand({ Filters: [{ Name: 'NAMESPACE_ID', Values: [ns.http, ns.priv] }] })))).toBeInstanceOf(InvalidInput);

    for (let i = 0; i < 5; i++) await create(h, { Name: `x${i}`, NamespaceId: ns.pub });
    const pages: number[] = [];
    for await (const page of paginateListServices({ client: h.client, pageSize: 3 }, { Filters: [{ Name: 'NAMESPACE_ID', Values: [ns.pub] }] })) {
      pages.push(page.Services!.length);
    }
    expect(pages).toEqual([0, 3, 2]);
  });

  it('updates a service asynchronously: TTLs change, omitted DnsConfig and HealthCheckConfig are deleted', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: 1000 });
    const ns = await namespaces(h);
    const svc = (await create(h, { Name: 'u', NamespaceId: ns.pub, Description: 'before', DnsConfig: { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'A', TTL: 60 }, { Type: 'AAAA', TTL: 60 }] }, HealthCheckConfig: { Type: 'HTTP', ResourcePath: '/' } })).Service!;
    const get = async () => (await h.client.send(new GetServiceCommand({ Id: svc.Id }))).Service!;

    const u1 = await h.client.send(new UpdateServiceCommand({ Id: svc.Id, Service: { DnsConfig: { DnsRecords: [{ Type: 'AAAA', TTL: 5 }, { Type: 'A', TTL: 10 }] }, HealthCheckConfig: { Type: 'HTTP', ResourcePath: '/ready' } } }));
    expect((await get()).DnsConfig!.DnsRecords).toEqual([{ Type: 'A', TTL: 60 }, { Type: 'AAAA', TTL: 60 }]);
    expect(await rejection(h.client.send(new UpdateServiceCommand({ Id: svc.Id, Service: { Description: 'x' } })))).toBeInstanceOf(DuplicateRequest);
    expect(await settled(h, u1.OperationId)).toMatchObject({ Type: 'UPDATE_SERVICE', Status: 'SUCCESS', Targets: { SERVICE: svc.Id } });
    let now = await get();
    expect(now.DnsConfig).toEqual({ NamespaceId: ns.pub, RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'AAAA', TTL: 5 }, { Type: 'A', TTL: 10 }] });
    expect(now.HealthCheckConfig).toEqual({ Type: 'HTTP', ResourcePath: '/ready' });
    expect(now.Description).toBe('before');

    // Omitting HealthCheckConfig deletes it; omitting Description keeps it.
    await settled(h, (await h.client.send(new UpdateServiceCommand({ Id: svc.Id, Service: { DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 1 }, { Type: 'AAAA', TTL: 1 }] } } }))).OperationId);
    now = await get();
    expect(now.HealthCheckConfig).toBeUndefined();
    expect(now.Description).toBe('before');
    // Omitting DnsConfig deletes the records.
    await settled(h, (await h.client.send(new UpdateServiceCommand({ Id: svc.Id, Service: { Description: 'after' } }))).OperationId);
    now = await get();
    expect(now.DnsConfig).toEqual({});
    expect(now.Description).toBe('after');
  });

  it.each<[string, 'priv' | 'pub' | 'http', CreateServiceCommandInput['DnsConfig'] | undefined, boolean, ConstructorParameters<typeof UpdateServiceCommand>[0]['Service'], string]>([
    ['changing record types', 'priv', { DnsRecords: [{ Type: 'A', TTL: 60 }] }, false, { DnsConfig: { DnsRecords: [{ Type: 'SRV', TTL: 60 }] } }, 'record types cannot change'],
    ['adding records to a service without them', 'http', undefined, false, { DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } }, 'no DNS records'],
    ['a health check beside HealthCheckCustomConfig', 'pub', { DnsRecords: [{ Type: 'A', TTL: 60 }] }, true, { HealthCheckConfig: { Type: 'HTTP' } }, 'mutually exclusive'],
    ['a health check in a private DNS namespace', 'priv', { DnsRecords: [{ Type: 'A', TTL: 60 }] }, false, { HealthCheckConfig: { Type: 'TCP' } }, 'private DNS'],
  ])('refuses an update %s (InvalidInput)', async (_what, where, DnsConfig, custom, change, message) => {
    const h = cloudMapHarness();
    const ns = await namespaces(h);
    const svc = (await create(h, { Name: 'r', NamespaceId: ns[where], DnsConfig, ...(custom ? { HealthCheckCustomConfig: {} } : {}) })).Service!;
    const err = await rejection(h.client.send(new UpdateServiceCommand({ Id: svc.Id, Service: change })));
    expect(err).toBeInstanceOf(InvalidInput);
    expect(err.message).toContain(message);
  });

  it('keeps the health check type immutable and HealthCheckCustomConfig untouched by updates', async () => {
    const h = cloudMapHarness();
    const ns = await namespaces(h);
    const hc = (await create(h, { Name: 'h', NamespaceId: ns.http, HealthCheckConfig: { Type: 'HTTP' } })).Service!;
    expect(await rejection(h.client.send(new UpdateServiceCommand({ Id: hc.Id, Service: { HealthCheckConfig: { Type: 'TCP' } } })))).toBeInstanceOf(InvalidInput);
    const custom = (await create(h, { Name: 'c', NamespaceId: ns.http, HealthCheckCustomConfig: { FailureThreshold: 5 } })).Service!;
    expect(custom.HealthCheckCustomConfig).toEqual({ FailureThreshold: 1 });
    await settled(h, (await h.client.send(new UpdateServiceCommand({ Id: custom.Id, Service: { Description: 'd' } }))).OperationId);
    expect((await h.client.send(new GetServiceCommand({ Id: custom.Id }))).Service!.HealthCheckCustomConfig).toEqual({ FailureThreshold: 1 });
  });

  it('deletes a service, refusing while instances are registered or registering (ResourceInUse)', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: 1000 });
    const ns = await namespaces(h);
    const svc = (await create(h, { Name: 'd', NamespaceId: ns.http })).Service!;
    const reg = await h.client.send(new RegisterInstanceCommand({ ServiceId: svc.Id, InstanceId: 'i-1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1' } }));
    const registering = await rejection(h.client.send(new DeleteServiceCommand({ Id: svc.Id })));
    expect(registering).toBeInstanceOf(ResourceInUse);
    expect(registering.message).toContain('in progress');
    await settled(h, reg.OperationId);
    expect(await rejection(h.client.send(new DeleteServiceCommand({ Id: svc.Id })))).toBeInstanceOf(ResourceInUse);
    const dereg: DeregisterInstanceCommandOutput = await h.client.send(new DeregisterInstanceCommand({ ServiceId: svc.Id, InstanceId: 'i-1' }));
    await settled(h, dereg.OperationId);
    expect(await h.client.send(new DeleteServiceCommand({ Id: svc.Arn }))).toMatchObject({ $metadata: { httpStatusCode: 200 } });
    expect(await rejection(h.client.send(new GetServiceCommand({ Id: svc.Id })))).toBeInstanceOf(ServiceNotFound);
    expect(await rejection(h.client.send(new DeleteServiceCommand({ Id: svc.Id })))).toBeInstanceOf(ServiceNotFound);
  });

  it('fails an UpdateService whose service was deleted while it was in flight', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: 1000 });
    const ns = await namespaces(h);
    const svc = (await create(h, { Name: 'gone', NamespaceId: ns.http })).Service!;
    const { OperationId } = await h.client.send(new UpdateServiceCommand({ Id: svc.Id, Service: { Description: 'x' } }));
    await h.client.send(new DeleteServiceCommand({ Id: svc.Id }));
    expect(await settled(h, OperationId)).toMatchObject({ Status: 'FAIL', ErrorMessage: expect.stringContaining(svc.Id!) });
  });

  it('gets, updates and deletes service attributes (at most 30)', async () => {
    const h = cloudMapHarness();
    const ns = await namespaces(h);
    const svc = (await create(h, { Name: 'attrs', NamespaceId: ns.http })).Service!;
    const get = async () => (await h.client.send(new GetServiceAttributesCommand({ ServiceId: svc.Id }))).ServiceAttributes!;
    expect(await get()).toEqual({ ServiceArn: svc.Arn, ResourceOwner: '111122223333' });
    await h.client.send(new UpdateServiceAttributesCommand({ ServiceId: svc.Id, Attributes: { Port: '80', Tier: 'web' } }));
    await h.client.send(new UpdateServiceAttributesCommand({ ServiceId: svc.Arn, Attributes: { Port: '8080' } }));
    expect((await get()).Attributes).toEqual({ Port: '8080', Tier: 'web' });
    await h.client.send(new DeleteServiceAttributesCommand({ ServiceId: svc.Id, Attributes: ['Tier', 'Missing'] }));
    expect((await get()).Attributes).toEqual({ Port: '8080' });
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'v']));
    expect(await rejection(h.client.send(new UpdateServiceAttributesCommand({ ServiceId: svc.Id, Attributes: many })))).toBeInstanceOf(ServiceAttributesLimitExceededException);
    expect(await rejection(h.client.send(new GetServiceAttributesCommand({ ServiceId: 'srv-missing' })))).toBeInstanceOf(ServiceNotFound);
  });
});
