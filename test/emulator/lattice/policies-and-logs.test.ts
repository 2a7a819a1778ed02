import {
  CreateAccessLogSubscriptionCommand,
  CreateListenerCommand,
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  CreateTargetGroupCommand,
  DeleteAccessLogSubscriptionCommand,
  DeleteAuthPolicyCommand,
  DeleteServiceCommand,
  GetAccessLogSubscriptionCommand,
  GetAuthPolicyCommand,
  ListAccessLogSubscriptionsCommand,
  ListTagsForResourceCommand,
  PutAuthPolicyCommand,
  UpdateAccessLogSubscriptionCommand,
  UpdateServiceNetworkCommand,
} from '@aws-sdk/client-vpc-lattice';
import { errorOf, latticeFixture, VPC } from './helpers';

const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'vpc-lattice-svcs:Invoke', Resource: '*' }] });
const logGroup = 'arn:aws:logs:us-east-1:111122223333:log-group:/lattice/shop';
const bucket = 'arn:aws:s3:::shop-access-logs';

describe('Lattice emulator: auth policies', () => {
  it('puts, reads, replaces and deletes a policy; Active only under AWS_IAM', async () => {
    const { client, clock } = latticeFixture();
    const sn = await client.send(new CreateServiceNetworkCommand({ name: 'net' }));
    expect(await client.send(new PutAuthPolicyCommand({ resourceIdentifier: sn.id!, policy }))).toMatchObject({ policy, state: 'Inactive' });
    await client.send(new UpdateServiceNetworkCommand({ serviceNetworkIdentifier: sn.id!, authType: 'AWS_IAM' }));
    clock.advance(1000);
    const replaced = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    await client.send(new PutAuthPolicyCommand({ resourceIdentifier: sn.arn!, policy: replaced }));
    const got = await client.send(new GetAuthPolicyCommand({ resourceIdentifier: sn.id! }));
    expect(got).toMatchObject({ policy: replaced, state: 'Active' });
    expect(got.lastUpdatedAt!.getTime() - got.createdAt!.getTime()).toBe(1000);
    await client.send(new DeleteAuthPolicyCommand({ resourceIdentifier: sn.id! }));
    expect(await errorOf(client.send(new GetAuthPolicyCommand({ resourceIdentifier: sn.id! })))).toMatchObject({ name: 'ResourceNotFoundException', resourceType: 'AUTH_POLICY' });
  });

  it('refuses a policy that is not a JSON object or is over 10 KB, and a resource that does not exist', async () => {
    const { client } = latticeFixture();
    const svc = await client.send(new CreateServiceCommand({ name: 'shop' }));
    expect((await errorOf(client.send(new PutAuthPolicyCommand({ resourceIdentifier: svc.id!, policy: 'allow everyone' })))).name).toBe('ValidationException');
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [], Padding: 'x'.repeat(10 * 1024) });
    expect((await errorOf(client.send(new PutAuthPolicyCommand({ resourceIdentifier: svc.id!, policy: big })))).name).toBe('ValidationException');
    expect((await errorOf(client.send(new PutAuthPolicyCommand({ resourceIdentifier: 'svc-0000000000000000a', policy })))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(client.send(new GetAuthPolicyCommand({ resourceIdentifier: svc.id! })))).name).toBe('ResourceNotFoundException');
  });
});

describe('Lattice emulator: access log subscriptions', () => {
  it('subscribes a service network and a service, one per destination type, and updates the destination', async () => {
    const { client } = latticeFixture();
    const sn = await client.send(new CreateServiceNetworkCommand({ name: 'net' }));
    const svc = await client.send(new CreateServiceCommand({ name: 'shop' }));
    const onNetwork = await client.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: sn.arn!, destinationArn: logGroup, tags: { team: 'shop' } }));
    expect(onNetwork.id).toMatch(/^als-[0-9a-z]{17}$/);
    expect(onNetwork).toMatchObject({ arn: `arn:aws:vpc-lattice:us-east-1:111122223333:accesslogsubscription/${onNetwork.id}`, resourceId: sn.id, resourceArn: sn.arn, destinationArn: logGroup, serviceNetworkLogType: 'SERVICE' });
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: onNetwork.arn! }))).tags).toEqual({ team: 'shop' });
    const onService = await client.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: svc.id!, destinationArn: logGroup }));
    expect(onService.serviceNetworkLogType).toBeUndefined();
    const second = await errorOf(client.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: svc.id!, destinationArn: `${logGroup}-other` })));
    expect(second).toMatchObject({ name: 'ConflictException', resourceId: onService.id });
    await client.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: svc.id!, destinationArn: bucket }));
    expect((await errorOf(client.send(new UpdateAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: onService.id!, destinationArn: `${bucket}-2` })))).name).toBe('ConflictException');
    const updated = await client.send(new UpdateAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: onService.arn!, destinationArn: `${logGroup}-v2` }));
    expect(updated.destinationArn).toBe(`${logGroup}-v2`);
    expect((await client.send(new GetAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: onService.id! }))).destinationArn).toBe(`${logGroup}-v2`);
    expect((await client.send(new ListAccessLogSubscriptionsCommand({ resourceIdentifier: svc.id! }))).items!.map((a) => a.destinationArn)).toEqual([`${logGroup}-v2`, bucket]);
    await client.send(new DeleteAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: onNetwork.id! }));
    expect((await client.send(new ListAccessLogSubscriptionsCommand({ resourceIdentifier: sn.id! }))).items).toEqual([]);
  });

  it('refuses destinations that cannot take logs, and goes with its service', async () => {
    const { client } = latticeFixture();
    const svc = await client.send(new CreateServiceCommand({ name: 'shop', customDomainName: 'shop.mesh.local' }));
    expect((await errorOf(client.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: svc.id!, destinationArn: 'arn:aws:sqs:us-east-1:111122223333:queue' })))).name).toBe('ValidationException');
    const sub = await client.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: svc.id!, destinationArn: bucket }));
    await client.send(new PutAuthPolicyCommand({ resourceIdentifier: svc.id!, policy }));
    await client.send(new DeleteServiceCommand({ serviceIdentifier: svc.id! }));
    expect((await errorOf(client.send(new GetAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: sub.id! })))).name).toBe('ResourceNotFoundException');
  });
});

describe('Lattice emulator: TLS passthrough', () => {
  it('needs a service with a custom domain name and a TCP target group', async () => {
    const { client } = latticeFixture();
    const tcp = await client.send(new CreateTargetGroupCommand({ name: 'tcp', type: 'IP', config: { port: 443, protocol: 'TCP', vpcIdentifier: VPC } }));
    const http = await client.send(new CreateTargetGroupCommand({ name: 'http', type: 'IP', config: { port: 80, protocol: 'HTTP', vpcIdentifier: VPC } }));
    const plain = await client.send(new CreateServiceCommand({ name: 'plain' }));
    const named = await client.send(new CreateServiceCommand({ name: 'named', customDomainName: 'db.mesh.local' }));
    const tls = (serviceIdentifier: string, targetGroupIdentifier: string) => client.send(new CreateListenerCommand({ serviceIdentifier, name: 'tls', protocol: 'TLS_PASSTHROUGH', defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier }] } } }));
    expect((await errorOf(tls(plain.id!, tcp.id!))).name).toBe('ValidationException');
    expect((await errorOf(tls(named.id!, http.id!))).name).toBe('ValidationException');
    expect((await tls(named.id!, tcp.id!)).port).toBe(443);
  });
});
