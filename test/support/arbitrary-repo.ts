import fc from 'fast-check';
import type { JsonObject } from '../../lib/resources/json';
import type { DesiredResource, DesiredState } from '../../lib/resources/types';
import { declared, settings } from './builders';

/**
 * Random valid repositories over a small universe of names, so that two draws overlap: the pair
 * (A, B) then exercises creates, updates, deletes, Cloud Map replaces (a namespace's type) and
 * router listener changes (one listener ↔ two).
 */
const NODES = ['n1', 'n2', 'n3', 'n4'];
const ROUTERS = ['r1', 'r2'];
const ROUTES = ['a', 'b', 'c'];
const SERVICES = ['s1.m', 's2.m', 's3.m'];
const CM_SERVICES = ['c1', 'c2'];

const pick = <T>(items: readonly T[]) => fc.subarray([...items]);
const tags = fc.option(fc.dictionary(fc.constantFrom('team', 'tier', 'cost'), fc.constantFrom('search', 'web', 'gold', ''), { maxKeys: 2 }), { nil: undefined });

function nodeSpec(name: string, port: number, interval: number, withPort: boolean, backends: string[], cloudMap: string | undefined): JsonObject {
  return {
    listeners: [
      {
        portMapping: { port, protocol: 'http' },
        healthCheck: { protocol: 'http', path: '/ping', healthyThreshold: 2, unhealthyThreshold: 3, timeoutMillis: 2000, intervalMillis: interval, ...(withPort ? { port } : {}) },
      },
    ],
    serviceDiscovery: cloudMap ? { awsCloudMap: { namespaceName: 'ns', serviceName: cloudMap, attributes: [{ key: 'version', value: name }] } } : { dns: { hostname: `${name}.m.local` } },
    ...(backends.length ? { backends: backends.map((vs) => ({ virtualService: { virtualServiceName: vs } })) } : {}),
  };
}

