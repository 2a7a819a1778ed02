import { KIND_INFO, type Kind } from './kinds';
import { naturalCompare } from './natural-order';

/**
 * Identity of a resource: kind + mesh + parent + name (docs/design.md §2). `mesh` is set for the App Mesh
 * kinds inside a mesh; `parent` is the virtual router (Route), virtual gateway (GatewayRoute) or
 * Cloud Map namespace name (CloudMapService).
 */
export interface ResourceKey {
  kind: Kind;
  name: string;
  mesh?: string;
  parent?: string;
}

/** A stable, readable id: `Route/watches/search-router/canary`, `CloudMapService/watches/search`. */
export function resourceId(key: ResourceKey): string {
  return [key.kind, key.mesh, key.parent, key.name].filter((s) => s !== undefined).join('/');
}

/** A short label for people: `Route watches/search-router/canary`. */
export function resourceLabel(key: ResourceKey): string {
  return `${key.kind} ${[key.mesh, key.parent, key.name].filter((s) => s !== undefined).join('/')}`;
}

export function makeKey(kind: Kind, name: string, mesh?: string, parent?: string): ResourceKey {
  const info = KIND_INFO[kind];
  const key: ResourceKey = { kind, name };
  if (info.inMesh) key.mesh = mesh;
  if (info.parent) key.parent = parent;
  return key;
}

export function sameKey(a: ResourceKey, b: ResourceKey): boolean {
  return resourceId(a) === resourceId(b);
}

/** Deterministic order: create rank, then mesh, parent, name, each in natural order (`svc-2` before `svc-10`). */
export function compareKeys(a: ResourceKey, b: ResourceKey): number {
  const rank = KIND_INFO[a.kind].createRank - KIND_INFO[b.kind].createRank;
  if (rank) return rank;
  for (const f of ['mesh', 'parent', 'name'] as const) {
    const x = a[f] ?? '';
    const y = b[f] ?? '';
    if (x !== y) return naturalCompare(x, y);
  }
  return 0;
}
