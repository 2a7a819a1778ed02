import {
  CreateListenerCommand,
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkServiceAssociationCommand,
  DeleteServiceCommand,
  DeleteServiceNetworkServiceAssociationCommand,
  GetListenerCommand,
  GetServiceCommand,
  GetServiceNetworkServiceAssociationCommand,
  ListServicesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-vpc-lattice';
import { errorOf, httpTargetGroup, latticeFixture } from './helpers';

describe('Lattice emulator: services', () => {
  it('creates a service with a custom domain name and a generated DNS name', async () => {
    const { client } = latticeFixture();
    const svc = await client.send(new CreateServiceCommand({ name: 'products', customDomainName: 'products.mesh.local', tags: { 'meshops:source': 'VirtualService watches/products.mesh.local' } }));
    expect(svc.$metadata.httpStatusCode).toBe(201);
    expect(svc.id).toMatch(/^svc-[0-9a-z]{17}$/);
    expect(svc.arn).toBe(`arn:aws:vpc-lattice:us-east-1:111122223333:service/${svc.id}`);
    expect(svc).toMatchObject({ name: 'products', customDomainName: 'products.mesh.local', authType: 'NONE', status: 'CREATE_IN_PROGRESS' });
    expect(svc.dnsEntry!.domainName).toMatch(new RegExp(`^products-${svc.id!.slice(4)}\\.[0-9a-f]{7}\\.vpc-lattice-svcs\\.us-east-1\\.on\\.aws$`));
    expect(svc.dnsEntry!.hostedZoneId).toMatch(/^Z[0-9A-Z]+$/);
    const got = await client.send(new GetServiceCommand({ serviceIdentifier: svc.id! }));
    expect(got).toMatchObject({ name: 'products', customDomainName: 'products.mesh.local', dnsEntry: svc.dnsEntry, status: 'ACTIVE' });
  });

  it('stays CREATE_IN_PROGRESS for --lattice-delay-ms, takes no listener until ACTIVE, then DELETE_IN_PROGRESS before it is gone', async () => {
    const { client, clock } = latticeFixture({ latticeDelayMs: 5000 });
    const svc = await client.send(new CreateServiceCommand({ name: 'slow' }));
    const tg = await client.send(httpTargetGroup('slow-tg'));
    expect((await client.send(new GetServiceCommand({ serviceIdentifier: svc.id! }))).status).toBe('CREATE_IN_PROGRESS');
    const early = await errorOf(client.send(new CreateListenerCommand({ serviceIdentifier: svc.id!, name: 'http', protocol: 'HTTP', defaultAction: { fixedResponse: { statusCode: 404 } } })));
    expect(early.name).toBe('ConflictException');
    expect(early.message).toContain('CREATE_IN_PROGRESS');
    clock.advance(5000);
    expect((await client.send(new GetServiceCommand({ serviceIdentifier: svc.id! }))).status).toBe('ACTIVE');
    expect((await client.send(new ListServicesCommand({}))).items![0].status).toBe('ACTIVE');
    clock.advance(5000);
    const listener = await client.send(new CreateListenerCommand({ serviceIdentifier: svc.id!, name: 'http', protocol: 'HTTP', defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: tg.id! }] } } }));
    const deleting = await client.send(new DeleteServiceCommand({ serviceIdentifier: svc.id! }));
    expect(deleting.status).toBe('DELETE_IN_PROGRESS');
    expect((await client.send(new GetServiceCommand({ serviceIdentifier: svc.id! }))).status).toBe('DELETE_IN_PROGRESS');
    // Its listeners went with it at once.
    expect((await errorOf(client.send(new GetListenerCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id! })))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(client.send(new UpdateServiceCommand({ serviceIdentifier: svc.id!, authType: 'AWS_IAM' })))).name).toBe('ConflictException');
    // The name stays taken until the deletion completes.
    expect((await errorOf(client.send(new CreateServiceCommand({ name: 'slow' })))).name).toBe('ConflictException');
    clock.advance(5000);
    expect((await errorOf(client.send(new GetServiceCommand({ serviceIdentifier: svc.id! })))).name).toBe('ResourceNotFoundException');
    expect((await client.send(new CreateServiceCommand({ name: 'slow' }))).name).toBe('slow');
  });

  it('updates authType and certificateArn only; a certificate needs a custom domain name', async () => {
    const { client } = latticeFixture();
    const plain = await client.send(new CreateServiceCommand({ name: 'plain' }));
    const cert = 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666';
    expect((await errorOf(client.send(new UpdateServiceCommand({ serviceIdentifier: plain.id!, certificateArn: cert })))).name).toBe('ValidationException');
    expect((await errorOf(client.send(new CreateServiceCommand({ name: 'cert-only', certificateArn: cert })))).name).toBe('ValidationException');
    const named = await client.send(new CreateServiceCommand({ name: 'named', customDomainName: 'named.example.com' }));
    const updated = await client.send(new UpdateServiceCommand({ serviceIdentifier: named.arn!, authType: 'AWS_IAM', certificateArn: cert }));
    expect(updated).toMatchObject({ authType: 'AWS_IAM', certificateArn: cert, customDomainName: 'named.example.com', name: 'named' });
  });

  it('refuses names the API refuses: uppercase, the svc- prefix, longer than 40', async () => {
    const { client } = latticeFixture();
    for (const name of ['Products', 'svc-products', 'p'.repeat(41)]) {
      const err = await errorOf(client.send(new CreateServiceCommand({ name })));
      expect(err.name).toBe('ValidationException');
    }
    expect((await client.send(new CreateServiceCommand({ name: 'p'.repeat(40) }))).name).toHaveLength(40);
  });

  it('cannot be deleted while associated with a service network', async () => {
    const { client } = latticeFixture();
    const sn = await client.send(new CreateServiceNetworkCommand({ name: 'net' }));
    const svc = await client.send(new CreateServiceCommand({ name: 'shop', customDomainName: 'shop.mesh.local' }));
    const snsa = await client.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: sn.arn!, serviceIdentifier: svc.arn! }));
    expect(snsa).toMatchObject({ status: 'CREATE_IN_PROGRESS', customDomainName: 'shop.mesh.local', dnsEntry: svc.dnsEntry, createdBy: '111122223333' });
    expect(await client.send(new GetServiceNetworkServiceAssociationCommand({ serviceNetworkServiceAssociationIdentifier: snsa.id! }))).toMatchObject({
      status: 'ACTIVE',
      serviceId: svc.id,
      serviceName: 'shop',
      serviceNetworkId: sn.id,
      serviceNetworkName: 'net',
    });
    const err = await errorOf(client.send(new DeleteServiceCommand({ serviceIdentifier: svc.id! })));
    expect(err.name).toBe('ConflictException');
    expect(err).toMatchObject({ resourceId: svc.id, resourceType: 'SERVICE' });
    await client.send(new DeleteServiceNetworkServiceAssociationCommand({ serviceNetworkServiceAssociationIdentifier: snsa.arn! }));
    expect((await client.send(new DeleteServiceCommand({ serviceIdentifier: svc.id! }))).status).toBe('DELETE_IN_PROGRESS');
  });
});
