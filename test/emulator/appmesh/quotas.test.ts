import {
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualServiceCommand,
  DeleteMeshCommand,
  LimitExceededException,
  ListMeshesCommand,
  UpdateVirtualNodeCommand,
} from '@aws-sdk/client-app-mesh';
import { appMeshFixture, errorOf, gatewayListener, httpRoute, nodeSpec, seedMesh } from './helpers';

describe('App Mesh emulator: quotas (docs/aws-behaviour.md §8)', () => {
  it('allows 15 meshes per account by default and refuses the 16th with LimitExceededException 400', async () => {
    const { client } = appMeshFixture();
    for (let i = 0; i < 15; i++) await client.send(new CreateMeshCommand({ meshName: `m${i}` }));
    const err = await errorOf(client.send(new CreateMeshCommand({ meshName: 'one-too-many' })));
    expect(err).toBeInstanceOf(LimitExceededException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toContain('L-AC861A39');
    expect((await client.send(new ListMeshesCommand({}))).meshes).toHaveLength(15);
    await client.send(new DeleteMeshCommand({ meshName: 'm0' }));
    await client.send(new CreateMeshCommand({ meshName: 'one-too-many' }));
  });

  it('applies per-mesh and per-parent quotas with overrides from env.quotas', async () => {
    const { client } = appMeshFixture({ quotas: { 'L-E043DFB4': 3, 'L-BB90B7FF': 1, 'L-DA7495A7': 1, 'L-F6F26D09': 1 } });
    await seedMesh(client);
    await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'c', spec: nodeSpec() }));
    const nodes = await errorOf(client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'd', spec: nodeSpec() })));
    expect(nodes).toBeInstanceOf(LimitExceededException);
    expect(nodes.message).toContain('virtual nodes per mesh');
    // Another mesh has its own count.
    await client.send(new CreateMeshCommand({ meshName: 'other' }));
    await client.send(new CreateVirtualNodeCommand({ meshName: 'other', virtualNodeName: 'd', spec: nodeSpec() }));
    await client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'one', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) }));
    expect(await errorOf(client.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'two', spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) })))).toBeInstanceOf(
      LimitExceededException,
    );
    await client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's1.local', spec: {} }));
    expect(await errorOf(client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's2.local', spec: {} })))).toBeInstanceOf(LimitExceededException);
  });

  it('allows 3 virtual gateways per mesh and 10 gateway routes per gateway by default', async () => {
    const { client } = appMeshFixture();
    await seedMesh(client);
    await client.send(new CreateVirtualServiceCommand({ meshName: 'm', virtualServiceName: 's.local', spec: {} }));
    for (const g of ['g1', 'g2', 'g3']) await client.send(new CreateVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: g, spec: { listeners: [gatewayListener(443)] } }));
    expect(await errorOf(client.send(new CreateVirtualGatewayCommand({ meshName: 'm', virtualGatewayName: 'g4', spec: { listeners: [gatewayListener(443)] } })))).toBeInstanceOf(LimitExceededException);
    const spec = { httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 's.local' } } } } };
    for (let i = 0; i < 10; i++) await client.send(new CreateGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'g1', gatewayRouteName: `gr${i}`, spec }));
    expect(await errorOf(client.send(new CreateGatewayRouteCommand({ meshName: 'm', virtualGatewayName: 'g1', gatewayRouteName: 'gr10', spec })))).toBeInstanceOf(LimitExceededException);
  });

  it('limits backends per virtual node (L-8775AB18) on create and update', async () => {
    const { client } = appMeshFixture({ quotas: { 'L-8775AB18': 2 } });
    await seedMesh(client);
    const backends = (n: number) => Array.from({ length: n }, (_, i) => ({ virtualService: { virtualServiceName: `b${i}.local` } }));
    await client.send(new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a', spec: { ...nodeSpec(), backends: backends(2) } }));
    const err = await errorOf(client.send(new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a', spec: { ...nodeSpec(), backends: backends(3) } })));
    expect(err).toBeInstanceOf(LimitExceededException);
    expect(err.message).toContain('L-8775AB18');
  });

  it('changes a quota at run time with emulator.setQuota', async () => {
    const { client, emulator } = appMeshFixture();
    emulator.setQuota('L-AC861A39', 1);
    await client.send(new CreateMeshCommand({ meshName: 'a' }));
    expect(await errorOf(client.send(new CreateMeshCommand({ meshName: 'b' })))).toBeInstanceOf(LimitExceededException);
  });
});
