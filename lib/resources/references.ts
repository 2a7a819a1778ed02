import type { JsonObject, JsonValue } from './json';
import { isJsonObject } from './json';
import type { Kind } from './kinds';
import { KIND_INFO } from './kinds';
import { makeKey, type ResourceKey } from './resource-key';

/**
 * A reference from one resource to another. `hard` references must exist before the referring
 * resource is created or updated, and block the target's deletion (reference §5); soft ones
 * (virtual node backends, Cloud Map service discovery) are checked by validation only.
 */
export interface Reference {
  target: ResourceKey;
  /** Path of the referring field inside the resource document, e.g. ['spec','httpRoute','action','weightedTargets',0,'virtualNode']. */
  path: (string | number)[];
  hard: boolean;
  /** What the field is, for messages: "route target", "virtual service provider". */
  role: string;
}

export interface ReferencingResource {
  kind: Kind;
  name: string;
  mesh?: string;
  parent?: string;
  spec: JsonObject;
}

const ROUTE_TYPES = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const;
const GATEWAY_ROUTE_TYPES = ['httpRoute', 'http2Route', 'grpcRoute'] as const;

function obj(v: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(v) ? v : undefined;
}

function str(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Every reference a resource makes, derived from its identity and spec. */
export function referencesOf(resource: ReferencingResource): Reference[] {
  const refs: Reference[] = [];
  const { kind, mesh, spec } = resource;
  const info = KIND_INFO[kind];
  if (info.inMesh && mesh !== undefined) {
    refs.push({ target: makeKey('Mesh', mesh), path: ['mesh'], hard: true, role: 'mesh' });
  }
  if (info.parent && resource.parent !== undefined) {
    const parentKind = info.parent.kind;
    refs.push({ target: makeKey(parentKind, resource.parent, mesh), path: [info.parent.field], hard: true, role: parentRole(parentKind) });
  }
  switch (kind) {
    case 'Route':
      for (const type of ROUTE_TYPES) {
        const targets = obj(obj(spec[type])?.action)?.weightedTargets;
        if (!Array.isArray(targets)) continue;
        targets.forEach((t, i) => {
          const node = str(obj(t)?.virtualNode);
          if (node !== undefined) {
            refs.push({ target: makeKey('VirtualNode', node, mesh), path: ['spec', type, 'action', 'weightedTargets', i, 'virtualNode'], hard: true, role: 'route target' });
          }
        });
      }
      break;
    case 'VirtualService': {
      const provider = obj(spec.provider);
      const node = str(obj(provider?.virtualNode)?.virtualNodeName);
      const router = str(obj(provider?.virtualRouter)?.virtualRouterName);
      if (node !== undefined) refs.push({ target: makeKey('VirtualNode', node, mesh), path: ['spec', 'provider', 'virtualNode', 'virtualNodeName'], hard: true, role: 'virtual service provider' });
      if (router !== undefined) refs.push({ target: makeKey('VirtualRouter', router, mesh), path: ['spec', 'provider', 'virtualRouter', 'virtualRouterName'], hard: true, role: 'virtual service provider' });
      break;
    }
    case 'GatewayRoute':
      for (const type of GATEWAY_ROUTE_TYPES) {
        const vs = str(obj(obj(obj(obj(spec[type])?.action)?.target)?.virtualService)?.virtualServiceName);
        if (vs !== undefined) {
          refs.push({ target: makeKey('VirtualService', vs, mesh), path: ['spec', type, 'action', 'target', 'virtualService', 'virtualServiceName'], hard: true, role: 'gateway route target' });
        }
      }
      break;
    case 'VirtualNode': {
      const backends = spec.backends;
      if (Array.isArray(backends)) {
        backends.forEach((b, i) => {
          const vs = str(obj(obj(b)?.virtualService)?.virtualServiceName);
          if (vs !== undefined) refs.push({ target: makeKey('VirtualService', vs, mesh), path: ['spec', 'backends', i, 'virtualService', 'virtualServiceName'], hard: false, role: 'backend' });
        });
      }
      const cloudMap = obj(obj(spec.serviceDiscovery)?.awsCloudMap);
      const ns = str(cloudMap?.namespaceName);
      const svc = str(cloudMap?.serviceName);
      if (ns !== undefined) {
        refs.push({ target: makeKey('CloudMapNamespace', ns), path: ['spec', 'serviceDiscovery', 'awsCloudMap', 'namespaceName'], hard: false, role: 'Cloud Map namespace' });
        if (svc !== undefined) refs.push({ target: makeKey('CloudMapService', svc, undefined, ns), path: ['spec', 'serviceDiscovery', 'awsCloudMap', 'serviceName'], hard: false, role: 'Cloud Map service' });
      }
      break;
    }
    case 'ServiceNetworkServiceAssociation':
      refs.push({ target: makeKey('LatticeService', resource.name), path: ['name'], hard: true, role: 'associated service' });
      break;
    case 'Listener':
      refs.push(...forwardReferences(spec.defaultAction, ['spec', 'defaultAction']));
      break;
    case 'Rule':
      refs.push(...forwardReferences(spec.action, ['spec', 'action']));
      break;
    default:
      break;
  }
  return refs;
}

/** A Lattice action's target groups (named in the spec): a target group cannot go while a rule forwards to it. */
function forwardReferences(action: JsonValue | undefined, path: (string | number)[]): Reference[] {
  const groups = obj(obj(action)?.forward)?.targetGroups;
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((g, i) => {
    const name = str(obj(g)?.targetGroup);
    return name === undefined ? [] : [{ target: makeKey('TargetGroup', name), path: [...path, 'forward', 'targetGroups', i, 'targetGroup'], hard: true, role: 'forward target' }];
  });
}

function parentRole(kind: Kind): string {
  switch (kind) {
    case 'ServiceNetwork':
      return 'service network';
    case 'LatticeService':
      return 'Lattice service';
    case 'Listener':
      return 'listener';
    case 'VirtualRouter':
      return 'virtual router';
    case 'VirtualGateway':
      return 'virtual gateway';
    default:
      return 'Cloud Map namespace';
  }
}
