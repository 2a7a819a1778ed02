import {
  BadRequestException,
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteVirtualNodeCommand,
  ListMeshesCommand,
  ListVirtualNodesCommand,
  paginateListGatewayRoutes,
  paginateListMeshes,
  paginateListRoutes,
  paginateListVirtualGateways,
  paginateListVirtualNodes,
  paginateListVirtualRouters,
  paginateListVirtualServices,
} from '@aws-sdk/client-app-mesh';
import { appMeshFixture, errorOf, gatewayListener, httpRoute, listener, nodeSpec } from './helpers';

async function collect<T>(pages: AsyncIterable<T>, items: (page: T) => string[]): Promise<{ sizes: number[]; names: string[] }> {
  const sizes: number[] = [];
  const names: string[] = [];
  for await (const page of pages) {
    const got = items(page);
    sizes.push(got.length);
    names.push(...got);
  }
  return { sizes, names };
}

describe('App Mesh emulator: pagination', () => {
  it('pages every list operation with the SDK paginators, in name order', async () => {
    const { client } = appMeshFixture({ quotas: { 'L-87E74146': 10 } });
    const names = ['e', 'a', 'd', 'c', 'b'];
    for (const m of names) await client.send(new CreateMeshCommand({ meshName: `mesh-${m}` }));
    for (const n of names) {
      await client.send(new CreateVirtualNodeCommand({ meshName: 'mesh-a', virtualNodeName: n, spec: nodeSpec() }));
      await client.send(new CreateVirtualServiceCommand({ meshName: 'mesh-a', virtualServiceName: `${n}.local`, spec: {} }));
      await client.send(new CreateVirtualRouterCommand({ meshName: 'mesh-a', virtualRouterName: n, spec: { listeners: [listener()] } }));
      await client.send(new CreateVirtualGatewayCommand({ meshName: 'mesh-a', virtualGatewayName: n, spec: { listeners: [gatewayListener()] } }));
    }
    for (const n of names) {
      await client.send(
        new CreateGatewayRouteCommand({
          meshName: 'mesh-a',
          virtualGatewayName: 'a',
          gatewayRouteName: n,
          spec: { httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 'a.local' } } } } },
        }),
      );
      await client.send(new CreateRouteCommand({ meshName: 'mesh-a', virtualRouterName: 'a', routeName: n, spec: httpRoute([{ virtualNode: 'a', weight: 1 }]) }));
    }
    const sorted = [...names].sort();
    const cfg = { client, pageSize: 2 };
    // A fresh input object per paginator: the SDK paginators write nextToken into the input they are given.
    const m = () => ({ meshName: 'mesh-a' });
    expect(await collect(paginateListMeshes(cfg, {}), (p) => p.meshes!.map((x) => x.meshName!))).toEqual({ sizes: [2, 2, 1], names: sorted.map((n) => `mesh-${n}`) });
    expect(await collect(paginateListVirtualNodes(cfg, m()), (p) => p.virtualNodes!.map((x) => x.virtualNodeName!))).toEqual({ sizes: [2, 2, 1], names: sorted });
    expect(await collect(paginateListVirtualServices(cfg, m()), (p) => p.virtualServices!.map((x) => x.virtualServiceName!))).toEqual({ sizes: [2, 2, 1], names: sorted.map((n) => `${n}.local`) });
    expect(await collect(paginateListVirtualRouters(cfg, m()), (p) => p.virtualRouters!.map((x) => x.virtualRouterName!))).toEqual({ sizes: [2, 2, 1], names: sorted });
    expect(await collect(paginateListRoutes(cfg, { ...m(), virtualRouterName: 'a' }), (p) => p.routes!.map((x) => x.routeName!))).toEqual({ sizes: [2, 2, 1], names: sorted });
    expect(await collect(paginateListVirtualGateways(cfg, m()), (p) => p.virtualGateways!.map((x) => x.virtualGatewayName!))).toEqual({ sizes: [2, 2, 1], names: sorted });
    expect(await collect(paginateListGatewayRoutes(cfg, { ...m(), virtualGatewayName: 'a' }), (p) => p.gatewayRoutes!.map((x) => x.gatewayRouteName!))).toEqual({ sizes: [2, 2, 1], names: sorted });
  });

  it('returns up to 100 by default, omits nextToken on the last page and takes limit 1–100', async () => {
    const { client } = appMeshFixture({ quotas: { 'L-E043DFB4': 1000 } });
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    for (let i = 0; i < 101; i++) await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: `n${String(i).padStart(3, '0')}`, spec: nodeSpec() }));
    const first = await client.send(new ListVirtualNodesCommand({ meshName: 'm' }));
    expect(first.virtualNodes).toHaveLength(100);
    expect(first.nextToken).toEqual(expect.any(String));
    const last = await client.send(new ListVirtualNodesCommand({ meshName: 'm', nextToken: first.nextToken }));
    expect(last.virtualNodes!.map((n) => n.virtualNodeName)).toEqual(['n100']);
    expect(last.nextToken).toBeUndefined();
    for (const limit of [0, 101]) {
      const err = await errorOf(client.send(new ListVirtualNodesCommand({ meshName: 'm', limit })));
      expect(err).toBeInstanceOf(BadRequestException);
      expect(err.message).toContain("'limit'");
    }
    expect((await client.send(new ListVirtualNodesCommand({ meshName: 'm', limit: 100 }))).virtualNodes).toHaveLength(100);
  });

  it('refuses a token it did not issue, or one issued for another list (400)', async () => {
    const { client } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    await client.send(new CreateMeshCommand({ meshName: 'n' }));
    for (const name of ['a', 'b']) await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: name, spec: nodeSpec() }));
    const garbage = await errorOf(client.send(new ListVirtualNodesCommand({ meshName: 'm', nextToken: 'not-a-token' })));
    expect(garbage).toBeInstanceOf(BadRequestException);
    expect(garbage.message).toContain('nextToken');
    const token = (await client.send(new ListMeshesCommand({ limit: 1 }))).nextToken!;
    expect(await errorOf(client.send(new ListVirtualNodesCommand({ meshName: 'm', nextToken: token })))).toBeInstanceOf(BadRequestException);
  });

  it('keeps its place when items before the page boundary are deleted between calls', async () => {
    const { client } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    for (const name of ['a', 'b', 'c', 'd']) await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: name, spec: nodeSpec() }));
    const first = await client.send(new ListVirtualNodesCommand({ meshName: 'm', limit: 2 }));
    await client.send(new DeleteVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a' }));
    const second = await client.send(new ListVirtualNodesCommand({ meshName: 'm', limit: 2, nextToken: first.nextToken }));
    expect(second.virtualNodes!.map((n) => n.virtualNodeName)).toEqual(['c', 'd']);
  });
});
