import { applyChangeGraph, applyEmptyGraph, coldPlanGraph, warmDriftGraph } from '../../bench/call-graphs';
import { computeFloor } from '../../bench/floor';
import { changeRepo, generateRepo } from '../../bench/generate-repo';

const L = generateRepo('L').documents;
const S = generateRepo('S').documents;

describe('the unavoidable calls of each scenario', () => {
  it('cold plan of L: every list page, a describe per resource, the tags in bulk', () => {
    const floor = computeFloor(coldPlanGraph(L), 10, 20);
    expect(floor.callsByOperation).toEqual({
      ListMeshes: 1,
      DescribeMesh: 1,
      // 200 of each at 100 per page: 2 pages.
      ListVirtualNodes: 2,
      ListVirtualServices: 2,
      ListVirtualRouters: 2,
      ListVirtualGateways: 1,
      ListRoutes: 200,
      ListGatewayRoutes: 3,
      DescribeVirtualNode: 200,
      DescribeVirtualService: 200,
      DescribeVirtualRouter: 200,
      DescribeRoute: 400,
      DescribeVirtualGateway: 3,
      DescribeGatewayRoute: 30,
      ListNamespaces: 1,
      ListServices: 2,
      // 1,034 App Mesh resources at 100 a page (11 pages) and 201 Cloud Map ones (3 pages).
      GetResources: 14,
    });
    // 1,262 calls at 10 in flight: ⌈1262 / 10⌉ = 127 rounds, and the schedule reaches it.
    expect(floor).toMatchObject({ calls: 1262, lowerBoundRounds: 127, scheduleRounds: 127, floorMs: 2540 });
    // The 11 App Mesh tag pages, one after the other.
    expect(floor.criticalPath).toBe(11);
  });

  it('warm drift of L: the lists and the tags in bulk (228 calls, 23 rounds)', () => {
    const floor = computeFloor(warmDriftGraph(L), 10, 20);
    expect(floor.calls).toBe(228);
    expect(floor.callsByOperation.ListRoutes).toBe(200);
    expect(floor.callsByOperation.GetResources).toBe(14);
    expect(floor.callsByOperation.ListTagsForResource).toBeUndefined();
    expect(floor).toMatchObject({ criticalPath: 11, scheduleRounds: 23, floorMs: 460 });
  });

  it('apply of L to an empty account: two empty lists and two empty tag pages, then 1,236 creates and one GetOperation', () => {
    const floor = computeFloor(applyEmptyGraph(L), 10, 20);
    expect(floor.callsByOperation).toMatchObject({ ListMeshes: 1, ListNamespaces: 1, GetResources: 2, CreateHttpNamespace: 1, GetOperation: 1, CreateService: 200, CreateMesh: 1, CreateVirtualNode: 200, CreateRoute: 400, CreateGatewayRoute: 30 });
    expect(floor.calls).toBe(1240);
    // list → mesh → router → virtual service → gateway route.
    expect(floor.criticalPath).toBe(5);
    // Round 1 holds only the four reads and round 2 only the namespace and the mesh: 2 + ⌈1234 / 10⌉ = 126,
    // not ⌈1240 / 10⌉ = 124; the schedule reaches it.
    expect(floor).toMatchObject({ lowerBoundRounds: 126, scheduleRounds: 126, floorMs: 2520 });
  });

  it('apply of a change: lists, a fresh ListTags per resource updated or deleted, then only the writes', () => {
    const { repo: after, expected } = changeRepo(generateRepo('S'));
    const graph = applyChangeGraph(S, after.documents, expected);
    const floor = computeFloor(graph, 10, 20);
    const checked = expected.updated.length + expected.deleted.length;
    expect(floor.callsByOperation.ListTagsForResource).toBe(checked);
    expect(floor.callsByOperation.CreateVirtualNode).toBe(expected.created.length);
    expect(floor.callsByOperation.DeleteVirtualNode).toBe(expected.deleted.length);
    expect((floor.callsByOperation.UpdateRoute ?? 0) + (floor.callsByOperation.UpdateVirtualService ?? 0)).toBe(expected.updated.length);
    // A removed node is deleted only after the routes that named it stop doing so.
    const deletes = graph.ops.flatMap((op, i) => (op === 'DeleteVirtualNode' ? [i] : []));
    for (const d of deletes) expect(graph.deps[d].some((dep) => graph.ops[dep] === 'UpdateRoute')).toBe(true);
    // ListVirtualRouters → ListRoutes → ListTags → (plan) CreateVirtualNode → UpdateRoute → DeleteVirtualNode.
    expect(floor.criticalPath).toBe(6);
  });

  it('is deterministic', () => {
    expect(coldPlanGraph(L)).toEqual(coldPlanGraph(generateRepo('L').documents));
  });
});
