import type { JsonObject } from '../../lib/resources/json';
import { canonicalJson } from '../../lib/resources/json';
import type { Kind } from '../../lib/resources/kinds';
import { normalizeSpec, normalizeTags, SERVER_FILLED_WHEN_OMITTED, setElementLabel, SET_LISTS } from '../../lib/plan/normalize';

/**
 * One test per normalization rule (docs/design.md §8): the rule makes the declared and the live
 * form equal, and a real difference at the same place still shows.
 */
const same = (kind: Kind, a: JsonObject, b: JsonObject, namespaceType?: string) =>
  canonicalJson(normalizeSpec(kind, a, { namespaceType })) === canonicalJson(normalizeSpec(kind, b, { namespaceType }));

const listener = (port: number, extra: JsonObject = {}) => ({ portMapping: { port, protocol: 'http' }, ...extra });
const dns = { dns: { hostname: 'a.watches.local' } };
const target = (virtualNode: string, weight: number, port?: number) => ({ virtualNode, weight, ...(port !== undefined ? { port } : {}) });
const route = (http: JsonObject) => ({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [target('a', 1)] }, ...http } });

describe('normalizeSpec: absent and empty', () => {
  it('an empty list is the same as none (Describe answers backends: [])', () => {
    expect(same('VirtualNode', { listeners: [listener(8080)], serviceDiscovery: dns }, { listeners: [listener(8080)], serviceDiscovery: dns, backends: [] })).toBe(true);
    expect(same('VirtualNode', { serviceDiscovery: dns }, { serviceDiscovery: dns, backends: [{ virtualService: { virtualServiceName: 'b' } }] })).toBe(false);
  });

  it('an empty description is the same as none', () => {
    expect(same('CloudMapService', {}, { description: '' })).toBe(true);
    expect(same('CloudMapService', {}, { description: 'x' })).toBe(false);
  });

  it('null members are the same as absent ones', () => {
    expect(same('Mesh', {}, { egressFilter: null })).toBe(true);
  });
});

describe('normalizeSpec: lists that are sets', () => {
  it('every set list names a key function and labels its elements', () => {
    for (const [shape, key] of Object.entries(SET_LISTS)) {
      expect(typeof key).toBe('function');
      expect(typeof setElementLabel(shape, {})).toBe('string');
    }
  });

  it('backends compare by virtual service name, in any order, duplicates dropped', () => {
    const b = (name: string) => ({ virtualService: { virtualServiceName: name } });
    expect(same('VirtualNode', { serviceDiscovery: dns, backends: [b('x'), b('y')] }, { serviceDiscovery: dns, backends: [b('y'), b('x'), b('y')] })).toBe(true);
    expect(same('VirtualNode', { serviceDiscovery: dns, backends: [b('x')] }, { serviceDiscovery: dns, backends: [b('y')] })).toBe(false);
  });

  it('weighted targets compare by node and port, in any order', () => {
    const a = { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [target('v1', 90), target('v2', 10)] } } };
    const b = { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [target('v2', 10), target('v1', 90)] } } };
    expect(same('Route', a, b)).toBe(true);
    const moved = { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [target('v2', 50), target('v1', 50)] } } };
    expect(same('Route', a, moved)).toBe(false);
    // The same node on two ports is two targets.
    expect(same('Route', { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [target('v1', 1, 80), target('v1', 1, 81)] } } }, { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [target('v1', 1, 80)] } } })).toBe(false);
  });

  it('listeners compare by port and protocol, in any order', () => {
    expect(same('VirtualRouter', { listeners: [listener(80), listener(81)] }, { listeners: [listener(81), listener(80)] })).toBe(true);
    expect(same('VirtualRouter', { listeners: [listener(80)] }, { listeners: [listener(81)] })).toBe(false);
  });

  it('header matches are a set (all must match), keyed by name and match', () => {
    const h = (name: string, prefix: string) => ({ name, match: { prefix } });
    expect(same('Route', route({ match: { prefix: '/', headers: [h('a', '1'), h('b', '2')] } }), route({ match: { prefix: '/', headers: [h('b', '2'), h('a', '1')] } }))).toBe(true);
    // Two matches may share a name.
    expect(same('Route', route({ match: { prefix: '/', headers: [h('a', '1'), h('a', '2')] } }), route({ match: { prefix: '/', headers: [h('a', '1')] } }))).toBe(false);
  });

  it('certificate authority ARNs compare as sets', () => {
    const tls = (arns: string[]) => ({
      serviceDiscovery: dns,
      backendDefaults: { clientPolicy: { tls: { validation: { trust: { acm: { certificateAuthorityArns: arns } } } } } },
    });
    expect(same('VirtualNode', tls(['arn:a', 'arn:b']), tls(['arn:b', 'arn:a']))).toBe(true);
    expect(same('VirtualNode', tls(['arn:a']), tls(['arn:b']))).toBe(false);
  });

  it('retry events compare as sets', () => {
    const retry = (events: string[]) => route({ retryPolicy: { maxRetries: 1, perRetryTimeout: { unit: 's', value: 1 }, httpRetryEvents: events } });
    expect(same('Route', retry(['server-error', 'gateway-error']), retry(['gateway-error', 'server-error']))).toBe(true);
    expect(same('Route', retry(['server-error']), retry(['gateway-error']))).toBe(false);
  });

  it('Cloud Map DNS records compare by type', () => {
    const records = (r: JsonObject[]) => ({ dnsConfig: { dnsRecords: r } });
    expect(same('CloudMapService', records([{ type: 'A', ttl: 60 }, { type: 'AAAA', ttl: 60 }]), records([{ type: 'AAAA', ttl: 60 }, { type: 'A', ttl: 60 }]))).toBe(true);
    expect(same('CloudMapService', records([{ type: 'A', ttl: 60 }]), records([{ type: 'A', ttl: 30 }]))).toBe(false);
  });
});

