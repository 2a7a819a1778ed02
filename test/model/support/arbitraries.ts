import fc from 'fast-check';
import { documentShapes, type ShapeTable } from '../../../lib/api-model';
import { KIND_INFO, type Kind } from '../../../lib/resources';

/**
 * fast-check arbitraries for valid resource documents, built from the same shape tables the
 * validator reads (lib/api-model), plus overrides for the shapes where a semantic rule
 * (lib/api-model/spec-rules.ts) constrains more than the shape says.
 */
type Arb = fc.Arbitrary<unknown>;
type Gen = (shape: string) => Arb;

const MAX_LIST = 3;
const MAX_STRING = 24;

const nameArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$/);
const segment = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
const absolutePath = fc.array(segment, { minLength: 0, maxLength: 3 }).map((s) => `/${s.join('/')}`);
const HTTP_RETRY_EVENTS = ['server-error', 'gateway-error', 'client-error', 'stream-error'];

function pickMembers(record: Record<string, Arb>, required: string[]): Arb {
  return fc.record(record, { requiredKeys: required });
}

function generic(table: ShapeTable, name: string, gen: Gen): Arb {
  const shape = table[name];
  switch (shape.type) {
    case 'structure': {
      const members = Object.entries(shape.members ?? {}).filter(([, m]) => !m.deprecated);
      if (shape.union) return fc.oneof(...members.map(([k, m]) => gen(m.shape).map((v) => ({ [k]: v }))));
      return pickMembers(Object.fromEntries(members.map(([k, m]) => [k, gen(m.shape)])), shape.required ?? []);
    }
    case 'list':
      return fc.array(gen(shape.member!.shape), { minLength: shape.min ?? 0, maxLength: Math.max(shape.min ?? 0, Math.min(shape.max ?? MAX_LIST, MAX_LIST)) });
    case 'map':
      return fc.dictionary(gen(shape.key!.shape) as fc.Arbitrary<string>, gen(shape.value!.shape), { maxKeys: MAX_LIST });
    case 'string': {
      if (shape.enum) return fc.constantFrom(...shape.enum);
      const min = shape.min ?? 0;
      const max = Math.max(min, Math.min(shape.max ?? MAX_STRING, MAX_STRING));
      if (shape.pattern) {
        return fc.stringMatching(new RegExp(shape.pattern)).filter((s) => [...s].length >= min && [...s].length <= (shape.max ?? Infinity));
      }
      return fc.string({ minLength: min, maxLength: max });
    }
    case 'integer':
    case 'long':
      return fc.integer({ min: shape.min ?? 0, max: Math.min(shape.max ?? 1_000_000, 2 ** 31 - 1) });
    case 'double':
    case 'float':
      return fc.double({ min: shape.min ?? 0, max: shape.max ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    default:
      throw new Error(`no arbitrary for ${shape.type} (${name})`);
  }
}

/** Listeners with unique ports whose connection pool, timeout and health check fit the protocol. */
function listeners(gen: Gen, protocols: readonly string[], unions: { pool?: boolean; timeout?: boolean }, listenerShape: string, minLength: number): Arb {
  const one = (port: number) =>
    fc.constantFrom(...protocols).chain((protocol) => {
      const record: Record<string, Arb> = {
        portMapping: fc.constant({ port, protocol }),
        healthCheck: fc
          .record({
            protocol: fc.constantFrom(...protocols),
            healthyThreshold: fc.integer({ min: 2, max: 10 }),
            unhealthyThreshold: fc.integer({ min: 2, max: 10 }),
            intervalMillis: fc.integer({ min: 5000, max: 300000 }),
            timeoutMillis: fc.integer({ min: 2000, max: 60000 }),
            samePort: fc.boolean(),
            path: absolutePath,
          })
          .map(({ samePort, path, ...hc }) => ({ ...hc, ...(samePort ? { port } : {}), ...(hc.protocol === 'http' || hc.protocol === 'http2' ? { path } : {}) })),
      };
      const shape = documentShapes[listenerShape];
      const poolShape = shape.members?.connectionPool?.shape;
      if (unions.pool && poolShape) record.connectionPool = gen(documentShapes[poolShape].members![protocol].shape).map((v) => ({ [protocol]: v }));
      const timeoutShape = shape.members?.timeout?.shape;
      if (unions.timeout && timeoutShape) record.timeout = gen(documentShapes[timeoutShape].members![protocol].shape).map((v) => ({ [protocol]: v }));
      for (const [k, m] of Object.entries(shape.members ?? {})) if (!(k in record) && k !== 'timeout' && k !== 'connectionPool') record[k] = gen(m.shape);
      return fc.record(record, { requiredKeys: ['portMapping'] });
    });
  return fc.integer({ min: minLength, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => one(8080 + i))));
}

/** 1–10 targets with distinct nodes, weights summing to ≤ 100 and not all zero. */
const weightedTargets = fc
  .array(fc.record({ weight: fc.integer({ min: 0, max: 10 }), port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }) }), { minLength: 1, maxLength: 10 })
  .map((targets) =>
    targets.map((t, i) => ({ virtualNode: `node-${i}`, weight: i === 0 ? Math.max(1, t.weight) : t.weight, ...(t.port !== undefined ? { port: t.port } : {}) })),
  );

