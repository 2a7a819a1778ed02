/**
 * A Mermaid flowchart of the routing a plan changes: gateway → gateway route → virtual service →
 * router → route → virtual nodes, weights on the edges, changed edges highlighted, removed ones
 * dashed. GitHub renders ```mermaid blocks in comments. Node ids are generated (`n1`, `n2`, ...);
 * every label goes through `mermaidText`, so a resource name cannot break the syntax.
 */
import type { Action, ShownPlan, TrafficRoute, TrafficView } from '../../plan/types';
import { kindWord } from '../../resources/kinds';
import { resourceId } from '../../resources/resource-key';
import { mermaidText } from './escape';
import { plural } from './labels';

/**
 * What GitHub's Mermaid renders (its defaults, which a comment cannot raise): at most 500 edges
 * (`maxEdges`) and 50,000 characters of source (`maxTextSize`; beyond it the diagram is replaced by
 * an error).
 */
export const GITHUB_MERMAID_MAX_EDGES = 500;
export const GITHUB_MERMAID_MAX_CHARS = 50_000;

/**
 * Our own budget, well inside GitHub's: a graph past 200 edges is unreadable anyway, and one of
 * 20,000 characters leaves room in the first comment part for the changes that follow it. Past
 * it, the graph is drawn per router instead of per route, then left out with a one-line reason.
 */
export const MAX_GRAPH_EDGES = 200;
export const MAX_GRAPH_CHARS = 20_000;

type Shape = 'gateway' | 'gatewayRoute' | 'service' | 'router' | 'route' | 'node';
type NodeStyle = 'created' | 'changed' | 'removed' | undefined;
type EdgeStyle = 'changed' | 'removed' | 'plain';

interface GraphNode {
  id: string;
  mesh: string;
  shape: Shape;
  lines: string[];
  style: NodeStyle;
}

interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  style: EdgeStyle;
}

const OPEN_CLOSE: Record<Shape, [string, string]> = {
  gateway: ['[[', ']]'],
  gatewayRoute: ['[', ']'],
  service: ['([', '])'],
  router: ['{{', '}}'],
  route: ['[', ']'],
  node: ['(', ')'],
};

const CLASS_DEFS: Record<Exclude<NodeStyle, undefined>, string> = {
  created: 'fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
  changed: 'fill:#fff8c5,stroke:#9a6700,color:#1f2328',
  removed: 'fill:#ffebe9,stroke:#cf222e,color:#1f2328,stroke-dasharray:4 3',
};

const LINK_STYLES: Record<Exclude<EdgeStyle, 'plain'>, string> = {
  changed: 'stroke:#bf8700,stroke-width:3px',
  removed: 'stroke:#cf222e,stroke-width:2px',
};

function nodeStyleOf(action: Action | undefined): NodeStyle {
  if (action === 'create') return 'created';
  if (action === 'delete') return 'removed';
  if (action === 'update' || action === 'adopt' || action === 'replace') return 'changed';
  return undefined;
}

type ProviderKind = 'VirtualRouter' | 'VirtualNode';

/** How a virtual service's provider is drawn: a router with its kind named, a node alone taking 100%. */
const PROVIDERS: Record<ProviderKind, { shape: Shape; named: boolean; share?: string }> = {
  VirtualRouter: { shape: 'router', named: true },
  VirtualNode: { shape: 'node', named: false, share: '100%' },
};

function parseProvider(provider: string | undefined): { kind: ProviderKind; name: string } | undefined {
  if (!provider) return undefined;
  if (provider.startsWith('virtual router ')) return { kind: 'VirtualRouter', name: provider.slice('virtual router '.length) };
  if (provider.startsWith('virtual node ')) return { kind: 'VirtualNode', name: provider.slice('virtual node '.length) };
  return undefined;
}

function providerNode(g: Graph, mesh: string, p: { kind: ProviderKind; name: string }): string {
  const { shape, named } = PROVIDERS[p.kind];
  return g.node(resourceId({ kind: p.kind, mesh, name: p.name }), mesh, shape, named ? [p.name, kindWord(p.kind)] : [p.name]);
}

class Graph {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges: GraphEdge[] = [];
  private readonly edgeIndex = new Map<string, number>();

  constructor(private readonly actions: Map<string, Action>) {}

  /** The style of the edge into a resource: new when it is created or re-created, gone when deleted, touched when updated. */
  styleInto(resource: string): EdgeStyle {
    const action = this.actions.get(resource);
    if (action === 'create' || action === 'replace' || action === 'update' || action === 'adopt') return 'changed';
    if (action === 'delete') return 'removed';
    return 'plain';
  }

  node(resource: string, mesh: string, shape: Shape, lines: string[]): string {
    const existing = this.nodes.get(resource);
    if (existing) return existing.id;
    const id = `n${this.nodes.size + 1}`;
    this.nodes.set(resource, { id, mesh, shape, lines, style: nodeStyleOf(this.actions.get(resource)) });
    return id;
  }

