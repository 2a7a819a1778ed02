/**
 * Deterministic synthetic mesh repositories for the benchmarks: the same size always gives the same
 * documents, byte for byte. A repo is a list of resource documents (docs/design.md §1) plus settings; it
 * becomes a `DesiredState` directly or YAML files that go through the loader.
 */
import { stringify } from 'yaml';
import type { RepoSnapshot } from '../lib/model/snapshot';
import { compareKeys, resourceId } from '../lib/resources/resource-key';
import type { JsonObject } from '../lib/resources/json';
import type { Kind } from '../lib/resources/kinds';
import { LATTICE_KINDS, type LatticeKind } from '../lib/resources/kinds';
import type { DesiredResource, DesiredState, Settings, Tags } from '../lib/resources/types';

export type Size = 'S' | 'M' | 'L' | 'XL';
export const SIZES: readonly Size[] = ['S', 'M', 'L', 'XL'];

export interface SizeParameters {
  nodes: number;
  routers: number;
  /** Virtual services: the first `routers` are provided by a router, the rest by a node. */
  virtualServices: number;
  gateways: number;
  gatewayRoutesPerGateway: number;
  cloudMapServices: number;
  /** Nodes the 5% change removes in each mesh (and adds as many new ones). */
  nodesReplaced: number;
  /** Meshes of this shape, sharing the one Cloud Map namespace (default 1). */
  meshes?: number;
}

/**
 * L is App Mesh's default quota per mesh (200 nodes, 200 services, 200 routers, 3 gateways) with 2
 * routes per router, 10 routes per gateway and one Cloud Map namespace of 200 services: 1,235
 * resources. Every router has 2 routes.
 */
export const SIZE_PARAMETERS: Record<Size, SizeParameters> = {
  S: { nodes: 5, routers: 4, virtualServices: 5, gateways: 1, gatewayRoutesPerGateway: 2, cloudMapServices: 5, nodesReplaced: 1 },
  M: { nodes: 45, routers: 45, virtualServices: 45, gateways: 2, gatewayRoutesPerGateway: 10, cloudMapServices: 45, nodesReplaced: 2 },
  L: { nodes: 200, routers: 200, virtualServices: 200, gateways: 3, gatewayRoutesPerGateway: 10, cloudMapServices: 200, nodesReplaced: 5 },
  // Three meshes of L whose nodes discover through the same namespace: 3 × 1,034 + 201 = 3,303.
  XL: { nodes: 200, routers: 200, virtualServices: 200, gateways: 3, gatewayRoutesPerGateway: 10, cloudMapServices: 200, nodesReplaced: 5, meshes: 3 },
};

/** The meshes of a size: `bench`, then `bench-2`, `bench-3`. */
export function meshNames(size: Size): string[] {
  return Array.from({ length: SIZE_PARAMETERS[size].meshes ?? 1 }, (_, m) => (m === 0 ? MESH : `${MESH}-${m + 1}`));
}

export const ROUTES_PER_ROUTER = 2;
export const MESH = 'bench';
export const NAMESPACE = 'bench.local';
export const OWNER = 'bench/mesh-config';

/** A resource document as written in Git (docs/design.md §1). */
export interface ResourceDocument {
  kind: Kind;
  name: string;
  mesh?: string;
  virtualRouter?: string;
  virtualGateway?: string;
  namespace?: string;
  spec: JsonObject;
  tags: Tags;
}

export interface BenchRepo {
  size: Size;
  settings: Settings;
  /** In create order (kind rank, then name). */
  documents: ResourceDocument[];
}

/** What the 5% change does, by resource id (`Route/bench/router-007/primary`). */
export interface ExpectedChange {
  created: string[];
  updated: string[];
  deleted: string[];
}

const pad = (n: number) => String(n).padStart(3, '0');
export const nodeName = (i: number) => `node-${pad(i)}`;
export const routerName = (i: number) => `router-${pad(i)}`;
export const virtualServiceName = (i: number) => `svc-${pad(i)}.${MESH}.local`;
export const gatewayName = (i: number) => `gateway-${i}`;
export const cloudMapServiceName = (i: number) => `svc-${pad(i)}`;

export function benchSettings(): Settings {
  return { version: 1, region: 'us-east-1', owner: OWNER, path: 'mesh', prune: true, maxDeletes: 10, drift: { report: 'issue', remediate: false }, ignore: [],
    targets: ['appmesh'], lattice: { authType: 'NONE', vpcs: [], registration: 'none', unsupported: 'error' } };
}

