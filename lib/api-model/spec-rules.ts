import { asList as list, asNumber as num, asObject as obj, asString as str, isJsonObject as isObj } from '../resources/json';
import { KIND_INFO, type Kind } from '../resources/kinds';
import { appMeshDocumentShapes } from './generated/app-mesh-document-shapes';
import { GATEWAY_ROUTE_TYPES, HTTP_ROUTE_TYPES, RETRY_POLICY_ROUTE_TYPES, ROUTE_TYPES } from '../resources/routes';
import type { PathSegment, ShapeIssue, ShapeIssueCode } from './validate-shape';

/**
 * Semantic rules on a resource's `spec` (document form, docs/design.md §1) that the shape model cannot
 * express: cross-field constraints, "exactly one of" on structures that are not Smithy unions,
 * constraints that AWS documents in prose only. Shape validation (`validateShape`) runs first;
 * these rules skip values of the wrong type rather than report them twice.
 *
 * Each rule says whether the real API enforces it (`apiEnforced`). The emulator calls only those
 * (`{ apiEnforcedOnly: true }`), so it never rejects what AWS would accept; meshops' validation
 * calls all of them, because a rule we add ourselves still catches a mistake before it reaches
 * AWS (dead configuration, a diff that could not be normalized, an Envoy config AWS would build
 * but that cannot work). Sources are cited per rule: [model] the service model's documentation,
 * [doc] the App Mesh / Cloud Map guides and API reference, [cdk] aws-cdk's aws-appmesh
 * validations, [k8s] the App Mesh controller's webhooks, [aws] docs/aws-behaviour.md §n (what AWS does, with its sources).
 */

export interface SpecRuleIssue extends ShapeIssue {
  /** The rule's id, e.g. `route-one-protocol`. */
  rule: SpecRuleId;
  apiEnforced: boolean;
}

type Obj = Record<string, unknown>;

interface RuleContext {
  kind: Kind;
  report(path: PathSegment[], message: string, options?: { code?: ShapeIssueCode; atKey?: boolean }): void;
}

export interface SpecRule<Id extends string = string> {
  id: Id;
  kinds: readonly Kind[];
  /** Whether the real App Mesh / Cloud Map API rejects a spec that breaks the rule. */
  apiEnforced: boolean;
  severity: 'error' | 'warning';
  /** Where the rule comes from (see the legend above). */
  source: string;
  check(spec: Obj, ctx: RuleContext): void;
}


function present(o: Obj, keys: readonly string[]): string[] {
  return keys.filter((k) => o[k] !== undefined && o[k] !== null);
}


/** The route bodies of a Route or GatewayRoute spec that are objects, with their type key. */
function routeBodies(spec: Obj, types: readonly string[]): [string, Obj][] {
  return types.flatMap((t) => (isObj(spec[t]) ? [[t, spec[t] as Obj] as [string, Obj]] : []));
}

function exactlyOne(spec: Obj, types: readonly string[], what: string, ctx: RuleContext): void {
  const set = present(spec, types);
  if (set.length === 1) return;
  if (set.length === 0) {
    ctx.report([], `a ${what} sets exactly one of ${types.join(', ')} (none is set)`, { code: 'union' });
  } else {
    ctx.report([set[1]], `a ${what} sets exactly one of ${types.join(', ')}; "${set[0]}" is already set (a ${what} has one protocol)`, { code: 'union', atKey: true });
  }
}

/** Node and gateway listeners with their index, when they are objects. */
function listeners(spec: Obj): [number, Obj][] {
  return list(spec.listeners).flatMap((l, i) => (isObj(l) ? [[i, l] as [number, Obj]] : []));
}

function listenerProtocol(listener: Obj): string | undefined {
  return str(obj(listener.portMapping)?.protocol);
}

