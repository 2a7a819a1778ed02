import { UpdateVirtualNodeCommand } from '@aws-sdk/client-app-mesh';
import { applyPlan } from '../../lib/apply/apply-plan';
import { SPOT_CHECK_SIZE } from '../../lib/live/bulk-tags';
import { readLive, type LiveReadOptions } from '../../lib/live/read-live';
import { buildPlan } from '../../lib/plan/build-plan';
import { OWNER_TAG } from '../../lib/resources/types';
import { canaryRepo, declared, httpNode, OWNER, state } from '../support/builders';
import { emulatedAws } from '../support/emulated-aws';

const options = (extra: Partial<LiveReadOptions> = {}): LiveReadOptions => ({ owner: OWNER, meshes: ['watches'], namespaces: [], ...extra });

async function seeded(resources = canaryRepo()) {
  const aws = emulatedAws();
  const live = await readLive(aws.apis, options());
  await applyPlan(buildPlan({ desired: state(resources), live: live.state }), { ...aws.apis, live: live.state });
  return aws;
}

describe('readLive', () => {
  it('reads every resource of a declared mesh, in document form with tags', async () => {
    const aws = await seeded();
    const { state: live } = await readLive(aws.apis, options());
    expect(live.resources.map((r) => `${r.kind}/${r.name}`).sort()).toEqual(
      ['Mesh/watches', 'Route/canary', 'Route/default', 'VirtualNode/search-v1', 'VirtualNode/search-v2', 'VirtualRouter/search-router', 'VirtualService/search.watches'].sort(),
    );
    const route = live.resources.find((r) => r.name === 'canary')!;
    expect(route).toMatchObject({ mesh: 'watches', parent: 'search-router', version: 1, tags: { [OWNER_TAG]: OWNER } });
    expect(route.spec).toMatchObject({ priority: 10, httpRoute: { action: { weightedTargets: [{ virtualNode: 'search-v1', weight: 90 }, { virtualNode: 'search-v2', weight: 10 }] } } });
    expect(live.scope.meshes).toEqual(['watches']);
  });

  it('finds meshes by the owner tag when Git no longer declares them', async () => {
    const aws = await seeded();
    const { state: live } = await readLive(aws.apis, options({ meshes: [] }));
    expect(live.scope.meshes).toEqual(['watches']);
    const other = await readLive(aws.apis, options({ meshes: [], owner: 'someone/else' }));
    expect(other.state.resources).toEqual([]);
  });

  it('describes nothing and reads no tags on a warm read when nothing changed', async () => {
    const aws = await seeded();
    const cold = await readLive(aws.apis, options());
    aws.emulator.resetCallStats();
    const warm = await readLive(aws.apis, options({ cache: cold.cache }));
    expect(warm.stats).toMatchObject({ describes: 0, describesFromCache: 7, tagsFromBulk: 7 });
    const ops = aws.emulator.callStats().byOperation;
    expect(Object.keys(ops).filter((o) => o.startsWith('Describe'))).toEqual([]);
    // Tags come in bulk; only the spot check reads resources one by one.
    expect(ops.GetResources).toBe(2);
    expect(ops.ListTagsForResource).toBe(SPOT_CHECK_SIZE);
    expect(warm.state.resources).toEqual(cold.state.resources);
  });

  it('never serves a cached spec for a resource whose version moved', async () => {
    const aws = await seeded();
    const cold = await readLive(aws.apis, options());
    const spec = structuredClone(httpNode('search-v2', 9090).spec);
    await aws.appMeshClient.send(new UpdateVirtualNodeCommand({ meshName: 'watches', virtualNodeName: 'search-v2', spec: spec as never }));
    const warm = await readLive(aws.apis, options({ cache: cold.cache }));
    expect(warm.stats.describes).toBe(1);
    const node = warm.state.resources.find((r) => r.name === 'search-v2')!;
    expect(node.version).toBe(2);
    expect(JSON.stringify(node.spec)).toContain('9090');
  });

  it('reads declared Cloud Map namespaces with their services', async () => {
    const aws = await seeded([
      declared('CloudMapNamespace', 'watches', { type: 'HTTP' }),
      declared('CloudMapService', 'search', { description: 'search' }, { parent: 'watches' }),
    ]);
    const { state: live } = await readLive(aws.apis, options({ meshes: [], namespaces: ['watches'] }));
    expect(live.resources.map((r) => [r.kind, r.name, r.parent])).toEqual([
      ['CloudMapNamespace', 'watches', undefined],
      ['CloudMapService', 'search', 'watches'],
    ]);
    expect(live.resources[0].id).toMatch(/^ns-/);
    expect(live.resources[1].spec).toMatchObject({ description: 'search' });
  });
});

describe('readLive and DNS namespaces', () => {
  it('reads the SOA TTL, which ListNamespaces leaves out', async () => {
    const aws = await seeded([declared('CloudMapNamespace', 'internal', { type: 'DNS_PRIVATE', vpc: 'vpc-1', properties: { dnsProperties: { soa: { ttl: 60 } } } })]);
    const { state: live } = await readLive(aws.apis, options({ meshes: [], namespaces: ['internal'] }));
    expect(live.resources[0].spec).toEqual({ type: 'DNS_PRIVATE', properties: { dnsProperties: { soa: { ttl: 60 } } } });
    const plan = buildPlan({ desired: state([declared('CloudMapNamespace', 'internal', { type: 'DNS_PRIVATE', vpc: 'vpc-1', properties: { dnsProperties: { soa: { ttl: 60 } } } })]), live });
    expect(plan.changes).toEqual([]);
  });
});

describe('readLive when one list fails', () => {
  it('rejects once, and the reads it abandons never surface as unhandled rejections', async () => {
    const aws = await seeded();
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const appMesh = aws.apis.appMesh;
      const listPage = appMesh.listPage.bind(appMesh);
      // Routers fail at once; nodes, services and gateways fail a little later, when nobody awaits them any more.
      appMesh.listPage = (async (kind: string, ...rest: unknown[]) => {
        if (kind === 'VirtualRouter') throw new Error('listing virtualRouters: Rate exceeded');
        if (kind !== 'Mesh') {
          await new Promise((r) => setTimeout(r, 20));
          throw new Error(`listing ${kind}: Rate exceeded`);
        }
        return (listPage as (...a: unknown[]) => unknown)(kind, ...rest);
      }) as typeof appMesh.listPage;
      await expect(readLive(aws.apis, options())).rejects.toThrow('listing virtualRouters: Rate exceeded');
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