function virtualNode(i: number, p: SizeParameters, deployment: string): ResourceDocument {
  return {
    kind: 'VirtualNode',
    name: nodeName(i),
    mesh: MESH,
    spec: {
      listeners: [
        {
          portMapping: { port: 8080, protocol: 'http' },
          healthCheck: { protocol: 'http', path: '/health', healthyThreshold: 2, unhealthyThreshold: 3, intervalMillis: 10000, timeoutMillis: 5000 },
          timeout: { http: { perRequest: { unit: 's', value: 15 } } },
        },
      ],
      serviceDiscovery: {
        awsCloudMap: {
          namespaceName: NAMESPACE,
          serviceName: cloudMapServiceName(i % p.cloudMapServices),
          attributes: [{ key: 'deployment', value: deployment }],
        },
      },
      backends: [1, 2].map((d) => ({ virtualService: { virtualServiceName: virtualServiceName((i + d) % p.virtualServices) } })),
      logging: { accessLog: { file: { path: '/dev/stdout' } } },
    },
    tags: { team: `team-${i % 8}`, deployment },
  };
}

function route(router: number, name: 'primary' | 'canary', targets: [string, number][]): ResourceDocument {
  const match: JsonObject = name === 'primary' ? { prefix: '/' } : { prefix: '/', headers: [{ name: 'x-canary', match: { exact: 'true' } }] };
  return {
    kind: 'Route',
    name,
    mesh: MESH,
    virtualRouter: routerName(router),
    spec: {
      priority: name === 'primary' ? 100 : 10,
      httpRoute: {
        match,
        action: { weightedTargets: targets.map(([virtualNode, weight]) => ({ virtualNode, weight })) },
        retryPolicy: { maxRetries: 2, perRetryTimeout: { unit: 'ms', value: 2000 }, httpRetryEvents: ['server-error', 'gateway-error'] },
      },
    },
    tags: { team: `team-${router % 8}` },
  };
}

/** The two nodes a router splits traffic between. */
function routerNodes(j: number, p: SizeParameters): [number, number] {
  return [j % p.nodes, (j + 1) % p.nodes];
}

function routesOf(j: number, p: SizeParameters, nodeOf: (i: number) => string): ResourceDocument[] {
  const [a, b] = routerNodes(j, p);
  return [route(j, 'primary', [[nodeOf(a), 90], [nodeOf(b), 10]]), route(j, 'canary', [[nodeOf(b), 80], [nodeOf(a), 20]])];
}

/** Where a bench repository is planned and applied: App Mesh (the default) or VPC Lattice. */
export type BenchTarget = 'appmesh' | 'lattice';

/** The VPC the Lattice bench associates with its service network (the emulator accepts any id). */
export const BENCH_VPC = 'vpc-0bench00000000001';

/** Settings of the bench repository for `target`: on Lattice, `targets: [lattice]` and `unsupported: warn`, as a team migrating would write. */
function settingsFor(target: BenchTarget): Settings {
  const base = benchSettings();
  if (target === 'appmesh') return base;
  return { ...base, targets: ['lattice'], lattice: { ...base.lattice, vpcs: [{ vpc: BENCH_VPC, securityGroups: [] }], unsupported: 'warn' } };
}