function retryPolicy(gen: Gen, grpc: boolean): Arb {
  return fc
    .record({
      maxRetries: fc.integer({ min: 0, max: 10 }),
      perRetryTimeout: gen('Duration'),
      httpRetryEvents: fc.uniqueArray(fc.constantFrom(...HTTP_RETRY_EVENTS), { minLength: 1, maxLength: 4 }),
      tcpRetryEvents: fc.constant(['connection-error']),
      grpcRetryEvents: gen('GrpcRetryPolicyEvents'),
      which: fc.subarray(grpc ? ['httpRetryEvents', 'tcpRetryEvents', 'grpcRetryEvents'] : ['httpRetryEvents', 'tcpRetryEvents'], { minLength: 1 }),
    })
    .map(({ which, ...p }) => {
      const out: Record<string, unknown> = { maxRetries: p.maxRetries, perRetryTimeout: p.perRetryTimeout };
      for (const k of which) out[k] = p[k as keyof typeof p];
      return out;
    });
}

function httpMatch(gen: Gen, shape: string): fc.Arbitrary<[unknown, unknown]> {
  const members = Object.entries(documentShapes[shape].members ?? {}).filter(([k]) => k !== 'prefix' && k !== 'path' && k !== 'hostname');
  const rest = pickMembers(Object.fromEntries(members.map(([k, m]) => [k, gen(m.shape)])), []);
  return fc.tuple(rest, fc.oneof(absolutePath.map((prefix) => ({ prefix })), gen('HttpPathMatch').map((path) => ({ path })), fc.constant({})));
}

