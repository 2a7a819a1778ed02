import type { OperationModel } from '../../api-model';
import { appMeshModel } from '../../api-model/service-models';
import { badRequest } from './errors';

/** The versioned prefix every App Mesh path starts with (docs/aws-behaviour.md §2). */
export const APP_MESH_PATH_PREFIX = '/v20190125/';

export interface RoutedOperation {
  operation: OperationModel;
  /** URI labels, percent-decoded (`vr%201` → `vr 1`). */
  labels: Record<string, string>;
}

interface CompiledRoute {
  operation: OperationModel;
  method: string;
  /** Path segments of the template: a literal, or a label name. */
  segments: ({ literal: string } | { label: string })[];
}

function compile(operation: OperationModel): CompiledRoute {
  const uri = operation.http.requestUri ?? '/';
  const path = uri.split('?')[0];
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const label = /^\{([^}+]+)\+?\}$/.exec(s);
      return label ? { label: label[1] } : { literal: s };
    });
  return { operation, method: (operation.http.method ?? 'GET').toUpperCase(), segments };
}

/**
 * Every operation's method + URI template from AWS's model. Templates with more literal segments
 * come first, so a literal never loses to a label in the same position.
 */
const ROUTES: CompiledRoute[] = Object.values(appMeshModel.operations)
  .map(compile)
  .sort((a, b) => literalCount(b) - literalCount(a));

function literalCount(route: CompiledRoute): number {
  return route.segments.filter((s) => 'literal' in s).length;
}

function decodeLabel(raw: string, label: string): string {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw badRequest(`the path parameter ${label} is not valid percent-encoding: ${raw}`);
  }
  if (isDotSegment(value)) throw badRequest(`the path parameter ${label} cannot be ${JSON.stringify(value)}: a URL path resolves "." and ".."`);
  return value;
}

/** `.` and `..` address another resource once a URL path is resolved: no name may be one. */
export function isDotSegment(name: string): boolean {
  return name === '.' || name === '..';
}

/**
 * Finds the operation for a method and a raw (still percent-encoded) path. Labels are matched on
 * the raw segments, then decoded, so an encoded `/` (`%2F`) stays inside its label. Note `PUT
 * /meshes` (CreateMesh) vs `PUT /meshes/{meshName}` (UpdateMesh), and the singular
 * `virtualRouter/{x}/routes` vs the plural `virtualRouters/{x}`: segment counts and literals tell
 * them apart.
 */
export function routeRequest(method: string, rawPath: string): RoutedOperation | undefined {
  // Only the leading slash is dropped: an empty segment (`…/meshes/m1/`) names nothing.
  const parts = rawPath.split('?')[0].replace(/^\/+/, '').split('/');
  const upper = method.toUpperCase();
  for (const route of ROUTES) {
    if (route.method !== upper || route.segments.length !== parts.length) continue;
    const raw: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = route.segments[i];
      if ('literal' in seg) ok = seg.literal === parts[i];
      else if (parts[i] === '') ok = false;
      else raw[seg.label] = parts[i];
    }
    if (!ok) continue;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) labels[k] = decodeLabel(v, k);
    return { operation: route.operation, labels };
  }
  return undefined;
}

/** The operation name only (fault injection and call statistics); never throws. */
export function operationName(method: string, rawPath: string): string | undefined {
  try {
    return routeRequest(method, rawPath)?.operation.name;
  } catch {
    return undefined;
  }
}
