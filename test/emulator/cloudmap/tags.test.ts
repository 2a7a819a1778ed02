import {
  CreateHttpNamespaceCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  InvalidInput,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  TooManyTagsException,
  UntagResourceCommand,
} from '@aws-sdk/client-servicediscovery';
import { cloudMapHarness, rejection, settled } from './harness';

describe('Cloud Map tags', () => {
  async function resources() {
    const h = cloudMapHarness();
    const nsId = (await settled(h, (await h.client.send(new CreateHttpNamespaceCommand({ Name: 'tags' }))).OperationId)).Targets!.NAMESPACE!;
    const svc = (await h.client.send(new CreateServiceCommand({ Name: 's', NamespaceId: nsId, Tags: [{ Key: 'team', Value: 'search' }] }))).Service!;
    return { h, nsArn: `arn:aws:servicediscovery:us-east-1:111122223333:namespace/${nsId}`, svc };
  }
  const list = async (h: Awaited<ReturnType<typeof resources>>['h'], ResourceARN: string) => (await h.client.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags;

  it('tags, retags and untags namespaces and services by ARN', async () => {
    const { h, nsArn, svc } = await resources();
    expect(await list(h, svc.Arn!)).toEqual([{ Key: 'team', Value: 'search' }]);
    expect(await list(h, nsArn)).toEqual([]);
    await h.client.send(new TagResourceCommand({ ResourceARN: nsArn, Tags: [{ Key: 'meshops:owner', Value: 'acme/mesh' }, { Key: 'env', Value: 'dev' }] }));
    await h.client.send(new TagResourceCommand({ ResourceARN: nsArn, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'empty', Value: '' }] }));
    expect(await list(h, nsArn)).toEqual([
      { Key: 'meshops:owner', Value: 'acme/mesh' },
      { Key: 'env', Value: 'prod' },
      { Key: 'empty', Value: '' },
    ]);
    await h.client.send(new UntagResourceCommand({ ResourceARN: nsArn, TagKeys: ['env', 'not-there'] }));
    expect(await list(h, nsArn)).toEqual([{ Key: 'meshops:owner', Value: 'acme/mesh' }, { Key: 'empty', Value: '' }]);
  });

  it('refuses more than 50 tags per resource (TooManyTagsException with ResourceName)', async () => {
    const { h, svc } = await resources();
    const tags = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await h.client.send(new TagResourceCommand({ ResourceARN: svc.Arn, Tags: tags }));
    const err = await rejection(h.client.send(new TagResourceCommand({ ResourceARN: svc.Arn, Tags: [{ Key: 'one', Value: '1' }, { Key: 'two', Value: '2' }] })));
    expect(err).toBeInstanceOf(TooManyTagsException);
    expect(err.ResourceName).toBe(svc.Arn);
    expect(await list(h, svc.Arn!)).toHaveLength(50);
    // Overwriting existing keys does not add tags.
    await h.client.send(new TagResourceCommand({ ResourceARN: svc.Arn, Tags: [{ Key: 'k0', Value: 'changed' }] }));
  });

  it('refuses reserved and repeated keys, and malformed ARNs (InvalidInput)', async () => {
    const { h, svc } = await resources();
    expect(await rejection(h.client.send(new TagResourceCommand({ ResourceARN: svc.Arn, Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }] })))).toBeInstanceOf(InvalidInput);
    expect(await rejection(h.client.send(new TagResourceCommand({ ResourceARN: svc.Arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] })))).toBeInstanceOf(InvalidInput);
    expect(await rejection(h.client.send(new ListTagsForResourceCommand({ ResourceARN: 'not-an-arn' })))).toBeInstanceOf(InvalidInput);
    expect(await rejection(h.client.send(new TagResourceCommand({ ResourceARN: svc.Arn, Tags: [{ Key: '', Value: 'x' }] })))).toBeInstanceOf(InvalidInput);
  });

  it('answers ResourceNotFoundException for unknown, deleted or foreign resources', async () => {
    const { h, svc } = await resources();
    const missing = 'arn:aws:servicediscovery:us-east-1:111122223333:service/srv-aaaaaaaaaaaaaaaa';
    expect(await rejection(h.client.send(new ListTagsForResourceCommand({ ResourceARN: missing })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await rejection(h.client.send(new TagResourceCommand({ ResourceARN: svc.Arn!.replace('us-east-1', 'eu-west-1'), Tags: [] })))).toBeInstanceOf(ResourceNotFoundException);
    await h.client.send(new DeleteServiceCommand({ Id: svc.Id }));
    expect(await rejection(h.client.send(new UntagResourceCommand({ ResourceARN: svc.Arn, TagKeys: ['team'] })))).toBeInstanceOf(ResourceNotFoundException);
  });
});
