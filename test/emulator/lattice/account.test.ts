import {
  CreateListenerCommand,
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  ListResourceGatewaysCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  paginateListServices,
} from '@aws-sdk/client-vpc-lattice';
import { latticeResourceTags } from '../../../lib/emulator/lattice';
import { errorOf, httpTargetGroup, latticeFixture } from './helpers';

describe('Lattice emulator: tags', () => {
  it('tags at create, merges with TagResource, removes with UntagResource; refuses aws: keys and unknown ARNs', async () => {
    const { client } = latticeFixture();
    const svc = await client.send(new CreateServiceCommand({ name: 'shop', tags: { 'meshops:owner': 'repo', team: 'a' } }));
    await client.send(new TagResourceCommand({ resourceArn: svc.arn!, tags: { team: 'b', tier: 'web' } }));
    await client.send(new UntagResourceCommand({ resourceArn: svc.arn!, tagKeys: ['tier', 'absent'] }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: svc.arn! }))).tags).toEqual({ 'meshops:owner': 'repo', team: 'b' });
    expect((await errorOf(client.send(new TagResourceCommand({ resourceArn: svc.arn!, tags: { 'aws:x': '1' } })))).name).toBe('ValidationException');
    const unknown = await errorOf(client.send(new ListTagsForResourceCommand({ resourceArn: svc.arn!.replace(svc.id!, 'svc-0000000000000000a') })));
    expect(unknown.name).toBe('ResourceNotFoundException');
    expect((await errorOf(client.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/m' })))).name).toBe('ValidationException');
  });

  it('lists the ARN and tags of every Lattice resource for cross-service tag reads', async () => {
    const { client, emulator, clock } = latticeFixture();
    const sn = await client.send(new CreateServiceNetworkCommand({ name: 'net', tags: { a: '1' } }));
    const svc = await client.send(new CreateServiceCommand({ name: 'shop', tags: { b: '2' } }));
    const tg = await client.send(httpTargetGroup('shop-v1'));
    const listener = await client.send(new CreateListenerCommand({ serviceIdentifier: svc.id!, name: 'http', protocol: 'HTTP', defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: tg.id! }] } }, tags: { c: '3' } }));
    const all = emulator.store.read((state) => latticeResourceTags(state, clock.now()));
    expect(all.filter((r) => Object.keys(r.tags).length > 0)).toEqual([
      { arn: sn.arn, tags: { a: '1' } },
      { arn: svc.arn, tags: { b: '2' } },
      { arn: listener.arn, tags: { c: '3' } },
    ]);
    // The target group and the listener's default rule carry no tags but are listed too.
    expect(all.map((r) => r.arn)).toEqual(expect.arrayContaining([tg.arn, expect.stringMatching(new RegExp(`^${listener.arn}/rule/rule-[0-9a-z]{17}$`))]));
  });
});

describe('Lattice emulator: pagination and idempotency', () => {
  it('pages with maxResults/nextToken in creation order; the SDK paginator walks every page; a foreign token is refused', async () => {
    const { client } = latticeFixture();
    for (let i = 0; i < 7; i++) await client.send(new CreateServiceCommand({ name: `service-number-${i}` }));
    const first = await client.send(new ListServicesCommand({ maxResults: 3 }));
    expect(first.items!.map((s) => s.name)).toEqual(['service-number-0', 'service-number-1', 'service-number-2']);
    expect(first.nextToken).toBeDefined();
    const names: string[] = [];
    for await (const page of paginateListServices({ client, pageSize: 2 }, {})) names.push(...page.items!.map((s) => s.name!));
    expect(names).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `service-number-${i}`));
    expect((await errorOf(client.send(new ListServicesCommand({ nextToken: 'bm90LWEtdG9rZW4' })))).name).toBe('ValidationException');
    expect((await errorOf(client.send(new ListServicesCommand({ maxResults: 101 })))).name).toBe('ValidationException');
  });

  it('replays a create with the same clientToken and refuses the token with other input', async () => {
    const { client } = latticeFixture();
    const first = await client.send(new CreateServiceNetworkCommand({ name: 'net', clientToken: 'token-1' }));
    const again = await client.send(new CreateServiceNetworkCommand({ name: 'net', clientToken: 'token-1' }));
    expect(again.id).toBe(first.id);
    expect((await errorOf(client.send(new CreateServiceNetworkCommand({ name: 'net-2', clientToken: 'token-1' })))).name).toBe('ConflictException');
  });
});

describe('Lattice emulator: wire', () => {
  it('answers 501 for model operations it does not serve, with the throttling shape under injected faults', async () => {
    const { client, emulator } = latticeFixture();
    const gateways = await errorOf(client.send(new ListResourceGatewaysCommand({})));
    expect(gateways.$metadata.httpStatusCode).toBe(501);
    expect(gateways.message).toContain('ListResourceGateways');
    emulator.faults.configure({ throttleRate: 1 });
    const throttled = await errorOf(client.send(new ListServicesCommand({})));
    expect(throttled.name).toBe('ThrottlingException');
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    expect(emulator.callStats().byOperation.ListServices).toBe(1);
  });

});
