import {
  BadRequestException,
  CreateMeshCommand,
  CreateRouteCommand,
  DeleteRouteCommand,
  DescribeRouteCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  paginateListTagsForResource,
  TagResourceCommand,
  TooManyTagsException,
  UntagResourceCommand,
} from '@aws-sdk/client-app-mesh';
import { appMeshFixture, errorOf, httpRoute, seedMesh } from './helpers';

const tagList = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${String(i).padStart(2, '0')}`, value: `v${i}` }));

describe('App Mesh emulator: tags', () => {
  it('takes tags on create, merges on TagResource, removes on UntagResource; Describe shows none', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    const created = await client.send(
      new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 't', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]), tags: [{ key: 'team', value: 'search' }, { key: 'meshops:owner', value: 'acme/mesh' }] }),
    );
    const arn = created.route!.metadata!.arn!;
    expect(created.route).not.toHaveProperty('tags');
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'team', value: 'watches' }, { key: 'env', value: '' }] }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([
      { key: 'env', value: '' },
      { key: 'meshops:owner', value: 'acme/mesh' },
      { key: 'team', value: 'watches' },
    ]);
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team', 'not-there'] }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags!.map((t) => t.key)).toEqual(['env', 'meshops:owner']);
    // Tagging is not an update of the resource.
    expect((await client.send(new DescribeRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 't' }))).route!.metadata!.version).toBe(1);
    // Tags go with the resource.
    await client.send(new DeleteRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 't' }));
    await client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 't', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([]);
  });

  it('allows 50 tags per resource and refuses the 51st with TooManyTagsException, applying none', async () => {
    const { client } = appMeshFixture();
    const arn = (await client.send(new CreateMeshCommand({ meshName: 'm', tags: tagList(49) }))).mesh!.metadata!.arn!;
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k00', value: 'changed' }, { key: 'fifty', value: 'x' }] }));
    const err = await errorOf(client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k00', value: 'again' }, { key: 'fifty-one', value: 'x' }] })));
    expect(err).toBeInstanceOf(TooManyTagsException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    const tags = (await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags!;
    expect(tags).toHaveLength(50);
    expect(tags.find((t) => t.key === 'k00')!.value).toBe('changed');
    // More than 50 in one create is a model violation: BadRequest.
    expect(await errorOf(client.send(new CreateMeshCommand({ meshName: 'm2', tags: tagList(51) })))).toBeInstanceOf(BadRequestException);
  });

  it('checks key and value lengths and reserves the aws: prefix', async () => {
    const { client } = appMeshFixture();
    const arn = (await client.send(new CreateMeshCommand({ meshName: 'm' }))).mesh!.metadata!.arn!;
    const longKey = await errorOf(client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k'.repeat(129), value: 'v' }] })));
    expect(longKey).toBeInstanceOf(BadRequestException);
    expect(longKey.message).toContain("'tags[0].key'");
    expect(await errorOf(client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k', value: 'v'.repeat(257) }] })))).toBeInstanceOf(BadRequestException);
    expect(await errorOf(client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: '', value: 'v' }] })))).toBeInstanceOf(BadRequestException);
    const reserved = await errorOf(client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'aws:cloudformation:stack-name', value: 'x' }] })));
    expect(reserved).toBeInstanceOf(BadRequestException);
    expect(reserved.message).toContain('aws:');
  });

  it('answers NotFound for an ARN that names nothing', async () => {
    const { client } = appMeshFixture();
    const err = await errorOf(client.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/none' })));
    expect(err).toBeInstanceOf(NotFoundException);
    expect(await errorOf(client.send(new TagResourceCommand({ resourceArn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/none', tags: [] })))).toBeInstanceOf(NotFoundException);
  });

  it('pages ListTagsForResource (limit 1–50) with the SDK paginator', async () => {
    const { client } = appMeshFixture();
    const arn = (await client.send(new CreateMeshCommand({ meshName: 'm', tags: tagList(23) }))).mesh!.metadata!.arn!;
    const pages: number[] = [];
    const keys: string[] = [];
    for await (const page of paginateListTagsForResource({ client, pageSize: 10 }, { resourceArn: arn })) {
      pages.push(page.tags!.length);
      keys.push(...page.tags!.map((t) => t.key!));
    }
    expect(pages).toEqual([10, 10, 3]);
    expect(keys).toEqual(tagList(23).map((t) => t.key));
    const tooMany = await errorOf(client.send(new ListTagsForResourceCommand({ resourceArn: arn, limit: 51 })));
    expect(tooMany).toBeInstanceOf(BadRequestException);
    expect(tooMany.message).toContain("'limit'");
  });
});
