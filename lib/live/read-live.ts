import type { AppMeshApi, AppMeshKind, AppMeshRef } from '../aws/app-mesh-api';
import type { CloudMapApi, CloudMapNamespaceInfo } from '../aws/cloud-map-api';
import { awsErrorName, isNotFound, isUnimplemented } from '../aws/errors';
import type { LatticeApi } from '../aws/lattice-api';
import type { TaggingApi } from '../aws/tagging-api';
import { readLattice, type LatticeReadScope } from './read-lattice';
import { canonicalJson } from '../resources/json';
import type { LiveResource, LiveState, Tags } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import { TagSource, type TagReadStats } from './bulk-tags';
import { emptyReadCache, type ReadCache } from './read-cache';

export interface LiveReadOptions {
  /** Our ownership tag value: meshes and namespaces carrying it are read even when no longer declared. */
  owner: string;
  /** Meshes and Cloud Map namespaces the repo declares. */
  meshes: string[];
  namespaces: string[];
  /** Present when the repository plans onto VPC Lattice: the Lattice names it declares. */
  lattice?: LatticeReadScope;
  cache?: ReadCache;
  onProgress?: (message: string) => void;
}

export interface LiveReadStats extends TagReadStats {
  describes: number;
  describesFromCache: number;
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
  /** The Resource Groups Tagging API; without it every resource's tags are read on their own. */
  tagging?: TaggingApi;
  /** VPC Lattice: read when the options ask for it. */
  lattice?: LatticeApi;
}

const MESH_CHILD_KINDS: AppMeshKind[] = ['VirtualNode', 'VirtualService', 'VirtualRouter', 'VirtualGateway'];
/** The Tagging API's names of the services this reader reads. */
const TAGGED_SERVICES = ['appmesh', 'servicediscovery'];

/**
 * Reads what the repo manages: declared meshes and meshes tagged with our owner, with everything in
 * them; declared and owned Cloud Map namespaces with their services. List pages are processed as
 * they arrive (describes start while the next page is fetched); the tags of every resource come in
 * bulk, read alongside the lists (see TagSource); every call shares one concurrency limit.
 * Read-only.
 */
