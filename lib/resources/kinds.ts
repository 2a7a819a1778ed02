import { LATTICE_KINDS, type LatticeKind } from './lattice-kinds';

/**
 * The kind registry: one entry per resource kind, with everything the pipeline needs to know
 * about it that is not I/O (identity, schema, order, references). Adding a kind is one entry here
 * plus its SDK operations in lib/aws/. `KINDS` are the kinds a repository declares in Git; the
 * VPC Lattice kinds (lattice-kinds.ts) are derived from them and planned by the same engine.
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

/** A kind declared in Git documents. */
export type DocumentKind = (typeof KINDS)[number];
/** Every kind the engine plans: the declared ones and the Lattice ones derived from them. */
export type Kind = DocumentKind | LatticeKind;

/** The envelope field naming a declared kind's parent. */
export type ParentField = 'virtualRouter' | 'virtualGateway' | 'namespace';
/** The parent of a Lattice resource (in its ResourceKey's `parent`; never written in a document). */
export type LatticeParentField = 'serviceNetwork' | 'service' | 'listener';

/** The AWS service a kind lives in: `target` in plans and drift reports. */
export type KindService = 'appmesh' | 'cloudmap' | 'lattice';

export interface KindInfo {
  kind: Kind;
  service: KindService;
  /** Position in the create order (docs/design.md §2); deletes run in reverse. */
  createRank: number;
  /** Shape of `spec` in lib/api-model's document shape table. */
  specShape: string;
  /** App Mesh kinds live in a mesh (all but Mesh itself). */
  inMesh: boolean;
  /** The kind of the parent named by `parentField`, if any. */
  parent?: { kind: Kind; field: ParentField | LatticeParentField };
  /** Whether `spec` may be omitted in a document (it is optional in the API). */
  specOptional: boolean;
  /** Default per-parent quota (docs/aws-behaviour.md §8, §10.10), for warnings and the emulator. */
  quota?: { limit: number; per: 'account' | 'mesh' | 'parent'; code: string; description: string };
  /** The API's name member for the resource (App Mesh), e.g. `virtualNodeName`. */
  apiName: string;
}

// Lattice quotas: the defaults of the VPC Lattice quota page (listeners per service, rules per
// listener — 10 in the current table, 5 in older ones —, target groups and service networks per region).
const LATTICE_KIND_INFO: Record<LatticeKind, KindInfo> = {
  ServiceNetwork: {
    kind: 'ServiceNetwork', service: 'lattice', createRank: 9, specShape: 'Lattice.ServiceNetworkSpec', inMesh: false, specOptional: false,
    quota: { limit: 50, per: 'account', code: 'L-9CAD07FB', description: 'service networks per region' },
    apiName: 'name',
  },
  ServiceNetworkVpcAssociation: {
    kind: 'ServiceNetworkVpcAssociation', service: 'lattice', createRank: 10, specShape: 'Lattice.ServiceNetworkVpcAssociationSpec', inMesh: false, specOptional: false,
    parent: { kind: 'ServiceNetwork', field: 'serviceNetwork' },
    apiName: 'vpcIdentifier',
  },
  TargetGroup: {
    kind: 'TargetGroup', service: 'lattice', createRank: 11, specShape: 'Lattice.TargetGroupSpec', inMesh: false, specOptional: false,
    quota: { limit: 500, per: 'account', code: 'L-BB11C6B9', description: 'target groups per region' },
    apiName: 'name',
  },
  LatticeService: {
    kind: 'LatticeService', service: 'lattice', createRank: 12, specShape: 'Lattice.ServiceSpec', inMesh: false, specOptional: false,
    quota: { limit: 2000, per: 'account', code: 'L-620C821E', description: 'services per region' },
    apiName: 'name',
  },
  ServiceNetworkServiceAssociation: {
    kind: 'ServiceNetworkServiceAssociation', service: 'lattice', createRank: 13, specShape: 'Lattice.ServiceNetworkServiceAssociationSpec', inMesh: false, specOptional: false,
    parent: { kind: 'ServiceNetwork', field: 'serviceNetwork' },
    apiName: 'serviceIdentifier',
  },
  Listener: {
    kind: 'Listener', service: 'lattice', createRank: 14, specShape: 'Lattice.ListenerSpec', inMesh: false, specOptional: false,
    parent: { kind: 'LatticeService', field: 'service' },
    quota: { limit: 2, per: 'parent', code: 'L-D64E952E', description: 'listeners per service' },
    apiName: 'name',
  },
  Rule: {
    kind: 'Rule', service: 'lattice', createRank: 15, specShape: 'Lattice.RuleSpec', inMesh: false, specOptional: false,
    parent: { kind: 'Listener', field: 'listener' },
    quota: { limit: 10, per: 'parent', code: 'L-CF78395E', description: 'rules per listener' },
    apiName: 'name',
  },
};

/** The parent's envelope field of a declared kind (Lattice kinds have no document). */
export function documentParentField(kind: DocumentKind): ParentField | undefined {
  return KIND_INFO[kind].parent?.field as ParentField | undefined;
}

export const KIND_INFO: Record<Kind, KindInfo> = {
  ...LATTICE_KIND_INFO,
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

/** Whether a value is a kind a Git document may declare. */
export function isKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

/** Every kind the engine plans, in create order. */
export const KINDS_BY_CREATE_RANK: Kind[] = [...KINDS, ...LATTICE_KINDS].sort((a, b) => KIND_INFO[a].createRank - KIND_INFO[b].createRank);

/** The AWS service of a kind: `target` of its plan changes and drift entries. */
export function targetOf(kind: Kind): KindService {
  return KIND_INFO[kind].service;
}
