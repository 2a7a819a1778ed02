import { applyChangeGraph, applyEmptyGraph, coldPlanGraph, warmDriftGraph } from '../../bench/call-graphs';
import { computeFloor } from '../../bench/floor';
import { changeRepo, generateRepo } from '../../bench/generate-repo';

const L = generateRepo('L').documents;
const S = generateRepo('S').documents;

describe('the unavoidable calls of each scenario', () => {
  it('cold plan of L: every list page, a describe and a ListTags per resource', () => {
    const floor = computeFloor(coldPlanGraph(L), 8, 20);
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
      // 1,234 App Mesh and Cloud Map resources and the namespace.
      ListTagsForResource: 1235,
    });
    // 2,483 calls at 8 in flight: ⌈2483 / 8⌉ = 311 rounds, and the schedule reaches it.
    expect(floor).toMatchObject({ calls: 2483, lowerBoundRounds: 311, scheduleRounds: 311, floorMs: 6220 });
    // ListVirtualRouters page 1 → page 2 → ListRoutes → DescribeRoute.
    expect(floor.criticalPath).toBe(4);
  });

  it('warm drift of L: the lists alone (214 calls, 27 rounds)', () => {
    const floor = computeFloor(warmDriftGraph(L), 8, 20);
    expect(floor.calls).toBe(214);
    expect(floor.callsByOperation.ListRoutes).toBe(200);
    expect(floor.callsByOperation.ListTagsForResource).toBeUndefined();
    expect(floor).toMatchObject({ criticalPath: 3, scheduleRounds: 27, floorMs: 540 });
  });

  it('apply of L to an empty account: two empty lists, then 1,236 creates and one GetOperation', () => {
    const floor = computeFloor(applyEmptyGraph(L), 8, 20);
    expect(floor.callsByOperation).toMatchObject({ ListMeshes: 1, ListNamespaces: 1, CreateHttpNamespace: 1, GetOperation: 1, CreateService: 200, CreateMesh: 1, CreateVirtualNode: 200, CreateRoute: 400, CreateGatewayRoute: 30 });
    expect(floor.calls).toBe(1238);
    // list → mesh → router → virtual service → gateway route.
    expect(floor.criticalPath).toBe(5);
    // Round 1 holds only the two lists and round 2 only the namespace and the mesh: 2 + ⌈1234 / 8⌉ = 157,
    // not ⌈1238 / 8⌉ = 155; the schedule reaches it.
    expect(floor).toMatchObject({ lowerBoundRounds: 157, scheduleRounds: 157, floorMs: 3140 });
  });

  it('apply of a change: lists, a fresh ListTags per resource updated or deleted, then only the writes', () => {
    const { repo: after, expected } = changeRepo(generateRepo('S'));
    const graph = applyChangeGraph(S, after.documents, expected);
    const floor = computeFloor(graph, 8, 20);
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