/** The repository of one size. Deterministic: no randomness, no clock. */
export function generateRepo(size: Size, target: BenchTarget = 'appmesh'): BenchRepo {
  const p = SIZE_PARAMETERS[size];
  const docs: ResourceDocument[] = [];
  docs.push({ kind: 'CloudMapNamespace', name: NAMESPACE, spec: { type: 'HTTP', description: 'Service discovery for the bench mesh' }, tags: { team: 'platform' } });
  for (let i = 0; i < p.cloudMapServices; i++) {
    docs.push({ kind: 'CloudMapService', name: cloudMapServiceName(i), namespace: NAMESPACE, spec: { description: `tasks of ${cloudMapServiceName(i)}, registered by ECS` }, tags: { team: `team-${i % 8}` } });
  }
  for (const mesh of meshNames(size)) {
    const inMesh: ResourceDocument[] = [];
    inMesh.push({ kind: 'Mesh', name: MESH, spec: { egressFilter: { type: 'DROP_ALL' } }, tags: { team: 'platform' } });
    for (let i = 0; i < p.nodes; i++) inMesh.push(virtualNode(i, p, 'v1'));
    for (let j = 0; j < p.routers; j++) {
      inMesh.push({ kind: 'VirtualRouter', name: routerName(j), mesh: MESH, spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, tags: { team: `team-${j % 8}` } });
      inMesh.push(...routesOf(j, p, nodeName));
    }
    for (let k = 0; k < p.virtualServices; k++) {
      const provider: JsonObject = k < p.routers ? { virtualRouter: { virtualRouterName: routerName(k) } } : { virtualNode: { virtualNodeName: nodeName(k % p.nodes) } };
      inMesh.push({ kind: 'VirtualService', name: virtualServiceName(k), mesh: MESH, spec: { provider }, tags: { team: `team-${k % 8}` } });
    }
    for (let g = 0; g < p.gateways; g++) {
      inMesh.push({
        kind: 'VirtualGateway',
        name: gatewayName(g),
        mesh: MESH,
        spec: {
          listeners: [{ portMapping: { port: 8080, protocol: 'http' }, healthCheck: { protocol: 'http', path: '/ping', healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000 } }],
          logging: { accessLog: { file: { path: '/dev/stdout' } } },
        },
        tags: { team: 'platform' },
      });
      for (let r = 0; r < p.gatewayRoutesPerGateway; r++) {
        const target = (g * p.gatewayRoutesPerGateway + r) % p.virtualServices;
        inMesh.push({
          kind: 'GatewayRoute',
          name: `route-${pad(r)}`,
          mesh: MESH,
          virtualGateway: gatewayName(g),
          spec: { httpRoute: { match: { prefix: `/api/${cloudMapServiceName(target)}/` }, action: { target: { virtualService: { virtualServiceName: virtualServiceName(target) } }, rewrite: { prefix: { value: '/' } } } } },
          tags: { team: 'platform' },
        });
      }
    }
    docs.push(...inMesh.map((d) => (d.mesh === MESH ? { ...d, mesh } : d)).map((d) => (d.kind === 'Mesh' ? { ...d, name: mesh } : d)));
  }
  // The 5% change deletes `nodesReplaced` nodes in each mesh: within maxDeletes (10 per mesh).
  return { size, settings: { ...settingsFor(target), maxDeletes: 10 * (p.meshes ?? 1) }, documents: sortDocuments(docs) };
}

/**
 * The "5% change": weights shifted on 10% of the routes, the last `nodesReplaced` nodes removed
 * and as many new ones added, with every route and node-provided virtual service that named a
 * removed node retargeted to its replacement. The removed nodes' Cloud Map services stay (the new
 * deployments register in them).
 */
export function changeRepo(repo: BenchRepo): { repo: BenchRepo; expected: ExpectedChange } {
  const p = SIZE_PARAMETERS[repo.size];
  const firstRemoved = p.nodes - p.nodesReplaced;
  const replacement = (name: string): string => {
    const m = /^node-(\d+)$/.exec(name);
    const i = m ? Number(m[1]) : -1;
    return i >= firstRemoved && i < p.nodes ? nodeName(p.nodes + (i - firstRemoved)) : name;
  };
  const routes = repo.documents.filter((d) => d.kind === 'Route');
  // Two routes in every 20, alternating canary (even positions) and primary (odd): 10% of the routes.
  const shifted = new Set(routes.filter((_, index) => index % 20 === 0 || index % 20 === 11).map(documentId));
  const created: string[] = [];
  const updated = new Set<string>();
  const deleted: string[] = [];
  const docs: ResourceDocument[] = [];
  for (const doc of repo.documents) {
    if (doc.kind === 'VirtualNode' && replacement(doc.name) !== doc.name) {
      deleted.push(documentId(doc));
      const i = Number(/^node-(\d+)$/.exec(doc.name)![1]);
      const added = { ...virtualNode(i, p, 'v2'), mesh: doc.mesh!, name: replacement(doc.name) };
      docs.push(added);
      created.push(documentId(added));
      continue;
    }
    const next = structuredClone(doc);
    if (doc.kind === 'Route') {
      const targets = (next.spec.httpRoute as JsonObject & { action: { weightedTargets: { virtualNode: string; weight: number }[] } }).action.weightedTargets;
      for (const t of targets) t.virtualNode = replacement(t.virtualNode);
      if (shifted.has(documentId(doc))) {
        targets[0].weight -= 20;
        targets[1].weight += 20;
      }
    }
    if (doc.kind === 'VirtualService') {
      const provider = next.spec.provider as { virtualNode?: { virtualNodeName: string } };
      if (provider.virtualNode) provider.virtualNode.virtualNodeName = replacement(provider.virtualNode.virtualNodeName);
    }
    if (JSON.stringify(next) !== JSON.stringify(doc)) updated.add(documentId(doc));
    docs.push(next);
  }
  return {
    repo: { ...repo, documents: sortDocuments(docs) },
    expected: { created: created.sort(), updated: [...updated].sort(), deleted: deleted.sort() },
  };
}

