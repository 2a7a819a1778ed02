import { buildPlan } from '../../../lib/plan/build-plan';
import { routingGraph } from '../../../lib/report/render/mermaid';
import { canaryRepo, httpNode, liveOf, liveState, state, virtualService } from '../../support/builders';
import { canaryWeightPlan, freshCreatePlan, hostilePlan, listenerChangePlan } from './fixtures';
import { checkMermaid } from './markdown-checks';

function graphOf(plan: ReturnType<typeof buildPlan>) {
  const g = routingGraph(plan);
  if (!g || !('mermaid' in g)) throw new Error('no graph');
  return { source: g.mermaid, ...checkMermaid(g.mermaid) };
}

const labelOf = (nodes: Map<string, string>, id: string) => nodes.get(id)!.split('<br/>')[0];

describe('routingGraph', () => {
  it.each([
    ['canary weight change', canaryWeightPlan],
    ['fresh create', freshCreatePlan],
    ['listener change', listenerChangePlan],
    ['hostile names', hostilePlan],
  ])('is a plausible flowchart for a %s: safe ids, every edge between declared nodes', (_name, build) => {
    const { nodes, edges } = graphOf(build());
    expect(nodes.size).toBeGreaterThan(0);
    expect(edges.length).toBeGreaterThan(0);
    for (const id of nodes.keys()) expect(id).toMatch(/^n[0-9]+$/);
  });

  it('draws gateway → gateway route → virtual service → router → route → nodes, weights on the route edges', () => {
    const { nodes, edges } = graphOf(freshCreatePlan());
    const path = edges.map((e) => `${labelOf(nodes, e.from)} -> ${labelOf(nodes, e.to)}${e.label ? ` [${e.label}]` : ''}`);
    expect(path).toEqual([
      'search.watches -> search-router',
      'ingress -> search',
      'search -> search.watches',
      'search-router -> canary',
      'canary -> search-v1 [90%]',
      'canary -> search-v2 [10%]',
      'search-router -> default',
      'default -> search-v1 [100%]',
    ]);
  });

  it('highlights the changed edges only and marks the changed route', () => {
    const { source, nodes, edges } = graphOf(canaryWeightPlan());
    const highlighted = /linkStyle ([\d,]+) stroke:#bf8700/.exec(source)![1].split(',').map(Number);
    expect(highlighted.map((i) => edges[i].label)).toEqual(['90% → 50%', '10% → 50%']);
    const changedClass = /class ([n\d,]+) changed/.exec(source)![1].split(',');
    expect(changedClass.map((id) => labelOf(nodes, id))).toEqual(['canary']);
  });

  it('dashes what goes away: a removed target and the old provider', () => {
    const live = canaryRepo([90, 10]);
    const desired = [...canaryRepo([100, 0]).filter((r) => r.kind !== 'VirtualService'), virtualService('search.watches', { node: 'search-v1' })];
    // search-v2 leaves the canary route entirely, and the service now points at a node.
    desired[4] = { ...desired[4], spec: { ...desired[4].spec, httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'search-v1', weight: 1 }] } } } };
    const plan = buildPlan({ desired: state([...desired, httpNode('search-v3')]), live: liveState(live.map((r) => liveOf(r))) });
    const { nodes, edges } = graphOf(plan);
    const dashed = edges.filter((e) => e.dashed).map((e) => `${labelOf(nodes, e.from)} -> ${labelOf(nodes, e.to)} [${e.label}]`);
    expect(dashed).toContain('search.watches -> search-router [was provider]');
    expect(edges.find((e) => !e.dashed && labelOf(nodes, e.from) === 'search.watches')!.label).toBe('100%');
  });

  it('is absent when no routing changes', () => {
    const repo = canaryRepo();
    const plan = buildPlan({ desired: state([...repo, httpNode('search-v3')]), live: liveState(repo.map((r) => liveOf(r))) });
    expect(routingGraph(plan)).toBeUndefined();
  });

  it('is drawn per router above the limits: one edge per virtual node a router sends to, counting its routes', () => {
    const g = routingGraph(freshCreatePlan(), { maxEdges: 5, maxChars: 20_000 });
    if (!g || !('mermaid' in g)) throw new Error('no graph');
    expect(g.summarised).toBe('Drawn per router, not per route: the full graph would have 8 edges, 674 characters (the limit here is 5 edges, 20,000 characters).');
    const { nodes, edges } = checkMermaid(g.mermaid);
    expect(edges.map((e) => `${labelOf(nodes, e.from)} -> ${labelOf(nodes, e.to)}${e.label ? ` [${e.label}]` : ''}`)).toEqual([
      'search.watches -> search-router',
      'ingress -> search.watches [1 gateway route]',
      'search-router -> search-v1 [2 routes]',
      'search-router -> search-v2 [1 route]',
    ]);
  });

  it('is drawn per router when the full graph has more characters than allowed', () => {
    const g = routingGraph(freshCreatePlan(), { maxEdges: 200, maxChars: 600 });
    expect(g && 'mermaid' in g && g.summarised).toMatch(/^Drawn per router, not per route: the full graph would have 8 edges, 674 characters/);
  });

  it('is left out, with a one-line reason, when even the per-router graph is over the limits', () => {
    const g = routingGraph(freshCreatePlan(), { maxEdges: 3, maxChars: 20_000 });
    expect(g).toEqual({ omitted: expect.stringContaining('it would have 8 edges, 674 characters (4 edges, ') });
  });
});