describe('normalizeSpec: defaults the API does not echo', () => {
  it('TLS enforce: true is the same as absent', () => {
    const policy = (tls: JsonObject) => ({ serviceDiscovery: dns, backendDefaults: { clientPolicy: { tls: { validation: { trust: { file: { certificateChain: '/c' } } }, ...tls } } } });
    expect(same('VirtualNode', policy({ enforce: true }), policy({}))).toBe(true);
    expect(same('VirtualNode', policy({ enforce: false }), policy({}))).toBe(false);
  });

  it('a header match with invert: false is the same as one without', () => {
    const h = (extra: JsonObject) => route({ match: { prefix: '/', headers: [{ name: 'x', match: { exact: '1' }, ...extra }] } });
    expect(same('Route', h({ invert: false }), h({}))).toBe(true);
    expect(same('Route', h({ invert: true }), h({}))).toBe(false);
  });

  it('DNS responseType LOADBALANCER is the same as absent', () => {
    expect(same('VirtualNode', { serviceDiscovery: { dns: { hostname: 'a', responseType: 'LOADBALANCER' } } }, { serviceDiscovery: { dns: { hostname: 'a' } } })).toBe(true);
    expect(same('VirtualNode', { serviceDiscovery: { dns: { hostname: 'a', responseType: 'ENDPOINTS' } } }, { serviceDiscovery: { dns: { hostname: 'a' } } })).toBe(false);
  });

  it('Cloud Map routingPolicy MULTIVALUE is the same as absent', () => {
    const records = [{ type: 'A', ttl: 60 }];
    expect(same('CloudMapService', { dnsConfig: { dnsRecords: records, routingPolicy: 'MULTIVALUE' } }, { dnsConfig: { dnsRecords: records } })).toBe(true);
    expect(same('CloudMapService', { dnsConfig: { dnsRecords: records, routingPolicy: 'WEIGHTED' } }, { dnsConfig: { dnsRecords: records } })).toBe(false);
  });

  it('a custom health check with failureThreshold 1 is the same as {}', () => {
    expect(same('CloudMapService', { healthCheckCustomConfig: { failureThreshold: 1 } }, { healthCheckCustomConfig: {} })).toBe(true);
    expect(same('CloudMapService', { healthCheckCustomConfig: { failureThreshold: 2 } }, { healthCheckCustomConfig: {} })).toBe(false);
  });
});

