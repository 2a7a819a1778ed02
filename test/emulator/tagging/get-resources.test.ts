import { CreateMeshCommand, CreateVirtualNodeCommand, TagResourceCommand } from '@aws-sdk/client-app-mesh';
import { GetResourcesCommand, GetTagKeysCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { CreateServiceNetworkCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { emulatorRequestHandler } from '../../../lib/emulator/wire/sdk-request-handler';
import { CreateHttpNamespaceCommand, ListNamespacesCommand } from '@aws-sdk/client-servicediscovery';
import { ManualClock } from '../../../lib/emulator/core/clock';
import type { EmulatorOptions } from '../../../lib/emulator/emulator';
import { emulatedAws } from '../../support/emulated-aws';

async function account(options: EmulatorOptions = {}) {
  const aws = emulatedAws(options);
  await aws.appMeshClient.send(new CreateMeshCommand({ meshName: 'watches', tags: [{ key: 'team', value: 'search' }] }));
  for (let i = 0; i < 7; i++) {
    await aws.appMeshClient.send(new CreateVirtualNodeCommand({ meshName: 'watches', virtualNodeName: `n${i}`, spec: {}, tags: i < 5 ? [{ key: 'tier', value: i % 2 === 0 ? 'even' : 'odd' }] : [] }));
  }
  await aws.cloudMapClient.send(new CreateHttpNamespaceCommand({ Name: 'watches', Tags: [{ Key: 'team', Value: 'search' }] }));
  // The namespace exists once its operation settles (on the next Cloud Map call).
  await aws.cloudMapClient.send(new ListNamespacesCommand({}));
  return aws;
}

const arnsOf = (out: { ResourceTagMappingList?: { ResourceARN?: string }[] }) => (out.ResourceTagMappingList ?? []).map((m) => m.ResourceARN!.replace(/^arn:aws:[^:]+:us-east-1:111122223333:/, ''));

describe('emulated GetResources', () => {
  it('lists the tagged resources of every service, never the untagged ones, in ARN order', async () => {
    const aws = await account();
    const out = await aws.taggingClient.send(new GetResourcesCommand({}));
    expect(arnsOf(out)).toEqual(['mesh/watches', 'mesh/watches/virtualNode/n0', 'mesh/watches/virtualNode/n1', 'mesh/watches/virtualNode/n2', 'mesh/watches/virtualNode/n3', 'mesh/watches/virtualNode/n4', expect.stringMatching(/^namespace\/ns-/)]);
    expect(out.ResourceTagMappingList![0].Tags).toEqual([{ Key: 'team', Value: 'search' }]);
    expect(out.PaginationToken).toBe('');
  });

  it('filters by service, by service:type and by tags (filters ANDed, values ORed)', async () => {
    const aws = await account();
    const send = (input: object) => aws.taggingClient.send(new GetResourcesCommand(input)).then(arnsOf);
    expect(await send({ ResourceTypeFilters: ['servicediscovery'] })).toEqual([expect.stringMatching(/^namespace\//)]);
    expect(await send({ ResourceTypeFilters: ['servicediscovery:service'] })).toEqual([]);
    expect(await send({ ResourceTypeFilters: ['appmesh:mesh'] })).toHaveLength(6);
    expect(await send({ TagFilters: [{ Key: 'tier', Values: ['odd'] }] })).toEqual(['mesh/watches/virtualNode/n1', 'mesh/watches/virtualNode/n3']);
    expect(await send({ TagFilters: [{ Key: 'tier' }] })).toHaveLength(5);
    expect(await send({ TagFilters: [{ Key: 'tier', Values: ['odd', 'even'] }, { Key: 'team' }] })).toEqual([]);
    expect(await send({ ResourceARNList: ['arn:aws:appmesh:us-east-1:111122223333:mesh/watches/virtualNode/n2', 'arn:aws:appmesh:us-east-1:111122223333:mesh/watches/virtualNode/n6', 'arn:aws:appmesh:us-east-1:111122223333:mesh/gone'] })).toEqual(['mesh/watches/virtualNode/n2']);
  });

  it('pages with ResourcesPerPage and a token that survives changes between pages', async () => {
    const aws = await account();
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await aws.taggingClient.send(new GetResourcesCommand({ ResourceTypeFilters: ['appmesh'], ResourcesPerPage: 2, ...(token ? { PaginationToken: token } : {}) }));
      seen.push(...arnsOf(out));
      token = out.PaginationToken || undefined;
      if (pages++ === 0) await aws.appMeshClient.send(new TagResourceCommand({ resourceArn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/watches/virtualNode/n6', tags: [{ key: 'late', value: 'yes' }] }));
    } while (token);
    expect(pages).toBe(4);
    expect(seen).toEqual(['mesh/watches', ...[0, 1, 2, 3, 4, 6].map((i) => `mesh/watches/virtualNode/n${i}`)]);
  });

  it('refuses bad parameters as AWS does', async () => {
    const aws = await account();
    const refused = (input: object) => aws.taggingClient.send(new GetResourcesCommand(input)).then(() => 'accepted', (e: Error) => `${e.name}: ${e.message}`);
    expect(await refused({ ResourcesPerPage: 101 })).toMatch(/^InvalidParameterException: ResourcesPerPage/);
    expect(await refused({ ResourceARNList: ['arn:aws:appmesh:us-east-1:111122223333:mesh/watches'], ResourcesPerPage: 10 })).toMatch(/^InvalidParameterException: ResourceARNList cannot be combined/);
    expect(await refused({ ResourceTypeFilters: ['App Mesh'] })).toMatch(/^InvalidParameterException: ResourceTypeFilters/);
    expect(await refused({ PaginationToken: 'nonsense' })).toMatch(/^InvalidParameterException: PaginationToken/);
    expect(await aws.taggingClient.send(new GetTagKeysCommand({})).then(() => 'accepted', (e: Error) => e.name)).toBe('UnknownOperationException');
  });

  it('shows tag changes only after the configured lag', async () => {
    const clock = new ManualClock();
    const aws = await account({ clock, tagging: { lagMs: 30_000 } });
    const list = () => aws.taggingClient.send(new GetResourcesCommand({ ResourceTypeFilters: ['appmesh'] }));
    expect(arnsOf(await list())).toEqual([]);
    clock.advance(30_000);
    expect(arnsOf(await list())).toHaveLength(6);
    await aws.appMeshClient.send(new TagResourceCommand({ resourceArn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/watches', tags: [{ key: 'team', value: 'payments' }] }));
    const mesh = async () => (await list()).ResourceTagMappingList!.find((m) => m.ResourceARN!.endsWith(':mesh/watches'))!.Tags;
    expect(await mesh()).toEqual([{ Key: 'team', Value: 'search' }]);
    clock.advance(29_000);
    expect(await mesh()).toEqual([{ Key: 'team', Value: 'search' }]);
    clock.advance(1_000);
    expect(await mesh()).toEqual([{ Key: 'team', Value: 'payments' }]);
  });

  it('lists VPC Lattice resources too: every emulated service contributes its tagged resources', async () => {
    const aws = emulatedAws();
    const lattice = new VPCLatticeClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => aws.emulator.handle(r)) });
    await lattice.send(new CreateServiceNetworkCommand({ name: 'shop', tags: { team: 'shop' } }));
    await lattice.send(new CreateServiceNetworkCommand({ name: 'untagged' }));
    const out = await aws.taggingClient.send(new GetResourcesCommand({ ResourceTypeFilters: ['vpc-lattice'] }));
    expect(out.ResourceTagMappingList).toEqual([{ ResourceARN: expect.stringMatching(/^arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork\/sn-/), Tags: [{ Key: 'team', Value: 'shop' }] }]);
  });

  it('is absent when the emulator is built without it', async () => {
    const aws = emulatedAws({ tagging: false });
    await expect(aws.taggingClient.send(new GetResourcesCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});
