import {
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkServiceAssociationCommand,
  CreateServiceNetworkVpcAssociationCommand,
  DeleteServiceNetworkCommand,
  DeleteServiceNetworkServiceAssociationCommand,
  DeleteServiceNetworkVpcAssociationCommand,
  GetServiceNetworkCommand,
  ListServiceNetworksCommand,
  UpdateServiceNetworkCommand,
} from '@aws-sdk/client-vpc-lattice';
import { errorOf, latticeFixture, VPC } from './helpers';

describe('Lattice emulator: service networks', () => {
  it('creates with a generated id and ARN, gets by id or ARN, updates authType, lists and deletes', async () => {
    const { client, clock } = latticeFixture();
    const created = await client.send(new CreateServiceNetworkCommand({ name: 'watches', authType: 'AWS_IAM', tags: { 'meshops:owner': 'repo' } }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^sn-[0-9a-z]{17}$/);
    expect(created.arn).toBe(`arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/${created.id}`);
    expect(created).toMatchObject({ name: 'watches', authType: 'AWS_IAM' });
    clock.advance(1000);
    await client.send(new UpdateServiceNetworkCommand({ serviceNetworkIdentifier: created.arn!, authType: 'NONE' }));
    const got = await client.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: created.id! }));
    expect(got).toMatchObject({ name: 'watches', authType: 'NONE', numberOfAssociatedServices: 0, numberOfAssociatedVPCs: 0 });
    expect(got.createdAt!.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(got.lastUpdatedAt!.toISOString()).toBe('2026-11-25T12:00:01.000Z');
    expect((await client.send(new ListServiceNetworksCommand({}))).items!.map((i) => i.name)).toEqual(['watches']);
    const deleted = await client.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: created.id! }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const gone = await errorOf(client.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: created.id! })));
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(gone.$metadata.httpStatusCode).toBe(404);
    expect(gone).toMatchObject({ resourceId: created.id, resourceType: 'SERVICE_NETWORK' });
  });

  it('refuses a second network with the same name (409 naming the existing one)', async () => {
    const { client } = latticeFixture();
    const first = await client.send(new CreateServiceNetworkCommand({ name: 'watches' }));
    const err = await errorOf(client.send(new CreateServiceNetworkCommand({ name: 'watches' })));
    expect(err.name).toBe('ConflictException');
    expect(err.$metadata.httpStatusCode).toBe(409);
    expect(err).toMatchObject({ resourceId: first.id, resourceType: 'SERVICE_NETWORK' });
  });

  it.each([['Watches'], ['-watches'], ['wat--ches'], ['ab'], ['watches-']])('refuses the name %j with a ValidationException and its field', async (name) => {
    const { client } = latticeFixture();
    const err = await errorOf(client.send(new CreateServiceNetworkCommand({ name })));
    expect(err.name).toBe('ValidationException');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err).toMatchObject({ reason: 'fieldValidationFailed', fieldList: [expect.objectContaining({ name: 'name' })] });
    expect((await client.send(new ListServiceNetworksCommand({}))).items).toEqual([]);
  });

  it('refuses a malformed identifier with 400 and an unknown one with 404', async () => {
    const { client } = latticeFixture();
    expect((await errorOf(client.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: 'watches' })))).name).toBe('ValidationException');
    expect((await errorOf(client.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: 'sn-0123456789abcdefg' })))).name).toBe('ResourceNotFoundException');
    // Another account's ARN names nothing this caller can see.
    const mine = await client.send(new CreateServiceNetworkCommand({ name: 'mine' }));
    const foreign = mine.arn!.replace('111122223333', '999988887777');
    expect((await errorOf(client.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: foreign })))).name).toBe('ResourceNotFoundException');
  });

  it('cannot be deleted while services or VPCs are associated; counts them', async () => {
    const { client } = latticeFixture();
    const sn = await client.send(new CreateServiceNetworkCommand({ name: 'net' }));
    const svc = await client.send(new CreateServiceCommand({ name: 'shop' }));
    const snsa = await client.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: sn.id!, serviceIdentifier: svc.id! }));
    const snva = await client.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: sn.id!, vpcIdentifier: VPC }));
    expect(await client.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: sn.id! }))).toMatchObject({ numberOfAssociatedServices: 1, numberOfAssociatedVPCs: 1 });
    const err = await errorOf(client.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: sn.id! })));
    expect(err.name).toBe('ConflictException');
    expect(err.message).toContain('1 service association(s) and 1 VPC association(s)');
    await client.send(new DeleteServiceNetworkServiceAssociationCommand({ serviceNetworkServiceAssociationIdentifier: snsa.id! }));
    await client.send(new DeleteServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: snva.arn! }));
    await client.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: sn.id! }));
    expect((await client.send(new ListServiceNetworksCommand({}))).items).toEqual([]);
  });

  it('enforces the service-networks-per-region quota (402 with its code) and honours an increase', async () => {
    const { client, emulator } = latticeFixture({ quotas: { 'L-9CAD07FB': 2 } });
    await client.send(new CreateServiceNetworkCommand({ name: 'one' }));
    await client.send(new CreateServiceNetworkCommand({ name: 'two' }));
    const err = await errorOf(client.send(new CreateServiceNetworkCommand({ name: 'three' })));
    expect(err.name).toBe('ServiceQuotaExceededException');
    expect(err.$metadata.httpStatusCode).toBe(402);
    expect(err).toMatchObject({ quotaCode: 'L-9CAD07FB', serviceCode: 'vpc-lattice', resourceType: 'SERVICE_NETWORK' });
    emulator.setQuota('L-9CAD07FB', 3);
    await client.send(new CreateServiceNetworkCommand({ name: 'three' }));
  });
});