export async function readLive(apis: LiveApis, options: LiveReadOptions): Promise<LiveReadResult> {
  const previous = options.cache ?? emptyReadCache();
  const next = emptyReadCache();
  const counts = { describes: 0, describesFromCache: 0 };
  const resources: LiveResource[] = [];
  const warnings: string[] = [];
  const scope: LiveState['scope'] = { meshes: [], namespaces: [] };

  const readOne = async (arn: string): Promise<Tags | undefined> => {
    const service = arn.split(':')[2];
    const api = service === 'appmesh' ? apis.appMesh : service === 'servicediscovery' ? apis.cloudMap : service === 'vpc-lattice' ? apis.lattice : undefined;
    if (!api) return undefined;
    try {
      return await api.listTags(arn);
    } catch (err) {
      const cause = (err as Error).cause ?? err;
      if (isNotFound(cause) || isForbidden(cause)) return undefined;
      throw err;
    }
  };
  const tagSource = new TagSource({
    ...(apis.tagging ? { tagging: apis.tagging } : {}),
    services: options.lattice && apis.lattice ? [...TAGGED_SERVICES, 'vpc-lattice'] : TAGGED_SERVICES,
    owner: options.owner,
    readOne,
    recentlyWritten: (arn) => previous.entries[arn]?.tagsDirty === true,
  });
  void tagSource.start().catch(() => undefined);

  const appMeshTags = (arn: string) => tagSource.tagsOf(arn, () => readTagsTolerantly(() => apis.appMesh.listTags(arn)), previous.entries[arn]);

  /** Describe (or reuse the cached Describe of) one list entry; undefined when it is going away. */
  async function describe(ref: AppMeshRef): Promise<Omit<LiveResource, 'tags'> | undefined> {
    const cached = previous.entries[ref.arn];
    const sameVersion = cached !== undefined && cached.version === ref.version && cached.lastUpdatedAt === ref.lastUpdatedAt && cached.spec !== undefined;
    let spec = sameVersion ? cached.spec! : undefined;
    if (spec) counts.describesFromCache++;
    else {
      counts.describes++;
      const described = await apis.appMesh.describe(ref);
      if (!described || described.status !== 'ACTIVE') return undefined;
      spec = described.spec;
    }
    return {
      kind: ref.kind,
      name: ref.name,
      ...(ref.mesh !== undefined ? { mesh: ref.mesh } : {}),
      ...(ref.parent !== undefined ? { parent: ref.parent } : {}),
      spec,
      arn: ref.arn,
      version: ref.version,
      lastUpdatedAt: ref.lastUpdatedAt,
      ...(ref.resourceOwner ? { resourceOwner: ref.resourceOwner } : {}),
    };
  }

  async function withTags(resource: Omit<LiveResource, 'tags'>): Promise<LiveResource> {
    const tags = await appMeshTags(resource.arn!);
    next.entries[resource.arn!] = { version: resource.version, lastUpdatedAt: resource.lastUpdatedAt, spec: resource.spec, tags };
    return { ...resource, tags } as LiveResource;
  }

  async function resolve(ref: AppMeshRef): Promise<LiveResource | undefined> {
    const described = await describe(ref);
    return described && withTags(described);
  }

  /**
   * Lists a kind page by page, resolving each page's entries while the next page is fetched.
   * `refs` settles with the list alone (children can be listed at once); `resources` once every
   * entry is described and tagged.
   */
  function readKind(kind: AppMeshKind, where: { mesh?: string; parent?: string }): { refs: Promise<AppMeshRef[]>; resources: Promise<LiveResource[]> } {
    const pending: Promise<LiveResource | undefined>[] = [];
    const refs = (async () => {
      const all: AppMeshRef[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await apis.appMesh.listPage(kind, where, token);
          all.push(...page.refs);
          pending.push(...page.refs.map(resolve));
          token = page.nextToken;
        } while (token);
      } catch (err) {
        const cause = (err as Error).cause ?? err;
        // A parent deleted since its list page: it has no children to read.
        if (where.parent !== undefined && isNotFound(cause)) return [];
        if (isUnimplemented(cause)) {
          warnings.push(`the endpoint does not implement listing ${kind} resources; assuming there are none`);
          return [];
        }
        await Promise.allSettled(pending);
        throw err;
      }
      return all;
    })();
    const resources = refs.then(async () => (await Promise.all(pending)).filter((r): r is LiveResource => r !== undefined));
    // Kinds are listed side by side: when one fails, the read stops awaiting the others, and a
    // later failure of theirs must not surface as an unhandled rejection (a crash on the CLI).
    settleQuietly(refs, resources);
    return { refs, resources };
  }

  async function readMesh(mesh: string): Promise<LiveResource[]> {
    const [nodes, services, routers, gateways] = MESH_CHILD_KINDS.map((k) => readKind(k, { mesh }));
    const routes = (await routers.refs).map((r) => readKind('Route', { mesh, parent: r.name }).resources);
    const gatewayRoutes = (await gateways.refs).map((g) => readKind('GatewayRoute', { mesh, parent: g.name }).resources);
    const [n, s, r, rs, g, grs] = await Promise.all([nodes.resources, services.resources, routers.resources, Promise.all(routes), gateways.resources, Promise.all(gatewayRoutes)]);
    options.onProgress?.(`read mesh ${mesh}`);
    return [...n, ...s, ...r, ...rs.flat(), ...g, ...grs.flat()];
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
    // A declared mesh is read at once; another one only once its tags say it is ours.
    const found = await Promise.all(
      meshRefs.map(async (ref) => {
        const declared = options.meshes.includes(ref.name);
        const children = declared ? readMesh(ref.name) : undefined;
        if (children) settleQuietly(children);
        const mesh = await resolve(ref);
        const inScope = mesh !== undefined && (declared || (options.owner !== '' && mesh.tags[OWNER_TAG] === options.owner));
        const read = await (children ?? (inScope ? readMesh(ref.name) : undefined));
        return inScope ? { mesh, children: read ?? [] } : undefined;
      }),
    );
    const inScope = found.filter((m) => m !== undefined);
    scope.meshes.push(...inScope.map((m) => m.mesh.name).sort());
    resources.push(...inScope.map((m) => m.mesh), ...inScope.flatMap((m) => m.children));
  }

  async function cloudMapTags(arn: string, digest: string): Promise<Tags> {
    const tags = await tagSource.tagsOf(arn, () => readTagsTolerantly(() => apis.cloudMap.listTags(arn)), previous.entries[arn]);
    next.entries[arn] = { digest, tags };
    return tags;
  }

  async function readNamespace(ns: CloudMapNamespaceInfo, tags: Tags): Promise<LiveResource[]> {
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
    return [{ kind: 'CloudMapNamespace', name: ns.name, spec: ns.spec, tags, arn: ns.arn, id: ns.id, ...(ns.resourceOwner ? { resourceOwner: ns.resourceOwner } : {}) }, ...read];
  }

  async function readCloudMap(): Promise<LiveResource[]> {
    let namespaces: CloudMapNamespaceInfo[];
    try {
      namespaces = await apis.cloudMap.listNamespaces();
    } catch (err) {
      if (isUnimplemented((err as Error).cause ?? err)) {
        warnings.push('the endpoint does not implement Cloud Map ListNamespaces; assuming there are no namespaces');
        return [];
      }
      throw err;
    }
    const read = await Promise.all(
      namespaces.map(async (ns) => {
        const declared = options.namespaces.includes(ns.name);
        // ListNamespaces leaves out a DNS namespace's SOA TTL (the AWS CLI example shows `SOA: {}`);
        // GetNamespace has it.
        const full = async () => (ns.type === 'HTTP' ? ns : ((await apis.cloudMap.getNamespace(ns.id)) ?? ns));
        const [tags, spec] = await Promise.all([cloudMapTags(ns.arn, canonicalJson(ns.spec)), declared ? full().then((f) => f.spec) : undefined]);
        if (!declared && !(options.owner !== '' && tags[OWNER_TAG] === options.owner)) return undefined;
        scope.namespaces.push(ns.name);
        return readNamespace({ ...ns, spec: spec ?? (await full()).spec }, tags);
      }),
    );
    scope.namespaces.sort();
    return read.flatMap((r) => r ?? []);
  }

  const readLatticeScope = async (): Promise<LiveResource[]> => {
    if (!options.lattice) return [];
    if (!apis.lattice) {
      warnings.push('no VPC Lattice client: Lattice resources were not read');
      return [];
    }
    const read = await readLattice(apis.lattice, { owner: options.owner, scope: options.lattice, tags: (arn, one) => tagSource.tagsOf(arn, () => readTagsTolerantly(one), previous.entries[arn]) });
    warnings.push(...read.warnings);
    scope.serviceNetworks = read.serviceNetworks;
    return read.resources;
  };
  const [, cloudMap, lattice] = await Promise.all([readAppMesh(), readCloudMap(), readLatticeScope()]);
  resources.push(...cloudMap, ...lattice);
  warnings.push(...(await tagSource.warnings()));
  return { state: { resources, scope, warnings }, cache: next, stats: { ...counts, ...tagSource.stats } };
}

/** Resources another account created in a shared mesh refuse ListTags: they carry none of ours. */
async function readTagsTolerantly(read: () => Promise<Tags>): Promise<Tags> {
  try {
    return await read();
  } catch (err) {
    if (isForbidden((err as Error).cause ?? err)) return {};
    throw err;
  }
}

function isForbidden(err: unknown): boolean {
  const name = awsErrorName(err);
  return name === 'ForbiddenException' || name === 'AccessDeniedException';
}

/**
 * Marks promises as handled without changing them: whoever awaits one still gets its rejection, but
 * one nobody awaits any more (a sibling read failed first) does not become an unhandled rejection.
 */
function settleQuietly(...promises: Promise<unknown>[]): void {
  for (const p of promises) p.catch(() => undefined);
}