/** `connectionPool`, `timeout` are unions keyed by protocol; this is the key each protocol takes. */
function protocolMemberMatches(listener: Obj, field: 'connectionPool' | 'timeout', i: number, ctx: RuleContext): void {
  const protocol = listenerProtocol(listener);
  const union = obj(listener[field]);
  if (!protocol || !union) return;
  for (const key of Object.keys(union)) {
    if (union[key] === undefined) continue;
    if (key !== protocol && ['http', 'http2', 'grpc', 'tcp'].includes(key)) {
      ctx.report(['listeners', i, field, key], `a ${protocol} listener takes ${field}.${protocol}, not ${field}.${key} (the ${field} must match the listener protocol)`, { code: 'union', atKey: true });
    }
  }
}

function weightedTargets(body: Obj): unknown[] {
  return list(obj(body.action)?.weightedTargets);
}

function durationMs(v: unknown): number | undefined {
  const d = obj(v);
  const value = num(d?.value);
  if (value === undefined) return undefined;
  return d?.unit === 's' ? value * 1000 : d?.unit === 'ms' ? value : undefined;
}

const HTTP_RETRY_EVENTS = ['server-error', 'gateway-error', 'client-error', 'stream-error'];

// ---------------------------------------------------------------------------------------------
// The rules

const RULES = [
  {
    id: 'route-one-protocol',
    kinds: ['Route'],
    // RouteSpec is not a Smithy union but the API docs say "you must specify exactly one" [aws §4.5].
    apiEnforced: true,
    severity: 'error',
    source: '[model] RouteSpec; [aws §4.5]',
    check: (spec, ctx) => exactlyOne(spec, ROUTE_TYPES, 'route', ctx),
  },
  {
    id: 'gateway-route-one-protocol',
    kinds: ['GatewayRoute'],
    apiEnforced: true,
    severity: 'error',
    source: '[model] GatewayRouteSpec; [aws §4.7]',
    check: (spec, ctx) => exactlyOne(spec, GATEWAY_ROUTE_TYPES, 'gateway route', ctx),
  },
  {
    id: 'http-prefix-starts-with-slash',
    kinds: ['Route', 'GatewayRoute'],
    // [doc] HttpRouteMatch.prefix: "This parameter must always start with /". The model types it
    // as an unconstrained String, so the check is the service's.
    apiEnforced: true,
    severity: 'error',
    source: '[doc] API_HttpRouteMatch, API_HttpGatewayRouteMatch; [cdk] http-route-path-match.ts',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, HTTP_ROUTE_TYPES)) {
        const prefix = str(obj(body.match)?.prefix);
        if (prefix !== undefined && !prefix.startsWith('/')) {
          ctx.report([type, 'match', 'prefix'], `a prefix starts with "/" (got ${JSON.stringify(prefix)}); "/" alone matches every request`, { code: 'pattern' });
        }
      }
    },
  },
  {
    id: 'http-path-exact-starts-with-slash',
    kinds: ['Route', 'GatewayRoute'],
    // aws-cdk refuses it; the service's behaviour is not documented, so the emulator accepts it.
    apiEnforced: false,
    severity: 'error',
    source: '[cdk] http-route-path-match.ts',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, HTTP_ROUTE_TYPES)) {
        const exact = str(obj(obj(body.match)?.path)?.exact);
        if (exact !== undefined && !exact.startsWith('/')) {
          ctx.report([type, 'match', 'path', 'exact'], `an exact path starts with "/" (got ${JSON.stringify(exact)})`, { code: 'pattern' });
        }
      }
    },
  },
  {
    id: 'http-match-prefix-or-path',
    kinds: ['Route', 'GatewayRoute'],
    // Envoy's route match holds one path specifier (prefix | path | safe_regex): App Mesh cannot
    // build a route that has both, and its console offers them as alternatives [doc gateway-routes].
    apiEnforced: true,
    severity: 'error',
    source: '[doc] gateway-routes.md, routes.md; Envoy RouteMatch.path_specifier',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, HTTP_ROUTE_TYPES)) {
        const match = obj(body.match);
        if (!match) continue;
        if (match.prefix !== undefined && match.path !== undefined) {
          ctx.report([type, 'match', 'path'], 'set either "prefix" or "path", not both: a request path is matched one way', { code: 'union', atKey: true });
        }
        const path = obj(match.path);
        if (path) {
          const set = present(path, ['exact', 'regex']);
          if (set.length !== 1) {
            ctx.report([type, 'match', 'path'], `a path match sets exactly one of exact, regex (got ${set.length ? set.join(', ') : 'none'})`, { code: 'union' });
          }
        }
      }
    },
  },
  {
    id: 'grpc-method-needs-service',
    kinds: ['Route'],
    apiEnforced: true,
    severity: 'error',
    source: '[doc] routes.md "If you specify a method name, you must specify a service name"; [model] GrpcRouteMatch.methodName',
    check: (spec, ctx) => {
      const match = obj(obj(spec.grpcRoute)?.match);
      if (match && match.methodName !== undefined && match.serviceName === undefined) {
        ctx.report(['grpcRoute', 'match', 'methodName'], '"methodName" requires "serviceName": a method is matched within a service', { code: 'required' });
      }
    },
  },
  {
    id: 'weighted-targets-total',
    kinds: ['Route'],
    // [model] WeightedTarget: "The total weight for all targets combined must be less than or
    // equal to 100".
    apiEnforced: true,
    severity: 'error',
    source: '[model] HttpRouteAction.weightedTargets; [aws §4.5]',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, ROUTE_TYPES)) {
        const weights = weightedTargets(body).map((t) => num(obj(t)?.weight));
        if (weights.some((w) => w === undefined)) continue;
        const total = (weights as number[]).reduce((a, b) => a + b, 0);
        if (total > 100) {
          ctx.report([type, 'action', 'weightedTargets'], `the weights of a route's targets add up to at most 100 (got ${total})`, { code: 'range' });
        }
      }
    },
  },
  {
    id: 'weighted-targets-not-all-zero',
    kinds: ['Route'],
    // Whether the API accepts an all-zero set is unverified [aws §4.5]; Envoy's weighted clusters
    // need a positive total, so such a route could never carry traffic. Ours, not the API's.
    apiEnforced: false,
    severity: 'error',
    source: '[aws §4.5] unverified; Envoy WeightedCluster total_weight > 0',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, ROUTE_TYPES)) {
        const weights = weightedTargets(body).map((t) => num(obj(t)?.weight));
        if (weights.length && weights.every((w) => w === 0)) {
          ctx.report([type, 'action', 'weightedTargets'], 'every target has weight 0: the route could not send traffic anywhere', { code: 'range' });
        }
      }
    },
  },
  {
    id: 'weighted-targets-unique',
    kinds: ['Route'],
    // The planner compares weighted targets as a set keyed by virtual node + port [aws §6]; two
    // entries for the same target cannot be compared and mean the same as one with the sum.
    apiEnforced: false,
    severity: 'error',
    source: '[aws §6] set-like lists',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, ROUTE_TYPES)) {
        const seen = new Map<string, number>();
        weightedTargets(body).forEach((t, i) => {
          const node = str(obj(t)?.virtualNode);
          if (node === undefined) return;
          const port = num(obj(t)?.port);
          const key = `${node}:${port ?? ''}`;
          const first = seen.get(key);
          if (first !== undefined) {
            ctx.report([type, 'action', 'weightedTargets', i, 'virtualNode'], `virtual node ${node}${port !== undefined ? ` port ${port}` : ''} is already a target (weightedTargets[${first}]); give it one entry with the combined weight`);
          } else {
            seen.set(key, i);
          }
        });
      }
    },
  },
  {
    id: 'retry-policy-events',
    kinds: ['Route'],
    // [doc] HttpRetryPolicy: "You must specify at least one value for at least one types of retry
    // events"; httpRetryEvents are documented as server-error | gateway-error | client-error |
    // stream-error although the model types them as free strings.
    apiEnforced: true,
    severity: 'error',
    source: '[doc] API_HttpRetryPolicy, API_GrpcRetryPolicy; [cdk] route-spec.ts',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, RETRY_POLICY_ROUTE_TYPES)) {
        const retry = obj(body.retryPolicy);
        if (!retry) continue;
        const kinds = type === 'grpcRoute' ? ['grpcRetryEvents', 'httpRetryEvents', 'tcpRetryEvents'] : ['httpRetryEvents', 'tcpRetryEvents'];
        if (kinds.every((k) => list(retry[k]).length === 0)) {
          ctx.report([type, 'retryPolicy'], `a retry policy names at least one event in ${kinds.join(', ')}`, { code: 'required' });
        }
        list(retry.httpRetryEvents).forEach((e, i) => {
          if (typeof e === 'string' && !HTTP_RETRY_EVENTS.includes(e)) {
            ctx.report([type, 'retryPolicy', 'httpRetryEvents', i], `must be one of: ${HTTP_RETRY_EVENTS.join(', ')} (got ${JSON.stringify(e)})`, { code: 'enum' });
          }
        });
      }
    },
  },
  {
    id: 'listener-ports-unique',
    kinds: ['VirtualNode', 'VirtualRouter', 'VirtualGateway'],
    // Two listeners cannot bind one port; App Mesh keys a listener by its port mapping.
    // The API's exact error is unverified, so the emulator leaves it to this validation.
    apiEnforced: false,
    severity: 'error',
    source: '[doc] multiple-listeners.md',
    check: (spec, ctx) => {
      const seen = new Map<number, number>();
      for (const [i, l] of listeners(spec)) {
        const port = num(obj(l.portMapping)?.port);
        if (port === undefined) continue;
        const first = seen.get(port);
        if (first !== undefined) ctx.report(['listeners', i, 'portMapping', 'port'], `port ${port} is already used by listeners[${first}]; each listener needs its own port`);
        else seen.set(port, i);
      }
    },
  },
  {
    id: 'at-least-one-listener',
    kinds: ['VirtualRouter', 'VirtualGateway'],
    // The current model has no minimum (older SDKs enforced 1, roadmap #173); a router or gateway
    // without a listener cannot take a route (a route's protocol must match a listener's).
    apiEnforced: false,
    severity: 'error',
    source: '[aws §4.4, §4.6]; aws-app-mesh-roadmap #173',
    check: (spec, ctx) => {
      if (Array.isArray(spec.listeners) && spec.listeners.length === 0) {
        ctx.report(['listeners'], 'needs at least one listener: routes attach to a listener protocol', { code: 'size' });
      } else if (spec.listeners === undefined && !appMeshDocumentShapes[KIND_INFO[ctx.kind].specShape]?.required?.includes('listeners')) {
        // (where the spec's shape requires `listeners`, a gateway's, the shape check reports it)
        ctx.report([], 'missing "listeners": routes attach to a listener protocol', { code: 'required' });
      }
    },
  },
  {
    id: 'listener-connection-pool-protocol',
    kinds: ['VirtualNode', 'VirtualGateway'],
    apiEnforced: true,
    severity: 'error',
    source: '[doc] API_VirtualNodeConnectionPool "must match the listener protocol"; [aws §4.2]',
    check: (spec, ctx) => {
      for (const [i, l] of listeners(spec)) protocolMemberMatches(l, 'connectionPool', i, ctx);
    },
  },
  {
    id: 'listener-timeout-protocol',
    kinds: ['VirtualNode'],
    apiEnforced: true,
    severity: 'error',
    source: '[doc] API_ListenerTimeout; [aws §4.2]',
    check: (spec, ctx) => {
      for (const [i, l] of listeners(spec)) protocolMemberMatches(l, 'timeout', i, ctx);
    },
  },
  {
    id: 'health-check-port-is-listener-port',
    kinds: ['VirtualNode', 'VirtualGateway'],
    // aws-cdk #14432: "we only allow it to be the same as the listener, which is the default"; the
    // server fills it with the listener's port when omitted [aws §6].
    apiEnforced: true,
    severity: 'error',
    source: '[aws §4.2, §6]; aws-cdk #14432',
    check: (spec, ctx) => {
      for (const [i, l] of listeners(spec)) {
        const listenerPort = num(obj(l.portMapping)?.port);
        const checkPort = num(obj(l.healthCheck)?.port);
        if (listenerPort !== undefined && checkPort !== undefined && listenerPort !== checkPort) {
          ctx.report(['listeners', i, 'healthCheck', 'port'], `a health check runs on its listener's port ${listenerPort} (got ${checkPort}); omit "port" to use the listener's`, { code: 'range' });
        }
      }
    },
  },
  {
    id: 'health-check-path-http-only',
    kinds: ['VirtualNode', 'VirtualGateway'],
    // [doc] HealthCheckPolicy.path: "only used if the specified protocol is HTTP or HTTP/2. For
    // any other protocol, this value is ignored." The API accepts it; we refuse dead config.
    apiEnforced: false,
    severity: 'error',
    source: '[doc] API_HealthCheckPolicy',
    check: (spec, ctx) => {
      for (const [i, l] of listeners(spec)) {
        const hc = obj(l.healthCheck);
        const protocol = str(hc?.protocol);
        if (hc && hc.path !== undefined && protocol !== undefined && protocol !== 'http' && protocol !== 'http2') {
          ctx.report(['listeners', i, 'healthCheck', 'path'], `"path" is only used by http and http2 health checks; this one is ${protocol}`, { atKey: true, code: 'unknown-field' });
        }
      }
    },
  },
  {
    id: 'service-discovery-with-listeners',
    kinds: ['VirtualNode'],
    // [doc] VirtualNodeSpec.serviceDiscovery: "If you specify a listener, then you must specify
    // service discovery information." The k8s controller checks it client-side; whether the API
    // does is unverified.
    apiEnforced: false,
    severity: 'error',
    source: '[doc] API_VirtualNodeSpec; [k8s] virtualnode_validator.go',
    check: (spec, ctx) => {
      if (list(spec.listeners).length > 0 && spec.serviceDiscovery === undefined) {
        ctx.report([], 'a virtual node with listeners needs "serviceDiscovery" (dns or awsCloudMap): it is how other nodes reach it', { code: 'required' });
      }
    },
  },
  {
    id: 'backends-unique',
    kinds: ['VirtualNode'],
    // The API silently keeps one of duplicate backends on Describe while Create echoes both
    // (roadmap #170): a duplicate would show up as a permanent diff.
    apiEnforced: false,
    severity: 'error',
    source: '[aws §6]; aws-app-mesh-roadmap #170; [k8s] virtualnode_validator.go',
    check: (spec, ctx) => {
      const seen = new Map<string, number>();
      list(spec.backends).forEach((b, i) => {
        const name = str(obj(obj(b)?.virtualService)?.virtualServiceName);
        if (name === undefined) return;
        const first = seen.get(name);
        if (first !== undefined) ctx.report(['backends', i, 'virtualService', 'virtualServiceName'], `virtual service ${name} is already a backend (backends[${first}])`);
        else seen.set(name, i);
      });
    },
  },
  {
    id: 'gateway-route-reserved-names',
    kinds: ['GatewayRoute'],
    apiEnforced: true,
    severity: 'error',
    source: '[doc] gateway-routes.md "These prefixes are reserved for future App Mesh internal use"',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, HTTP_ROUTE_TYPES)) {
        const prefix = str(obj(body.match)?.prefix);
        if (prefix !== undefined && /^\/aws-app-?mesh/.test(prefix)) {
          ctx.report([type, 'match', 'prefix'], `prefixes starting /aws-appmesh or /aws-app-mesh are reserved by App Mesh (got ${JSON.stringify(prefix)})`, { code: 'pattern' });
        }
      }
      const service = str(obj(obj(spec.grpcRoute)?.match)?.serviceName);
      if (service !== undefined && (/^\/?aws\.app-mesh/.test(service) || service === 'aws.appmesh')) {
        ctx.report(['grpcRoute', 'match', 'serviceName'], `the gRPC service names aws.app-mesh* and aws.appmesh are reserved by App Mesh (got ${JSON.stringify(service)})`, { code: 'pattern' });
      }
    },
  },
  {
    id: 'gateway-route-rewrite-matches-match',
    kinds: ['GatewayRoute'],
    // [doc] gateway-routes.md: a prefix rewrite goes with a prefix match, a path rewrite with an
    // exact or regex path match. [cdk] adds: a prefix rewrite value starts and ends with "/" and
    // then so does the matched prefix. Enforcement by the API is unverified.
    apiEnforced: false,
    severity: 'error',
    source: '[doc] gateway-routes.md; [cdk] http-route-path-match.ts',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, HTTP_ROUTE_TYPES)) {
        const match = obj(body.match) ?? {};
        const rewrite = obj(obj(body.action)?.rewrite);
        if (!rewrite) continue;
        const prefixRewrite = obj(rewrite.prefix);
        const pathRewrite = obj(rewrite.path);
        const base = [type, 'action', 'rewrite'];
        if (prefixRewrite && match.prefix === undefined) {
          ctx.report([...base, 'prefix'], 'a prefix rewrite needs a prefix match ("match.prefix")', { atKey: true });
        }
        if (pathRewrite && match.path === undefined) {
          ctx.report([...base, 'path'], 'a path rewrite needs a path match ("match.path")', { atKey: true });
        }
        if (prefixRewrite) {
          if (prefixRewrite.defaultPrefix !== undefined && prefixRewrite.value !== undefined) {
            ctx.report([...base, 'prefix', 'value'], 'set either "defaultPrefix" or "value": a value replaces the default rewrite', { code: 'union', atKey: true });
          }
          const value = str(prefixRewrite.value);
          if (value !== undefined && !(value.startsWith('/') && value.endsWith('/'))) {
            ctx.report([...base, 'prefix', 'value'], `a prefix rewrite starts and ends with "/" (got ${JSON.stringify(value)})`, { code: 'pattern' });
          }
          const prefix = str(match.prefix);
          if (value !== undefined && prefix !== undefined && !prefix.endsWith('/')) {
            ctx.report([type, 'match', 'prefix'], `with a prefix rewrite, the matched prefix ends with "/" (got ${JSON.stringify(prefix)})`, { code: 'pattern' });
          }
        }
        const exact = str(pathRewrite?.exact);
        if (exact !== undefined && !exact.startsWith('/')) {
          ctx.report([...base, 'path', 'exact'], `a path rewrite starts with "/" (got ${JSON.stringify(exact)})`, { code: 'pattern' });
        }
      }
    },
  },
  {
    id: 'gateway-route-hostname-match',
    kinds: ['GatewayRoute'],
    apiEnforced: false,
    severity: 'error',
    source: '[doc] API_GatewayRouteHostnameMatch (exact | suffix)',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, GATEWAY_ROUTE_TYPES)) {
        const hostname = obj(obj(body.match)?.hostname);
        if (!hostname) continue;
        const set = present(hostname, ['exact', 'suffix']);
        if (set.length !== 1) ctx.report([type, 'match', 'hostname'], `a hostname match sets exactly one of exact, suffix (got ${set.length ? set.join(', ') : 'none'})`, { code: 'union' });
      }
    },
  },
  {
    id: 'route-timeouts-cover-retries',
    kinds: ['Route'],
    // [doc] routes.md: the request timeout "should always be greater than or equal to the retry
    // duration multiplied by the Max retries ... so that your retry policy can complete".
    apiEnforced: false,
    severity: 'warning',
    source: '[doc] routes.md (Timeouts)',
    check: (spec, ctx) => {
      for (const [type, body] of routeBodies(spec, RETRY_POLICY_ROUTE_TYPES)) {
        const retry = obj(body.retryPolicy);
        const perRequest = durationMs(obj(body.timeout)?.perRequest);
        const perRetry = durationMs(retry?.perRetryTimeout);
        const maxRetries = num(retry?.maxRetries);
        if (perRequest === undefined || perRetry === undefined || maxRetries === undefined || perRequest === 0) continue;
        if (perRequest < perRetry * maxRetries) {
          ctx.report([type, 'timeout', 'perRequest'], `the request timeout (${perRequest} ms) is shorter than maxRetries × perRetryTimeout (${perRetry * maxRetries} ms): retries would be cut off`, { code: 'range' });
        }
      }
    },
  },
  // ---- Cloud Map (document form: lower-case member names, docs/design.md §1) ----
  {
    id: 'namespace-vpc',
    kinds: ['CloudMapNamespace'],
    // CreatePrivateDnsNamespace requires Vpc; the HTTP and public DNS operations have no Vpc.
    apiEnforced: true,
    severity: 'error',
    source: '[model] CreatePrivateDnsNamespaceRequest; [aws §10.3]',
    check: (spec, ctx) => {
      const type = str(spec.type);
      if (type === 'DNS_PRIVATE' && spec.vpc === undefined) {
        ctx.report([], 'a DNS_PRIVATE namespace needs "vpc" (the VPC its private hosted zone is associated with)', { code: 'required' });
      } else if (type !== undefined && type !== 'DNS_PRIVATE' && spec.vpc !== undefined) {
        ctx.report(['vpc'], `"vpc" is only used by DNS_PRIVATE namespaces; this one is ${type}`, { code: 'unknown-field', atKey: true });
      }
    },
  },
  {
    id: 'namespace-properties-dns-only',
    kinds: ['CloudMapNamespace'],
    apiEnforced: true,
    severity: 'error',
    source: '[model] CreateHttpNamespaceRequest has no Properties; [aws §10.2]',
    check: (spec, ctx) => {
      if (spec.type === 'HTTP' && spec.properties !== undefined) {
        ctx.report(['properties'], '"properties" (the DNS SOA record) is only used by DNS namespaces; this one is HTTP', { code: 'unknown-field', atKey: true });
      }
    },
  },
  {
    id: 'service-dns-records',
    kinds: ['CloudMapService'],
    // [doc] DnsConfig: "You can specify values for Type in the following combinations: A, AAAA,
    // A and AAAA, SRV, CNAME"; "If you specify CNAME for Type, you must specify WEIGHTED for
    // RoutingPolicy" and must not specify HealthCheckConfig [aws §10.4].
    apiEnforced: true,
    severity: 'error',
    source: '[doc] API_DnsConfig, API_DnsRecord; [aws §10.4]',
    check: (spec, ctx) => {
      const dns = obj(spec.dnsConfig);
      if (!dns || !Array.isArray(dns.dnsRecords)) return;
      const types = dns.dnsRecords.map((r) => str(obj(r)?.type));
      if (types.some((t) => t === undefined)) return;
      const combo = [...types].sort().join('+');
      const allowed = ['A', 'AAAA', 'A+AAAA', 'SRV', 'CNAME'];
      if (!allowed.includes(combo)) {
        ctx.report(['dnsConfig', 'dnsRecords'], `DNS record types combine as A, AAAA, A and AAAA, SRV, or CNAME (got ${types.length ? types.join(', ') : 'no records'})`);
      }
      if (types.includes('CNAME')) {
        if (dns.routingPolicy !== 'WEIGHTED') {
          ctx.report(dns.routingPolicy === undefined ? ['dnsConfig'] : ['dnsConfig', 'routingPolicy'], 'CNAME records need routingPolicy WEIGHTED', { code: dns.routingPolicy === undefined ? 'required' : 'enum' });
        }
        if (spec.healthCheckConfig !== undefined) {
          ctx.report(['healthCheckConfig'], 'a service with a CNAME record cannot have "healthCheckConfig" (Route 53 cannot health-check a CNAME)', { atKey: true });
        }
      }
    },
  },
  {
    id: 'service-one-health-check',
    kinds: ['CloudMapService'],
    apiEnforced: true,
    severity: 'error',
    source: '[doc] API_CreateService; [aws §10.4]',
    check: (spec, ctx) => {
      if (spec.healthCheckConfig !== undefined && spec.healthCheckCustomConfig !== undefined) {
        ctx.report(['healthCheckCustomConfig'], 'set either "healthCheckConfig" (Route 53 checks) or "healthCheckCustomConfig" (your own), not both', { code: 'union', atKey: true });
      }
    },
  },
  {
    id: 'service-health-check-resource-path',
    kinds: ['CloudMapService'],
    apiEnforced: true,
    severity: 'error',
    source: '[doc] API_HealthCheckConfig "If you specify TCP for Type, you must not specify a value for ResourcePath"',
    check: (spec, ctx) => {
      const hc = obj(spec.healthCheckConfig);
      if (hc && hc.type === 'TCP' && hc.resourcePath !== undefined) {
        ctx.report(['healthCheckConfig', 'resourcePath'], '"resourcePath" is only used by HTTP and HTTPS health checks; this one is TCP', { code: 'unknown-field', atKey: true });
      }
    },
  },
  {
    id: 'service-type-http-no-dns',
    kinds: ['CloudMapService'],
    // [doc] CreateService.Type: "If present, specifies that the service instances are only
    // discoverable using the DiscoverInstances API operation. No DNS records is registered".
    apiEnforced: false,
    severity: 'error',
    source: '[doc] API_CreateService Type',
    check: (spec, ctx) => {
      if (spec.type === 'HTTP' && spec.dnsConfig !== undefined) {
        ctx.report(['dnsConfig'], 'a service of type HTTP registers no DNS records: remove "dnsConfig" or "type"', { code: 'unknown-field', atKey: true });
      }
    },
  },
] as const satisfies readonly SpecRule[];