const OVERRIDES: Record<string, (gen: Gen) => Arb> = {
  HttpPathMatch: () => fc.oneof(absolutePath.map((exact) => ({ exact })), fc.stringMatching(/^\^\/[a-z]{1,8}\$$/).map((regex) => ({ regex }))),
  HttpRouteMatch: (gen) => httpMatch(gen, 'HttpRouteMatch').map(([rest, path]) => ({ ...(rest as object), ...(path as object) })),
  HttpRetryPolicy: (gen) => retryPolicy(gen, false),
  GrpcRetryPolicy: (gen) => retryPolicy(gen, true),
  WeightedTargets: () => weightedTargets,
  GrpcRouteMatch: (gen) =>
    fc.record({ serviceName: fc.stringMatching(/^[a-z]{1,8}\.[A-Z][a-z]{1,8}$/), methodName: gen('MethodName'), metadata: gen('GrpcRouteMetadataList'), port: gen('ListenerPort') }, { requiredKeys: [] })
      .map((m) => (m.methodName !== undefined && m.serviceName === undefined ? { ...m, serviceName: 'svc.Search' } : m)),
  RouteSpec: (gen) =>
    fc.tuple(fc.constantFrom('httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'), fc.option(gen('RoutePriority'), { nil: undefined })).chain(([type, priority]) =>
      gen(type === 'grpcRoute' ? 'GrpcRoute' : type === 'tcpRoute' ? 'TcpRoute' : 'HttpRoute').map((route) => ({ [type]: route, ...(priority !== undefined ? { priority } : {}) })),
    ),
  GatewayRouteHostnameMatch: () => fc.oneof(fc.stringMatching(/^[a-z]{1,8}\.example\.com$/).map((exact) => ({ exact })), fc.stringMatching(/^\.[a-z]{1,8}\.com$/).map((suffix) => ({ suffix }))),
  HttpGatewayRoute: (gen) =>
    fc
      .tuple(
        pickMembers(
          Object.fromEntries(
            Object.entries(documentShapes.HttpGatewayRouteMatch.members!)
              .filter(([k]) => k !== 'prefix' && k !== 'path')
              .map(([k, m]) => [k, gen(m.shape)]),
          ),
          [],
        ),
        fc.constantFrom('prefix', 'path'),
        segment,
        gen('HttpPathMatch'),
        fc.option(fc.oneof(fc.constant({ defaultPrefix: 'DISABLED' }), fc.constant({ defaultPrefix: 'ENABLED' }), segment.map((s) => ({ value: `/${s}/` }))), { nil: undefined }),
        fc.option(absolutePath.map((exact) => ({ exact })), { nil: undefined }),
        fc.option(gen('GatewayRouteHostnameRewrite'), { nil: undefined }),
        gen('GatewayRouteTarget'),
      )
      .map(([rest, kind, seg, path, prefixRewrite, pathRewrite, hostname, target]) => {
        const match = { ...(rest as object), ...(kind === 'prefix' ? { prefix: `/${seg}/` } : { path }) };
        const rewrite = {
          ...(hostname ? { hostname } : {}),
          ...(kind === 'prefix' && prefixRewrite ? { prefix: prefixRewrite } : {}),
          ...(kind === 'path' && pathRewrite ? { path: pathRewrite } : {}),
        };
        return { match, action: { target, ...(Object.keys(rewrite).length ? { rewrite } : {}) } };
      }),
  GatewayRouteSpec: (gen) =>
    fc.tuple(fc.constantFrom('httpRoute', 'http2Route', 'grpcRoute'), fc.option(gen('GatewayRoutePriority'), { nil: undefined })).chain(([type, priority]) =>
      gen(type === 'grpcRoute' ? 'GrpcGatewayRoute' : 'HttpGatewayRoute').map((route) => ({ [type]: route, ...(priority !== undefined ? { priority } : {}) })),
    ),
  GrpcGatewayRouteMatch: (gen) =>
    fc.record({ serviceName: fc.stringMatching(/^[a-z]{1,8}\.[A-Z][a-z]{1,8}$/), hostname: gen('GatewayRouteHostnameMatch'), metadata: gen('GrpcGatewayRouteMetadataList'), port: gen('ListenerPort') }, { requiredKeys: [] }),
  Backends: (gen) =>
    fc.uniqueArray(gen('Backend'), { maxLength: MAX_LIST, selector: (b) => (b as { virtualService: { virtualServiceName: string } }).virtualService.virtualServiceName }),
  VirtualNodeSpec: (gen) =>
    fc
      .record(
        {
          listeners: listeners(gen, ['http', 'http2', 'grpc', 'tcp'], { pool: true, timeout: true }, 'Listener', 0),
          serviceDiscovery: gen('ServiceDiscovery'),
          backends: gen('Backends'),
          backendDefaults: gen('BackendDefaults'),
          logging: gen('Logging'),
        },
        { requiredKeys: ['serviceDiscovery'] },
      ),
  VirtualRouterSpec: () =>
    fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.tuple(...Array.from({ length: n }, (_, i) => fc.constantFrom('http', 'http2', 'grpc', 'tcp').map((protocol) => ({ portMapping: { port: 9000 + i, protocol } })))).map((l) => ({ listeners: l })),
    ),
  VirtualGatewaySpec: (gen) =>
    fc.record(
      { listeners: listeners(gen, ['http', 'http2', 'grpc'], { pool: true }, 'VirtualGatewayListener', 1), backendDefaults: gen('VirtualGatewayBackendDefaults'), logging: gen('VirtualGatewayLogging') },
      { requiredKeys: ['listeners'] },
    ),
  CloudMapNamespaceSpec: (gen) =>
    fc.constantFrom('HTTP', 'DNS_PRIVATE', 'DNS_PUBLIC').chain((type) =>
      fc
        .record({ description: gen('CloudMap.ResourceDescription'), properties: gen('CloudMap.PrivateDnsNamespaceProperties') }, { requiredKeys: [] })
        .map((s) => ({
          type,
          ...(s.description !== undefined ? { description: s.description } : {}),
          ...(type === 'DNS_PRIVATE' ? { vpc: 'vpc-0abc' } : {}),
          ...(type !== 'HTTP' && s.properties !== undefined ? { properties: s.properties } : {}),
        })),
    ),
  CloudMapServiceSpec: (gen) =>
    fc
      .record({
        description: fc.option(gen('CloudMap.ResourceDescription'), { nil: undefined }),
        records: fc.constantFrom<string[] | null>(['A'], ['AAAA'], ['A', 'AAAA'], ['SRV'], ['CNAME'], null),
        ttl: fc.integer({ min: 0, max: 86400 }),
        routing: fc.constantFrom('MULTIVALUE', 'WEIGHTED'),
        check: fc.constantFrom('none', 'route53', 'custom'),
        checkType: fc.constantFrom('HTTP', 'HTTPS', 'TCP'),
        resourcePath: absolutePath,
        failureThreshold: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      })
      .map((g) => {
        const cname = g.records?.includes('CNAME') ?? false;
        const spec: Record<string, unknown> = {};
        if (g.description !== undefined) spec.description = g.description;
        if (g.records) spec.dnsConfig = { routingPolicy: cname ? 'WEIGHTED' : g.routing, dnsRecords: g.records.map((type) => ({ type, ttl: g.ttl })) };
        else spec.type = 'HTTP';
        if (g.check === 'route53' && !cname) {
          spec.healthCheckConfig = { type: g.checkType, ...(g.checkType !== 'TCP' ? { resourcePath: g.resourcePath } : {}), ...(g.failureThreshold !== undefined ? { failureThreshold: g.failureThreshold } : {}) };
        } else if (g.check === 'custom') {
          spec.healthCheckCustomConfig = {};
        }
        return spec;
      }),
};

