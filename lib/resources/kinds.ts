/**
 * The kind registry: one entry per resource kind, with everything the pipeline needs to know
 * about it that is not I/O (identity, schema, order, references). Adding a kind is one entry here
 * plus its SDK operations in lib/aws/.
 */
export const KINDS = [
  'CloudMapNamespace',
  'CloudMapService',
  'Mesh',
  'VirtualNode',
  'VirtualRouter',
  'Route',
  'VirtualService',
  'VirtualGateway',
  'GatewayRoute',
] as const;

export type Kind = (typeof KINDS)[number];

export type ParentField = 'virtualRouter' | 'virtualGateway' | 'namespace';

export interface KindInfo {
  kind: Kind;
  service: 'appmesh' | 'cloudmap';
  /** Position in the create order (DESIGN §2); deletes run in reverse. */
  createRank: number;
  /** Shape of `spec` in lib/api-model's document shape table. */
  specShape: string;
  /** App Mesh kinds live in a mesh (all but Mesh itself). */
  inMesh: boolean;
  /** The kind of the parent named by `parentField`, if any. */
  parent?: { kind: Kind; field: ParentField };
  /** Whether `spec` may be omitted in a document (it is optional in the API). */
  specOptional: boolean;
  /** Default per-parent quota (reference §8, §10.10), for warnings and the emulator. */
  quota?: { limit: number; per: 'account' | 'mesh' | 'parent'; code: string; description: string };
  /** The API's name member for the resource (App Mesh), e.g. `virtualNodeName`. */
  apiName: string;
}

export const KIND_INFO: Record<Kind, KindInfo> = {
  CloudMapNamespace: {
    kind: 'CloudMapNamespace', service: 'cloudmap', createRank: 0, specShape: 'CloudMapNamespaceSpec', inMesh: false, specOptional: false,
    quota: { limit: 50, per: 'account', code: 'cloudmap-namespaces', description: 'namespaces per account and region' },
    apiName: 'Name',
  },
  CloudMapService: {
    kind: 'CloudMapService', service: 'cloudmap', createRank: 1, specShape: 'CloudMapServiceSpec', inMesh: false, specOptional: true,
    parent: { kind: 'CloudMapNamespace', field: 'namespace' },
    apiName: 'Name',
  },
  Mesh: {
    kind: 'Mesh', service: 'appmesh', createRank: 2, specShape: 'MeshSpec', inMesh: false, specOptional: true,
    quota: { limit: 15, per: 'account', code: 'L-AC861A39', description: 'meshes per account' },
    apiName: 'meshName',
  },
  VirtualNode: {
    kind: 'VirtualNode', service: 'appmesh', createRank: 3, specShape: 'VirtualNodeSpec', inMesh: true, specOptional: false,
    quota: { limit: 200, per: 'mesh', code: 'L-E043DFB4', description: 'virtual nodes per mesh' },
    apiName: 'virtualNodeName',
  },
  VirtualRouter: {
    kind: 'VirtualRouter', service: 'appmesh', createRank: 4, specShape: 'VirtualRouterSpec', inMesh: true, specOptional: false,
    quota: { limit: 200, per: 'mesh', code: 'L-50F6C35A', description: 'virtual routers per mesh' },
    apiName: 'virtualRouterName',
  },
  Route: {
    kind: 'Route', service: 'appmesh', createRank: 5, specShape: 'RouteSpec', inMesh: true, specOptional: false,
    parent: { kind: 'VirtualRouter', field: 'virtualRouter' },
    quota: { limit: 50, per: 'parent', code: 'L-BB90B7FF', description: 'routes per virtual router' },
    apiName: 'routeName',
  },
  VirtualService: {
    kind: 'VirtualService', service: 'appmesh', createRank: 6, specShape: 'VirtualServiceSpec', inMesh: true, specOptional: false,
    quota: { limit: 200, per: 'mesh', code: 'L-DA7495A7', description: 'virtual services per mesh' },
    apiName: 'virtualServiceName',
  },
  VirtualGateway: {
    kind: 'VirtualGateway', service: 'appmesh', createRank: 7, specShape: 'VirtualGatewaySpec', inMesh: true, specOptional: false,
    quota: { limit: 3, per: 'mesh', code: 'L-87E74146', description: 'virtual gateways per mesh' },
    apiName: 'virtualGatewayName',
  },
  GatewayRoute: {
    kind: 'GatewayRoute', service: 'appmesh', createRank: 8, specShape: 'GatewayRouteSpec', inMesh: true, specOptional: false,
    parent: { kind: 'VirtualGateway', field: 'virtualGateway' },
    quota: { limit: 10, per: 'parent', code: 'L-F6F26D09', description: 'gateway routes per virtual gateway' },
    apiName: 'gatewayRouteName',
  },
};

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

/** Kinds in create order. */
export const KINDS_BY_CREATE_RANK: Kind[] = [...KINDS].sort((a, b) => KIND_INFO[a].createRank - KIND_INFO[b].createRank);
