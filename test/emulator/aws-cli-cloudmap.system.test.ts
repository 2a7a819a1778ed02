import { Emulator, listen, ManualClock, type RunningServer } from '../../lib/emulator';
import { awsCliFor, describeWithAwsCli } from '../support/aws-cli';

/**
 * The AWS CLI (a client no one here wrote) against the emulator's HTTP server: a Cloud Map session
 * with asynchronous namespace creation polled to SUCCESS, services, instances, deletes in the
 * right order and the refused orders. Skips cleanly where the `aws` command is absent.
 */

const DELAY = 2000;

describeWithAwsCli('AWS CLI Cloud Map session against the emulator', () => {
  const clock = new ManualClock();
  const emulator = new Emulator({ clock, cloudMapDelayMs: DELAY });
  let server: RunningServer;

  beforeAll(async () => {
    server = await listen((r) => emulator.handle(r));
  });
  afterAll(async () => {
    await server.close();
  });

  const cli = awsCliFor('servicediscovery', () => server.url);
  const ok = cli.ok;
  /** The refusal the CLI prints: "An error occurred (Code) when calling the Op operation: ...". */
  const refused = cli.refusal;

  /**
   * Polls get-operation as a script would, letting emulated time pass between polls (all of the
   * delay at once when `waited`, to save CLI start-ups).
   */
  async function poll(operationId: string, waited = true): Promise<{ statuses: string[]; operation: Record<string, unknown> }> {
    if (waited) clock.advance(DELAY);
    const statuses: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { Operation } = (await ok(['get-operation', '--operation-id', operationId])) as { Operation: Record<string, unknown> };
      statuses.push(Operation.Status as string);
      if (Operation.Status === 'SUCCESS' || Operation.Status === 'FAIL') return { statuses, operation: Operation };
      clock.advance(DELAY / 2);
    }
    throw new Error(`operation ${operationId} did not settle`);
  }

  const ids: { http?: string; priv?: string; service?: string } = {};

  it('creates namespaces asynchronously and polls get-operation to SUCCESS', async () => {
    const { OperationId } = (await ok(['create-http-namespace', '--name', 'cli-http', '--description', 'made by the CLI'])) as { OperationId: string };
    const { statuses, operation } = await poll(OperationId, false);
    expect(statuses).toEqual(['SUBMITTED', 'PENDING', 'SUCCESS']);
    expect(operation).toMatchObject({ Type: 'CREATE_NAMESPACE', Targets: { NAMESPACE: expect.stringMatching(/^ns-/) } });
    ids.http = (operation.Targets as { NAMESPACE: string }).NAMESPACE;
    const { Namespace } = (await ok(['get-namespace', '--id', ids.http])) as { Namespace: Record<string, unknown> };
    expect(Namespace).toMatchObject({ Id: ids.http, Name: 'cli-http', Type: 'HTTP', Description: 'made by the CLI', Properties: { HttpProperties: { HttpName: 'cli-http' } } });

    const priv = (await ok(['create-private-dns-namespace', '--name', 'cli.local', '--vpc', 'vpc-0123', '--properties', 'DnsProperties={SOA={TTL=60}}'])) as { OperationId: string };
    ids.priv = ((await poll(priv.OperationId)).operation.Targets as { NAMESPACE: string }).NAMESPACE;
    expect(await refused(['create-http-namespace', '--name', 'cli-http'])).toBe('NamespaceAlreadyExists');
  }, 120_000);

  it('lists namespaces with filters, and pages through them', async () => {
    const filtered = (await ok(['list-namespaces', '--filters', 'Name=TYPE,Values=DNS_PRIVATE,Condition=EQ'])) as { Namespaces: { Id: string }[] };
    expect(filtered.Namespaces.map((n) => n.Id)).toEqual([ids.priv]);
    // The CLI follows NextToken itself: two pages of one make the whole list.
    const paged = (await ok(['list-namespaces', '--page-size', '1'])) as { Namespaces: { Name: string }[] };
    expect(paged.Namespaces.map((n) => n.Name)).toEqual(['cli-http', 'cli.local']);
  }, 120_000);

  it('creates a service and registers an instance, refusing an invalid service', async () => {
    expect(await refused(['create-service', '--name', 'bad', '--namespace-id', ids.http!, '--dns-config', 'DnsRecords=[{Type=A,TTL=60}]'])).toBe('InvalidInput');
    const { Service } = (await ok(['create-service', '--name', 'web', '--namespace-id', ids.priv!, '--dns-config', 'RoutingPolicy=MULTIVALUE,DnsRecords=[{Type=A,TTL=60}]'])) as {
      Service: Record<string, unknown>;
    };
    expect(Service).toMatchObject({ Name: 'web', Type: 'DNS_HTTP', NamespaceId: ids.priv, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } });
    ids.service = Service.Id as string;
    const reg = (await ok(['register-instance', '--service-id', ids.service, '--instance-id', 'i-1', '--attributes', 'AWS_INSTANCE_IPV4=10.0.0.1,stage=prod'])) as { OperationId: string };
    expect((await poll(reg.OperationId)).operation).toMatchObject({ Type: 'REGISTER_INSTANCE', Status: 'SUCCESS' });
    const listed = (await ok(['list-instances', '--service-id', ids.service])) as { Instances: { Id: string }[] };
    expect(listed.Instances.map((i) => i.Id)).toEqual(['i-1']);
    // DiscoverInstances carries the host prefix `data-`; with a custom endpoint the CLI must not add it.
    const found = (await ok(['discover-instances', '--namespace-name', 'cli.local', '--service-name', 'web'], { AWS_DISABLE_HOST_PREFIX_INJECTION: 'true' })) as {
      Instances: { InstanceId: string; Attributes: Record<string, string> }[];
    };
    expect(found.Instances).toEqual([expect.objectContaining({ InstanceId: 'i-1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1', stage: 'prod' } })]);
  }, 120_000);

  it('refuses deletes in the wrong order, then deletes in the right one', async () => {
    expect(await refused(['delete-namespace', '--id', ids.priv!])).toBe('ResourceInUse');
    expect(await refused(['delete-service', '--id', ids.service!])).toBe('ResourceInUse');
    const dereg = (await ok(['deregister-instance', '--service-id', ids.service!, '--instance-id', 'i-1'])) as { OperationId: string };
    expect((await poll(dereg.OperationId)).operation.Status).toBe('SUCCESS');
    await ok(['delete-service', '--id', ids.service!]);
    const del = (await ok(['delete-namespace', '--id', ids.priv!])) as { OperationId: string };
    expect((await poll(del.OperationId)).operation).toMatchObject({ Type: 'DELETE_NAMESPACE', Status: 'SUCCESS' });
    expect(await refused(['get-namespace', '--id', ids.priv!])).toBe('NamespaceNotFound');
    expect(await refused(['get-service', '--id', ids.service!])).toBe('ServiceNotFound');
  }, 120_000);

  it('tags a namespace by ARN', async () => {
    const arn = `arn:aws:servicediscovery:us-east-1:111122223333:namespace/${ids.http}`;
    await ok(['tag-resource', '--resource-arn', arn, '--tags', 'Key=meshops:owner,Value=acme/mesh']);
    expect(await ok(['list-tags-for-resource', '--resource-arn', arn])).toEqual({ Tags: [{ Key: 'meshops:owner', Value: 'acme/mesh' }] });
  }, 120_000);
});
