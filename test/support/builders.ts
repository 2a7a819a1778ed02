import type { JsonObject } from '../../lib/resources/json';
import type { Kind } from '../../lib/resources/kinds';
import { KIND_INFO } from '../../lib/resources/kinds';
import type { DesiredResource, DesiredState, LiveResource, LiveState, Settings, Tags } from '../../lib/resources/types';
import { OWNER_TAG } from '../../lib/resources/types';

export const OWNER = 'acme/mesh-config';

export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    version: 1, region: 'us-east-1', owner: OWNER, path: 'mesh', prune: true, maxDeletes: 10, drift: { report: 'issue', remediate: false }, ignore: [],
    targets: ['appmesh'], lattice: { authType: 'NONE', vpcs: [], registration: 'none', unsupported: 'error' },
    ...overrides,
  };
}

interface Ident {
  mesh?: string;
  parent?: string;
  tags?: Tags;
}

export function declared(kind: Kind, name: string, spec: JsonObject, ident: Ident = {}): DesiredResource {
  const info = KIND_INFO[kind];
  return {
    kind,
    name,
    ...(info.inMesh ? { mesh: ident.mesh ?? 'watches' } : {}),
    ...(info.parent ? { parent: ident.parent } : {}),
    spec,
    tags: ident.tags ?? {},
    source: { file: `mesh/${kind}.yaml`, line: 1, column: 1 },
  };
}

/** A live copy of a declared resource, tagged as ours (or with `owner`), as the live reader would return it. */
export function liveOf(d: DesiredResource, options: { owner?: string | null; version?: number; spec?: JsonObject; tags?: Tags } = {}): LiveResource {
  const owner = options.owner === undefined ? OWNER : options.owner;
  const tags: Tags = { ...(options.tags ?? d.tags) };
  if (owner !== null) tags[OWNER_TAG] = owner;
  const path = [d.mesh, d.parent, d.name].filter(Boolean).join('/');
  return {
    kind: d.kind,
    name: d.name,
    ...(d.mesh !== undefined ? { mesh: d.mesh } : {}),
    ...(d.parent !== undefined ? { parent: d.parent } : {}),
    spec: options.spec ?? structuredClone(d.spec),
    tags,
    arn: `arn:aws:test:us-east-1:111122223333:${d.kind}/${path}`,
    version: options.version ?? 1,
  };
}

export function state(resources: DesiredResource[], overrides: Partial<Settings> = {}): DesiredState {
  return { settings: settings(overrides), resources };
}

export function liveState(resources: LiveResource[]): LiveState {
  return { resources, scope: { meshes: ['watches'], namespaces: [] }, warnings: [] };
}

// ---- spec builders ----
export const mesh = (name = 'watches', spec: JsonObject = {}) => declared('Mesh', name, spec);

export function httpNode(name: string, port = 8080, extra: JsonObject = {}): DesiredResource {
  return declared('VirtualNode', name, {
    listeners: [{ portMapping: { port, protocol: 'http' }, healthCheck: { protocol: 'http', path: '/ping', healthyThreshold: 2, unhealthyThreshold: 2, timeoutMillis: 2000, intervalMillis: 5000 } }],
    serviceDiscovery: { dns: { hostname: `${name}.watches.local` } },
    ...extra,
  });
}

export function router(name: string, listeners: { port: number; protocol: string }[] = [{ port: 8080, protocol: 'http' }]): DesiredResource {
  return declared('VirtualRouter', name, { listeners: listeners.map((l) => ({ portMapping: l })) });
}

export function httpRoute(routerName: string, name: string, targets: Record<string, number>, match: JsonObject = { prefix: '/' }, priority?: number): DesiredResource {
  return declared(
    'Route',
    name,
    { httpRoute: { match, action: { weightedTargets: Object.entries(targets).map(([virtualNode, weight]) => ({ virtualNode, weight })) } }, ...(priority !== undefined ? { priority } : {}) },
    { parent: routerName },
  );
}

export function virtualService(name: string, provider: { node?: string; router?: string }): DesiredResource {
  const p = provider.node ? { virtualNode: { virtualNodeName: provider.node } } : provider.router ? { virtualRouter: { virtualRouterName: provider.router } } : undefined;
  return declared('VirtualService', name, (p ? { provider: p } : {}) as JsonObject);
}

/** The canary scenario of the template: two nodes behind a router, a 90/10 route. */
export function canaryRepo(weights: [number, number] = [90, 10]): DesiredResource[] {
  return [
    mesh(),
    httpNode('search-v1'),
    httpNode('search-v2'),
    router('search-router'),
    httpRoute('search-router', 'canary', { 'search-v1': weights[0], 'search-v2': weights[1] }, { prefix: '/', headers: [{ name: 'x-release', match: { prefix: 'canary' } }] }, 10),
    httpRoute('search-router', 'default', { 'search-v1': 100 }, { prefix: '/' }, 100),
    virtualService('search.watches', { router: 'search-router' }),
  ];
}
