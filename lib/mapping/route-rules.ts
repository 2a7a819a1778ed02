import type { JsonObject, JsonValue } from '../resources/json';
import { isJsonObject } from '../resources/json';

/**
 * One App Mesh route's match, made into a Lattice rule match — or the reasons it cannot be. Lattice
 * matches a method, an exact or prefix path (≤ 200 characters of `[a-zA-Z0-9@:%_+.~#?&/=-]`) and at
 * most 5 headers by exact, prefix or contains value; everything else an App Mesh match can say has
 * no counterpart, and such a route is not carried over (a rule that matched more or less than the
 * route would send traffic somewhere App Mesh does not).
 */

export type RouteType = 'httpRoute' | 'http2Route' | 'grpcRoute' | 'tcpRoute';
export const ROUTE_TYPES: RouteType[] = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'];

export interface Loss {
  /** Path inside the document. */
  path: (string | number)[];
  feature: string;
  reason: string;
}

export interface MappedMatch {
  /** A catch-all: the listener's default action rather than a rule. */
  catchAll: boolean;
  httpMatch: JsonObject;
}

const PATH_CHARS = /^[a-zA-Z0-9@:%_+.~#?&/=-]+$/;
const MAX_PATH = 200;
const MAX_HEADERS = 5;
const MAX_HEADER_VALUE = 200;

function obj(v: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(v) ? v : undefined;
}

export function routeTypeOf(spec: JsonObject): RouteType | undefined {
  return ROUTE_TYPES.find((t) => spec[t] !== undefined);
}

function pathMatch(kind: 'exact' | 'prefix', value: string, at: (string | number)[], losses: Loss[]): JsonObject | undefined {
  if (value.length > MAX_PATH || !PATH_CHARS.test(value)) {
    losses.push({ path: at, feature: `path ${kind} match`, reason: `Lattice path matches take at most ${MAX_PATH} characters of [a-zA-Z0-9@:%_+.~#?&/=-]` });
    return undefined;
  }
  // App Mesh (Envoy) compares paths case-sensitively; Lattice only when told.
  return { match: { [kind]: value }, caseSensitive: true };
}

/** Header or gRPC metadata matches → Lattice header matches. */
function headerMatches(list: JsonValue[], at: (string | number)[], word: string, losses: Loss[]): JsonObject[] {
  const out: JsonObject[] = [];
  if (list.length > MAX_HEADERS) {
    losses.push({ path: at, feature: `more than ${MAX_HEADERS} ${word} matches`, reason: `a Lattice rule matches at most ${MAX_HEADERS} headers` });
    return out;
  }
  list.forEach((h, i) => {
    const header = obj(h) ?? {};
    const name = String(header.name ?? '');
    if (header.invert === true) {
      losses.push({ path: [...at, i, 'invert'], feature: `inverted ${word} match`, reason: 'Lattice header matches cannot be inverted' });
      return;
    }
    const match = obj(header.match);
    if (!match) {
      // App Mesh: a header without a match only has to be present; Lattice cannot say "present".
      losses.push({ path: [...at, i], feature: `${word} presence match`, reason: 'Lattice header matches need a value (exact, prefix or contains)' });
      return;
    }
    const type = Object.keys(match)[0];
    const value = match[type];
    if ((type === 'exact' || type === 'prefix') && typeof value === 'string') {
      if (value.length > MAX_HEADER_VALUE || name.length > 100) {
        losses.push({ path: [...at, i, 'match', type], feature: `long ${word} match`, reason: 'Lattice header names take at most 100 characters and values 200' });
        return;
      }
      out.push({ name, match: { [type]: value }, caseSensitive: true });
      return;
    }
    losses.push({ path: [...at, i, 'match', type], feature: `${word} ${type} match`, reason: 'Lattice matches headers by exact, prefix or contains value only' });
  });
  return out;
}

/** The Lattice match of an http, http2 or grpc route; `losses` gets what cannot be expressed. */
export function mapRouteMatch(type: Exclude<RouteType, 'tcpRoute'>, route: JsonObject, losses: Loss[]): MappedMatch {
  const match = obj(route.match) ?? {};
  const at = ['spec', type, 'match'];
  const httpMatch: JsonObject = {};
  if (type === 'grpcRoute') {
    const service = typeof match.serviceName === 'string' ? match.serviceName : undefined;
    const method = typeof match.methodName === 'string' ? match.methodName : undefined;
    // gRPC calls are POSTs to /<package.Service>/<Method>.
    if (service !== undefined) {
      const pm = method !== undefined ? pathMatch('exact', `/${service}/${method}`, [...at, 'methodName'], losses) : pathMatch('prefix', `/${service}/`, [...at, 'serviceName'], losses);
      if (pm) httpMatch.pathMatch = pm;
    }
    if (Array.isArray(match.metadata)) {
      const headers = headerMatches(match.metadata, [...at, 'metadata'], 'metadata', losses);
      if (headers.length) httpMatch.headerMatches = headers;
    }
    return { catchAll: Object.keys(httpMatch).length === 0 && !Array.isArray(match.metadata), httpMatch };
  }
  if (typeof match.prefix === 'string') {
    const pm = pathMatch('prefix', match.prefix, [...at, 'prefix'], losses);
    // A prefix of "/" matches every path: no path match at all.
    if (pm && match.prefix !== '/') httpMatch.pathMatch = pm;
  }
  const path = obj(match.path);
  if (path) {
    if (typeof path.exact === 'string') {
      const pm = pathMatch('exact', path.exact, [...at, 'path', 'exact'], losses);
      if (pm) httpMatch.pathMatch = pm;
    }
    if (path.regex !== undefined) losses.push({ path: [...at, 'path', 'regex'], feature: 'path regex match', reason: 'Lattice matches paths by exact value or prefix only' });
  }
  if (typeof match.method === 'string') httpMatch.method = match.method;
  if (Array.isArray(match.headers)) {
    const headers = headerMatches(match.headers, [...at, 'headers'], 'header', losses);
    if (headers.length) httpMatch.headerMatches = headers;
  }
  if (match.queryParameters !== undefined) losses.push({ path: [...at, 'queryParameters'], feature: 'query parameter match', reason: 'Lattice rules cannot match query parameters' });
  if (match.scheme !== undefined) losses.push({ path: [...at, 'scheme'], feature: 'scheme match', reason: 'Lattice rules cannot match the scheme (the listener\'s protocol decides it)' });
  const catchAll = Object.keys(httpMatch).length === 0 && match.prefix === '/' && match.headers === undefined && match.queryParameters === undefined && match.scheme === undefined && match.path === undefined;
  return { catchAll, httpMatch };
}

/**
 * How specific a route without a priority is, for App Mesh's implicit order (an exact path, then
 * longer prefixes, then more headers): larger sorts first.
 */
export function specificity(type: RouteType, route: JsonObject): number[] {
  const match = obj(route.match) ?? {};
  if (type === 'grpcRoute') return [match.methodName !== undefined ? 1 : 0, match.serviceName !== undefined ? 1 : 0, Array.isArray(match.metadata) ? match.metadata.length : 0];
  const exact = obj(match.path)?.exact !== undefined ? 1 : 0;
  const prefix = typeof match.prefix === 'string' ? match.prefix.length : 0;
  const headers = Array.isArray(match.headers) ? match.headers.length : 0;
  return [exact, prefix, headers, match.method !== undefined ? 1 : 0];
}

/** Route fields with no Lattice counterpart that do not change where traffic goes (the rule is still made). */
export function droppedRouteFields(type: RouteType, route: JsonObject): Loss[] {
  const out: Loss[] = [];
  if (route.retryPolicy !== undefined) out.push({ path: ['spec', type, 'retryPolicy'], feature: 'retry policy', reason: 'Lattice has no retries: clients retry themselves' });
  if (route.timeout !== undefined) out.push({ path: ['spec', type, 'timeout'], feature: 'route timeout', reason: 'Lattice has no per-route timeouts (its idle timeout to targets is fixed)' });
  return out;
}
