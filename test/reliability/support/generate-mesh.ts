import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { loadDesiredState } from '../../../lib/model';
import type { DesiredState } from '../../../lib/resources/types';

/**
 * A realistic mesh repository of any size, in two versions, for the fault, crash and soak runs.
 *
 * Per mesh: a Cloud Map HTTP namespace, the mesh, one virtual gateway. Per service: two virtual
 * nodes (v1, v2) discovered through Cloud Map, a Cloud Map service, a virtual router, a weighted
 * route, a virtual service; the first ten services also get a gateway route. Every node has the
 * first service as a backend (service 0 is never removed, so no version leaves a dangling backend).
 *
 * Version 2 exercises every operation type: it removes service 1 of each mesh (deletes of every
 * App Mesh kind and of a Cloud Map service), adds two services (creates), shifts the weights of
 * every third route (route updates), re-tags every fourth node (TagResource/UntagResource) and
 * re-describes every fifth Cloud Map service (UpdateService, an asynchronous Cloud Map operation).
 */
export interface MeshRepoOptions {
  meshes: number;
  servicesPerMesh: number;
  version: 1 | 2;
  owner?: string;
  /** Prefix of mesh names (several repos in one account must not collide). */
  prefix?: string;
}

export const GENERATED_OWNER = 'acme/reliability';

export interface GeneratedRepo {
  /** Repository-relative path → YAML text. */
  files: Record<string, string>;
  desired: DesiredState;
  /** Resources declared, by kind. */
  counts: Record<string, number>;
}

type Doc = Record<string, unknown>;

function serviceIndexes(options: MeshRepoOptions): number[] {
  const all = Array.from({ length: options.servicesPerMesh }, (_, i) => i);
  if (options.version === 1) return all;
  // v2: service 1 is removed, two services are added after the last one.
  return [...all.filter((i) => i !== 1), options.servicesPerMesh, options.servicesPerMesh + 1];
}

function node(mesh: string, svc: number, version: 'v1' | 'v2', repoVersion: 1 | 2): Doc {
  const retag = repoVersion === 2 && svc % 4 === 0;
  return {
    kind: 'VirtualNode',
    name: `svc${svc}-${version}`,
    mesh,
    spec: {
      listeners: [
        {
          portMapping: { port: 8080, protocol: 'http' },
          healthCheck: { protocol: 'http', path: '/health', healthyThreshold: 2, unhealthyThreshold: 3, intervalMillis: 10000, timeoutMillis: 5000 },
        },
      ],
      serviceDiscovery: { awsCloudMap: { namespaceName: `ns-${mesh}`, serviceName: `svc${svc}`, attributes: [{ key: 'version', value: version }] } },
      ...(svc === 0 ? {} : { backends: [{ virtualService: { virtualServiceName: `svc0.${mesh}.local` } }] }),
    },
    tags: retag ? { team: `team-${svc % 7}`, release: version } : { team: `team-${svc % 7}`, tier: 'backend' },
  };
}

function serviceDocs(mesh: string, svc: number, repoVersion: 1 | 2): Doc[] {
  const shifted = repoVersion === 2 && svc % 3 === 0;
  const redescribed = repoVersion === 2 && svc % 5 === 0;
  const docs: Doc[] = [
    {
      kind: 'CloudMapService',
      name: `svc${svc}`,
      namespace: `ns-${mesh}`,
      spec: { description: redescribed ? `service ${svc} of ${mesh}, re-described` : `service ${svc} of ${mesh}` },
      tags: { team: `team-${svc % 7}` },
    },
    node(mesh, svc, 'v1', repoVersion),
    node(mesh, svc, 'v2', repoVersion),
    { kind: 'VirtualRouter', name: `svc${svc}-router`, mesh, spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] } },
    {
      kind: 'Route',
      name: `svc${svc}-route`,
      mesh,
      virtualRouter: `svc${svc}-router`,
      spec: {
        priority: 100,
        httpRoute: {
          match: { prefix: '/' },
          action: {
            weightedTargets: [
              { virtualNode: `svc${svc}-v1`, weight: shifted ? 50 : 90 },
              { virtualNode: `svc${svc}-v2`, weight: shifted ? 50 : 10 },
            ],
          },
          retryPolicy: { maxRetries: 2, perRetryTimeout: { unit: 'ms', value: 2000 }, httpRetryEvents: ['server-error', 'gateway-error'] },
        },
      },
    },
    {
      kind: 'VirtualService',
      name: `svc${svc}.${mesh}.local`,
      mesh,
      spec: { provider: { virtualRouter: { virtualRouterName: `svc${svc}-router` } } },
      tags: { team: `team-${svc % 7}` },
    },
  ];
  // Gateway routes: at most 10 per gateway (App Mesh's default quota).
  if (svc < 10) {
    docs.push({
      kind: 'GatewayRoute',
      name: `svc${svc}-gw`,
      mesh,
      virtualGateway: 'ingress',
      spec: { httpRoute: { match: { prefix: `/svc${svc}/` }, action: { target: { virtualService: { virtualServiceName: `svc${svc}.${mesh}.local` } } } } },
    });
  }
  return docs;
}

function meshDocs(mesh: string): Doc[] {
  return [
    { kind: 'CloudMapNamespace', name: `ns-${mesh}`, spec: { type: 'HTTP', description: `discovery for ${mesh}` }, tags: { team: 'platform' } },
    { kind: 'Mesh', name: mesh, spec: { egressFilter: { type: 'DROP_ALL' } }, tags: { team: 'platform' } },
    {
      kind: 'VirtualGateway',
      name: 'ingress',
      mesh,
      spec: {
        listeners: [
          {
            portMapping: { port: 8080, protocol: 'http' },
            healthCheck: { protocol: 'http', path: '/ping', healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000 },
          },
        ],
      },
    },
  ];
}

/** The repository's files; `desired` is what the model makes of them (so the generator is checked by the real validator). */
export function generateMeshRepo(options: MeshRepoOptions): GeneratedRepo {
  const owner = options.owner ?? GENERATED_OWNER;
  const files: Record<string, string> = {
    'meshops.yaml': stringify({ version: 1, region: 'us-east-1', owner, path: 'mesh', prune: true, maxDeletes: 10_000 }),
  };
  for (let m = 0; m < options.meshes; m++) {
    const mesh = `${options.prefix ?? 'm'}${m}`;
    files[`mesh/${mesh}/mesh.yaml`] = meshDocs(mesh).map((d) => stringify(d)).join('---\n');
    for (const svc of serviceIndexes(options)) {
      files[`mesh/${mesh}/services/svc${svc}.yaml`] = serviceDocs(mesh, svc, options.version).map((d) => stringify(d)).join('---\n');
    }
  }
  const encoder = new TextEncoder();
  const result = loadDesiredState({ repo: owner, files: Object.entries(files).map(([path, text]) => ({ path, content: encoder.encode(text) })) });
  if (!result.state) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').slice(0, 5);
    throw new Error(`the generated repository does not validate: ${errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('; ')}`);
  }
  const counts: Record<string, number> = {};
  for (const r of result.state.resources) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return { files, desired: result.state, counts };
}

export function writeRepo(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}
