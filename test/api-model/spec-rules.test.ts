import { SPEC_RULES, checkSpecRules } from '../../lib/api-model/spec-rules';
import type { Kind } from '../../lib/resources';

function rules(kind: Kind, spec: unknown, apiEnforcedOnly = false): string[] {
  return checkSpecRules(kind, spec, { apiEnforcedOnly }).map((i) => `${i.rule} ${i.path.join('.')}`);
}

const target = { virtualNode: 'a', weight: 1 };
const httpRoute = { match: { prefix: '/' }, action: { weightedTargets: [target] } };
const listener = (protocol: string, port = 8080) => ({ portMapping: { port, protocol } });

describe('checkSpecRules', () => {
  it('accepts valid specs of every kind without issues', () => {
    expect(rules('Route', { httpRoute })).toEqual([]);
    expect(rules('GatewayRoute', { httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 's' } } } } })).toEqual([]);
    expect(rules('VirtualNode', { listeners: [listener('http')], serviceDiscovery: { dns: { hostname: 'a' } } })).toEqual([]);
    expect(rules('VirtualRouter', { listeners: [listener('http')] })).toEqual([]);
    expect(rules('CloudMapNamespace', { type: 'DNS_PRIVATE', vpc: 'vpc-1' })).toEqual([]);
    expect(rules('CloudMapService', { dnsConfig: { routingPolicy: 'WEIGHTED', dnsRecords: [{ type: 'CNAME', ttl: 60 }] } })).toEqual([]);
  });

  it('a route sets exactly one protocol; two point at the second', () => {
    expect(rules('Route', {})).toEqual(['route-one-protocol ']);
    expect(rules('Route', { httpRoute, tcpRoute: { action: { weightedTargets: [target] } } })).toEqual(['route-one-protocol tcpRoute']);
    expect(rules('GatewayRoute', { priority: 1 })).toEqual(['gateway-route-one-protocol ']);
  });

  it('http prefixes and exact paths start with /; prefix and path are exclusive', () => {
    expect(rules('Route', { httpRoute: { ...httpRoute, match: { prefix: 'api' } } })).toEqual(['http-prefix-starts-with-slash httpRoute.match.prefix']);
    expect(rules('Route', { http2Route: { ...httpRoute, match: { path: { exact: 'x' } } } })).toEqual(['http-path-exact-starts-with-slash http2Route.match.path.exact']);
    expect(rules('Route', { httpRoute: { ...httpRoute, match: { prefix: '/', path: { exact: '/x', regex: 'y' } } } })).toEqual([
      'http-match-prefix-or-path httpRoute.match.path',
      'http-match-prefix-or-path httpRoute.match.path',
    ]);
  });

  it('gRPC methodName needs serviceName', () => {
    expect(rules('Route', { grpcRoute: { match: { methodName: 'Get' }, action: { weightedTargets: [target] } } })).toEqual(['grpc-method-needs-service grpcRoute.match.methodName']);
  });

  it('weights total at most 100, not all zero, targets unique', () => {
    const route = (weightedTargets: unknown[]) => ({ httpRoute: { ...httpRoute, action: { weightedTargets } } });
    expect(rules('Route', route([{ virtualNode: 'a', weight: 60 }, { virtualNode: 'b', weight: 50 }]))).toEqual(['weighted-targets-total httpRoute.action.weightedTargets']);
    expect(rules('Route', route([{ virtualNode: 'a', weight: 0 }]))).toEqual(['weighted-targets-not-all-zero httpRoute.action.weightedTargets']);
    expect(rules('Route', route([{ virtualNode: 'a', weight: 1 }, { virtualNode: 'a', weight: 1 }]))).toEqual(['weighted-targets-unique httpRoute.action.weightedTargets.1.virtualNode']);
    expect(rules('Route', route([{ virtualNode: 'a', weight: 1, port: 1 }, { virtualNode: 'a', weight: 1, port: 2 }]))).toEqual([]);
  });

  it('retry policies name a known event', () => {
    const retry = (retryPolicy: unknown) => ({ httpRoute: { ...httpRoute, retryPolicy } });
    const base = { maxRetries: 2, perRetryTimeout: { unit: 's', value: 1 } };
    expect(rules('Route', retry(base))).toEqual(['retry-policy-events httpRoute.retryPolicy']);
    expect(rules('Route', retry({ ...base, httpRetryEvents: ['server-eror'] }))).toEqual(['retry-policy-events httpRoute.retryPolicy.httpRetryEvents.0']);
    expect(rules('Route', retry({ ...base, tcpRetryEvents: ['connection-error'] }))).toEqual([]);
  });

  it('listeners: unique ports, pool and timeout by protocol, health check port and path', () => {
    const sd = { serviceDiscovery: { dns: { hostname: 'a' } } };
    expect(rules('VirtualNode', { ...sd, listeners: [listener('http'), listener('tcp')] })).toEqual(['listener-ports-unique listeners.1.portMapping.port']);
    expect(rules('VirtualNode', { ...sd, listeners: [{ ...listener('http'), connectionPool: { tcp: { maxConnections: 1 } } }] })).toEqual(['listener-connection-pool-protocol listeners.0.connectionPool.tcp']);
    expect(rules('VirtualNode', { ...sd, listeners: [{ ...listener('grpc'), timeout: { http: {} } }] })).toEqual(['listener-timeout-protocol listeners.0.timeout.http']);
    const hc = { healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000 };
    expect(rules('VirtualNode', { ...sd, listeners: [{ ...listener('http'), healthCheck: { ...hc, protocol: 'http', port: 9090 } }] })).toEqual(['health-check-port-is-listener-port listeners.0.healthCheck.port']);
    expect(rules('VirtualGateway', { listeners: [{ ...listener('http'), healthCheck: { ...hc, protocol: 'grpc', path: '/' } }] })).toEqual(['health-check-path-http-only listeners.0.healthCheck.path']);
    expect(rules('VirtualNode', { listeners: [listener('http')] })).toEqual(['service-discovery-with-listeners ']);
    expect(rules('VirtualRouter', { listeners: [] })).toEqual(['at-least-one-listener listeners']);
    expect(rules('VirtualRouter', {})).toEqual(['at-least-one-listener ']);
  });

  it('gateway routes: reserved names, rewrites that fit the match, hostname match', () => {
    const gr = (match: unknown, rewrite?: unknown) => ({ httpRoute: { match, action: { target: { virtualService: { virtualServiceName: 's' } }, ...(rewrite ? { rewrite } : {}) } } });
    expect(rules('GatewayRoute', gr({ prefix: '/aws-appmesh/x' }))).toEqual(['gateway-route-reserved-names httpRoute.match.prefix']);
    expect(rules('GatewayRoute', gr({ path: { exact: '/a' } }, { prefix: { defaultPrefix: 'DISABLED' } }))).toEqual(['gateway-route-rewrite-matches-match httpRoute.action.rewrite.prefix']);
    expect(rules('GatewayRoute', gr({ prefix: '/a' }, { prefix: { value: '/b/' } }))).toEqual(['gateway-route-rewrite-matches-match httpRoute.match.prefix']);
    expect(rules('GatewayRoute', gr({ prefix: '/a/' }, { prefix: { value: '/b/' } }))).toEqual([]);
    expect(rules('GatewayRoute', gr({ prefix: '/', hostname: { exact: 'a', suffix: 'b' } }))).toEqual(['gateway-route-hostname-match httpRoute.match.hostname']);
  });

  it('Cloud Map namespaces and services', () => {
    expect(rules('CloudMapNamespace', { type: 'DNS_PRIVATE' })).toEqual(['namespace-vpc ']);
    expect(rules('CloudMapNamespace', { type: 'HTTP', vpc: 'vpc-1', properties: {} })).toEqual(['namespace-vpc vpc', 'namespace-properties-dns-only properties']);
    const dns = (dnsRecords: unknown[], routingPolicy?: string) => ({ dnsConfig: { dnsRecords, ...(routingPolicy ? { routingPolicy } : {}) } });
    expect(rules('CloudMapService', dns([{ type: 'A', ttl: 1 }, { type: 'AAAA', ttl: 1 }]))).toEqual([]);
    expect(rules('CloudMapService', dns([{ type: 'A', ttl: 1 }, { type: 'SRV', ttl: 1 }]))).toEqual(['service-dns-records dnsConfig.dnsRecords']);
    expect(rules('CloudMapService', { ...dns([{ type: 'CNAME', ttl: 1 }]), healthCheckConfig: { type: 'HTTP' } })).toEqual([
      'service-dns-records dnsConfig',
      'service-dns-records healthCheckConfig',
    ]);
    expect(rules('CloudMapService', { healthCheckConfig: { type: 'TCP', resourcePath: '/' }, healthCheckCustomConfig: {} })).toEqual([
      'service-one-health-check healthCheckCustomConfig',
      'service-health-check-resource-path healthCheckConfig.resourcePath',
    ]);
  });

  it('apiEnforcedOnly runs only the rules the API enforces', () => {
    const spec = { httpRoute: { ...httpRoute, action: { weightedTargets: [{ virtualNode: 'a', weight: 0 }] } } };
    expect(rules('Route', spec)).toEqual(['weighted-targets-not-all-zero httpRoute.action.weightedTargets']);
    expect(rules('Route', spec, true)).toEqual([]);
    expect(SPEC_RULES.filter((r) => r.apiEnforced).length).toBeGreaterThan(5);
  });

  it('skips values of the wrong type instead of crashing or reporting twice', () => {
    expect(rules('Route', { httpRoute: 'x' })).toEqual([]);
    expect(rules('VirtualNode', { listeners: 'x', backends: [null, 1] })).toEqual([]);
    expect(checkSpecRules('Mesh', null)).toEqual([]);
  });
});