  edge(from: string, to: string, style: EdgeStyle, label?: string): void {
    const key = `${from}>${to}`;
    const at = this.edgeIndex.get(key);
    const edge = { from, to, style, ...(label !== undefined ? { label } : {}) };
    // The same edge reached twice (a router shared by two services): the stronger style wins.
    if (at !== undefined) {
      if (this.edges[at].style === 'plain' && style !== 'plain') this.edges[at] = edge;
      return;
    }
    this.edgeIndex.set(key, this.edges.length);
    this.edges.push(edge);
  }
}

function edgeLabel(t: TrafficRoute['targets'][number], status: TrafficRoute['status']): { label: string; style: EdgeStyle } {
  if (status === 'removed' || (t.after === undefined && t.before !== undefined)) return { label: `was ${t.before ?? 0}%`, style: 'removed' };
  if (status === 'added' || t.before === undefined) return { label: `${t.after ?? 0}%`, style: 'changed' };
  if (t.before !== t.after) return { label: `${t.before}% → ${t.after}%`, style: 'changed' };
  return { label: `${t.after}%`, style: 'plain' };
}

function addView(g: Graph, v: TrafficView): void {
  const mesh = v.mesh;
  const service = g.node(resourceId({ kind: 'VirtualService', mesh, name: v.virtualService }), mesh, 'service', [v.virtualService, 'virtual service']);
  const before = parseProvider(v.providerBefore);
  const after = parseProvider(v.providerAfter);
  const switched = v.providerBefore !== v.providerAfter;
  if (after) g.edge(service, providerNode(g, mesh, after), switched ? 'changed' : 'plain', PROVIDERS[after.kind].share);
  if (before && switched) g.edge(service, providerNode(g, mesh, before), 'removed', 'was provider');

  for (const gr of v.gatewayRoutes) {
    const slash = gr.indexOf('/');
    const gateway = gr.slice(0, slash);
    const name = gr.slice(slash + 1);
    const gw = g.node(resourceId({ kind: 'VirtualGateway', mesh, name: gateway }), mesh, 'gateway', [gateway, 'virtual gateway']);
    const routeId = resourceId({ kind: 'GatewayRoute', mesh, parent: gateway, name });
    const route = g.node(routeId, mesh, 'gatewayRoute', [name, 'gateway route']);
    const style = g.styleInto(routeId);
    g.edge(gw, route, style);
    g.edge(route, service, style);
  }

  for (const r of v.routes) {
    // A service whose provider is a node has one pseudo-route: the provider edge already shows it.
    if (r.router === undefined) continue;
    const router = g.node(resourceId({ kind: 'VirtualRouter', mesh, name: r.router }), mesh, 'router', [r.router, 'virtual router']);
    const name = r.route.startsWith(`${r.router}/`) ? r.route.slice(r.router.length + 1) : r.route;
    const lines = [name, `${r.priority !== undefined ? `priority ${r.priority} · ` : ''}${r.match.length > 60 ? `${r.match.slice(0, 59)}…` : r.match}`];
    const routeId = resourceId({ kind: 'Route', mesh, parent: r.router, name });
    const route = g.node(routeId, mesh, 'route', lines);
    g.edge(router, route, r.status === 'added' ? 'changed' : r.status === 'removed' ? 'removed' : g.styleInto(routeId) === 'removed' ? 'removed' : 'plain');
    for (const t of r.targets) {
      const node = g.node(resourceId({ kind: 'VirtualNode', mesh, name: t.virtualNode }), mesh, 'node', [t.virtualNode]);
      const { label, style } = edgeLabel(t, r.status);
      g.edge(route, node, style, label);
    }
  }
}

/**
 * The same view drawn per router: virtual service → router → each virtual node its routes send
 * to (one edge per node, labelled with how many routes reach it), gateways straight to services.
 */