export const arbitraryRepo: fc.Arbitrary<DesiredState> = fc
  .record({
    nodes: fc.uniqueArray(
      fc.record({ name: fc.constantFrom(...NODES), port: fc.constantFrom(8080, 8081), interval: fc.constantFrom(5000, 10000), withPort: fc.boolean(), tags }),
      { selector: (n) => n.name, minLength: 1, maxLength: NODES.length },
    ),
    routers: fc.uniqueArray(fc.record({ name: fc.constantFrom(...ROUTERS), twoListeners: fc.boolean(), tags }), { selector: (r) => r.name, maxLength: ROUTERS.length }),
    routeSeeds: fc.array(fc.record({ router: fc.nat(), name: fc.constantFrom(...ROUTES), targets: fc.array(fc.record({ node: fc.nat(), weight: fc.integer({ min: 0, max: 50 }) }), { minLength: 1, maxLength: 2 }), priority: fc.integer({ min: 0, max: 1000 }), prefix: fc.constantFrom('/', '/api'), port: fc.constantFrom(8080, 9090) }), { maxLength: 4 }),
    services: fc.uniqueArray(fc.record({ name: fc.constantFrom(...SERVICES), provider: fc.constantFrom('node', 'router', 'none'), index: fc.nat() }), { selector: (s) => s.name, maxLength: SERVICES.length }),
    backendSeeds: fc.array(fc.nat(), { maxLength: 3 }),
    gateway: fc.boolean(),
    gatewayRoutes: fc.array(fc.record({ service: fc.nat(), prefix: fc.constantFrom('/', '/search', '/v2') }), { maxLength: 2 }),
    namespace: fc.option(fc.record({ type: fc.constantFrom('HTTP', 'DNS_PRIVATE'), description: fc.constantFrom('', 'services', 'mesh services') }), { nil: undefined }),
    cmServices: pick(CM_SERVICES),
    ttl: fc.constantFrom(30, 60),
    useCloudMap: fc.boolean(),
    meshEgress: fc.constantFrom(undefined, 'ALLOW_ALL', 'DROP_ALL'),
  })
  .map((r) => {
    const resources: DesiredResource[] = [];
    const m = (res: DesiredResource, t?: Record<string, string>) => {
      if (t) res.tags = t;
      resources.push(res);
    };
    m(declared('Mesh', 'm', r.meshEgress ? { egressFilter: { type: r.meshEgress } } : {}, { mesh: 'm' }));
    const services = r.services.map((s) => s.name);
    const cmServices = r.namespace ? r.cmServices : [];
    for (const n of r.nodes) {
      const backends = [...new Set(r.backendSeeds.map((i) => services[i % Math.max(services.length, 1)]).filter(Boolean))];
      const cloudMap = r.useCloudMap && cmServices.length ? cmServices[n.name.charCodeAt(1) % cmServices.length] : undefined;
      m(declared('VirtualNode', n.name, nodeSpec(n.name, n.port, n.interval, n.withPort, backends, cloudMap), { mesh: 'm' }), n.tags ?? undefined);
    }
    const nodeNames = r.nodes.map((n) => n.name);
    for (const router of r.routers) {
      const listeners = router.twoListeners ? [8080, 9090] : [8080];
      m(declared('VirtualRouter', router.name, { listeners: listeners.map((port) => ({ portMapping: { port, protocol: 'http' } })) }, { mesh: 'm' }), router.tags ?? undefined);
    }
    const seenRoutes = new Set<string>();
    for (const seed of r.routeSeeds) {
      if (r.routers.length === 0) break;
      const router = r.routers[seed.router % r.routers.length];
      if (seenRoutes.has(`${router.name}/${seed.name}`)) continue;
      seenRoutes.add(`${router.name}/${seed.name}`);
      const targets = new Map<string, number>();
      for (const t of seed.targets) targets.set(nodeNames[t.node % nodeNames.length], t.weight);
      // The API refuses a route whose weights are all zero.
      if ([...targets.values()].every((w) => w === 0)) targets.set([...targets.keys()][0], 1);
      const port = router.twoListeners ? { port: seed.port } : {};
      m(
        declared('Route', seed.name, {
          priority: seed.priority,
          httpRoute: { match: { prefix: seed.prefix, ...port }, action: { weightedTargets: [...targets].map(([virtualNode, weight]) => ({ virtualNode, weight })) } },
        } as JsonObject, { mesh: 'm', parent: router.name }),
      );
    }
    for (const s of r.services) {
      const provider =
        s.provider === 'node'
          ? { virtualNode: { virtualNodeName: nodeNames[s.index % nodeNames.length] } }
          : s.provider === 'router' && r.routers.length
            ? { virtualRouter: { virtualRouterName: r.routers[s.index % r.routers.length].name } }
            : undefined;
      m(declared('VirtualService', s.name, (provider ? { provider } : {}) as JsonObject, { mesh: 'm' }));
    }
    if (r.gateway) {
      m(declared('VirtualGateway', 'g', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, { mesh: 'm' }));
      const seen = new Set<string>();
      r.gatewayRoutes.forEach((gr, i) => {
        if (!services.length) return;
        const target = services[gr.service % services.length];
        if (seen.has(gr.prefix)) return;
        seen.add(gr.prefix);
        m(declared('GatewayRoute', `gr${i}`, { httpRoute: { match: { prefix: gr.prefix }, action: { target: { virtualService: { virtualServiceName: target } } } } }, { mesh: 'm', parent: 'g' }));
      });
    }
    if (r.namespace) {
      const dns = r.namespace.type === 'DNS_PRIVATE';
      m(declared('CloudMapNamespace', 'ns', { type: r.namespace.type, ...(dns ? { vpc: 'vpc-0123' } : {}), ...(r.namespace.description ? { description: r.namespace.description } : {}) }));
      for (const name of cmServices) {
        m(declared('CloudMapService', name, dns ? { dnsConfig: { dnsRecords: [{ type: 'A', ttl: r.ttl }] } } : { description: `${name} ${r.ttl}` }, { parent: 'ns' }));
      }
    }
    return { settings: settings({ maxDeletes: 1000 }), resources };
  });
