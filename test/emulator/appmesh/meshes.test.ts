import {
  BadRequestException,
  ConflictException,
  CreateMeshCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteMeshCommand,
  DeleteVirtualNodeCommand,
  DescribeMeshCommand,
  ListMeshesCommand,
  NotFoundException,
  ResourceInUseException,
  UpdateMeshCommand,
} from '@aws-sdk/client-app-mesh';
import { appMeshFixture, errorOf, gatewayListener, listener, nodeSpec } from './helpers';

describe('App Mesh emulator: meshes', () => {
  it('creates a mesh without a spec and echoes spec {} (egressFilter is not filled)', async () => {
    const { client, clock } = appMeshFixture();
    const out = await client.send(new CreateMeshCommand({ meshName: 'watches' }));
    expect(out.mesh).toMatchObject({
      meshName: 'watches',
      spec: {},
      status: { status: 'ACTIVE' },
      metadata: {
        arn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/watches',
        version: 1,
        meshOwner: '111122223333',
        resourceOwner: '111122223333',
      },
    });
    expect(out.mesh!.metadata!.createdAt).toEqual(new Date(clock.now()));
    expect(out.mesh!.metadata!.uid).toMatch(/^[0-9a-f-]{36}$/);
    const described = await client.send(new DescribeMeshCommand({ meshName: 'watches' }));
    expect(described.mesh).toEqual(out.mesh);
  });

  it('keeps the spec as sent and replaces it on update', async () => {
    const { client, clock } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm', spec: { egressFilter: { type: 'ALLOW_ALL' }, serviceDiscovery: { ipPreference: 'IPv4_ONLY' } } }));
    clock.advance(1500);
    const updated = await client.send(new UpdateMeshCommand({ meshName: 'm', spec: { egressFilter: { type: 'DROP_ALL' } } }));
    expect(updated.mesh!.spec).toEqual({ egressFilter: { type: 'DROP_ALL' } });
    expect(updated.mesh!.metadata!.version).toBe(2);
    expect(updated.mesh!.metadata!.lastUpdatedAt!.getTime() - updated.mesh!.metadata!.createdAt!.getTime()).toBe(1500);
    expect((await client.send(new DescribeMeshCommand({ meshName: 'm' }))).mesh!.spec).toEqual({ egressFilter: { type: 'DROP_ALL' } });
  });

  it('refuses a second mesh with the same name (409 ConflictException)', async () => {
    const { client } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    const err = await errorOf(client.send(new CreateMeshCommand({ meshName: 'm' })));
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.$metadata.httpStatusCode).toBe(409);
    expect(err.message).toContain('m');
  });

  it('answers NotFoundException 404 for a missing mesh on describe, update, delete and child operations', async () => {
    const { client } = appMeshFixture();
    for (const command of [
      new DescribeMeshCommand({ meshName: 'nope' }),
      new UpdateMeshCommand({ meshName: 'nope', spec: {} }),
      new DeleteMeshCommand({ meshName: 'nope' }),
      new CreateVirtualNodeCommand({ meshName: 'nope', virtualNodeName: 'a', spec: nodeSpec() }),
    ]) {
      const err = await errorOf(client.send(command as never));
      expect(err).toBeInstanceOf(NotFoundException);
      expect(err.$metadata.httpStatusCode).toBe(404);
      expect(err.message).toContain('nope');
    }
  });

  it('deletes: returns the mesh with status DELETED, then Describe is NotFound and List omits it', async () => {
    const { client, clock } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'gone' }));
    await client.send(new CreateMeshCommand({ meshName: 'kept' }));
    clock.advance(10);
    const deleted = await client.send(new DeleteMeshCommand({ meshName: 'gone' }));
    expect(deleted.mesh!.status!.status).toBe('DELETED');
    expect(deleted.mesh!.meshName).toBe('gone');
    expect(deleted.mesh!.metadata!.version).toBe(2);
    expect(deleted.mesh!.metadata!.lastUpdatedAt).toEqual(new Date(clock.now()));
    expect(await errorOf(client.send(new DescribeMeshCommand({ meshName: 'gone' })))).toBeInstanceOf(NotFoundException);
    const list = await client.send(new ListMeshesCommand({}));
    expect(list.meshes!.map((m) => m.meshName)).toEqual(['kept']);
    expect(list.nextToken).toBeUndefined();
    // The name is free again.
    const again = await client.send(new CreateMeshCommand({ meshName: 'gone' }));
    expect(again.mesh!.metadata!.version).toBe(1);
  });

  it.each([
    ['virtual node', (c: ReturnType<typeof appMeshFixture>['client']) => c.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'vn', spec: nodeSpec() })), 'VirtualNode vn'],
    ['virtual service', (c: ReturnType<typeof appMeshFixture>['client']) => c.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 'svc.local', spec: {} })), 'VirtualService svc.local'],
    ['virtual router', (c: ReturnType<typeof appMeshFixture>['client']) => c.send(new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'vr', spec: { listeners: [listener()] } })), 'VirtualRouter vr'],
    ['virtual gateway', (c: ReturnType<typeof appMeshFixture>['client']) => c.send(new CreateVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'gw', spec: { listeners: [gatewayListener(443)] } })), 'VirtualGateway gw'],
  ])('refuses to delete a mesh that holds a %s (409 ResourceInUseException naming it)', async (_what, create, named) => {
    const { client } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    await create(client);
    const err = await errorOf(client.send(new DeleteMeshCommand({ meshName: 'm' })));
    expect(err).toBeInstanceOf(ResourceInUseException);
    expect(err.$metadata.httpStatusCode).toBe(409);
    expect(err.message).toContain(named);
    expect((await client.send(new DescribeMeshCommand({ meshName: 'm' }))).mesh!.status!.status).toBe('ACTIVE');
  });

  it('deletes a mesh once it is empty', async () => {
    const { client } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'vn', spec: nodeSpec() }));
    await client.send(new DeleteVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'vn' }));
    expect((await client.send(new DeleteMeshCommand({ meshName: 'm' }))).mesh!.status!.status).toBe('DELETED');
  });

  it('validates names and enums with a message that names the field (400 BadRequestException)', async () => {
    const { client } = appMeshFixture();
    const long = await errorOf(client.send(new CreateMeshCommand({ meshName: 'x'.repeat(256) })));
    expect(long).toBeInstanceOf(BadRequestException);
    expect(long.$metadata.httpStatusCode).toBe(400);
    expect(long.message).toContain("'meshName'");
    const badEnum = await errorOf(client.send(new CreateMeshCommand({ meshName: 'm', spec: { egressFilter: { type: 'SOMETIMES' as never } } })));
    expect(badEnum).toBeInstanceOf(BadRequestException);
    expect(badEnum.message).toContain("'spec.egressFilter.type'");
    expect(badEnum.message).toContain('ALLOW_ALL');
  });
});
