/**
 * Routes versus their router's (or gateway's) listeners. The API refuses a route whose protocol
 * matches no listener, and with more than one listener every route needs `match.port` (reference
 * §4.5, controller #715, Terraform #35294). Changing listeners while routes depend on the old
 * shape fails, so the planner re-orders or re-creates routes around a listener change (§5.3).
 */
import type { JsonObject, JsonValue } from '../resources/json';
import { isJsonObject } from '../resources/json';

export interface ListenerPort {
  port: number;
  protocol: string;
}

const ROUTE_PROTOCOLS: Record<string, string> = { httpRoute: 'http', http2Route: 'http2', grpcRoute: 'grpc', tcpRoute: 'tcp' };

export function listenersOf(spec: JsonObject | undefined): ListenerPort[] {
  const listeners = spec?.listeners;
  if (!Array.isArray(listeners)) return [];
  const out: ListenerPort[] = [];
  for (const l of listeners) {
    const pm = isJsonObject(l) && isJsonObject(l.portMapping) ? l.portMapping : undefined;
    if (pm && typeof pm.port === 'number' && typeof pm.protocol === 'string') out.push({ port: pm.port, protocol: pm.protocol });
  }
  return out.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

export function sameListeners(a: ListenerPort[], b: ListenerPort[]): boolean {
  return a.length === b.length && a.every((l, i) => l.port === b[i].port && l.protocol === b[i].protocol);
}

/** The route type member set in a (gateway) route spec, e.g. `httpRoute`. */
export function routeType(spec: JsonObject): string | undefined {
  return Object.keys(ROUTE_PROTOCOLS).find((k) => isJsonObject(spec[k]));
}

export function routeProtocol(spec: JsonObject): string | undefined {
  const type = routeType(spec);
  return type ? ROUTE_PROTOCOLS[type] : undefined;
}

export function routeMatchPort(spec: JsonObject): number | undefined {
  const type = routeType(spec);
  const route = type ? (spec[type] as JsonObject) : undefined;
  const match: JsonValue | undefined = route?.match;
  return isJsonObject(match) && typeof match.port === 'number' ? match.port : undefined;
}

/** Whether a (gateway) route can exist under a router (gateway) with these listeners. */
export function routeFitsListeners(spec: JsonObject, listeners: ListenerPort[]): boolean {
  const protocol = routeProtocol(spec);
  if (!protocol) return false;
  const candidates = listeners.filter((l) => l.protocol === protocol);
  if (candidates.length === 0) return false;
  const port = routeMatchPort(spec);
  if (port !== undefined) return candidates.some((l) => l.port === port);
  return listeners.length === 1;
}
