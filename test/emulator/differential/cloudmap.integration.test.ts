import {
  CreateHttpNamespaceCommand,
  CreatePrivateDnsNamespaceCommand,
  CreateServiceCommand,
  DeleteNamespaceCommand,
  DeleteServiceCommand,
  DeregisterInstanceCommand,
  DiscoverInstancesCommand,
  GetInstanceCommand,
  GetInstancesHealthStatusCommand,
  GetNamespaceCommand,
  GetOperationCommand,
  GetServiceCommand,
  ListInstancesCommand,
  ListNamespacesCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateHttpNamespaceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-servicediscovery';
import { Emulator, emulatorRequestHandler } from '../../../lib/emulator';
import { describeWithMoto, startMoto, type MotoServer } from '../../support/moto';

/**
 * Differential suite: the same scripted Cloud Map sessions against the emulator and against moto's
 * server (third party, `python3 -m moto.server`), compared step by step. Each step yields an
 * outcome — the error name, or a projection of the answer without ids, ARNs and dates (which are
 * generated) — and the two must be equal, except where a step declares an intentional difference:
 * then both declared outcomes are asserted, so the list below stays true.
 *
 * Intentional differences (emulator = the real service's behaviour; moto = a simplification):
 */
export const INTENTIONAL_DIFFERENCES = {
  namespaceNameClash:
    'A second namespace with a taken name: the real service answers NamespaceAlreadyExists (with the existing NamespaceId and CreatorRequestId, docs/aws-behaviour.md §10.9); moto creates a second namespace.',
  serviceNeedsNamespace: 'CreateService in a namespace that does not exist: NamespaceNotFound (docs/aws-behaviour.md §10.2); moto creates the service.',
  deleteServiceInUse: 'DeleteService with registered instances: ResourceInUse (docs/aws-behaviour.md §10.8); moto deletes it.',
  deleteNamespaceInUse: 'DeleteNamespace with services: ResourceInUse (docs/aws-behaviour.md §10.8); moto deletes it.',
  serviceType:
    'Service.Type is server-filled (HTTP in HTTP namespaces, DNS_HTTP with DNS records; docs/aws-behaviour.md §10.7); moto returns it only when the request gave it.',
  emptyDnsConfig: 'A service without DNS records shows DnsConfig {} (AWS CLI get-service example); moto shows none.',
  dnsConfigNamespace: 'DnsConfig shows the namespace id and the default routing policy MULTIVALUE (AWS CLI create-service example); moto echoes the request.',
  customHealthThreshold: 'HealthCheckCustomConfig.FailureThreshold is always 1 (docs/aws-behaviour.md §10.4); moto echoes the request ({}).',
  namespaceCounts: 'Namespace.ServiceCount and Service.InstanceCount are server-filled (docs/aws-behaviour.md §10.7); moto omits them.',
  listPaging:
    'ListNamespaces/ListServices honour MaxResults and NextToken (default and maximum 100; docs/aws-behaviour.md §10.10); moto returns everything on one page.',
  listFilters: 'ListNamespaces filters (TYPE, NAME, ...) are applied; moto ignores them.',
  healthWithoutCheck:
    'GetInstancesHealthStatus for a service without health checks answers UNKNOWN (the real service; AWS CLI discover-instances example); moto answers HEALTHY.',
  updateOmitsHealthCheck: 'UpdateService validates the change (a private DNS namespace takes no HealthCheckConfig: InvalidInput); moto accepts it.',
  updateDeletesOmittedHealthCheck:
    'UpdateService without HealthCheckConfig deletes the health check (API reference: omitted DnsRecords and HealthCheckConfig are deleted); moto keeps it.',
  motoUpdateOperationId:
    'A moto defect: UpdateHttpNamespace answers `operationId` (lower case), so SDK clients see no OperationId; the emulator answers `OperationId` as the model says.',
} as const;

type Difference = keyof typeof INTENTIONAL_DIFFERENCES;
type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

/** Per-backend names for what a session created (ids differ between backends). */
type Ids = Record<string, string>;

interface Step {
  name: string;
  run(client: ServiceDiscoveryClient, ids: Ids): Promise<unknown>;
  /** An intentional difference: the emulator's and moto's outcomes, both asserted. */
  differs?: { reason: Difference; emulator: Outcome; moto: Outcome };
}

async function outcome(step: Step, client: ServiceDiscoveryClient, ids: Ids): Promise<Outcome> {
  try {
    return { ok: true, value: await step.run(client, ids) };
  } catch (err) {
    return { ok: false, error: (err as Error).name };
  }
}

/** Polls an operation to its end; both backends end in SUCCESS or FAIL. */
async function settle(client: ServiceDiscoveryClient, operationId: string | undefined): Promise<{ status?: string; namespace?: string }> {
  for (let i = 0; i < 50; i++) {
    const { Operation } = await client.send(new GetOperationCommand({ OperationId: operationId }));
    if (Operation?.Status === 'SUCCESS' || Operation?.Status === 'FAIL') return { status: Operation.Status, namespace: Operation.Targets?.NAMESPACE };
  }
  throw new Error(`operation ${operationId} did not settle`);
}

const ok = (value: unknown): Outcome => ({ ok: true, value });
const fails = (error: string): Outcome => ({ ok: false, error });

const createNamespace = (key: string, name: string): Step => ({
  name: `create HTTP namespace ${name}`,
  async run(c, ids) {
    const { OperationId } = await c.send(new CreateHttpNamespaceCommand({ Name: name, Description: `${name} namespace` }));
    const { status, namespace } = await settle(c, OperationId);
    ids[key] = namespace!;
    return status;
  },
});

const createService = (key: string, nsKey: string, name: string): Step => ({
  name: `create service ${name}`,
  async run(c, ids) {
    const { Service } = await c.send(new CreateServiceCommand({ Name: name, NamespaceId: ids[nsKey] }));
    ids[key] = Service!.Id!;
    return { Name: Service!.Name, inNamespace: Service!.NamespaceId === ids[nsKey] };
  },
});

const register = (svcKey: string, instanceId: string, Attributes: Record<string, string>): Step => ({
  name: `register ${instanceId}`,
  async run(c, ids) {
    const { OperationId } = await c.send(new RegisterInstanceCommand({ ServiceId: ids[svcKey], InstanceId: instanceId, Attributes }));
    return (await settle(c, OperationId)).status;
  },
});

const SESSIONS: Record<string, Step[]> = {
  'namespace lifecycle': [
    createNamespace('ns', 'diff-http'),
    {
      name: 'get namespace',
      async run(c, ids) {
        const { Namespace: n } = await c.send(new GetNamespaceCommand({ Id: ids.ns }));
        return { Name: n!.Name, Type: n!.Type, Description: n!.Description, HttpName: n!.Properties?.HttpProperties?.HttpName, idShape: /^ns-[a-z0-9]+$/.test(n!.Id!) };
      },
    },
    {
      name: 'update description',
      async run(c, ids) {
        const { OperationId } = await c.send(new UpdateHttpNamespaceCommand({ Id: ids.ns, Namespace: { Description: 'changed' } }));
        if (OperationId) await settle(c, OperationId);
        return { operationId: Boolean(OperationId), description: (await c.send(new GetNamespaceCommand({ Id: ids.ns }))).Namespace!.Description };
      },
      differs: { reason: 'motoUpdateOperationId', emulator: ok({ operationId: true, description: 'changed' }), moto: ok({ operationId: false, description: 'changed' }) },
    },
    {
      name: 'create the same name again',
      async run(c) {
        const { OperationId } = await c.send(new CreateHttpNamespaceCommand({ Name: 'diff-http' }));
        return (await settle(c, OperationId)).status;
      },
      differs: { reason: 'namespaceNameClash', emulator: fails('NamespaceAlreadyExists'), moto: ok('SUCCESS') },
    },
    {
      name: 'tag, list tags, untag',
      async run(c, ids) {
        const arn = (await c.send(new GetNamespaceCommand({ Id: ids.ns }))).Namespace!.Arn!;
        await c.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'meshops:owner', Value: 'acme' }, { Key: 'env', Value: 'dev' }] }));
        await c.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['env'] }));
        return (await c.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags;
      },
    },
    {
      name: 'delete namespace',
      async run(c, ids) {
        const { OperationId } = await c.send(new DeleteNamespaceCommand({ Id: ids.ns }));
        return (await settle(c, OperationId)).status;
      },
    },
    { name: 'get deleted namespace', run: (c, ids) => c.send(new GetNamespaceCommand({ Id: ids.ns })).then(() => 'found') },
    { name: 'get unknown operation', run: (c) => c.send(new GetOperationCommand({ OperationId: 'nope' })).then(() => 'found') },
  ],

  'private DNS namespace': [
    {
      name: 'create private DNS namespace',
      async run(c, ids) {
        const { OperationId } = await c.send(new CreatePrivateDnsNamespaceCommand({ Name: 'diff.local', Vpc: 'vpc-0123456789abcdef0' }));
        const { status, namespace } = await settle(c, OperationId);
        ids.dns = namespace!;
        const { Namespace: n } = await c.send(new GetNamespaceCommand({ Id: namespace }));
        return { status, Type: n!.Type, hostedZone: Boolean(n!.Properties?.DnsProperties?.HostedZoneId) };
      },
    },
    {
      name: 'create a DNS service',
      async run(c, ids) {
        const { Service } = await c.send(new CreateServiceCommand({ Name: 'db', NamespaceId: ids.dns, DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 60 }] } }));
        ids.db = Service!.Id!;
        return Service!.Name;
      },
    },
    {
      name: 'DNS config of a DNS service',
      run: async (c, ids) => (await c.send(new GetServiceCommand({ Id: ids.db }))).Service!.DnsConfig,
      differs: {
        reason: 'dnsConfigNamespace',
        emulator: ok({ NamespaceId: '(dns)', RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 60 }] }),
        moto: ok({ RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 60 }] }),
      },
    },
    {
      name: 'health check in a private DNS namespace',
      async run(c, ids) {
        const { OperationId } = await c.send(new UpdateServiceCommand({ Id: ids.db, Service: { DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 30 }] }, HealthCheckConfig: { Type: 'HTTP' } } }));
        return (await settle(c, OperationId)).status;
      },
      differs: { reason: 'updateOmitsHealthCheck', emulator: fails('InvalidInput'), moto: ok('SUCCESS') },
    },
    {
      name: 'update TTLs',
      async run(c, ids) {
        const { OperationId } = await c.send(new UpdateServiceCommand({ Id: ids.db, Service: { DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 15 }] } } }));
        await settle(c, OperationId);
        return (await c.send(new GetServiceCommand({ Id: ids.db }))).Service!.DnsConfig?.DnsRecords;
      },
    },
  ],

  'services and instances': [
    createNamespace('ns', 'diff-apps'),
    createService('web', 'ns', 'web'),
    {
      name: 'service type',
      run: async (c, ids) => (await c.send(new GetServiceCommand({ Id: ids.web }))).Service!.Type,
      differs: { reason: 'serviceType', emulator: ok('HTTP'), moto: ok(undefined) },
    },
    {
      name: 'DNS config of an HTTP service',
      run: async (c, ids) => (await c.send(new GetServiceCommand({ Id: ids.web }))).Service!.DnsConfig,
      differs: { reason: 'emptyDnsConfig', emulator: ok({}), moto: ok(undefined) },
    },
    {
      name: 'custom health config is normalised',
      async run(c, ids) {
        const { Service } = await c.send(new CreateServiceCommand({ Name: 'checked', NamespaceId: ids.ns, HealthCheckCustomConfig: {} }));
        ids.checked = Service!.Id!;
        return Service!.HealthCheckCustomConfig;
      },
      differs: { reason: 'customHealthThreshold', emulator: ok({ FailureThreshold: 1 }), moto: ok({}) },
    },
    {
      name: 'an update without HealthCheckConfig deletes it',
      async run(c, ids) {
        const { Service } = await c.send(new CreateServiceCommand({ Name: 'probed', NamespaceId: ids.ns, HealthCheckConfig: { Type: 'TCP' } }));
        const { OperationId } = await c.send(new UpdateServiceCommand({ Id: Service!.Id, Service: { Description: 'no more probes' } }));
        await settle(c, OperationId);
        const after = (await c.send(new GetServiceCommand({ Id: Service!.Id }))).Service!;
        await c.send(new DeleteServiceCommand({ Id: Service!.Id }));
        return { description: after.Description, healthCheck: after.HealthCheckConfig };
      },
      differs: {
        reason: 'updateDeletesOmittedHealthCheck',
        emulator: ok({ description: 'no more probes' }),
        moto: ok({ description: 'no more probes', healthCheck: { Type: 'TCP' } }),
      },
    },
    register('web', 'i-1', { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '8080', stage: 'prod' }),
    register('web', 'i-2', { AWS_INSTANCE_IPV4: '10.0.0.2', stage: 'beta' }),
    {
      name: 'list instances',
      async run(c, ids) {
        return (await c.send(new ListInstancesCommand({ ServiceId: ids.web }))).Instances!.map((i) => ({ Id: i.Id, Attributes: i.Attributes }));
      },
    },
    {
      name: 'get instance',
      async run(c, ids) {
        const { Instance } = await c.send(new GetInstanceCommand({ ServiceId: ids.web, InstanceId: 'i-2' }));
        return { Id: Instance!.Id, Attributes: Instance!.Attributes };
      },
    },
    {
      name: 'discover instances by attribute',
      async run(c) {
        const { Instances } = await c.send(new DiscoverInstancesCommand({ NamespaceName: 'diff-apps', ServiceName: 'web', QueryParameters: { stage: 'prod' } }));
        return Instances!.map((i) => ({ InstanceId: i.InstanceId, NamespaceName: i.NamespaceName, ServiceName: i.ServiceName }));
      },
    },
    {
      name: 'health without a health check',
      run: async (c, ids) => (await c.send(new GetInstancesHealthStatusCommand({ ServiceId: ids.web }))).Status,
      differs: { reason: 'healthWithoutCheck', emulator: ok({ 'i-1': 'UNKNOWN', 'i-2': 'UNKNOWN' }), moto: ok({ 'i-1': 'HEALTHY', 'i-2': 'HEALTHY' }) },
    },
    {
      name: 'instance count',
      run: async (c, ids) => (await c.send(new GetServiceCommand({ Id: ids.web }))).Service!.InstanceCount,
      differs: { reason: 'namespaceCounts', emulator: ok(2), moto: ok(undefined) },
    },
    {
      name: 'delete a service with instances',
      run: (c, ids) => c.send(new DeleteServiceCommand({ Id: ids.web })).then(() => 'deleted'),
      differs: { reason: 'deleteServiceInUse', emulator: fails('ResourceInUse'), moto: ok('deleted') },
    },
    { name: 'deregister an unknown instance', run: (c, ids) => c.send(new DeregisterInstanceCommand({ ServiceId: ids.checked, InstanceId: 'nope' })).then(() => 'ok') },
    { name: 'get an unknown service', run: (c) => c.send(new GetServiceCommand({ Id: 'srv-aaaaaaaaaaaaaaaa' })).then(() => 'found') },
    {
      name: 'create a service in an unknown namespace',
      run: (c) => c.send(new CreateServiceCommand({ Name: 'orphan', NamespaceId: 'ns-aaaaaaaaaaaaaaaa' })).then(() => 'created'),
      differs: { reason: 'serviceNeedsNamespace', emulator: fails('NamespaceNotFound'), moto: ok('created') },
    },
    {
      name: 'delete a namespace with services',
      async run(c, ids) {
        const { OperationId } = await c.send(new DeleteNamespaceCommand({ Id: ids.ns }));
        return (await settle(c, OperationId)).status;
      },
      differs: { reason: 'deleteNamespaceInUse', emulator: fails('ResourceInUse'), moto: ok('SUCCESS') },
    },
  ],

  'orderly teardown': [
    createNamespace('ns', 'diff-teardown'),
    createService('svc', 'ns', 'api'),
    register('svc', 'i-1', { AWS_INSTANCE_IPV4: '10.0.0.9' }),
    {
      name: 'deregister, then delete service and namespace',
      async run(c, ids) {
        const dereg = await c.send(new DeregisterInstanceCommand({ ServiceId: ids.svc, InstanceId: 'i-1' }));
        const steps = [(await settle(c, dereg.OperationId)).status];
        steps.push((await c.send(new ListInstancesCommand({ ServiceId: ids.svc }))).Instances!.length.toString());
        await c.send(new DeleteServiceCommand({ Id: ids.svc }));
        const del = await c.send(new DeleteNamespaceCommand({ Id: ids.ns }));
        steps.push((await settle(c, del.OperationId)).status!);
        return steps;
      },
    },
    { name: 'service is gone', run: (c, ids) => c.send(new GetServiceCommand({ Id: ids.svc })).then(() => 'found') },
    {
      name: 'list services',
      run: async (c) => ((await c.send(new ListServicesCommand({}))).Services ?? []).map((s) => s.Name),
    },
  ],

  'listing': [
    createNamespace('a', 'diff-list-a'),
    createNamespace('b', 'diff-list-b'),
    {
      name: 'list namespaces, all',
      run: async (c) => (await c.send(new ListNamespacesCommand({}))).Namespaces!.map((n) => n.Name).sort(),
    },
    {
      name: 'list namespaces, one per page',
      async run(c) {
        const page = await c.send(new ListNamespacesCommand({ MaxResults: 1 }));
        return { count: page.Namespaces!.length, more: page.NextToken !== undefined };
      },
      differs: { reason: 'listPaging', emulator: ok({ count: 1, more: true }), moto: ok({ count: 2, more: false }) },
    },
    {
      name: 'list namespaces by name',
      run: async (c) => (await c.send(new ListNamespacesCommand({ Filters: [{ Name: 'NAME', Values: ['diff-list-b'], Condition: 'EQ' }] }))).Namespaces!.map((n) => n.Name),
      differs: { reason: 'listFilters', emulator: ok(['diff-list-b']), moto: ok(['diff-list-a', 'diff-list-b']) },
    },
    {
      name: 'service count',
      run: async (c, ids) => (await c.send(new GetNamespaceCommand({ Id: ids.a }))).Namespace!.ServiceCount,
      differs: { reason: 'namespaceCounts', emulator: ok(0), moto: ok(undefined) },
    },
  ],
};

