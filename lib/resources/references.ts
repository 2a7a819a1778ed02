import type { JsonObject, JsonValue } from './json';
import { asObject as obj, asString as str } from './json';
import type { Kind } from './kinds';
import { KIND_INFO } from './kinds';
import { makeKey, type ResourceKey } from './resource-key';
import { GATEWAY_ROUTE_TYPES, ROUTE_TYPES } from './routes';

/**
 * A reference from one resource to another. `hard` references must exist before the referring
 * resource is created or updated, and block the target's deletion (docs/aws-behaviour.md §5); soft ones
 * (virtual node backends, Cloud Map service discovery) are checked by validation only.
 */
export interface Reference {
  target: ResourceKey;
  /** Path of the referring field inside the resource document, e.g. ['spec','httpRoute','action','weightedTargets',0,'virtualNode']. */
  path: (string | number)[];
  hard: boolean;
  /** What the field is: diagnostics and delete checks decide by it. */
  role: ReferenceRole;
  /** The role in words, for messages: "route target", "virtual router". */
  label: string;
}

/**
 * `mesh` and `parent` are identity (a resource lives in its mesh, a route under its router);
 * the others are fields of the spec.
 */
export type ReferenceRole =
  | 'mesh'
  | 'parent'
  | 'route-target'
  | 'provider'
  | 'gateway-route-target'
  | 'backend'
  | 'cloud-map-namespace'
  | 'cloud-map-service'
  | 'associated-service'
  | 'forward-target';

export interface ReferencingResource {
  kind: Kind;
  name: string;
  mesh?: string;
  parent?: string;
  spec: JsonObject;
}


/** Every reference a resource makes, derived from its identity and spec. */
export function referencesOf(resource: ReferencingResource): Reference[] {
  const refs: Reference[] = [];
  const { kind, mesh, spec } = resource;
  const info = KIND_INFO[kind];
  if (info.inMesh && mesh !== undefined) {
    refs.push({ target: makeKey('Mesh', mesh), path: ['mesh'], hard: true, role: 'mesh', label: 'mesh' });
  }
  if (info.parent && resource.parent !== undefined) {
    const parentKind = info.parent.kind;
    refs.push({ target: makeKey(parentKind, resource.parent, mesh), path: [info.parent.field], hard: true, role: 'parent', label: parentLabel(parentKind) });
  }
  switch (kind) {
    case 'Route':
      for (const type of ROUTE_TYPES) {
        const targets = obj(obj(spec[type])?.action)?.weightedTargets;
        if (!Array.isArray(targets)) continue;
        targets.forEach((t, i) => {
          const node = str(obj(t)?.virtualNode);
          if (node !== undefined) {
            refs.push({ target: makeKey('VirtualNode', node, mesh), path: ['spec', type, 'action', 'weightedTargets', i, 'virtualNode'], hard: true, role: 'route-target', label: 'route target' });
          }
        });
      }
      break;
    case 'VirtualService': {
      const provider = obj(spec.provider);
      const node = str(obj(provider?.virtualNode)?.virtualNodeName);
      const router = str(obj(provider?.virtualRouter)?.virtualRouterName);
      if (node !== undefined) refs.push({ target: makeKey('VirtualNode', node, mesh), path: ['spec', 'provider', 'virtualNode', 'virtualNodeName'], hard: true, role: 'provider', label: 'virtual service provider' });
      if (router !== undefined) refs.push({ target: makeKey('VirtualRouter', router, mesh), path: ['spec', 'provider', 'virtualRouter', 'virtualRouterName'], hard: true, role: 'provider', label: 'virtual service provider' });
      break;
    }
    case 'GatewayRoute':
      for (const type of GATEWAY_ROUTE_TYPES) {
        const vs = str(obj(obj(obj(obj(spec[type])?.action)?.target)?.virtualService)?.virtualServiceName);
        if (vs !== undefined) {
          refs.push({ target: makeKey('VirtualService', vs, mesh), path: ['spec', type, 'action', 'target', 'virtualService', 'virtualServiceName'], hard: true, role: 'gateway-route-target', label: 'gateway route target' });
        }
      }
      break;
    case 'VirtualNode': {
      const backends = spec.backends;
      if (Array.isArray(backends)) {
        backends.forEach((b, i) => {
          const vs = str(obj(obj(b)?.virtualService)?.virtualServiceName);
          if (vs !== undefined) refs.push({ target: makeKey('VirtualService', vs, mesh), path: ['spec', 'backends', i, 'virtualService', 'virtualServiceName'], hard: false, role: 'backend', label: 'backend' });
        });
      }
      const cloudMap = obj(obj(spec.serviceDiscovery)?.awsCloudMap);
      const ns = str(cloudMap?.namespaceName);
      const svc = str(cloudMap?.serviceName);
      if (ns !== undefined) {
        refs.push({ target: makeKey('CloudMapNamespace', ns), path: ['spec', 'serviceDiscovery', 'awsCloudMap', 'namespaceName'], hard: false, role: 'cloud-map-namespace', label: 'Cloud Map namespace' });
        if (svc !== undefined) refs.push({ target: makeKey('CloudMapService', svc, undefined, ns), path: ['spec', 'serviceDiscovery', 'awsCloudMap', 'serviceName'], hard: false, role: 'cloud-map-service', label: 'Cloud Map service' });
      }
      break;
    }
    case 'ServiceNetworkServiceAssociation':
      refs.push({ target: makeKey('LatticeService', resource.name), path: ['name'], hard: true, role: 'associated-service', label: 'associated service' });
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
    return name === undefined ? [] : [{ target: makeKey('TargetGroup', name), path: [...path, 'forward', 'targetGroups', i, 'targetGroup'], hard: true, role: 'forward-target' as const, label: 'forward target' }];
  });
}

function parentLabel(kind: Kind): string {
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
