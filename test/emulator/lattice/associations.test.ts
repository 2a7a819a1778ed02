import {
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkServiceAssociationCommand,
  CreateServiceNetworkVpcAssociationCommand,
  DeleteServiceNetworkVpcAssociationCommand,
  GetServiceNetworkVpcAssociationCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworkVpcAssociationsCommand,
  UpdateServiceNetworkVpcAssociationCommand,
} from '@aws-sdk/client-vpc-lattice';
import { errorOf, latticeFixture, VPC } from './helpers';

describe('Lattice emulator: associations', () => {
  it('associates a VPC with security groups, updates them (UPDATE_IN_PROGRESS), and allows one service network per VPC', async () => {
    const { client, clock } = latticeFixture({ latticeDelayMs: 1000 });
    const sn = await client.send(new CreateServiceNetworkCommand({ name: 'net' }));
    const other = await client.send(new CreateServiceNetworkCommand({ name: 'other' }));
    const snva = await client.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: sn.id!, vpcIdentifier: VPC, securityGroupIds: ['sg-0123456789abcdef0'], tags: { k: 'v' } }));
    expect(snva.id).toMatch(/^snva-[0-9a-z]{17}$/);
    expect(snva).toMatchObject({ status: 'CREATE_IN_PROGRESS', securityGroupIds: ['sg-0123456789abcdef0'], createdBy: '111122223333' });
    expect((await errorOf(client.send(new UpdateServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: snva.id!, securityGroupIds: ['sg-0123456789abcdef1'] })))).name).toBe('ConflictException');
    clock.advance(1000);
    const got = await client.send(new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: snva.arn! }));
    expect(got).toMatchObject({ status: 'ACTIVE', vpcId: VPC, serviceNetworkId: sn.id, serviceNetworkName: 'net', serviceNetworkArn: sn.arn });
    const updated = await client.send(new UpdateServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: snva.id!, securityGroupIds: ['sg-0123456789abcdef1', 'sg-0123456789abcdef2'] }));
    expect(updated).toMatchObject({ status: 'UPDATE_IN_PROGRESS', securityGroupIds: ['sg-0123456789abcdef1', 'sg-0123456789abcdef2'] });
    clock.advance(1000);
    expect((await client.send(new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: snva.id! }))).status).toBe('ACTIVE');
    const second = await errorOf(client.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: other.id!, vpcIdentifier: VPC })));
    expect(second).toMatchObject({ name: 'ConflictException', resourceId: snva.id, resourceType: 'SERVICE_NETWORK_VPC_ASSOCIATION' });
    expect(second.message).toContain('one service network only');
    expect((await errorOf(client.send(new UpdateServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: snva.id!, securityGroupIds: [] })))).name).toBe('ValidationException');
    expect((await client.send(new DeleteServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: snva.id! }))).status).toBe('DELETE_IN_PROGRESS');
    clock.advance(1000);
    expect((await client.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: other.id!, vpcIdentifier: VPC }))).status).toBe('CREATE_IN_PROGRESS');
  });

  it('lists associations by service network, service or VPC (by id or ARN), and refuses an unfiltered list', async () => {
    const { client } = latticeFixture();
    const sn = await client.send(new CreateServiceNetworkCommand({ name: 'net' }));
    const a = await client.send(new CreateServiceCommand({ name: 'alpha', customDomainName: 'alpha.mesh.local' }));
    const b = await client.send(new CreateServiceCommand({ name: 'beta' }));
    for (const svc of [a, b]) await client.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: sn.id!, serviceIdentifier: svc.id! }));
    await client.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: sn.id!, vpcIdentifier: VPC }));
    const bySn = await client.send(new ListServiceNetworkServiceAssociationsCommand({ serviceNetworkIdentifier: sn.arn! }));
    expect(bySn.items!.map((i) => [i.serviceName, i.customDomainName ?? null, i.status])).toEqual([
      ['alpha', 'alpha.mesh.local', 'ACTIVE'],
      ['beta', null, 'ACTIVE'],
    ]);
    expect((await client.send(new ListServiceNetworkServiceAssociationsCommand({ serviceIdentifier: b.arn! }))).items!.map((i) => i.serviceId)).toEqual([b.id]);
    expect((await client.send(new ListServiceNetworkVpcAssociationsCommand({ vpcIdentifier: VPC }))).items!.map((i) => i.serviceNetworkName)).toEqual(['net']);
    for (const err of [await errorOf(client.send(new ListServiceNetworkServiceAssociationsCommand({}))), await errorOf(client.send(new ListServiceNetworkVpcAssociationsCommand({})))]) {
      expect(err.name).toBe('ValidationException');
    }
  });

  it('refuses a service twice in a network, and two services with the same custom domain name in one network', async () => {
    const { client } = latticeFixture();
    const sn = await client.send(new CreateServiceNetworkCommand({ name: 'net' }));
    const one = await client.send(new CreateServiceCommand({ name: 'one', customDomainName: 'api.mesh.local' }));
    const two = await client.send(new CreateServiceCommand({ name: 'two', customDomainName: 'api.mesh.local' }));
    await client.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: sn.id!, serviceIdentifier: one.id! }));
    expect((await errorOf(client.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: sn.id!, serviceIdentifier: one.arn! })))).name).toBe('ConflictException');
    const clash = await errorOf(client.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: sn.id!, serviceIdentifier: two.id! })));
    expect(clash.name).toBe('ConflictException');
    expect(clash.message).toContain('api.mesh.local');
    expect((await errorOf(client.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: 'sn-0000000000000000a', serviceIdentifier: two.id! })))).name).toBe('ResourceNotFoundException');
  });
});
