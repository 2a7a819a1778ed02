import { KIND_INFO, type Kind } from '../../resources';

/** The CloudFormation resource types the import brings, and the kind each becomes. */
export const APP_MESH_TYPES: Record<string, Kind> = {
  'AWS::AppMesh::Mesh': 'Mesh',
  'AWS::AppMesh::VirtualNode': 'VirtualNode',
  'AWS::AppMesh::VirtualService': 'VirtualService',
  'AWS::AppMesh::VirtualRouter': 'VirtualRouter',
  'AWS::AppMesh::Route': 'Route',
  'AWS::AppMesh::VirtualGateway': 'VirtualGateway',
  'AWS::AppMesh::GatewayRoute': 'GatewayRoute',
};

/** Cloud Map namespace types by resource type. */
export const CLOUD_MAP_NAMESPACE_TYPES: Record<string, 'DNS_PRIVATE' | 'DNS_PUBLIC' | 'HTTP'> = {
  'AWS::ServiceDiscovery::PrivateDnsNamespace': 'DNS_PRIVATE',
  'AWS::ServiceDiscovery::PublicDnsNamespace': 'DNS_PUBLIC',
  'AWS::ServiceDiscovery::HttpNamespace': 'HTTP',
};

export const CLOUD_MAP_SERVICE_TYPE = 'AWS::ServiceDiscovery::Service';

/** `virtualNodeName` → `VirtualNodeName`: CloudFormation names each API member in PascalCase. */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The property that names an App Mesh resource of `kind` (`VirtualNodeName`), from the API's name member. */
export function nameProperty(kind: Kind): string {
  return pascal(KIND_INFO[kind].api.nameMember);
}

/** Attributes CloudFormation returns for App Mesh resources that are only known once created. */
export const APP_MESH_CREATED_ATTRIBUTES = ['Arn', 'Uid', 'MeshOwner', 'ResourceOwner'];
