import { asNumber, listenerProblem, listenersOf, valueAt, type JsonObject, type ListenerPort } from '../../resources';
import { badRequest } from './errors';
import type { ResourceRecord } from './state';

/**
 * Routes against their router's listeners, gateway routes against their gateway's
 * (docs/aws-behaviour.md §4.5, §5.3), refused with the service's errors. The rule itself is
 * meshops' one route-fits-listeners rule (lib/resources/routes.ts): the emulator shares the
 * product's rules, and moto and the AWS CLI suites check it independently (docs/design.md §11).
 */

type PortProtocol = ListenerPort;

export interface RouteType {
  member: string;
  protocol: string;
  port?: number;
}

/**
 * The one route type a spec sets. RouteSpec and GatewayRouteSpec are not unions in the model, so
 * the service enforces "exactly one" itself (a BadRequestException).
 */
export function routeTypeOf(spec: JsonObject, protocols: Readonly<Record<string, string>>): RouteType {
  const set = Object.keys(protocols).filter((m) => spec[m] !== undefined);
  if (set.length !== 1) {
    throw badRequest(`1 validation error detected: Value at 'spec' failed to satisfy constraint: must set exactly one of ${Object.keys(protocols).join(', ')} (got ${set.length === 0 ? 'none' : set.join(', ')})`);
  }
  const member = set[0];
  const port = asNumber(valueAt(spec, member, 'match', 'port'));
  return { member, protocol: protocols[member], ...(port !== undefined ? { port } : {}) };
}

function describeListeners(listeners: PortProtocol[]): string {
  return listeners.length ? listeners.map((l) => `${l.protocol}:${l.port}`).join(', ') : 'none';
}

/** Checks one route (or gateway route) being created or updated against its parent's listeners. */
export function checkRouteAgainstListeners(routeLabel: string, route: RouteType, parent: ResourceRecord): void {
  const listeners = listenersOf(parent.spec);
  const problem = listenerProblem(route, listeners);
  if (!problem) return;
  const where = `${parent.kind} ${parent.name} (listeners: ${describeListeners(listeners)})`;
  if (problem === 'protocol') {
    throw badRequest(`${routeLabel} uses protocol ${route.protocol} (spec.${route.member}), which matches no listener of ${where}`);
  }
  if (problem === 'missing-port') {
    throw badRequest(`${routeLabel} must define a port match (spec.${route.member}.match.port) because ${where} has multiple listeners`);
  }
  throw badRequest(`${routeLabel}: spec.${route.member}.match.port ${route.port} matches no ${route.protocol} listener of ${where}`);
}

/**
 * Refuses a router (or gateway) update whose new listeners would leave existing routes invalid.
 * The missing-port text is the service's own (aws-app-mesh-controller-for-k8s #715, Terraform
 * #35294); the protocol/port mismatch text follows its pattern (the real wording is not known).
 */
export function checkListenerUpdate(parentKind: 'VirtualRouter' | 'VirtualGateway', newSpec: JsonObject, routes: ResourceRecord[], protocols: Readonly<Record<string, string>>): void {
  const listeners = listenersOf(newSpec);
  const missing: string[] = [];
  const mismatched: string[] = [];
  for (const r of routes) {
    const problem = listenerProblem(routeTypeOf(r.spec, protocols), listeners);
    if (problem === 'missing-port') missing.push(r.name);
    else if (problem) mismatched.push(r.name);
  }
  const [routesWord, parentWord] = parentKind === 'VirtualRouter' ? ['Routes', 'Virtual Router'] : ['Gateway Routes', 'Virtual Gateway'];
  if (missing.length > 0) {
    throw badRequest(
      `All ${routesWord} for this ${parentWord} must define a port match before adding multiple listeners to this ${parentWord}. ` +
        `${missing.length} ${routesWord.replace(/s$/, '')}(s) are missing port. Listing up to 5 route names: [${missing.slice(0, 5).join(', ')}]`,
    );
  }
  if (mismatched.length > 0) {
    throw badRequest(
      `All ${routesWord} for this ${parentWord} must match the protocol and port of one of its listeners. ` +
        `${mismatched.length} ${routesWord.replace(/s$/, '')}(s) would match no listener. Listing up to 5 route names: [${mismatched.slice(0, 5).join(', ')}]`,
    );
  }
}
