import {
  type AppMeshClient,
  CreateGatewayRouteCommand, CreateMeshCommand, CreateRouteCommand, CreateVirtualGatewayCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, CreateVirtualServiceCommand,
  DeleteGatewayRouteCommand, DeleteMeshCommand, DeleteRouteCommand, DeleteVirtualGatewayCommand, DeleteVirtualNodeCommand, DeleteVirtualRouterCommand, DeleteVirtualServiceCommand,
  DescribeGatewayRouteCommand, DescribeMeshCommand, DescribeRouteCommand, DescribeVirtualGatewayCommand, DescribeVirtualNodeCommand, DescribeVirtualRouterCommand, DescribeVirtualServiceCommand,
  ListGatewayRoutesCommand, ListMeshesCommand, ListRoutesCommand, ListTagsForResourceCommand, ListVirtualGatewaysCommand, ListVirtualNodesCommand, ListVirtualRoutersCommand, ListVirtualServicesCommand,
  TagResourceCommand, UntagResourceCommand,
  UpdateGatewayRouteCommand, UpdateMeshCommand, UpdateRouteCommand, UpdateVirtualGatewayCommand, UpdateVirtualNodeCommand, UpdateVirtualRouterCommand, UpdateVirtualServiceCommand,
} from '@aws-sdk/client-app-mesh';
import type { JsonObject } from '../resources/json';
import type { DocumentKind } from '../resources/kinds';
import { resourceLabel, type ResourceKey } from '../resources/resource-key';
import type { Tags } from '../resources/types';
import type { CallPolicy } from './call-policy';
import { AwsCallError, isNotFound } from './errors';

export type AppMeshKind = Exclude<DocumentKind, 'CloudMapNamespace' | 'CloudMapService'>;

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

type Ctor = new (input: never) => unknown;
interface KindCommands {
  list: Ctor;
  listKey: string;
  describe: Ctor;
  create: Ctor;
  update: Ctor;
  delete: Ctor;
  /** Output member holding the resource (`virtualNode`). */
  out: string;
  nameField: string;
  parentField?: string;
}

const COMMANDS: Record<AppMeshKind, KindCommands> = {
  Mesh: { list: ListMeshesCommand, listKey: 'meshes', describe: DescribeMeshCommand, create: CreateMeshCommand, update: UpdateMeshCommand, delete: DeleteMeshCommand, out: 'mesh', nameField: 'meshName' },
  VirtualNode: { list: ListVirtualNodesCommand, listKey: 'virtualNodes', describe: DescribeVirtualNodeCommand, create: CreateVirtualNodeCommand, update: UpdateVirtualNodeCommand, delete: DeleteVirtualNodeCommand, out: 'virtualNode', nameField: 'virtualNodeName' },
  VirtualService: { list: ListVirtualServicesCommand, listKey: 'virtualServices', describe: DescribeVirtualServiceCommand, create: CreateVirtualServiceCommand, update: UpdateVirtualServiceCommand, delete: DeleteVirtualServiceCommand, out: 'virtualService', nameField: 'virtualServiceName' },
  VirtualRouter: { list: ListVirtualRoutersCommand, listKey: 'virtualRouters', describe: DescribeVirtualRouterCommand, create: CreateVirtualRouterCommand, update: UpdateVirtualRouterCommand, delete: DeleteVirtualRouterCommand, out: 'virtualRouter', nameField: 'virtualRouterName' },
  Route: { list: ListRoutesCommand, listKey: 'routes', describe: DescribeRouteCommand, create: CreateRouteCommand, update: UpdateRouteCommand, delete: DeleteRouteCommand, out: 'route', nameField: 'routeName', parentField: 'virtualRouterName' },
  VirtualGateway: { list: ListVirtualGatewaysCommand, listKey: 'virtualGateways', describe: DescribeVirtualGatewayCommand, create: CreateVirtualGatewayCommand, update: UpdateVirtualGatewayCommand, delete: DeleteVirtualGatewayCommand, out: 'virtualGateway', nameField: 'virtualGatewayName' },
  GatewayRoute: { list: ListGatewayRoutesCommand, listKey: 'gatewayRoutes', describe: DescribeGatewayRouteCommand, create: CreateGatewayRouteCommand, update: UpdateGatewayRouteCommand, delete: DeleteGatewayRouteCommand, out: 'gatewayRoute', nameField: 'gatewayRouteName', parentField: 'virtualGatewayName' },
};

type Row = Record<string, unknown>;

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : typeof value === 'number' ? new Date(value * 1000).toISOString() : String(value ?? '');
}

/** The API's identity members for a key: `{ meshName, virtualRouterName, routeName }`. */
function identity(kind: AppMeshKind, key: ResourceKey): Row {
  const c = COMMANDS[kind];
  if (kind === 'Mesh') return { meshName: key.name };
  return { meshName: key.mesh, ...(c.parentField ? { [c.parentField]: key.parent } : {}), [c.nameField]: key.name };
}

function keyFromRow(kind: AppMeshKind, row: Row): ResourceKey {
  const c = COMMANDS[kind];
  const name = String(row[c.nameField]);
  if (kind === 'Mesh') return { kind, name };
  return { kind, name, mesh: String(row.meshName), ...(c.parentField ? { parent: String(row[c.parentField]) } : {}) };
}