/** Every spec rule's id: the diagnostic code a broken rule is reported with. */
export type SpecRuleId = (typeof RULES)[number]['id'];

export const SPEC_RULES: readonly SpecRule<SpecRuleId>[] = RULES;

const RULES_BY_KIND = new Map<Kind, SpecRule<SpecRuleId>[]>();
for (const rule of SPEC_RULES) {
  for (const kind of rule.kinds) RULES_BY_KIND.set(kind, [...(RULES_BY_KIND.get(kind) ?? []), rule]);
}

/**
 * Runs the semantic rules for `kind` on a spec in document form. Paths are relative to the spec,
 * prefixed by `basePath`. With `apiEnforcedOnly`, only the rules the real API enforces run (the
 * emulator's choice).
 */
export function checkSpecRules(kind: Kind, spec: unknown, options: { apiEnforcedOnly?: boolean; basePath?: PathSegment[] } = {}): SpecRuleIssue[] {
  if (!isObj(spec)) return [];
  const issues: SpecRuleIssue[] = [];
  const base = options.basePath ?? [];
  for (const rule of RULES_BY_KIND.get(kind) ?? []) {
    if (options.apiEnforcedOnly && !rule.apiEnforced) continue;
    rule.check(spec, {
      kind,
      report: (path, message, opts = {}) => {
        issues.push({
          path: [...base, ...path],
          code: opts.code ?? 'range',
          message,
          severity: rule.severity,
          rule: rule.id,
          apiEnforced: rule.apiEnforced,
          ...(opts.atKey ? { atKey: true } : {}),
        });
      },
    });
  }
  return issues;
}
