import { type AppMeshClient, ListTagsForResourceCommand, type ResourceMetadata, type TagRef, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-app-mesh';
import type { JsonObject } from '../resources/json';
import { KIND_INFO } from '../resources/kinds';
import { resourceLabel, type ResourceKey } from '../resources/resource-key';
import type { Tags } from '../resources/types';
import { APP_MESH_COMMANDS, type AppMeshKind, type AppMeshShapes, isAppMeshKind, type ListScope, sdkSpec } from './app-mesh-commands';
import type { CallPolicy } from './call-policy';
import { AwsCallError, isNotFound } from './errors';

export type { AppMeshKind } from './app-mesh-commands';

/** A list entry: enough to tell whether a cached Describe is still good (version, lastUpdatedAt). */
export interface AppMeshRef extends ResourceKey {
  arn: string;
  version: number;
  lastUpdatedAt: string;
  meshOwner: string;
  resourceOwner: string;
}

export interface AppMeshResource extends AppMeshRef {
  spec: JsonObject;
  status: string;
}

const PAGE_SIZE = 100;

type Metadata = Pick<ResourceMetadata, 'arn' | 'version' | 'lastUpdatedAt' | 'meshOwner' | 'resourceOwner'>;

function refOf(key: ResourceKey, m: Metadata | undefined): AppMeshRef {
  return {
    ...key,
    arn: String(m?.arn),
    version: Number(m?.version),
    lastUpdatedAt: m?.lastUpdatedAt instanceof Date ? m.lastUpdatedAt.toISOString() : String(m?.lastUpdatedAt ?? ''),
    meshOwner: String(m?.meshOwner ?? ''),
    resourceOwner: String(m?.resourceOwner ?? ''),
  };
}

function resourceOf<K extends AppMeshKind>(kind: K, data: AppMeshShapes[K]['data'] | undefined): AppMeshResource {
  if (!data) throw new Error(`App Mesh answered without the ${kind}`);
  return {
    ...refOf(APP_MESH_COMMANDS[kind].keyOf(data), data.metadata),
    spec: plain(data.spec),
    // A mesh's status member is optional in the model; absent means active.
    status: String(data.status?.status ?? 'ACTIVE'),
  };
}

/** The key's kind, checked: only App Mesh kinds reach this adapter. */
function appMeshKind(key: ResourceKey): AppMeshKind {
  if (!isAppMeshKind(key.kind)) throw new Error(`${resourceLabel(key)} is not an App Mesh resource`);
  return key.kind;
}

/** SDK outputs may carry `undefined` members; the plan compares plain JSON. */
function plain(value: object | undefined): JsonObject {
  return JSON.parse(JSON.stringify(value ?? {})) as JsonObject;
}

/** App Mesh operations shaped for the live reader and the applier. Every call goes through the policy. */
export class AppMeshApi {
  constructor(
    private readonly client: AppMeshClient,
    private readonly policy: CallPolicy,
  ) {}

  /** One call through the policy, typed by the SDK's own input and output shapes; failures name the action. */
  private async send<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await this.policy.call(call);
    } catch (err) {
      throw new AwsCallError(action, err);
    }
  }

  /** One page of a kind's list under a mesh (and parent). */
  async listPage<K extends AppMeshKind>(kind: K, scope: ListScope, nextToken?: string): Promise<{ refs: AppMeshRef[]; nextToken?: string }> {
    const c = APP_MESH_COMMANDS[kind];
    // The registry's list member names the page: `virtualNodes in m1`.
    const what = KIND_INFO[kind].api.listMember;
    const where = KIND_INFO[kind].scope === 'mesh' ? what : `${what} in ${[scope.mesh, scope.parent].filter(Boolean).join('/')}`;
    const out = await this.send(`listing ${where}`, () => c.list(this.client, scope, { limit: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) }));
    return { refs: (out.rows ?? []).map((row) => refOf(c.keyOf(row), row)), ...(out.nextToken ? { nextToken: String(out.nextToken) } : {}) };
  }

  async listAll(kind: AppMeshKind, scope: ListScope): Promise<AppMeshRef[]> {
    const refs: AppMeshRef[] = [];
    let token: string | undefined;
    do {
      const page = await this.listPage(kind, scope, token);
      refs.push(...page.refs);
      token = page.nextToken;
    } while (token);
    return refs;
  }

  /** Undefined when it does not exist (or is being deleted). */
  describe(key: ResourceKey): Promise<AppMeshResource | undefined> {
    return this.describeKind(appMeshKind(key), key);
  }

  private async describeKind<K extends AppMeshKind>(kind: K, key: ResourceKey): Promise<AppMeshResource | undefined> {
    const c = APP_MESH_COMMANDS[kind];
    try {
      const resource = resourceOf(kind, await this.policy.call(() => c.describe(this.client, c.identity(key))));
      return resource.status === 'DELETED' ? undefined : resource;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new AwsCallError(`reading ${resourceLabel(key)}`, err);
    }
  }

  create(key: ResourceKey, spec: JsonObject, tags: Tags, clientToken: string): Promise<AppMeshResource> {
    return this.createKind(appMeshKind(key), key, spec, tags, clientToken);
  }

  private async createKind<K extends AppMeshKind>(kind: K, key: ResourceKey, spec: JsonObject, tags: Tags, clientToken: string): Promise<AppMeshResource> {
    const c = APP_MESH_COMMANDS[kind];
    const data = await this.send(`creating ${resourceLabel(key)}`, () => c.create(this.client, c.identity(key), sdkSpec(kind, spec), toTagList(tags), clientToken));
    return resourceOf(kind, data);
  }

  update(key: ResourceKey, spec: JsonObject, clientToken: string): Promise<AppMeshResource> {
    return this.updateKind(appMeshKind(key), key, spec, clientToken);
  }

  private async updateKind<K extends AppMeshKind>(kind: K, key: ResourceKey, spec: JsonObject, clientToken: string): Promise<AppMeshResource> {
    const c = APP_MESH_COMMANDS[kind];
    const data = await this.send(`updating ${resourceLabel(key)}`, () => c.update(this.client, c.identity(key), sdkSpec(kind, spec), clientToken));
    return resourceOf(kind, data);
  }

  /** Deleting what is already gone succeeds: a retried delete after a lost response must converge. */
  delete(key: ResourceKey): Promise<void> {
    return this.deleteKind(appMeshKind(key), key);
  }

  private async deleteKind<K extends AppMeshKind>(kind: K, key: ResourceKey): Promise<void> {
    const c = APP_MESH_COMMANDS[kind];
    try {
      await this.policy.call(() => c.delete(this.client, c.identity(key)));
    } catch (err) {
      if (isNotFound(err)) return;
      throw new AwsCallError(`deleting ${resourceLabel(key)}`, err);
    }
  }

  async listTags(arn: string): Promise<Tags> {
    const tags: Tags = {};
    let token: string | undefined;
    do {
      const out = await this.send(`reading the tags of ${arn}`, () => this.client.send(new ListTagsForResourceCommand({ resourceArn: arn, limit: 50, ...(token ? { nextToken: token } : {}) })));
      for (const t of out.tags ?? []) tags[String(t.key)] = String(t.value);
      token = out.nextToken ? String(out.nextToken) : undefined;
    } while (token);
    return tags;
  }

  async tag(arn: string, tags: Tags): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    await this.send(`tagging ${arn}`, () => this.client.send(new TagResourceCommand({ resourceArn: arn, tags: toTagList(tags) })));
  }

  async untag(arn: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.send(`untagging ${arn}`, () => this.client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: keys })));
  }
}

function toTagList(tags: Tags): TagRef[] {
  return Object.keys(tags).sort().map((key) => ({ key, value: tags[key] }));
}