function refFromRow(kind: AppMeshKind, row: Row): AppMeshRef {
  return {
    ...keyFromRow(kind, row),
    arn: String(row.arn),
    version: Number(row.version),
    lastUpdatedAt: iso(row.lastUpdatedAt),
    meshOwner: String(row.meshOwner ?? ''),
    resourceOwner: String(row.resourceOwner ?? ''),
  };
}

function resourceFromData(kind: AppMeshKind, data: Row): AppMeshResource {
  const metadata = (data.metadata ?? {}) as Row;
  const status = (data.status ?? {}) as Row;
  return {
    ...refFromRow(kind, { ...data, ...metadata }),
    spec: stripUndefined((data.spec ?? {}) as JsonObject),
    // A mesh's status member is optional in the model; absent means active.
    status: String(status.status ?? 'ACTIVE'),
  };
}

/** SDK outputs may carry `undefined` members; the plan compares plain JSON. */
function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** App Mesh operations shaped for the live reader and the applier. Every call goes through the policy. */
export class AppMeshApi {
  constructor(
    private readonly client: AppMeshClient,
    private readonly policy: CallPolicy,
  ) {}

  private async send(action: string, command: unknown): Promise<Row> {
    try {
      return (await this.policy.call(() => this.client.send(command as never))) as unknown as Row;
    } catch (err) {
      throw new AwsCallError(action, err);
    }
  }

  /** One page of a kind's list under a mesh (and parent). */
  async listPage(kind: AppMeshKind, scope: { mesh?: string; parent?: string }, nextToken?: string): Promise<{ refs: AppMeshRef[]; nextToken?: string }> {
    const c = COMMANDS[kind];
    const input: Row = kind === 'Mesh' ? {} : { meshName: scope.mesh, ...(c.parentField ? { [c.parentField]: scope.parent } : {}) };
    if (nextToken) input.nextToken = nextToken;
    input.limit = 100;
    const where = kind === 'Mesh' ? 'meshes' : `${c.listKey} in ${[scope.mesh, scope.parent].filter(Boolean).join('/')}`;
    const out = await this.send(`listing ${where}`, new c.list(input as never));
    const rows = (out[c.listKey] ?? []) as Row[];
    return { refs: rows.map((r) => refFromRow(kind, r)), ...(out.nextToken ? { nextToken: String(out.nextToken) } : {}) };
  }

  async listAll(kind: AppMeshKind, scope: { mesh?: string; parent?: string }): Promise<AppMeshRef[]> {
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
  async describe(key: ResourceKey): Promise<AppMeshResource | undefined> {
    const kind = key.kind as AppMeshKind;
    const c = COMMANDS[kind];
    try {
      const out = (await this.policy.call(() => this.client.send(new c.describe(identity(kind, key) as never) as never))) as unknown as Row;
      const resource = resourceFromData(kind, out[c.out] as Row);
      return resource.status === 'DELETED' ? undefined : resource;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new AwsCallError(`reading ${resourceLabel(key)}`, err);
    }
  }

  async create(key: ResourceKey, spec: JsonObject, tags: Tags, clientToken: string): Promise<AppMeshResource> {
    const kind = key.kind as AppMeshKind;
    const c = COMMANDS[kind];
    const input = { ...identity(kind, key), spec, tags: toTagList(tags), clientToken };
    const out = await this.send(`creating ${resourceLabel(key)}`, new c.create(input as never));
    return resourceFromData(kind, out[c.out] as Row);
  }

  async update(key: ResourceKey, spec: JsonObject, clientToken: string): Promise<AppMeshResource> {
    const kind = key.kind as AppMeshKind;
    const c = COMMANDS[kind];
    const out = await this.send(`updating ${resourceLabel(key)}`, new c.update({ ...identity(kind, key), spec, clientToken } as never));
    return resourceFromData(kind, out[c.out] as Row);
  }

  /** Deleting what is already gone succeeds: a retried delete after a lost response must converge. */
  async delete(key: ResourceKey): Promise<void> {
    const kind = key.kind as AppMeshKind;
    const c = COMMANDS[kind];
    try {
      await this.policy.call(() => this.client.send(new c.delete(identity(kind, key) as never) as never));
    } catch (err) {
      if (isNotFound(err)) return;
      throw new AwsCallError(`deleting ${resourceLabel(key)}`, err);
    }
  }

  async listTags(arn: string): Promise<Tags> {
    const tags: Tags = {};
    let token: string | undefined;
    do {
      const out = await this.send(`reading the tags of ${arn}`, new ListTagsForResourceCommand({ resourceArn: arn, limit: 50, ...(token ? { nextToken: token } : {}) }));
      for (const t of (out.tags ?? []) as { key: string; value: string }[]) tags[t.key] = t.value;
      token = out.nextToken ? String(out.nextToken) : undefined;
    } while (token);
    return tags;
  }

  async tag(arn: string, tags: Tags): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    await this.send(`tagging ${arn}`, new TagResourceCommand({ resourceArn: arn, tags: toTagList(tags) }));
  }

  async untag(arn: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.send(`untagging ${arn}`, new UntagResourceCommand({ resourceArn: arn, tagKeys: keys }));
  }
}

function toTagList(tags: Tags): { key: string; value: string }[] {
  return Object.keys(tags).sort().map((key) => ({ key, value: tags[key] }));
}