function addSummaryView(g: Graph, v: TrafficView): void {
  const mesh = v.mesh;
  const service = g.node(resourceId({ kind: 'VirtualService', mesh, name: v.virtualService }), mesh, 'service', [v.virtualService, 'virtual service']);
  const after = parseProvider(v.providerAfter);
  const before = parseProvider(v.providerBefore);
  const switched = v.providerBefore !== v.providerAfter;
  if (after) g.edge(service, providerNode(g, mesh, after), switched ? 'changed' : 'plain');
  if (before && switched) g.edge(service, providerNode(g, mesh, before), 'removed', 'was provider');
  const gateways = new Map<string, number>();
  for (const gr of v.gatewayRoutes) {
    const gateway = gr.slice(0, gr.indexOf('/'));
    gateways.set(gateway, (gateways.get(gateway) ?? 0) + 1);
  }
  for (const [gateway, n] of gateways) {
    const gw = g.node(resourceId({ kind: 'VirtualGateway', mesh, name: gateway }), mesh, 'gateway', [gateway, 'virtual gateway']);
    g.edge(gw, service, 'plain', plural(n, 'gateway route'));
  }
  const reach = new Map<string, { router: string; node: string; routes: number; changed: boolean; kept: boolean }>();
  for (const r of v.routes) {
    if (r.router === undefined) continue;
    for (const t of r.targets) {
      const key = `${r.router}\u0000${t.virtualNode}`;
      const entry = reach.get(key) ?? { router: r.router, node: t.virtualNode, routes: 0, changed: false, kept: false };
      const { style } = edgeLabel(t, r.status);
      entry.routes++;
      if (style === 'changed') entry.changed = true;
      if (style !== 'removed') entry.kept = true;
      reach.set(key, entry);
    }
  }
  for (const e of reach.values()) {
    const router = g.node(resourceId({ kind: 'VirtualRouter', mesh, name: e.router }), mesh, 'router', [e.router, 'virtual router']);
    const node = g.node(resourceId({ kind: 'VirtualNode', mesh, name: e.node }), mesh, 'node', [e.node]);
    g.edge(router, node, !e.kept ? 'removed' : e.changed ? 'changed' : 'plain', plural(e.routes, 'route'));
  }
}

export type RoutingGraph = { mermaid: string; summarised?: string } | { omitted: string };

export interface GraphLimits {
  maxEdges: number;
  maxChars: number;
}

const DEFAULT_LIMITS: GraphLimits = { maxEdges: MAX_GRAPH_EDGES, maxChars: MAX_GRAPH_CHARS };

function source(g: Graph): string {
  const out = ['flowchart LR'];
  const meshes = [...new Set([...g.nodes.values()].map((n) => n.mesh))];
  meshes.forEach((mesh, i) => {
    out.push(`  subgraph mesh${i + 1}["mesh ${mermaidText(mesh)}"]`);
    for (const n of g.nodes.values()) {
      if (n.mesh !== mesh) continue;
      const [open, close] = OPEN_CLOSE[n.shape];
      out.push(`    ${n.id}${open}"${n.lines.map(mermaidText).join('<br/>')}"${close}`);
    }
    out.push('  end');
  });
  for (const e of g.edges) {
    const arrow = e.style === 'removed' ? '-.->' : '-->';
    out.push(`  ${e.from} ${arrow}${e.label !== undefined ? `|"${mermaidText(e.label)}"|` : ''} ${e.to}`);
  }
  for (const [style, def] of Object.entries(CLASS_DEFS)) {
    const ids = [...g.nodes.values()].filter((n) => n.style === style).map((n) => n.id);
    if (!ids.length) continue;
    out.push(`  classDef ${style} ${def}`, `  class ${ids.join(',')} ${style}`);
  }
  for (const [style, def] of Object.entries(LINK_STYLES)) {
    const indices = g.edges.flatMap((e, i) => (e.style === style ? [i] : []));
    if (indices.length) out.push(`  linkStyle ${indices.join(',')} ${def}`);
  }
  return out.join('\n');
}

/**
 * The source (without the fence) of the per-route graph, or of the per-router one when that is
 * over the limits, or why there is none; undefined when no routing changes.
 */
export function routingGraph(plan: ShownPlan, limits: GraphLimits = DEFAULT_LIMITS): RoutingGraph | undefined {
  if (!plan.traffic.length) return undefined;
  const actions = new Map(plan.changes.map((c) => [c.id, c.action]));
  const full = new Graph(actions);
  for (const v of plan.traffic) addView(full, v);
  if (!full.edges.length) return undefined;
  const fits = (g: Graph, text: string) => g.edges.length <= limits.maxEdges && text.length <= limits.maxChars;
  const fullText = source(full);
  if (fits(full, fullText)) return { mermaid: fullText };

  const size = (g: Graph, text: string) => `${plural(g.edges.length, 'edge')}, ${text.length.toLocaleString('en-US')} characters`;
  const summary = new Graph(actions);
  for (const v of plan.traffic) addSummaryView(summary, v);
  const summaryText = source(summary);
  if (summary.edges.length && fits(summary, summaryText)) {
    return { mermaid: summaryText, summarised: `Drawn per router, not per route: the full graph would have ${size(full, fullText)} (the limit here is ${limits.maxEdges} edges, ${limits.maxChars.toLocaleString('en-US')} characters).` };
  }
  return {
    omitted: `The routing graph is left out: it would have ${size(full, fullText)} (${size(summary, summaryText)} drawn per router), more than the ${limits.maxEdges} edges or ${limits.maxChars.toLocaleString('en-US')} characters a readable graph in a comment allows; the traffic tables show the same shares.`,
  };
}
