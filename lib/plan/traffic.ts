/**
 * The traffic view: for each virtual service, which virtual nodes receive its requests, per route,
 * before and after the plan. This is what a reviewer of a canary weight change needs to see.
 */
import type { JsonObject, JsonValue } from '../resources/json';
import { isJsonObject } from '../resources/json';
import { makesReference } from '../resources/kinds';
import type { ResourceKey } from '../resources/resource-key';
import { resourceId } from '../resources/resource-key';
import { routeProtocol, routeType } from '../resources/routes';
import type { TrafficRoute, TrafficTarget, TrafficView } from './types';
import { naturalCompare } from '../resources/natural-order';

/** A world: resources by id (kind, mesh, parent, name, spec). */
export type World = Map<string, ResourceKey & { spec: JsonObject }>;

interface RouteShares {
  route: string;
  router?: string;
  match: string;
  priority?: number;
  shares: Map<string, number>;
}

/** A world with its routes grouped by router: one pass over the world instead of one per service (quota-size meshes have 200). */
interface IndexedWorld {
  world: World;
  routesByRouter: Map<string, { id: string; route: ResourceKey & { spec: JsonObject } }[]>;
}

function indexWorld(world: World): IndexedWorld {
  const routesByRouter: IndexedWorld['routesByRouter'] = new Map();
  for (const [id, r] of world) {
    if (!makesReference(r.kind, 'route-target')) continue;
    const key = `${r.mesh}\u0000${r.parent}`;
    const list = routesByRouter.get(key);
    if (list) list.push({ id, route: r });
    else routesByRouter.set(key, [{ id, route: r }]);
  }
  return { world, routesByRouter };
}

/**
 * Whether a service's traffic is untouched: its virtual service and its router's routes are the very
 * same spec objects on both sides (the after-world reuses live specs for what the plan does not
 * change). Then its view would show nothing changed, and computing it can be skipped.
 */
function untouched(before: IndexedWorld, after: IndexedWorld, mesh: string, service: string): boolean {
  const id = resourceId({ kind: 'VirtualService', mesh, name: service });
  const b = before.world.get(id);
  const a = after.world.get(id);
  if (!a || !b || a.spec !== b.spec) return false;
  const provider = isJsonObject(a.spec.provider) ? a.spec.provider : undefined;
  const router = provider && isJsonObject(provider.virtualRouter) ? provider.virtualRouter.virtualRouterName : undefined;
  if (typeof router !== 'string') return true;
  const key = `${mesh}\u0000${router}`;
  const routesBefore = before.routesByRouter.get(key) ?? [];
  const routesAfter = after.routesByRouter.get(key) ?? [];
  return routesBefore.length === routesAfter.length && routesAfter.every(({ id: routeId, route }) => before.world.get(routeId)?.spec === route.spec);
}

export function trafficViews(before: World, after: World): TrafficView[] {
  const services = new Map<string, { mesh: string; name: string }>();
  for (const world of [before, after]) {
    for (const r of world.values()) if (makesReference(r.kind, 'provider') && r.mesh) services.set(`${r.mesh}/${r.name}`, { mesh: r.mesh, name: r.name });
  }
  const indexed = { before: indexWorld(before), after: indexWorld(after) };
  const views: TrafficView[] = [];
  const touched = [...services].filter(([, s]) => !untouched(indexed.before, indexed.after, s.mesh, s.name));
  for (const [, { mesh, name }] of touched.sort(([, a], [, b]) => naturalCompare(a.mesh, b.mesh) || naturalCompare(a.name, b.name))) {
    const b = serviceRoutes(indexed.before, mesh, name);
    const a = serviceRoutes(indexed.after, mesh, name);
    const routes = mergeRoutes(b.routes, a.routes);
    const changed = b.provider !== a.provider || routes.some((r) => r.status !== 'unchanged');
    if (!changed) continue;
    views.push({
      mesh,
      virtualService: name,
      ...(b.provider ? { providerBefore: b.provider } : {}),
      ...(a.provider ? { providerAfter: a.provider } : {}),
      routes,
      gatewayRoutes: gatewayRoutesTo(after, mesh, name),
    });
  }
  return views;
}

function serviceRoutes({ world, routesByRouter }: IndexedWorld, mesh: string, service: string): { provider?: string; routes: RouteShares[] } {
  const vs = world.get(resourceId({ kind: 'VirtualService', mesh, name: service }));
  if (!vs) return { routes: [] };
  const provider = isJsonObject(vs.spec.provider) ? vs.spec.provider : undefined;
  const node = provider && isJsonObject(provider.virtualNode) ? provider.virtualNode.virtualNodeName : undefined;
  const router = provider && isJsonObject(provider.virtualRouter) ? provider.virtualRouter.virtualRouterName : undefined;
  if (typeof node === 'string') {
    return { provider: `virtual node ${node}`, routes: [{ route: `node ${node}`, match: 'all requests', shares: new Map([[node, 100]]) }] };
  }
  if (typeof router !== 'string') return { provider: undefined, routes: [] };
  const routes: RouteShares[] = [];
  for (const { route: r } of routesByRouter.get(`${mesh}\u0000${router}`) ?? []) {
    routes.push({ route: `${router}/${r.name}`, router, match: describeMatch(r.spec), ...(typeof r.spec.priority === 'number' ? { priority: r.spec.priority } : {}), shares: shares(r.spec) });
  }
  routes.sort((x, y) => (x.priority ?? 1001) - (y.priority ?? 1001) || naturalCompare(x.route, y.route));
  return { provider: `virtual router ${router}`, routes };
}