/** Replaces per-backend ids in a projection by their session names (`(dns)`), so the two can be compared. */
function normalise(value: unknown, ids: Ids): unknown {
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, `(${k})`]));
  return JSON.parse(JSON.stringify(value ?? null), (_k, v) => (typeof v === 'string' && byId.has(v) ? byId.get(v) : v));
}

function client(options: { endpoint?: string; emulator?: Emulator }): ServiceDiscoveryClient {
  return new ServiceDiscoveryClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
    ...(options.endpoint ? { endpoint: options.endpoint, disableHostPrefix: true } : {}),
    ...(options.emulator ? { requestHandler: emulatorRequestHandler((r) => options.emulator!.handle(r)) } : {}),
  });
}

describeWithMoto('Cloud Map: emulator vs moto (differential)', () => {
  let moto: MotoServer;
  let motoClient: ServiceDiscoveryClient;

  beforeAll(async () => {
    moto = await startMoto();
    motoClient = client({ endpoint: moto.url });
  }, 60_000);
  afterAll(async () => {
    motoClient?.destroy();
    await moto?.stop();
  });

  it.each(Object.entries(SESSIONS))('session: %s', async (_name, steps) => {
    await moto.reset();
    const emulatorClient = client({ emulator: new Emulator() });
    const emulatorIds: Ids = {};
    const motoIds: Ids = {};
    for (const step of steps) {
      const e = await outcome(step, emulatorClient, emulatorIds);
      const m = await outcome(step, motoClient, motoIds);
      const got = {
        step: step.name,
        emulator: e.ok ? { ok: true, value: normalise(e.value, emulatorIds) } : e,
        moto: m.ok ? { ok: true, value: normalise(m.value, motoIds) } : m,
      };
      if (step.differs) {
        const { emulator, moto: motoExpected } = step.differs;
        const norm = (o: Outcome) => (o.ok ? { ok: true, value: normalise(o.value, {}) } : o);
        expect(got).toEqual({ step: step.name, emulator: norm(emulator), moto: norm(motoExpected) });
      } else {
        expect(got).toEqual({ step: step.name, emulator: got.moto, moto: got.moto });
      }
    }
  }, 120_000);

  it('lists every intentional difference used by a session, and uses every listed one', () => {
    const used = new Set(Object.values(SESSIONS).flatMap((steps) => steps.flatMap((s) => (s.differs ? [s.differs.reason] : []))));
    expect([...used].sort()).toEqual(Object.keys(INTENTIONAL_DIFFERENCES).sort());
  });
});
