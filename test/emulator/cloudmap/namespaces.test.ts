import {
  CreateHttpNamespaceCommand,
  CreatePrivateDnsNamespaceCommand,
  CreatePublicDnsNamespaceCommand,
  CreateServiceCommand,
  DeleteNamespaceCommand,
  DeleteServiceCommand,
  GetNamespaceCommand,
  InvalidInput,
  ListNamespacesCommand,
  ListTagsForResourceCommand,
  NamespaceAlreadyExists,
  NamespaceNotFound,
  paginateListNamespaces,
  ResourceInUse,
  ResourceLimitExceeded,
  TooManyTagsException,
  UpdateHttpNamespaceCommand,
  UpdatePrivateDnsNamespaceCommand,
  UpdatePublicDnsNamespaceCommand,
  type NamespaceFilter,
  type NamespaceSummary,
} from '@aws-sdk/client-servicediscovery';
import { cloudMapHarness, rejection, settled, type CloudMapHarness } from './harness';

async function created(h: CloudMapHarness, command: { OperationId?: string } | Promise<{ OperationId?: string }>): Promise<string> {
  const op = await settled(h, (await command).OperationId);
  expect(op.Status).toBe('SUCCESS');
  return op.Targets!.NAMESPACE!;
}

const http = (h: CloudMapHarness, Name: string, extra: Partial<ConstructorParameters<typeof CreateHttpNamespaceCommand>[0]> = {}) =>
  created(h, h.client.send(new CreateHttpNamespaceCommand({ Name, ...extra })));

