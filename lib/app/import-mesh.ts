import { readLive } from '../live/read-live';
import { userTags } from '../plan/build-plan';
import type { JsonObject } from '../resources/json';
import { isJsonObject } from '../resources/json';
import { KIND_INFO } from '../resources/kinds';
import { referencesOf } from '../resources/references';
import { compareKeys, type ResourceKey } from '../resources/resource-key';
import type { LiveResource } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import type { Engine } from './engine';
import { layOutRepo } from './repo-layout';

export interface ImportOptions {
  mesh: string;
  /** The owner to write; else the `meshops:owner` tag the mesh's resources share. */
  owner?: string;
  /** VPC of private DNS namespaces (the API never returns it). */
  vpc?: string;
  region: string;
  /** Where resource files go inside the repo (the settings' `path`). */
  path?: string;
}

export interface ImportedRepo {
  files: { path: string; content: string }[];
  owner: string;
  /** How the owner was chosen, and anything the user should know (e.g. resources that will be adopted). */
  notes: string[];
  resources: number;
}

export class ImportError extends Error {
  override name = 'ImportError';
}


/**
 * Live mesh → a repository in our format that plans to zero changes (or to adoptions, when its
 * resources carry no owner tag yet): the way an existing mesh comes under Git. Also imports the
 * Cloud Map namespaces its virtual nodes discover through.
 */
export async function importMesh(engine: Engine, options: ImportOptions): Promise<ImportedRepo> {
  const namespacesOfNodes = new Set<string>();
  const first = await readLive(engine.apis, { owner: '', meshes: [options.mesh], namespaces: [] });
  if (!first.state.resources.some((r) => isMesh(r) && r.name === options.mesh)) {
    throw new ImportError(`mesh ${options.mesh} does not exist in ${options.region} at this endpoint`);
  }
  for (const r of first.state.resources) {
    for (const ref of referencesOf(r)) if (ref.role === 'cloud-map-namespace') namespacesOfNodes.add(ref.target.name);
  }
  const cloudMap = namespacesOfNodes.size
    ? (await readLive(engine.apis, { owner: '', meshes: [], namespaces: [...namespacesOfNodes] })).state.resources
    : [];
  const resources = [...first.state.resources, ...cloudMap].filter((r) => !isMesh(r) || r.name === options.mesh).sort(compareKeys);

  const notes: string[] = [];
  const owners = new Set(resources.map((r) => r.tags[OWNER_TAG]));
  let owner = options.owner;
  if (!owner) {
    if (owners.size === 1 && [...owners][0] !== undefined) {
      owner = [...owners][0]!;
      notes.push(`owner ${owner}: the ${OWNER_TAG} tag every imported resource carries`);
    } else {
      throw new ImportError(
        owners.size > 1
          ? `the resources of mesh ${options.mesh} carry different ${OWNER_TAG} tags (${[...owners].map((o) => o ?? 'none').join(', ')}); pass --owner to choose`
          : `the resources of mesh ${options.mesh} carry no ${OWNER_TAG} tag; pass --owner (e.g. your repository's owner/name): the first apply will adopt them`,
      );
    }
  } else {
    const untagged = resources.filter((r) => r.tags[OWNER_TAG] === undefined).length;
    if (untagged) notes.push(`${untagged} resource(s) carry no ${OWNER_TAG} tag: the first plan adopts them (tags them ${owner})`);
    const foreign = resources.filter((r) => r.tags[OWNER_TAG] !== undefined && r.tags[OWNER_TAG] !== owner);
    if (foreign.length) notes.push(`${foreign.length} resource(s) are owned by someone else and will show as conflicts: ${foreign.slice(0, 5).map((r) => `${r.kind} ${r.name}`).join(', ')}`);
  }

  const path = options.path ?? 'mesh';
  const settings: JsonObject = { version: 1, region: options.region, owner, path };
  const files = layOutRepo(resources.map((r) => ({ key: r, document: documentFor(r, options) })), settings, { path });
  return { files, owner, notes, resources: resources.length };
}

function documentFor(r: LiveResource, options: ImportOptions): JsonObject {
  const doc: JsonObject = { kind: r.kind, name: r.name };
  if (r.mesh !== undefined) doc.mesh = r.mesh;
  const info = KIND_INFO[r.kind];
  if (info.parent) doc[info.parent.field] = r.parent!;
  const spec = structuredClone(r.spec);
  if (info.scope === 'namespace' && spec.type === 'DNS_PRIVATE') {
    if (!options.vpc) throw new ImportError(`Cloud Map namespace ${r.name} is a private DNS namespace and the API does not say its VPC: pass --vpc`);
    spec.vpc = options.vpc;
  }
  if (info.normalization.rules.includes('cloud-map-service-type')) {
    // Server-computed: DNS_HTTP/DNS; `HTTP` is only a choice worth writing in a DNS namespace.
    if (spec.type !== 'HTTP') delete spec.type;
    if (isJsonObject(spec.healthCheckCustomConfig)) spec.healthCheckCustomConfig = {};
  }
  if (Object.keys(spec).length || !isMesh(r)) doc.spec = spec;
  const tags = userTags(r.tags);
  if (Object.keys(tags).length) doc.tags = tags;
  return doc;
}

function isMesh(key: ResourceKey): boolean {
  return KIND_INFO[key.kind].scope === 'mesh';
}
