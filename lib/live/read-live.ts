import type { AppMeshApi, AppMeshKind, AppMeshRef } from '../aws/app-mesh-api';
import type { CloudMapApi, CloudMapNamespaceInfo } from '../aws/cloud-map-api';
import { awsErrorName, isUnimplemented } from '../aws/errors';
import { canonicalJson } from '../resources/json';
import type { LiveResource, LiveState, Tags } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import { emptyReadCache, type ReadCache, type ReadCacheEntry } from './read-cache';

export interface LiveReadOptions {
  /** Our ownership tag value: meshes and namespaces carrying it are read even when no longer declared. */
  owner: string;
  /** Meshes and Cloud Map namespaces the repo declares. */
  meshes: string[];
  namespaces: string[];
  cache?: ReadCache;
  /** How long cached tags stay good (0: always re-read them). */
  tagMaxAgeMs: number;
  now?: () => Date;
  onProgress?: (message: string) => void;
}

export interface LiveReadStats {
  describes: number;
  describesFromCache: number;
  tagReads: number;
  tagReadsFromCache: number;
}

export interface LiveReadResult {
  state: LiveState;
  /** The cache to store for the next run (entries for what this run saw). */
  cache: ReadCache;
  stats: LiveReadStats;
}

export interface LiveApis {
  appMesh: AppMeshApi;
  cloudMap: CloudMapApi;
}

const MESH_CHILD_KINDS: AppMeshKind[] = ['VirtualNode', 'VirtualService', 'VirtualRouter', 'VirtualGateway'];

/**
 * Reads what the repo manages: declared meshes and meshes tagged with our owner, with everything in
 * them; declared and owned Cloud Map namespaces with their services. List pages are processed as
 * they arrive (describes start while the next page is fetched); every call shares one concurrency
 * limit. Read-only.
 */
