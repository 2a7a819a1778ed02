import { isDotSegment, type RoutedOperation } from '../wire/rest-json';
import { badRequest } from './errors';
import { appMeshProtocol } from './protocol';

export { isDotSegment, type RoutedOperation };

/** The versioned prefix every App Mesh path starts with (docs/aws-behaviour.md §2). */
export const APP_MESH_PATH_PREFIX = '/v20190125/';

/**
 * Finds the operation for a method and a raw (still percent-encoded) path, from every
 * operation's method + URI template in AWS's model (wire/rest-json.ts). Note `PUT /meshes`
 * (CreateMesh) vs `PUT /meshes/{meshName}` (UpdateMesh), and the singular
 * `virtualRouter/{x}/routes` vs the plural `virtualRouters/{x}`: segment counts and literals
 * tell them apart. An encoded `/` (`%2F`) stays inside its label.
 */
export function routeRequest(method: string, rawPath: string): RoutedOperation | undefined {
  return appMeshProtocol.route(method, rawPath, badRequest);
}

/** The operation name only (fault injection and call statistics); never throws. */
export function operationName(method: string, rawPath: string): string | undefined {
  return appMeshProtocol.operationName(method, rawPath);
}
