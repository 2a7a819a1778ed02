import type { JsonObject, JsonValue } from './json';
import { asObject as obj, asString as str } from './json';
import type { Kind } from './kinds';
import { KIND_INFO } from './kinds';
import { makeKey, type ResourceKey } from './resource-key';

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


/** Every reference a resource makes, derived from its identity and its kind's reference rules. */
export function referencesOf(resource: ReferencingResource): Reference[] {
  const refs: Reference[] = [];
  const { kind, mesh } = resource;
  const info = KIND_INFO[kind];
  if (info.inMesh && mesh !== undefined) {
    refs.push({ target: makeKey('Mesh', mesh), path: ['mesh'], hard: true, role: 'mesh', label: 'mesh' });
  }
  if (info.parent && resource.parent !== undefined) {
    refs.push({ target: makeKey(info.parent.kind, resource.parent, mesh), path: [info.parent.field], hard: true, role: 'parent', label: info.parent.label });
  }
  const document: JsonObject = { name: resource.name, spec: resource.spec };
  for (const rule of info.references) {
    const parent = rule.parentAt ? str(walk(document, rule.parentAt, info.routeMembers)[0]?.value) : undefined;
    if (rule.parentAt && parent === undefined) continue;
    for (const { value, path } of walk(document, rule.path, info.routeMembers)) {
      const name = str(value);
      if (name !== undefined) refs.push({ target: makeKey(rule.target, name, mesh, parent), path, hard: rule.hard, role: rule.role, label: rule.label });
    }
  }
  return refs;
}

/**
 * The values at a rule's path, with their concrete paths: `*` takes every element of a list,
 * `$routeType` every route member of the kind, in order.
 */
function walk(document: JsonObject, pattern: readonly string[], routeMembers: readonly string[] = []): { value: JsonValue | undefined; path: (string | number)[] }[] {
  let found: { value: JsonValue | undefined; path: (string | number)[] }[] = [{ value: document, path: [] }];
  for (const segment of pattern) {
    const next: typeof found = [];
    for (const { value, path } of found) {
      if (segment === '*') {
        if (Array.isArray(value)) value.forEach((item, i) => next.push({ value: item, path: [...path, i] }));
      } else if (segment === '$routeType') {
        for (const member of routeMembers) next.push({ value: obj(value)?.[member], path: [...path, member] });
      } else {
        next.push({ value: obj(value)?.[segment], path: [...path, segment] });
      }
    }
    found = next;
  }
  return found;
}
