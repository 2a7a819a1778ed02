import {
  type AppMeshClient,
  CreateGatewayRouteCommand, CreateMeshCommand, CreateRouteCommand, CreateVirtualGatewayCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, CreateVirtualServiceCommand,
  DeleteGatewayRouteCommand, DeleteMeshCommand, DeleteRouteCommand, DeleteVirtualGatewayCommand, DeleteVirtualNodeCommand, DeleteVirtualRouterCommand, DeleteVirtualServiceCommand,
  DescribeGatewayRouteCommand, DescribeMeshCommand, DescribeRouteCommand, DescribeVirtualGatewayCommand, DescribeVirtualNodeCommand, DescribeVirtualRouterCommand, DescribeVirtualServiceCommand,
  ListGatewayRoutesCommand, ListMeshesCommand, ListRoutesCommand, ListVirtualGatewaysCommand, ListVirtualNodesCommand, ListVirtualRoutersCommand, ListVirtualServicesCommand,
  UpdateGatewayRouteCommand, UpdateMeshCommand, UpdateRouteCommand, UpdateVirtualGatewayCommand, UpdateVirtualNodeCommand, UpdateVirtualRouterCommand, UpdateVirtualServiceCommand,
  type DescribeGatewayRouteInput, type DescribeMeshInput, type DescribeRouteInput, type DescribeVirtualGatewayInput, type DescribeVirtualNodeInput, type DescribeVirtualRouterInput, type DescribeVirtualServiceInput,
  type GatewayRouteData, type GatewayRouteRef, type GatewayRouteSpec, type MeshData, type MeshRef, type MeshSpec, type RouteData, type RouteRef, type RouteSpec, type TagRef,
  type VirtualGatewayData, type VirtualGatewayRef, type VirtualGatewaySpec, type VirtualNodeData, type VirtualNodeRef, type VirtualNodeSpec,
  type VirtualRouterData, type VirtualRouterRef, type VirtualRouterSpec, type VirtualServiceData, type VirtualServiceRef, type VirtualServiceSpec,
} from '@aws-sdk/client-app-mesh';
import type { JsonObject } from '../resources/json';
import type { DocumentKind, Kind } from '../resources/kinds';
import type { ResourceKey } from '../resources/resource-key';

export type AppMeshKind = Exclude<DocumentKind, 'CloudMapNamespace' | 'CloudMapService'>;

/**
 * Each App Mesh kind in the SDK's own types: the identity members its Describe/Delete take, its
 * spec, what Describe/Create/Update answer, and a list entry. A misspelt member does not compile.
 */
export interface AppMeshShapes {
  Mesh: { id: DescribeMeshInput; spec: MeshSpec; data: MeshData; ref: MeshRef };
  VirtualNode: { id: DescribeVirtualNodeInput; spec: VirtualNodeSpec; data: VirtualNodeData; ref: VirtualNodeRef };
  VirtualService: { id: DescribeVirtualServiceInput; spec: VirtualServiceSpec; data: VirtualServiceData; ref: VirtualServiceRef };
  VirtualRouter: { id: DescribeVirtualRouterInput; spec: VirtualRouterSpec; data: VirtualRouterData; ref: VirtualRouterRef };
  Route: { id: DescribeRouteInput; spec: RouteSpec; data: RouteData; ref: RouteRef };
  VirtualGateway: { id: DescribeVirtualGatewayInput; spec: VirtualGatewaySpec; data: VirtualGatewayData; ref: VirtualGatewayRef };
  GatewayRoute: { id: DescribeGatewayRouteInput; spec: GatewayRouteSpec; data: GatewayRouteData; ref: GatewayRouteRef };
}

/** Where a list reads: the mesh, and the virtual router or gateway of routes. */
export interface ListScope {
  mesh?: string;
  parent?: string;
}

type Shape<K extends AppMeshKind> = AppMeshShapes[K];