describe('normalizeSpec: values the server changes or fills', () => {
  it('gRPC metadata names compare case-insensitively (the API lower-cases them)', () => {
    const grpc = (name: string) => ({ grpcRoute: { match: { serviceName: 's', metadata: [{ name, match: { exact: '1' } }] }, action: { weightedTargets: [target('a', 1)] } } });
    expect(same('Route', grpc('myMetadata'), grpc('mymetadata'))).toBe(true);
    expect(same('Route', grpc('myMetadata'), grpc('other'))).toBe(false);
  });

  it("a health check without a port checks the listener's port (nodes and gateways)", () => {
    const hc = (port?: number) => ({ protocol: 'http', path: '/', healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000, ...(port !== undefined ? { port } : {}) });
    expect(same('VirtualNode', { serviceDiscovery: dns, listeners: [listener(8080, { healthCheck: hc() })] }, { serviceDiscovery: dns, listeners: [listener(8080, { healthCheck: hc(8080) })] })).toBe(true);
    expect(same('VirtualGateway', { listeners: [listener(8080, { healthCheck: hc() })] }, { listeners: [listener(8080, { healthCheck: hc(8080) })] })).toBe(true);
    expect(same('VirtualNode', { serviceDiscovery: dns, listeners: [listener(8080, { healthCheck: hc() })] }, { serviceDiscovery: dns, listeners: [listener(8080, { healthCheck: hc(9090) })] })).toBe(false);
  });

  it("a Cloud Map service's type is compared only when it is HTTP in a DNS namespace", () => {
    expect(same('CloudMapService', { type: 'DNS_HTTP' }, {}, 'DNS_PRIVATE')).toBe(true);
    expect(same('CloudMapService', { type: 'HTTP' }, {}, 'HTTP')).toBe(true);
    expect(same('CloudMapService', { type: 'HTTP' }, {}, 'DNS_PRIVATE')).toBe(false);
  });

  it("a namespace's VPC is left out (the API never returns it)", () => {
    expect(same('CloudMapNamespace', { type: 'DNS_PRIVATE', vpc: 'vpc-1' }, { type: 'DNS_PRIVATE' })).toBe(true);
    expect(same('CloudMapNamespace', { type: 'DNS_PRIVATE' }, { type: 'DNS_PUBLIC' })).toBe(false);
  });

  it('lists the values the server fills when omitted, as JSON pointers per kind', () => {
    expect(SERVER_FILLED_WHEN_OMITTED).toEqual({ CloudMapNamespace: ['/spec/properties'], CloudMapService: ['/spec/healthCheckConfig/failureThreshold'] });
  });
});

describe('normalizeSpec: what it never does', () => {
  it('leaves scalars as written (no coercion)', () => {
    expect(same('Route', { priority: 10, ...route({}) }, { priority: 11, ...route({}) })).toBe(false);
  });

  it('does not change the spec it is given (what is sent to AWS is the spec as written)', () => {
    const spec = { serviceDiscovery: dns, listeners: [listener(8080, { healthCheck: { protocol: 'http', healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000 } })], backends: [] };
    const before = JSON.stringify(spec);
    normalizeSpec('VirtualNode', spec);
    expect(JSON.stringify(spec)).toBe(before);
  });
});

describe('normalizeTags', () => {
  it('drops AWS tags (aws:, in any case) and sorts the keys', () => {
    expect(Object.entries(normalizeTags({ z: '1', 'aws:cloudformation:stack-name': 's', 'AWS:x': 'y', a: '2' }))).toEqual([
      ['a', '2'],
      ['z', '1'],
    ]);
  });
});
