/**
 * The App Mesh target: the kinds a repository declares in Git (App Mesh, and the Cloud Map
 * namespaces and services its virtual nodes discover through). Adding a kind is an entry here plus
 * its tests (docs/contributing.md, "Adding a kind"). A leaf module: types only are imported.
 */
import type { KindEntry, Target } from '../kind-entry';

export const APP_MESH_KINDS = [
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
export type DocumentKind = (typeof APP_MESH_KINDS)[number];

/** Route spec members and the listener protocol each one needs (docs/aws-behaviour.md §4.5). */
export const ROUTE_PROTOCOLS = { httpRoute: 'http', http2Route: 'http2', grpcRoute: 'grpc', tcpRoute: 'tcp' } as const;
/** Gateway routes have no TCP type. */
export const GATEWAY_ROUTE_PROTOCOLS = { httpRoute: 'http', http2Route: 'http2', grpcRoute: 'grpc' } as const;

/** App Mesh's five operations of a kind: `CreateVirtualNode`, ..., `ListVirtualNodes`. */
function appMeshApi(type: string, nameMember: string, outputMember: string, listMember: string, plural = `${type}s`, parentMember?: string): KindEntry['api'] {
  return {
    nameMember,
    ...(parentMember ? { parentMember } : {}),
    outputMember,
    listMember,
    operations: { create: `Create${type}`, read: `Describe${type}`, update: `Update${type}`, delete: `Delete${type}`, list: `List${plural}` },
  };
}

const NO_NORMALIZATION = { serverFilledWhenOmitted: [], rules: [] } as const;

export const APP_MESH_REGISTRY: Record<DocumentKind, KindEntry<DocumentKind>> = {
  CloudMapNamespace: {
    kind: 'CloudMapNamespace', service: 'cloudmap', createRank: 0, specShape: 'CloudMapNamespaceSpec', specOptional: false, inMesh: false,
    scope: 'namespace',
    words: { one: 'Cloud Map namespace', many: 'Cloud Map namespaces' },
    api: {
      nameMember: 'Name', outputMember: 'Namespace', listMember: 'Namespaces',
      operations: {
        create: { HTTP: 'CreateHttpNamespace', DNS_PRIVATE: 'CreatePrivateDnsNamespace', DNS_PUBLIC: 'CreatePublicDnsNamespace' },
        read: 'GetNamespace',
        update: { HTTP: 'UpdateHttpNamespace', DNS_PRIVATE: 'UpdatePrivateDnsNamespace', DNS_PUBLIC: 'UpdatePublicDnsNamespace' },
        delete: 'DeleteNamespace',
        list: 'ListNamespaces',
      },
    },
    // The API's name patterns by namespace type [aws §10.3].
    nameShapeByType: { HTTP: 'CloudMap.NamespaceNameHttp', DNS_PRIVATE: 'CloudMap.NamespaceNamePrivate', DNS_PUBLIC: 'CloudMap.NamespaceNamePublic' },
    references: [],
    // The type, and the VPC of a private DNS namespace (docs/aws-behaviour.md §10.3).
    immutable: [
      { path: ['type'], check: 'value' },
      { path: ['vpc'], check: 'applied-vpc' },
    ],
    // DNS namespaces get a default SOA TTL.
    normalization: { serverFilledWhenOmitted: ['/spec/properties'], rules: [] },
    crossChecks: [],
    repoFile: 'cloud-map/{name}.yaml',
    quota: { limit: 50, per: 'account', code: 'cloudmap-namespaces', description: 'namespaces per account and region' },
  },
  CloudMapService: {
    kind: 'CloudMapService', service: 'cloudmap', createRank: 1, specShape: 'CloudMapServiceSpec', specOptional: true, inMesh: false,
    parent: { kind: 'CloudMapNamespace', field: 'namespace', label: 'Cloud Map namespace' },
    words: { one: 'Cloud Map service', many: 'Cloud Map services' },
    api: { nameMember: 'Name', parentMember: 'NamespaceId', outputMember: 'Service', listMember: 'Services', operations: { create: 'CreateService', read: 'GetService', update: 'UpdateService', delete: 'DeleteService', list: 'ListServices' } },
    nameShape: 'Meshops.CloudMapServiceName',
    references: [],
    // docs/aws-behaviour.md §10.4. DnsConfigChange carries only DnsRecords (TTLs): record types and the
    // routing policy are fixed. HealthCheckConfig.Type cannot be changed; the config itself can be
    // added or removed. "You can't add, update, or delete a HealthCheckCustomConfig configuration" (UpdateService).
    immutable: [
      { path: ['dnsConfig', 'dnsRecords'], check: 'record-types', label: 'spec.dnsConfig.dnsRecords[].type' },
      { path: ['dnsConfig', 'routingPolicy'], check: 'value' },
      { path: ['dnsConfig'], check: 'presence' },
      { path: ['healthCheckConfig', 'type'], check: 'when-both-set' },
      { path: ['healthCheckCustomConfig'], check: 'value' },
      { path: ['type'], check: 'value' },
    ],
    // Whether the server fills HealthCheckConfig.FailureThreshold is unverified (docs/aws-behaviour.md §10.7):
    // if Git omits it, whatever live has is accepted.
    normalization: { serverFilledWhenOmitted: ['/spec/healthCheckConfig/failureThreshold'], rules: ['cloud-map-service-type'] },
    crossChecks: ['namespace-type'],
    repoFile: 'cloud-map/{parent}.yaml',
  },
  Mesh: {
    kind: 'Mesh', service: 'appmesh', createRank: 2, specShape: 'MeshSpec', specOptional: true, inMesh: false,
    scope: 'mesh',
    words: { one: 'mesh', many: 'meshes' },
    api: appMeshApi('Mesh', 'meshName', 'mesh', 'meshes', 'Meshes'),
    references: [],
    immutable: [],
    normalization: NO_NORMALIZATION,
    crossChecks: [],
    repoFile: '{name}/mesh.yaml',
    quota: { limit: 15, per: 'account', code: 'L-AC861A39', description: 'meshes per account' },
  },
  VirtualNode: {
    kind: 'VirtualNode', service: 'appmesh', createRank: 3, specShape: 'VirtualNodeSpec', specOptional: false, inMesh: true,
    words: { one: 'virtual node', many: 'virtual nodes' },
    api: appMeshApi('VirtualNode', 'virtualNodeName', 'virtualNode', 'virtualNodes'),
    references: [
      { target: 'VirtualService', path: ['spec', 'backends', '*', 'virtualService', 'virtualServiceName'], hard: false, role: 'backend', label: 'backend' },
      { target: 'CloudMapNamespace', path: ['spec', 'serviceDiscovery', 'awsCloudMap', 'namespaceName'], hard: false, role: 'cloud-map-namespace', label: 'Cloud Map namespace' },
      {
        target: 'CloudMapService', path: ['spec', 'serviceDiscovery', 'awsCloudMap', 'serviceName'], parentAt: ['spec', 'serviceDiscovery', 'awsCloudMap', 'namespaceName'],
        hard: false, role: 'cloud-map-service', label: 'Cloud Map service',
      },
    ],
    immutable: [],
    normalization: { serverFilledWhenOmitted: [], rules: ['health-check-ports'] },
    crossChecks: ['backends-quota'],
    repoFile: '{mesh}/virtual-nodes.yaml',
    quota: { limit: 200, per: 'mesh', code: 'L-E043DFB4', description: 'virtual nodes per mesh' },
  },
  VirtualRouter: {
    kind: 'VirtualRouter', service: 'appmesh', createRank: 4, specShape: 'VirtualRouterSpec', specOptional: false, inMesh: true,
    words: { one: 'virtual router', many: 'virtual routers' },
    api: appMeshApi('VirtualRouter', 'virtualRouterName', 'virtualRouter', 'virtualRouters'),
    references: [],
    immutable: [],
    normalization: NO_NORMALIZATION,
    crossChecks: [],
    repoFile: '{mesh}/routers/{name}.yaml',
    quota: { limit: 200, per: 'mesh', code: 'L-50F6C35A', description: 'virtual routers per mesh' },
  },
  Route: {
    kind: 'Route', service: 'appmesh', createRank: 5, specShape: 'RouteSpec', specOptional: false, inMesh: true,
    parent: { kind: 'VirtualRouter', field: 'virtualRouter', label: 'virtual router' },
    words: { one: 'route', many: 'routes' },
    api: appMeshApi('Route', 'routeName', 'route', 'routes', 'Routes', 'virtualRouterName'),
    rollout: true,
    routeMembers: Object.keys(ROUTE_PROTOCOLS),
    references: [
      { target: 'VirtualNode', path: ['spec', '$routeType', 'action', 'weightedTargets', '*', 'virtualNode'], hard: true, role: 'route-target', label: 'route target' },
    ],
    immutable: [],
    normalization: NO_NORMALIZATION,
    crossChecks: ['parent-listeners', 'target-ports'],
    repoFile: '{mesh}/routers/{parent}.yaml',
    quota: { limit: 50, per: 'parent', code: 'L-BB90B7FF', description: 'routes per virtual router' },
  },
  VirtualService: {
    kind: 'VirtualService', service: 'appmesh', createRank: 6, specShape: 'VirtualServiceSpec', specOptional: false, inMesh: true,
    words: { one: 'virtual service', many: 'virtual services' },
    api: appMeshApi('VirtualService', 'virtualServiceName', 'virtualService', 'virtualServices'),
    references: [
      { target: 'VirtualNode', path: ['spec', 'provider', 'virtualNode', 'virtualNodeName'], hard: true, role: 'provider', label: 'virtual service provider' },
      { target: 'VirtualRouter', path: ['spec', 'provider', 'virtualRouter', 'virtualRouterName'], hard: true, role: 'provider', label: 'virtual service provider' },
    ],
    immutable: [],
    normalization: NO_NORMALIZATION,
    crossChecks: [],
    repoFile: '{mesh}/virtual-services.yaml',
    quota: { limit: 200, per: 'mesh', code: 'L-DA7495A7', description: 'virtual services per mesh' },
  },
  VirtualGateway: {
    kind: 'VirtualGateway', service: 'appmesh', createRank: 7, specShape: 'VirtualGatewaySpec', specOptional: false, inMesh: true,
    words: { one: 'virtual gateway', many: 'virtual gateways' },
    api: appMeshApi('VirtualGateway', 'virtualGatewayName', 'virtualGateway', 'virtualGateways'),
    references: [],
    immutable: [],
    normalization: { serverFilledWhenOmitted: [], rules: ['health-check-ports'] },
    crossChecks: [],
    repoFile: '{mesh}/gateways/{name}.yaml',
    quota: { limit: 3, per: 'mesh', code: 'L-87E74146', description: 'virtual gateways per mesh' },
  },
  GatewayRoute: {
    kind: 'GatewayRoute', service: 'appmesh', createRank: 8, specShape: 'GatewayRouteSpec', specOptional: false, inMesh: true,
    parent: { kind: 'VirtualGateway', field: 'virtualGateway', label: 'virtual gateway' },
    words: { one: 'gateway route', many: 'gateway routes' },
    api: appMeshApi('GatewayRoute', 'gatewayRouteName', 'gatewayRoute', 'gatewayRoutes', 'GatewayRoutes', 'virtualGatewayName'),
    routeMembers: Object.keys(GATEWAY_ROUTE_PROTOCOLS),
    references: [
      { target: 'VirtualService', path: ['spec', '$routeType', 'action', 'target', 'virtualService', 'virtualServiceName'], hard: true, role: 'gateway-route-target', label: 'gateway route target' },
    ],
    immutable: [],
    normalization: NO_NORMALIZATION,
    crossChecks: ['parent-listeners'],
    repoFile: '{mesh}/gateways/{parent}.yaml',
    quota: { limit: 10, per: 'parent', code: 'L-F6F26D09', description: 'gateway routes per virtual gateway' },
  },
};

export const APP_MESH_TARGET: Target<DocumentKind> = {
  name: 'appmesh',
  title: 'App Mesh',
  kinds: APP_MESH_KINDS,
  registry: APP_MESH_REGISTRY,
  declared: true,
};