/** One kind's five operations, each sent with its own SDK command; the answer's resource member is unwrapped. */
export interface KindCommands<K extends AppMeshKind> {
  /** The API's identity members for a key: `{ meshName, virtualRouterName, routeName }`. */
  identity(key: ResourceKey): Shape<K>['id'];
  /** The key a list entry or a described resource names. */
  keyOf(row: Shape<K>['ref'] | Shape<K>['data']): ResourceKey;
  list(client: AppMeshClient, scope: ListScope, page: Paging): Promise<{ rows?: Shape<K>['ref'][]; nextToken?: string }>;
  describe(client: AppMeshClient, id: Shape<K>['id']): Promise<Shape<K>['data'] | undefined>;
  create(client: AppMeshClient, id: Shape<K>['id'], spec: Shape<K>['spec'], tags: TagRef[], clientToken: string): Promise<Shape<K>['data'] | undefined>;
  update(client: AppMeshClient, id: Shape<K>['id'], spec: Shape<K>['spec'], clientToken: string): Promise<Shape<K>['data'] | undefined>;
  delete(client: AppMeshClient, id: Shape<K>['id']): Promise<unknown>;
}

export interface Paging {
  limit: number;
  nextToken?: string;
}

/** Indexed by a generic kind, this answers that kind's own entry (`KindCommands<K>`), not a union. */
export type AppMeshCommandTable = { [K in AppMeshKind]: KindCommands<K> };

