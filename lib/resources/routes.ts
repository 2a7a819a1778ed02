/**
 * Route types and the route-fits-listeners rule, in one place for validation, the planner and the
 * emulator (docs/aws-behaviour.md §4.5, §5.3; docs/design.md §2). A route (gateway route) sets one
 * route type, whose protocol must be one of its router's (gateway's) listeners' protocols; when
 * there is more than one listener the route names its port (`match.port`), and that port must be
 * a listener of the same protocol.
 */
import type { JsonObject } from './json';
import { asNumber, isJsonObject, valueAt } from './json';
import { KIND_INFO, type Kind } from './kinds';
import { GATEWAY_ROUTE_PROTOCOLS, ROUTE_PROTOCOLS } from './targets/app-mesh';

// The route members of each kind are its registry entry's `routeMembers` (lib/resources/targets/app-mesh.ts).
export { GATEWAY_ROUTE_PROTOCOLS, ROUTE_PROTOCOLS };

export type RouteTypeMember = keyof typeof ROUTE_PROTOCOLS;
export const ROUTE_TYPES = Object.keys(ROUTE_PROTOCOLS) as RouteTypeMember[];
export const GATEWAY_ROUTE_TYPES = Object.keys(GATEWAY_ROUTE_PROTOCOLS) as RouteTypeMember[];
/** The route types with HTTP semantics (paths, headers, methods, HTTP retry events). */
export const HTTP_ROUTE_TYPES: RouteTypeMember[] = ['httpRoute', 'http2Route'];
/** The route types with a retry policy (TCP routes have none). */
export const RETRY_POLICY_ROUTE_TYPES: RouteTypeMember[] = ['httpRoute', 'http2Route', 'grpcRoute'];

/** The route types a kind's spec may set (none for a kind that is not a route). */
export function routeTypesOf(kind: Kind): RouteTypeMember[] {
  return (KIND_INFO[kind].routeMembers ?? []) as RouteTypeMember[];
}

export interface ListenerPort {
  port: number;
  protocol: string;
}

/** A router's, gateway's or node's listeners with a complete port mapping, in document order. */
export function listenersOf(spec: JsonObject | undefined): ListenerPort[] {
  const out: ListenerPort[] = [];
  for (const listener of Array.isArray(spec?.listeners) ? spec.listeners : []) {
    const port = valueAt(listener, 'portMapping', 'port');
    const protocol = valueAt(listener, 'portMapping', 'protocol');
    if (typeof port === 'number' && typeof protocol === 'string') out.push({ port, protocol });
  }
  return out;
}

const byPortThenProtocol = (a: ListenerPort, b: ListenerPort) => a.port - b.port || a.protocol.localeCompare(b.protocol);

/** The same listeners, in any order. */
export function sameListeners(a: ListenerPort[], b: ListenerPort[]): boolean {
  if (a.length !== b.length) return false;
  const [x, y] = [[...a].sort(byPortThenProtocol), [...b].sort(byPortThenProtocol)];
  return x.every((l, i) => l.port === y[i].port && l.protocol === y[i].protocol);
}

/** The route type member a (gateway) route spec sets, e.g. `httpRoute` (the first, if several). */
export function routeType(spec: JsonObject, types: readonly RouteTypeMember[] = ROUTE_TYPES): RouteTypeMember | undefined {
  return types.find((t) => isJsonObject(spec[t]));
}

export function routeProtocol(spec: JsonObject): string | undefined {
  const type = routeType(spec);
  return type ? ROUTE_PROTOCOLS[type] : undefined;
}

export function routeMatchPort(spec: JsonObject): number | undefined {
  const type = routeType(spec);
  return type ? asNumber(valueAt(spec, type, 'match', 'port')) : undefined;
}

/**
 * Why a route of this protocol (and match port, if any) cannot live under these listeners:
 * `protocol` no listener has its protocol; `missing-port` there are several listeners and the route
 * names no port; `port` its port is not a listener of its protocol. Undefined: it fits.
 */
export type ListenerProblem = 'protocol' | 'missing-port' | 'port';

export function listenerProblem(route: { protocol: string; port?: number }, listeners: ListenerPort[]): ListenerProblem | undefined {
  const sameProtocol = listeners.filter((l) => l.protocol === route.protocol);
  if (sameProtocol.length === 0) return 'protocol';
  if (route.port === undefined) return listeners.length > 1 ? 'missing-port' : undefined;
  return sameProtocol.some((l) => l.port === route.port) ? undefined : 'port';
}

/** Whether a (gateway) route can exist under a router (gateway) with these listeners. */
export function routeFitsListeners(spec: JsonObject, listeners: ListenerPort[]): boolean {
  const protocol = routeProtocol(spec);
  if (!protocol) return false;
  const port = routeMatchPort(spec);
  return listenerProblem({ protocol, ...(port !== undefined ? { port } : {}) }, listeners) === undefined;
}