export function specArbitrary(kind: Kind): Arb {
  const cache = new Map<string, Arb>();
  const gen: Gen = (shape) => {
    let arb = cache.get(shape);
    if (!arb) {
      // Built eagerly: the App Mesh and Cloud Map document shapes are not recursive.
      arb = (OVERRIDES[shape] ?? ((g: Gen) => generic(documentShapes, shape, g)))(gen);
      cache.set(shape, arb);
    }
    return arb;
  };
  return gen(KIND_INFO[kind].specShape);
}

const tagsArb = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9:_-]{0,12}$/).filter((k) => !k.startsWith('aws:') && k !== 'meshops:owner'), fc.string({ maxLength: 20 }), { maxKeys: 4 });

/** A whole resource document of `kind` (the envelope, the spec, tags). */
export function documentArbitrary(kind: Kind): fc.Arbitrary<Record<string, unknown>> {
  const info = KIND_INFO[kind];
  const name =
    kind === 'CloudMapService'
      ? fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/)
      : kind === 'CloudMapNamespace'
        ? fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?\.[a-z]{2,6}$/)
        : nameArb;
  return fc.record({ name, mesh: nameArb, parent: nameArb, spec: specArbitrary(kind), tags: fc.option(tagsArb, { nil: undefined }) }).map((d) => ({
    kind,
    name: d.name,
    ...(info.inMesh ? { mesh: d.mesh } : {}),
    ...(info.parent ? { [info.parent.field]: d.parent } : {}),
    spec: d.spec,
    ...(d.tags !== undefined ? { tags: d.tags } : {}),
  }));
}