function shares(spec: JsonObject): Map<string, number> {
  const type = routeType(spec);
  const action = type && isJsonObject(spec[type]) ? (spec[type] as JsonObject).action : undefined;
  const targets = isJsonObject(action) && Array.isArray(action.weightedTargets) ? action.weightedTargets : [];
  const weights = new Map<string, number>();
  for (const t of targets) {
    if (!isJsonObject(t) || typeof t.virtualNode !== 'string') continue;
    weights.set(t.virtualNode, (weights.get(t.virtualNode) ?? 0) + (typeof t.weight === 'number' ? t.weight : 0));
  }
  // Weights are relative (1/1 is 50/50): the share is the weight over the route's total.
  const total = [...weights.values()].reduce((s, w) => s + w, 0);
  return new Map([...weights].map(([n, w]) => [n, total > 0 ? Math.round((w / total) * 1000) / 10 : 0]));
}

function mergeRoutes(before: RouteShares[], after: RouteShares[]): TrafficRoute[] {
  const names = [...new Set([...after.map((r) => r.route), ...before.map((r) => r.route)])];
  const out: TrafficRoute[] = [];
  for (const name of names) {
    const b = before.find((r) => r.route === name);
    const a = after.find((r) => r.route === name);
    const nodes = [...new Set([...(b ? [...b.shares.keys()] : []), ...(a ? [...a.shares.keys()] : [])])].sort(naturalCompare);
    const targets: TrafficTarget[] = nodes.map((n) => ({
      virtualNode: n,
      ...(b?.shares.has(n) ? { before: b.shares.get(n)! } : {}),
      ...(a?.shares.has(n) ? { after: a.shares.get(n)! } : {}),
    }));
    const moved = targets.some((t) => t.before !== t.after);
    const status: TrafficRoute['status'] = !b ? 'added' : !a ? 'removed' : moved || b.match !== a.match || b.priority !== a.priority ? 'changed' : 'unchanged';
    const ref = (a ?? b)!;
    out.push({ route: name, ...(ref.router ? { router: ref.router } : {}), match: ref.match, ...(ref.priority !== undefined ? { priority: ref.priority } : {}), status, targets });
  }
  return out;
}

function gatewayRoutesTo(world: World, mesh: string, service: string): string[] {
  const out: string[] = [];
  for (const r of world.values()) {
    if (!makesReference(r.kind, 'gateway-route-target') || r.mesh !== mesh) continue;
    const type = routeType(r.spec);
    const route = type ? (r.spec[type] as JsonObject) : undefined;
    const target = isJsonObject(route?.action) && isJsonObject(route.action.target) && isJsonObject(route.action.target.virtualService) ? route.action.target.virtualService.virtualServiceName : undefined;
    if (target === service) out.push(`${r.parent}/${r.name}`);
  }
  return out.sort(naturalCompare);
}

/** A one-line summary of what a route matches: `http prefix / · header x-release prefix canary`. */
export function describeMatch(spec: JsonObject): string {
  const type = routeType(spec);
  const protocol = routeProtocol(spec) ?? '?';
  const route = type ? (spec[type] as JsonObject) : undefined;
  const match = isJsonObject(route?.match) ? route.match : undefined;
  const parts: string[] = [protocol];
  if (!match) return protocol === 'tcp' ? 'tcp (all connections)' : protocol;
  if (typeof match.prefix === 'string') parts.push(`prefix ${match.prefix}`);
  if (isJsonObject(match.path)) parts.push(`path ${matchMethod(match.path)}`);
  if (typeof match.method === 'string') parts.push(`method ${match.method}`);
  if (typeof match.scheme === 'string') parts.push(`scheme ${match.scheme}`);
  if (isJsonObject(match.hostname)) parts.push(`host ${matchMethod(match.hostname)}`);
  if (typeof match.serviceName === 'string') parts.push(`service ${match.serviceName}${typeof match.methodName === 'string' ? `/${match.methodName}` : ''}`);
  for (const h of listOf(match.headers)) parts.push(`header ${String(h.name)}${h.invert === true ? ' not' : ''} ${matchMethod(h.match)}`);
  for (const m of listOf(match.metadata)) parts.push(`metadata ${String(m.name)}${m.invert === true ? ' not' : ''} ${matchMethod(m.match)}`);
  for (const q of listOf(match.queryParameters)) parts.push(`query ${String(q.name)} ${matchMethod(q.match)}`);
  if (typeof match.port === 'number') parts.push(`port ${match.port}`);
  return parts.join(' · ');
}

function listOf(v: JsonValue | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

function matchMethod(m: JsonValue | undefined): string {
  if (!isJsonObject(m)) return 'present';
  const [k, v] = Object.entries(m)[0] ?? [];
  if (k === undefined) return 'present';
  if (k === 'range' && isJsonObject(v)) return `in [${String(v.start)}, ${String(v.end)})`;
  return `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`;
}