describe('Cloud Map namespaces', () => {
  it('creates an HTTP namespace with the server-filled values', async () => {
    const h = cloudMapHarness();
    const id = await http(h, 'example-http.com', { Description: 'HTTP namespace', CreatorRequestId: 'req-http' });
    const { Namespace } = await h.client.send(new GetNamespaceCommand({ Id: id }));
    expect(Namespace).toEqual({
      Id: id,
      Arn: `arn:aws:servicediscovery:us-east-1:111122223333:namespace/${id}`,
      ResourceOwner: '111122223333',
      Name: 'example-http.com',
      Type: 'HTTP',
      Description: 'HTTP namespace',
      ServiceCount: 0,
      Properties: { DnsProperties: {}, HttpProperties: { HttpName: 'example-http.com' } },
      CreateDate: new Date(Date.UTC(2026, 10, 25, 12)),
      CreatorRequestId: 'req-http',
    });
  });

  it('creates private and public DNS namespaces with a hosted zone and an SOA TTL (default 15)', async () => {
    const h = cloudMapHarness();
    const priv = await created(h, h.client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'internal.local', Vpc: 'vpc-0abc' })));
    const pub = await created(
      h,
      h.client.send(new CreatePublicDnsNamespaceCommand({ Name: 'example.com', Properties: { DnsProperties: { SOA: { TTL: 300 } } } })),
    );
    const p = (await h.client.send(new GetNamespaceCommand({ Id: priv }))).Namespace!;
    expect(p.Type).toBe('DNS_PRIVATE');
    expect(p.Properties).toEqual({ DnsProperties: { HostedZoneId: expect.stringMatching(/^Z[A-Z0-9]{20}$/), SOA: { TTL: 15 } }, HttpProperties: { HttpName: 'internal.local' } });
    const q = (await h.client.send(new GetNamespaceCommand({ Id: `arn:aws:servicediscovery:us-east-1:111122223333:namespace/${pub}` }))).Namespace!;
    expect(q.Type).toBe('DNS_PUBLIC');
    expect(q.Properties!.DnsProperties!.SOA).toEqual({ TTL: 300 });
    // ListNamespaces shows no SOA TTL (as the real service does); GetNamespace has it.
    const listed = (await h.client.send(new ListNamespacesCommand({}))).Namespaces!;
    expect(listed.map((n) => n.Properties)).toEqual([
      { DnsProperties: { HostedZoneId: p.Properties!.DnsProperties!.HostedZoneId, SOA: {} }, HttpProperties: { HttpName: 'internal.local' } },
      { DnsProperties: { HostedZoneId: q.Properties!.DnsProperties!.HostedZoneId, SOA: {} }, HttpProperties: { HttpName: 'example.com' } },
    ]);
  });

  it('validates names by type: a public DNS name must be a domain, a private one needs a VPC', async () => {
    const h = cloudMapHarness();
    const bad = await rejection(h.client.send(new CreatePublicDnsNamespaceCommand({ Name: 'not a domain' })));
    expect(bad).toBeInstanceOf(InvalidInput);
    expect(bad.message).toContain('Name:');
    const noVpc = await rejection(h.client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'x.local' } as never)));
    expect(noVpc.message).toContain('missing required field "Vpc"');
    expect(await rejection(h.client.send(new CreateHttpNamespaceCommand({ Name: 'arn:aws:nope' })))).toBeInstanceOf(InvalidInput);
  });

  it('answers NamespaceAlreadyExists with the existing id and CreatorRequestId, and replays the same request', async () => {
    const h = cloudMapHarness();
    const first = await h.client.send(new CreateHttpNamespaceCommand({ Name: 'taken', CreatorRequestId: 'mine' }));
    const id = await created(h, first);
    // Same token, same input: the same operation (a retry after a lost answer).
    const again = await h.client.send(new CreateHttpNamespaceCommand({ Name: 'taken', CreatorRequestId: 'mine' }));
    expect(again.OperationId).toBe(first.OperationId);
    const clash = await rejection(h.client.send(new CreateHttpNamespaceCommand({ Name: 'taken', CreatorRequestId: 'someone-else' })));
    expect(clash).toBeInstanceOf(NamespaceAlreadyExists);
    expect(clash).toMatchObject({ NamespaceId: id, CreatorRequestId: 'mine' });
    // Same token but a different input is not a replay.
    const changed = await rejection(h.client.send(new CreateHttpNamespaceCommand({ Name: 'taken', CreatorRequestId: 'mine', Description: 'other' })));
    expect(changed).toMatchObject({ name: 'NamespaceAlreadyExists', CreatorRequestId: 'mine' });
    // Names are unique across types; DNS names compare case-insensitively.
    expect(await rejection(h.client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'taken', Vpc: 'vpc-1' })))).toBeInstanceOf(NamespaceAlreadyExists);
    await created(h, h.client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'Case.Local', Vpc: 'vpc-1' })));
    expect(await rejection(h.client.send(new CreatePublicDnsNamespaceCommand({ Name: 'case.local' })))).toBeInstanceOf(NamespaceAlreadyExists);
  });

  it('updates descriptions and SOA TTLs asynchronously, per namespace type', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: 1000 });
    const httpId = await http(h, 'upd-http');
    const dnsId = await created(h, h.client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'upd.local', Vpc: 'vpc-1' })));
    const pubId = await created(h, h.client.send(new CreatePublicDnsNamespaceCommand({ Name: 'upd.example.com' })));

    const u1 = await h.client.send(new UpdateHttpNamespaceCommand({ Id: httpId, Namespace: { Description: 'changed' } }));
    expect((await h.client.send(new GetNamespaceCommand({ Id: httpId }))).Namespace!.Description).toBeUndefined();
    expect(await settled(h, u1.OperationId)).toMatchObject({ Type: 'UPDATE_NAMESPACE', Status: 'SUCCESS', Targets: { NAMESPACE: httpId } });
    expect((await h.client.send(new GetNamespaceCommand({ Id: httpId }))).Namespace!.Description).toBe('changed');

    const u2 = await h.client.send(new UpdatePrivateDnsNamespaceCommand({ Id: dnsId, Namespace: { Properties: { DnsProperties: { SOA: { TTL: 60 } } } } }));
    await settled(h, u2.OperationId);
    const dns = (await h.client.send(new GetNamespaceCommand({ Id: dnsId }))).Namespace!;
    expect(dns.Properties!.DnsProperties!.SOA).toEqual({ TTL: 60 });
    expect(dns.Description).toBeUndefined();

    const u3 = await h.client.send(new UpdatePublicDnsNamespaceCommand({ Id: pubId, Namespace: { Description: 'pub' } }));
    await settled(h, u3.OperationId);
    expect((await h.client.send(new GetNamespaceCommand({ Id: pubId }))).Namespace!.Description).toBe('pub');

    // The same UpdaterRequestId and input is a retry: same operation.
    const a = await h.client.send(new UpdateHttpNamespaceCommand({ Id: httpId, UpdaterRequestId: 'u-1', Namespace: { Description: 'again' } }));
    const b = await h.client.send(new UpdateHttpNamespaceCommand({ Id: httpId, UpdaterRequestId: 'u-1', Namespace: { Description: 'again' } }));
    expect(b.OperationId).toBe(a.OperationId);

    // The operation must match the namespace's type; an empty change is refused.
    expect(await rejection(h.client.send(new UpdateHttpNamespaceCommand({ Id: dnsId, Namespace: { Description: 'x' } })))).toBeInstanceOf(InvalidInput);
    expect(await rejection(h.client.send(new UpdatePublicDnsNamespaceCommand({ Id: pubId, Namespace: {} })))).toBeInstanceOf(InvalidInput);
    expect(await rejection(h.client.send(new UpdateHttpNamespaceCommand({ Id: 'ns-missing', Namespace: { Description: 'x' } })))).toBeInstanceOf(NamespaceNotFound);
  });

  it('deletes a namespace asynchronously, refusing while it contains services (ResourceInUse)', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: 500 });
    const id = await http(h, 'doomed');
    const { Service } = await h.client.send(new CreateServiceCommand({ Name: 'svc', NamespaceId: id }));
    expect((await h.client.send(new GetNamespaceCommand({ Id: id }))).Namespace!.ServiceCount).toBe(1);
    const inUse = await rejection(h.client.send(new DeleteNamespaceCommand({ Id: id })));
    expect(inUse).toBeInstanceOf(ResourceInUse);
    expect(inUse.message).toContain(Service!.Id!);
    await h.client.send(new DeleteServiceCommand({ Id: Service!.Id }));

    const { OperationId } = await h.client.send(new DeleteNamespaceCommand({ Id: id }));
    // Still there until the deletion settles.
    expect((await h.client.send(new GetNamespaceCommand({ Id: id }))).Namespace!.Id).toBe(id);
    expect(await settled(h, OperationId)).toMatchObject({ Type: 'DELETE_NAMESPACE', Status: 'SUCCESS', Targets: { NAMESPACE: id } });
    expect(await rejection(h.client.send(new GetNamespaceCommand({ Id: id })))).toBeInstanceOf(NamespaceNotFound);
    expect(await rejection(h.client.send(new DeleteNamespaceCommand({ Id: id })))).toBeInstanceOf(NamespaceNotFound);
  });

  it('fails a deletion whose namespace gained a service while it was in flight', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: 500 });
    const id = await http(h, 'raced');
    const { OperationId } = await h.client.send(new DeleteNamespaceCommand({ Id: id }));
    await h.client.send(new CreateServiceCommand({ Name: 'late', NamespaceId: id }));
    expect(await settled(h, OperationId)).toMatchObject({ Status: 'FAIL', ErrorCode: 'INTERNAL_FAILURE' });
    expect((await h.client.send(new GetNamespaceCommand({ Id: id }))).Namespace!.ServiceCount).toBe(1);
  });

  it('accepts an ARN wherever an id is taken, and treats another account’s ARN as not found', async () => {
    const h = cloudMapHarness();
    const id = await http(h, 'by-arn');
    const arn = `arn:aws:servicediscovery:us-east-1:111122223333:namespace/${id}`;
    expect((await h.client.send(new GetNamespaceCommand({ Id: arn }))).Namespace!.Id).toBe(id);
    const foreign = arn.replace('111122223333', '999988887777');
    expect(await rejection(h.client.send(new GetNamespaceCommand({ Id: foreign })))).toBeInstanceOf(NamespaceNotFound);
    expect(await rejection(h.client.send(new GetNamespaceCommand({ Id: 'arn:aws:bogus' })))).toBeInstanceOf(InvalidInput);
  });

  it('lists with TYPE, NAME, HTTP_NAME and RESOURCE_OWNER filters (EQ, BEGINS_WITH)', async () => {
    const h = cloudMapHarness();
    await http(h, 'team-a');
    await http(h, 'team-b');
    await created(h, h.client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'team.local', Vpc: 'vpc-1' })));
    const names = async (Filters: NamespaceFilter[]) => ((await h.client.send(new ListNamespacesCommand({ Filters }))).Namespaces ?? []).map((n) => n.Name);
    expect(await names([])).toEqual(['team-a', 'team-b', 'team.local']);
    expect(await names([{ Name: 'TYPE', Values: ['HTTP'] }])).toEqual(['team-a', 'team-b']);
    expect(await names([{ Name: 'TYPE', Condition: 'BEGINS_WITH', Values: ['DNS'] }])).toEqual(['team.local']);
    expect(await names([{ Name: 'NAME', Values: ['team-b'], Condition: 'EQ' }])).toEqual(['team-b']);
    expect(await names([{ Name: 'HTTP_NAME', Condition: 'BEGINS_WITH', Values: ['team-'] }])).toEqual(['team-a', 'team-b']);
    expect(await names([{ Name: 'RESOURCE_OWNER', Values: ['SELF'] }])).toHaveLength(3);
    expect(await names([{ Name: 'RESOURCE_OWNER', Values: ['OTHER_ACCOUNTS'] }])).toEqual([]);
    expect(await names([{ Name: 'TYPE', Values: ['HTTP'] }, { Name: 'NAME', Condition: 'BEGINS_WITH', Values: ['team-a'] }])).toEqual(['team-a']);
    for (const Filters of [
      [{ Name: 'NAME' as const, Condition: 'IN' as const, Values: ['a', 'b'] }],
      [{ Name: 'NAME' as const, Values: ['a', 'b'] }],
      [{ Name: 'RESOURCE_OWNER' as const, Values: ['ME'] }],
      [{ Name: 'RESOURCE_OWNER' as const, Condition: 'BEGINS_WITH' as const, Values: ['S'] }],
    ]) {
      expect(await rejection(h.client.send(new ListNamespacesCommand({ Filters })))).toBeInstanceOf(InvalidInput);
    }
  });

  it('pages with MaxResults and NextToken, filtering after paging, with the SDK paginator', async () => {
    const h = cloudMapHarness();
    for (let i = 0; i < 12; i++) await http(h, i === 11 ? 'needle' : `hay-${String(i).padStart(2, '0')}`);
    const first = await h.client.send(new ListNamespacesCommand({ MaxResults: 5 }));
    expect(first.Namespaces).toHaveLength(5);
    expect(first.NextToken).toEqual(expect.any(String));

    const pages: NamespaceSummary[][] = [];
    for await (const page of paginateListNamespaces({ client: h.client, pageSize: 5 }, { Filters: [{ Name: 'NAME', Values: ['needle'] }] })) {
      pages.push(page.Namespaces ?? []);
    }
    // The only match is on the last page: the first two pages come back empty with a NextToken.
    expect(pages.map((p) => p.length)).toEqual([0, 0, 1]);
    const all: string[] = [];
    for await (const page of paginateListNamespaces({ client: h.client, pageSize: 4 }, {})) all.push(...page.Namespaces!.map((n) => n.Name!));
    expect(all).toHaveLength(12);
    expect(new Set(all).size).toBe(12);
    // Default page size is 100; MaxResults above 100 is refused.
    expect((await h.client.send(new ListNamespacesCommand({}))).Namespaces).toHaveLength(12);
    expect(await rejection(h.client.send(new ListNamespacesCommand({ MaxResults: 101 })))).toBeInstanceOf(InvalidInput);
  });

  it('pages stay consistent when items are deleted between pages', async () => {
    const h = cloudMapHarness();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await http(h, `p${i}`));
    const first = await h.client.send(new ListNamespacesCommand({ MaxResults: 3 }));
    await settled(h, (await h.client.send(new DeleteNamespaceCommand({ Id: ids[1] }))).OperationId);
    await settled(h, (await h.client.send(new DeleteNamespaceCommand({ Id: ids[3] }))).OperationId);
    const second = await h.client.send(new ListNamespacesCommand({ MaxResults: 3, NextToken: first.NextToken }));
    expect(second.Namespaces!.map((n) => n.Name)).toEqual(['p4', 'p5']);
    expect(second.NextToken).toBeUndefined();
  });

  it('enforces the namespace quota (50 by default, counting creations in flight) with overrides', async () => {
    const h = cloudMapHarness({ quotas: { 'cloudmap-namespaces': 2 }, cloudMapDelayMs: 1000 });
    await h.client.send(new CreateHttpNamespaceCommand({ Name: 'q1' }));
    await h.client.send(new CreateHttpNamespaceCommand({ Name: 'q2' }));
    const err = await rejection(h.client.send(new CreateHttpNamespaceCommand({ Name: 'q3' })));
    expect(err).toBeInstanceOf(ResourceLimitExceeded);
    expect(err.message).toContain('quota is 2');
    h.emulator.setQuota('cloudmap-namespaces', 3);
    await h.client.send(new CreateHttpNamespaceCommand({ Name: 'q3' }));

    const d = cloudMapHarness();
    for (let i = 0; i < 50; i++) await d.client.send(new CreateHttpNamespaceCommand({ Name: `n${i}` }));
    expect(await rejection(d.client.send(new CreateHttpNamespaceCommand({ Name: 'n50' })))).toBeInstanceOf(ResourceLimitExceeded);
  });

  it('tags a namespace at creation, once it exists, and refuses more than 50 tags', async () => {
    const h = cloudMapHarness();
    const id = await http(h, 'tagged', { Tags: [{ Key: 'meshops:owner', Value: 'acme/mesh' }] });
    const arn = `arn:aws:servicediscovery:us-east-1:111122223333:namespace/${id}`;
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: 'meshops:owner', Value: 'acme/mesh' }]);
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const err = await rejection(h.client.send(new CreateHttpNamespaceCommand({ Name: 'too-many', Tags: many })));
    expect(err).toBeInstanceOf(TooManyTagsException);
    expect(err.ResourceName).toMatch(/^arn:aws:servicediscovery:us-east-1:111122223333:namespace\/ns-/);
  });
});