export async function readLive(apis: LiveApis, options: LiveReadOptions): Promise<LiveReadResult> {
  const now = options.now ?? (() => new Date());
  const previous = options.cache ?? emptyReadCache();
  const next = emptyReadCache();
  const stats: LiveReadStats = { describes: 0, describesFromCache: 0, tagReads: 0, tagReadsFromCache: 0 };
  const resources: LiveResource[] = [];
  const warnings: string[] = [];
  const scope = { meshes: [] as string[], namespaces: [] as string[] };

  const tagsFresh = (entry: ReadCacheEntry | undefined, arn: string) =>
    entry?.tags !== undefined && entry.tagsReadAt !== undefined && now().getTime() - Date.parse(entry.tagsReadAt) < tagLifetimeMs(arn, options.tagMaxAgeMs);

  async function appMeshTags(arn: string, entry: ReadCacheEntry | undefined): Promise<{ tags: Tags; readAt: string }> {
    if (entry && tagsFresh(entry, arn)) {
      stats.tagReadsFromCache++;
      return { tags: entry.tags!, readAt: entry.tagsReadAt! };
    }
    stats.tagReads++;
    return { tags: await readTagsTolerantly(() => apis.appMesh.listTags(arn)), readAt: now().toISOString() };
  }

  /** Describe (or reuse the cached Describe of) one list entry, and its tags. */
  async function resolve(ref: AppMeshRef): Promise<LiveResource | undefined> {
    const cached = previous.entries[ref.arn];
    const sameVersion = cached !== undefined && cached.version === ref.version && cached.lastUpdatedAt === ref.lastUpdatedAt && cached.spec !== undefined;
    let spec = sameVersion ? cached.spec! : undefined;
    if (spec) stats.describesFromCache++;
    else {
      stats.describes++;
      const described = await apis.appMesh.describe(ref);
      if (!described || described.status !== 'ACTIVE') return undefined;
      spec = described.spec;
    }
    const { tags, readAt } = await appMeshTags(ref.arn, sameVersion ? cached : undefined);
    next.entries[ref.arn] = { version: ref.version, lastUpdatedAt: ref.lastUpdatedAt, spec, tags, tagsReadAt: readAt };
    return {
      kind: ref.kind,
      name: ref.name,
      ...(ref.mesh !== undefined ? { mesh: ref.mesh } : {}),
      ...(ref.parent !== undefined ? { parent: ref.parent } : {}),
      spec,
      tags,
      arn: ref.arn,
      version: ref.version,
      lastUpdatedAt: ref.lastUpdatedAt,
      ...(ref.resourceOwner ? { resourceOwner: ref.resourceOwner } : {}),
    };
  }

  /** Lists a kind page by page, resolving each page's entries while the next page is fetched. */
  async function readKind(kind: AppMeshKind, where: { mesh?: string; parent?: string }): Promise<LiveResource[]> {
    const pending: Promise<LiveResource | undefined>[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await apis.appMesh.listPage(kind, where, token);
        pending.push(...page.refs.map(resolve));
        token = page.nextToken;
      } while (token);
    } catch (err) {
      if (isUnimplemented((err as Error).cause ?? err)) {
        warnings.push(`the endpoint does not implement listing ${kind} resources; assuming there are none`);
        await Promise.allSettled(pending);
        return [];
      }
      await Promise.allSettled(pending);
      throw err;
    }
    return (await Promise.all(pending)).filter((r): r is LiveResource => r !== undefined);
  }

  async function readMesh(meshRef: AppMeshRef): Promise<void> {
    const mesh = meshRef.name;
    const [nodes, services, routers, gateways] = await Promise.all(MESH_CHILD_KINDS.map((k) => readKind(k, { mesh })));
    const [routes, gatewayRoutes] = await Promise.all([
      Promise.all(routers.map((r) => readKind('Route', { mesh, parent: r.name }))),
      Promise.all(gateways.map((g) => readKind('GatewayRoute', { mesh, parent: g.name }))),
    ]);
    resources.push(...nodes, ...services, ...routers, ...routes.flat(), ...gateways, ...gatewayRoutes.flat());
    options.onProgress?.(`read mesh ${mesh}`);
  }

  async function readAppMesh(): Promise<void> {
    let meshRefs: AppMeshRef[];
    try {
      meshRefs = await apis.appMesh.listAll('Mesh', {});
    } catch (err) {
      if (isUnimplemented((err as Error).cause ?? err)) {
        warnings.push('the endpoint does not implement App Mesh ListMeshes; assuming there are no meshes');
        return;
      }
      throw err;
    }
    const meshes = (await Promise.all(meshRefs.map(resolve))).filter((m): m is LiveResource => m !== undefined);
    const inScope = meshes.filter((m) => options.meshes.includes(m.name) || (options.owner !== '' && m.tags[OWNER_TAG] === options.owner));
    scope.meshes.push(...inScope.map((m) => m.name).sort());
    resources.push(...inScope);
    const byName = new Map(meshRefs.map((r) => [r.name, r]));
    await Promise.all(inScope.map((m) => readMesh(byName.get(m.name)!)));
  }

  async function cloudMapTags(arn: string, digest: string): Promise<Tags> {
    const cached = previous.entries[arn];
    let tags: Tags;
    let readAt: string;
    if (cached?.digest === digest && tagsFresh(cached, arn)) {
      stats.tagReadsFromCache++;
      tags = cached.tags!;
      readAt = cached.tagsReadAt!;
    } else {
      stats.tagReads++;
      tags = await readTagsTolerantly(() => apis.cloudMap.listTags(arn));
      readAt = now().toISOString();
    }
    next.entries[arn] = { digest, tags, tagsReadAt: readAt };
    return tags;
  }

  async function readNamespace(ns: CloudMapNamespaceInfo, tags: Tags): Promise<void> {
    resources.push({ kind: 'CloudMapNamespace', name: ns.name, spec: ns.spec, tags, arn: ns.arn, id: ns.id, ...(ns.resourceOwner ? { resourceOwner: ns.resourceOwner } : {}) });
    const services = await apis.cloudMap.listServices(ns.id);
    const read = await Promise.all(
      services.map(async (s): Promise<LiveResource> => ({
        kind: 'CloudMapService',
        name: s.name,
        parent: ns.name,
        spec: s.spec,
        tags: await cloudMapTags(s.arn, canonicalJson(s.spec)),
        arn: s.arn,
        id: s.id,
        ...(s.instanceCount !== undefined ? { instanceCount: s.instanceCount } : {}),
        ...(s.resourceOwner ? { resourceOwner: s.resourceOwner } : {}),
      })),
    );
    resources.push(...read);
  }

  async function readCloudMap(): Promise<void> {
    let namespaces: CloudMapNamespaceInfo[];
    try {
      namespaces = await apis.cloudMap.listNamespaces();
    } catch (err) {
      if (isUnimplemented((err as Error).cause ?? err)) {
        warnings.push('the endpoint does not implement Cloud Map ListNamespaces; assuming there are no namespaces');
        return;
      }
      throw err;
    }
    const withTags = await Promise.all(namespaces.map(async (ns) => ({ ns, tags: await cloudMapTags(ns.arn, canonicalJson(ns.spec)) })));
    const inScope = withTags.filter(({ ns, tags }) => options.namespaces.includes(ns.name) || (options.owner !== '' && tags[OWNER_TAG] === options.owner));
    scope.namespaces.push(...inScope.map(({ ns }) => ns.name).sort());
    await Promise.all(
      inScope.map(async ({ ns, tags }) => {
        // ListNamespaces leaves out a DNS namespace's SOA TTL (the AWS CLI example shows `SOA: {}`);
        // GetNamespace has it.
        const full = ns.type === 'HTTP' ? ns : ((await apis.cloudMap.getNamespace(ns.id)) ?? ns);
        await readNamespace({ ...ns, spec: full.spec }, tags);
      }),
    );
  }

  await Promise.all([readAppMesh(), readCloudMap()]);
  return { state: { resources, scope, warnings }, cache: next, stats };
}

/**
 * How long one resource's cached tags stay good: between half of `maxAgeMs` and all of it, fixed
 * per ARN. Tags read together (a cold read) then expire spread out, so each scheduled check re-reads
 * a slice of them instead of all of them at once.
 */
export function tagLifetimeMs(arn: string, maxAgeMs: number): number {
  let h = 2166136261;
  for (let i = 0; i < arn.length; i++) h = Math.imul(h ^ arn.charCodeAt(i), 16777619);
  // FNV-1a, then murmur3's finalizer: ARNs differ only in their last characters.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return maxAgeMs * (0.5 + ((h >>> 0) / 2 ** 32) * 0.5);
}

/** Resources another account created in a shared mesh refuse ListTags: they carry none of ours. */
async function readTagsTolerantly(read: () => Promise<Tags>): Promise<Tags> {
  try {
    return await read();
  } catch (err) {
    const name = awsErrorName((err as Error).cause ?? err);
    if (name === 'ForbiddenException' || name === 'AccessDeniedException') return {};
    throw err;
  }
}