export function documentKey(doc: ResourceDocument): { kind: Kind; name: string; mesh?: string; parent?: string } {
  const parent = doc.virtualRouter ?? doc.virtualGateway ?? doc.namespace;
  return { kind: doc.kind, name: doc.name, ...(doc.mesh !== undefined ? { mesh: doc.mesh } : {}), ...(parent !== undefined ? { parent } : {}) };
}

export function documentId(doc: ResourceDocument): string {
  return resourceId(documentKey(doc));
}

function sortDocuments(docs: ResourceDocument[]): ResourceDocument[] {
  return docs.sort((a, b) => compareKeys(documentKey(a), documentKey(b)));
}

/** Documents per YAML file: files stay far below the 1 MiB limit and look like a real repo's. */
const DOCUMENTS_PER_FILE = 50;

const FOLDERS: Record<Kind, string> = {
  ...(Object.fromEntries(LATTICE_KINDS.map((k) => [k, 'lattice'])) as Record<LatticeKind, string>),
  CloudMapNamespace: 'cloud-map',
  CloudMapService: 'cloud-map',
  Mesh: 'mesh',
  VirtualNode: 'virtual-nodes',
  VirtualRouter: 'routing',
  Route: 'routing',
  VirtualService: 'virtual-services',
  VirtualGateway: 'ingress',
  GatewayRoute: 'ingress',
};

/** The repository as files (`meshops.yaml` and `mesh/<folder>/part-NN.yaml`), in a fixed order. */
export function repoFiles(repo: BenchRepo): { path: string; content: string }[] {
  const { settings } = repo;
  const onLattice = settings.targets.includes('lattice');
  const lattice = { authType: settings.lattice.authType, vpcs: settings.lattice.vpcs, registration: settings.lattice.registration, unsupported: settings.lattice.unsupported };
  const files = [{ path: 'meshops.yaml', content: stringify({ version: settings.version, region: settings.region, owner: settings.owner, path: settings.path, prune: settings.prune, maxDeletes: settings.maxDeletes, ...(onLattice ? { targets: settings.targets, lattice } : {}) }) }];
  const byFolder = new Map<string, ResourceDocument[]>();
  for (const doc of repo.documents) {
    const folder = FOLDERS[doc.kind];
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), doc]);
  }
  for (const [folder, docs] of byFolder) {
    for (let start = 0, part = 1; start < docs.length; start += DOCUMENTS_PER_FILE, part++) {
      const content = docs
        .slice(start, start + DOCUMENTS_PER_FILE)
        .map((d) => stringify(d, { lineWidth: 0 }))
        .join('---\n');
      files.push({ path: `${settings.path}/${folder}/part-${String(part).padStart(2, '0')}.yaml`, content });
    }
  }
  return files;
}

export function repoSnapshot(repo: BenchRepo): RepoSnapshot {
  const encoder = new TextEncoder();
  return { repo: `bench-${repo.size}`, files: repoFiles(repo).map((f) => ({ path: f.path, content: encoder.encode(f.content) })) };
}

/** The desired state without going through YAML (sources point at the document's index). */
export function desiredState(repo: BenchRepo): DesiredState {
  const resources: DesiredResource[] = repo.documents.map((doc, index) => ({
    ...documentKey(doc),
    spec: structuredClone(doc.spec),
    tags: { ...doc.tags },
    source: { file: `generated:${repo.size}`, line: index + 1, column: 1 },
  }));
  return { settings: { ...repo.settings, drift: { ...repo.settings.drift }, ignore: [...repo.settings.ignore] }, resources };
}