/** The command table, one entry per kind, each typed by its kind's SDK shapes. */
export const APP_MESH_COMMANDS: AppMeshCommandTable = {
  Mesh: {
    identity: (key) => ({ meshName: key.name }),
    keyOf: (row) => ({ kind: 'Mesh', name: String(row.meshName) }),
    list: (client, _scope, page) => client.send(new ListMeshesCommand(page)).then((o) => ({ rows: o.meshes, nextToken: o.nextToken })),
    describe: (client, id) => client.send(new DescribeMeshCommand(id)).then((o) => o.mesh),
    create: (client, id, spec, tags, clientToken) => client.send(new CreateMeshCommand({ ...id, spec, tags, clientToken })).then((o) => o.mesh),
    update: (client, id, spec, clientToken) => client.send(new UpdateMeshCommand({ ...id, spec, clientToken })).then((o) => o.mesh),
    delete: (client, id) => client.send(new DeleteMeshCommand(id)),
  },
  VirtualNode: {
    identity: (key) => ({ meshName: key.mesh, virtualNodeName: key.name }),
    keyOf: (row) => ({ kind: 'VirtualNode', name: String(row.virtualNodeName), mesh: String(row.meshName) }),
    list: (client, scope, page) => client.send(new ListVirtualNodesCommand({ meshName: scope.mesh, ...page })).then((o) => ({ rows: o.virtualNodes, nextToken: o.nextToken })),
    describe: (client, id) => client.send(new DescribeVirtualNodeCommand(id)).then((o) => o.virtualNode),
    create: (client, id, spec, tags, clientToken) => client.send(new CreateVirtualNodeCommand({ ...id, spec, tags, clientToken })).then((o) => o.virtualNode),
    update: (client, id, spec, clientToken) => client.send(new UpdateVirtualNodeCommand({ ...id, spec, clientToken })).then((o) => o.virtualNode),
    delete: (client, id) => client.send(new DeleteVirtualNodeCommand(id)),
  },
  VirtualService: {
    identity: (key) => ({ meshName: key.mesh, virtualServiceName: key.name }),
    keyOf: (row) => ({ kind: 'VirtualService', name: String(row.virtualServiceName), mesh: String(row.meshName) }),
    list: (client, scope, page) => client.send(new ListVirtualServicesCommand({ meshName: scope.mesh, ...page })).then((o) => ({ rows: o.virtualServices, nextToken: o.nextToken })),
    describe: (client, id) => client.send(new DescribeVirtualServiceCommand(id)).then((o) => o.virtualService),
    create: (client, id, spec, tags, clientToken) => client.send(new CreateVirtualServiceCommand({ ...id, spec, tags, clientToken })).then((o) => o.virtualService),
    update: (client, id, spec, clientToken) => client.send(new UpdateVirtualServiceCommand({ ...id, spec, clientToken })).then((o) => o.virtualService),
    delete: (client, id) => client.send(new DeleteVirtualServiceCommand(id)),
  },
  VirtualRouter: {
    identity: (key) => ({ meshName: key.mesh, virtualRouterName: key.name }),
    keyOf: (row) => ({ kind: 'VirtualRouter', name: String(row.virtualRouterName), mesh: String(row.meshName) }),
    list: (client, scope, page) => client.send(new ListVirtualRoutersCommand({ meshName: scope.mesh, ...page })).then((o) => ({ rows: o.virtualRouters, nextToken: o.nextToken })),
    describe: (client, id) => client.send(new DescribeVirtualRouterCommand(id)).then((o) => o.virtualRouter),
    create: (client, id, spec, tags, clientToken) => client.send(new CreateVirtualRouterCommand({ ...id, spec, tags, clientToken })).then((o) => o.virtualRouter),
    update: (client, id, spec, clientToken) => client.send(new UpdateVirtualRouterCommand({ ...id, spec, clientToken })).then((o) => o.virtualRouter),
    delete: (client, id) => client.send(new DeleteVirtualRouterCommand(id)),
  },
  Route: {
    identity: (key) => ({ meshName: key.mesh, virtualRouterName: key.parent, routeName: key.name }),
    keyOf: (row) => ({ kind: 'Route', name: String(row.routeName), mesh: String(row.meshName), parent: String(row.virtualRouterName) }),
    list: (client, scope, page) => client.send(new ListRoutesCommand({ meshName: scope.mesh, virtualRouterName: scope.parent, ...page })).then((o) => ({ rows: o.routes, nextToken: o.nextToken })),
    describe: (client, id) => client.send(new DescribeRouteCommand(id)).then((o) => o.route),
    create: (client, id, spec, tags, clientToken) => client.send(new CreateRouteCommand({ ...id, spec, tags, clientToken })).then((o) => o.route),
    update: (client, id, spec, clientToken) => client.send(new UpdateRouteCommand({ ...id, spec, clientToken })).then((o) => o.route),
    delete: (client, id) => client.send(new DeleteRouteCommand(id)),
  },
  VirtualGateway: {
    identity: (key) => ({ meshName: key.mesh, virtualGatewayName: key.name }),
    keyOf: (row) => ({ kind: 'VirtualGateway', name: String(row.virtualGatewayName), mesh: String(row.meshName) }),
    list: (client, scope, page) => client.send(new ListVirtualGatewaysCommand({ meshName: scope.mesh, ...page })).then((o) => ({ rows: o.virtualGateways, nextToken: o.nextToken })),
    describe: (client, id) => client.send(new DescribeVirtualGatewayCommand(id)).then((o) => o.virtualGateway),
    create: (client, id, spec, tags, clientToken) => client.send(new CreateVirtualGatewayCommand({ ...id, spec, tags, clientToken })).then((o) => o.virtualGateway),
    update: (client, id, spec, clientToken) => client.send(new UpdateVirtualGatewayCommand({ ...id, spec, clientToken })).then((o) => o.virtualGateway),
    delete: (client, id) => client.send(new DeleteVirtualGatewayCommand(id)),
  },
  GatewayRoute: {
    identity: (key) => ({ meshName: key.mesh, virtualGatewayName: key.parent, gatewayRouteName: key.name }),
    keyOf: (row) => ({ kind: 'GatewayRoute', name: String(row.gatewayRouteName), mesh: String(row.meshName), parent: String(row.virtualGatewayName) }),
    list: (client, scope, page) => client.send(new ListGatewayRoutesCommand({ meshName: scope.mesh, virtualGatewayName: scope.parent, ...page })).then((o) => ({ rows: o.gatewayRoutes, nextToken: o.nextToken })),
    describe: (client, id) => client.send(new DescribeGatewayRouteCommand(id)).then((o) => o.gatewayRoute),
    create: (client, id, spec, tags, clientToken) => client.send(new CreateGatewayRouteCommand({ ...id, spec, tags, clientToken })).then((o) => o.gatewayRoute),
    update: (client, id, spec, clientToken) => client.send(new UpdateGatewayRouteCommand({ ...id, spec, clientToken })).then((o) => o.gatewayRoute),
    delete: (client, id) => client.send(new DeleteGatewayRouteCommand(id)),
  },
};

/**
 * Our spec as the SDK's: a document's spec has the API's members, checked against the API model's
 * shape when the repository loads, so this is the one place where the two types meet.
 */
export function sdkSpec<K extends AppMeshKind>(_kind: K, spec: JsonObject): AppMeshShapes[K]['spec'] {
  return spec as AppMeshShapes[K]['spec'];
}

export function isAppMeshKind(kind: Kind): kind is AppMeshKind {
  return Object.hasOwn(APP_MESH_COMMANDS, kind);
}
