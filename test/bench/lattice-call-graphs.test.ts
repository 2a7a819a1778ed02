import { CallGraphBuilder, computeFloor } from '../../bench/floor';
import { generateRepo } from '../../bench/generate-repo';
import { addLatticeReads, latticeApplyEmptyGraph, latticeColdPlanGraph } from '../../bench/lattice-call-graphs';
import { loadRepo } from '../../bench/scenarios';
import type { DesiredResource } from '../../lib/resources/types';

const L = loadRepo(generateRepo('L', 'lattice')).resources;
const source = { file: 'mesh/lattice.yaml', line: 1, column: 1 };

describe('the unavoidable calls of the Lattice scenarios', () => {
  it('maps L to 1,202 Lattice resources beside its 201 Cloud Map ones, within the Lattice quotas', () => {
    const counts: Record<string, number> = {};
    for (const r of L) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    expect(counts).toEqual({
      CloudMapNamespace: 1,
      CloudMapService: 200,
      ServiceNetwork: 1,
      ServiceNetworkVpcAssociation: 1,
      // Two per node (below the 500 target groups a region allows).
      TargetGroup: 400,
      LatticeService: 200,
      ServiceNetworkServiceAssociation: 200,
      Listener: 200,
      Rule: 200,
    });
  });

  it('cold plan of L: every list page, a Get per resource, the tags in bulk', () => {
    const floor = computeFloor(latticeColdPlanGraph(L), 10, 20);
    expect(floor.callsByOperation).toEqual({
      // 1,202 Lattice resources at 100 a page (13 pages) and 201 Cloud Map ones (3 pages).
      GetResources: 16,
      ListServiceNetworks: 1,
      GetServiceNetwork: 1,
      ListServiceNetworkVpcAssociations: 1,
      GetServiceNetworkVpcAssociation: 1,
      // 200 associations: 2 pages; their summaries are the whole resource.
      ListServiceNetworkServiceAssociations: 2,
      // 2 pages of Lattice services, 2 of Cloud Map services (the operations share a name).
      ListServices: 4,
      GetService: 200,
      ListListeners: 200,
      GetListener: 200,
      ListRules: 200,
      GetRule: 200,
      ListTargetGroups: 4,
      GetTargetGroup: 400,
      ListNamespaces: 1,
    });
    // Service → its listeners' page → a listener's rules' page → a rule: 4; GetResources' 13 pages are the longest chain.
    expect(floor).toMatchObject({ calls: 1431, criticalPath: 13, scheduleRounds: floor.lowerBoundRounds, floorMs: 2880 });
  });

  it('apply of L to an empty account: the empty reads, then each create after what it refers to, polled to ACTIVE where Lattice is asynchronous', () => {
    const floor = computeFloor(latticeApplyEmptyGraph(L), 10, 20);
    expect(floor.callsByOperation).toEqual({
      GetResources: 2,
      ListServiceNetworks: 1,
      ListServices: 1,
      ListTargetGroups: 1,
      ListNamespaces: 1,
      CreateServiceNetwork: 1,
      CreateServiceNetworkVpcAssociation: 1,
      GetServiceNetworkVpcAssociation: 1,
      CreateTargetGroup: 400,
      GetTargetGroup: 400,
      // 200 Lattice services and 200 Cloud Map services (the operations share a name).
      CreateService: 400,
      GetService: 200,
      CreateServiceNetworkServiceAssociation: 200,
      GetServiceNetworkServiceAssociation: 200,
      CreateListener: 200,
      CreateRule: 200,
      CreateHttpNamespace: 1,
      GetOperation: 1,
    });
    // Reads, CreateService, GetService (ACTIVE), CreateListener, CreateRule.
    expect(floor).toMatchObject({ calls: 2211, criticalPath: 5, scheduleRounds: floor.lowerBoundRounds });
    expect(floor.floorMs).toBe(floor.scheduleRounds * 20);
  });

  it('orders the writes as Lattice does: a rule after its listener, a listener after its service is ACTIVE and its target groups are', () => {
    const resources: DesiredResource[] = [
      { kind: 'TargetGroup', name: 'tg-a', spec: {}, tags: {}, source },
      { kind: 'LatticeService', name: 'svc', spec: {}, tags: {}, source },
      { kind: 'Listener', name: 'http', parent: 'svc', spec: { defaultAction: { forward: { targetGroups: [{ targetGroup: 'tg-a', weight: 100 }] } } }, tags: {}, source },
      { kind: 'Rule', name: 'canary', parent: 'svc/http', spec: { action: { forward: { targetGroups: [{ targetGroup: 'tg-a', weight: 100 }] } } }, tags: {}, source },
    ];
    const graph = latticeApplyEmptyGraph(resources);
    const at = (op: string) => graph.ops.indexOf(op);
    const dependsOn = (call: number, on: number): boolean => graph.deps[call].includes(on) || graph.deps[call].some((d) => dependsOn(d, on));
    expect(dependsOn(at('CreateListener'), at('GetService'))).toBe(true);
    expect(dependsOn(at('CreateListener'), at('GetTargetGroup'))).toBe(true);
    expect(dependsOn(at('CreateRule'), at('CreateListener'))).toBe(true);
    expect(dependsOn(at('CreateTargetGroup'), at('CreateService'))).toBe(false);
    // 5 empty reads (2 tag chains, 3 Lattice lists, ListNamespaces: 6), then create, poll, listener, rule.
    expect(computeFloor(graph, 10, 20)).toMatchObject({ calls: 12, criticalPath: 5, scheduleRounds: 5, floorMs: 100 });
  });

  it('reads a rule after the page of rules, the rules after the page of listeners, and skips the default rule', () => {
    const b = new CallGraphBuilder();
    addLatticeReads(b, [
      { kind: 'LatticeService', name: 'svc', spec: {}, tags: {}, source },
      { kind: 'Listener', name: 'http', parent: 'svc', spec: {}, tags: {}, source },
      { kind: 'Rule', name: 'canary', parent: 'svc/http', spec: {}, tags: {}, source },
    ]);
    const graph = b.build();
    const at = (op: string) => graph.ops.indexOf(op);
    expect(graph.deps[at('GetRule')]).toEqual([at('ListRules')]);
    expect(graph.deps[at('ListRules')]).toEqual([at('ListListeners')]);
    expect(graph.deps[at('ListListeners')]).toEqual([at('ListServices')]);
    expect(graph.ops.filter((op) => op === 'GetRule')).toHaveLength(1);
  });
});
