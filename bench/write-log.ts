/**
 * Which resources an apply wrote to, seen from the emulator's side of the wire (independent of what
 * meshops believes it did): every Create/Update/Delete/Tag/Untag request, resolved to a resource id.
 */
import { routeRequest } from '../lib/emulator/appmesh/operation-router';
import type { Emulator } from '../lib/emulator/emulator';
import type { WireRequest } from '../lib/emulator/wire/types';
import type { Kind } from '../lib/resources/kinds';
import { resourceId } from '../lib/resources/resource-key';

export interface WriteRecord {
  operation: string;
  /** Resource id (`Route/bench/router-007/primary`), or `?<what was sent>` when it cannot be resolved. */
  resource: string;
}

const WRITE = /^(Create|Update|Delete|Tag|Untag)/;

const APP_MESH_KINDS: Record<string, Kind> = {
  Mesh: 'Mesh',
  VirtualNode: 'VirtualNode',
  VirtualService: 'VirtualService',
  VirtualRouter: 'VirtualRouter',
  Route: 'Route',
  VirtualGateway: 'VirtualGateway',
  GatewayRoute: 'GatewayRoute',
};

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

function parseBody(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = body ? JSON.parse(body) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `arn:aws:appmesh:r:a:mesh/m/virtualRouter/r/route/x` → `Route/m/r/x`. */
export function appMeshArnToId(arn: string): string | undefined {
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  if (parts[0] !== 'mesh' || parts.length < 2) return undefined;
  const mesh = parts[1];
  if (parts.length === 2) return resourceId({ kind: 'Mesh', name: mesh });
  const kind = APP_MESH_KINDS[parts[2][0].toUpperCase() + parts[2].slice(1)];
  if (!kind || parts.length < 4) return undefined;
  if (parts.length === 4) return resourceId({ kind, name: parts[3], mesh });
  const childKind = APP_MESH_KINDS[parts[4][0].toUpperCase() + parts[4].slice(1)];
  if (!childKind || parts.length !== 6) return undefined;
  return resourceId({ kind: childKind, name: parts[5], mesh, parent: parts[3] });
}

/**
 * Resolves a write request to the resource it addresses. `cloudMapIds` maps Cloud Map ids and ARNs
 * to resource ids (Cloud Map writes name resources by id).
 */
export function writtenResource(request: WireRequest, cloudMapIds: ReadonlyMap<string, string>): WriteRecord | undefined {
  const target = request.headers['x-amz-target'];
  if (target) {
    const operation = target.split('.').pop() ?? target;
    if (!WRITE.test(operation)) return undefined;
    const body = parseBody(request.body);
    const ref = String(body.ResourceARN ?? body.Id ?? '');
    if (ref) return { operation, resource: cloudMapIds.get(ref) ?? `?${ref}` };
    if (operation === 'CreateService') {
      const ns = cloudMapIds.get(String(body.NamespaceId ?? ''));
      const nsName = ns?.split('/').pop();
      return { operation, resource: nsName ? resourceId({ kind: 'CloudMapService', name: String(body.Name), parent: nsName }) : `?${String(body.Name)}` };
    }
    return { operation, resource: resourceId({ kind: 'CloudMapNamespace', name: String(body.Name) }) };
  }
  const routed = routeRequest(request.method, request.path);
  if (!routed) return undefined;
  const operation = routed.operation.name;
  if (!WRITE.test(operation)) return undefined;
  if (operation === 'TagResource' || operation === 'UntagResource') {
    const arn = String(request.query.resourceArn ?? '');
    return { operation, resource: appMeshArnToId(arn) ?? `?${arn}` };
  }
  const kind = APP_MESH_KINDS[operation.replace(WRITE, '')];
  if (!kind) return { operation, resource: `?${request.path}` };
  const body = parseBody(request.body);
  const nameField = `${lowerFirst(kind)}Name`;
  const labels = routed.labels;
  const name = String(labels[nameField] ?? body[nameField] ?? '');
  if (kind === 'Mesh') return { operation, resource: resourceId({ kind, name }) };
  const parent = labels.virtualRouterName ?? labels.virtualGatewayName;
  return { operation, resource: resourceId({ kind, name, mesh: labels.meshName, ...(parent !== undefined ? { parent } : {}) }) };
}

/** Records the write requests the emulator receives from now on; `stop()` restores it. */
export function recordWrites(emulator: Emulator, cloudMapIds: ReadonlyMap<string, string>): { writes: WriteRecord[]; stop: () => void } {
  const writes: WriteRecord[] = [];
  const original = emulator.handle;
  emulator.handle = (request: WireRequest) => {
    const record = writtenResource(request, cloudMapIds);
    if (record) writes.push(record);
    return original.call(emulator, request);
  };
  return {
    writes,
    stop: () => {
      emulator.handle = original;
    },
  };
}
