import { KIND_INFO, KINDS_BY_CREATE_RANK, kindWord, type DesiredState, type Kind } from '../resources';
import { naturalCompare } from '../resources/natural-order';

export interface MeshSummary {
  name: string;
  counts: Partial<Record<Kind, number>>;
}

export interface NamespaceSummary {
  name: string;
  type?: string;
  services: number;
}

/** What a repository declares, for `meshops validate` and reports. */
export interface RepoSummary {
  resources: number;
  byKind: Partial<Record<Kind, number>>;
  /** Meshes named by any resource (declared or not), sorted. */
  meshes: MeshSummary[];
  namespaces: NamespaceSummary[];
}

export function summarize(state: DesiredState): RepoSummary {
  const byKind: Partial<Record<Kind, number>> = {};
  const meshes = new Map<string, MeshSummary>();
  const namespaces = new Map<string, NamespaceSummary>();
  for (const r of state.resources) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    const info = KIND_INFO[r.kind];
    const meshName = info.scope === 'mesh' ? r.name : r.mesh;
    if (meshName !== undefined) {
      const mesh = meshes.get(meshName) ?? { name: meshName, counts: {} };
      mesh.counts[r.kind] = (mesh.counts[r.kind] ?? 0) + 1;
      meshes.set(meshName, mesh);
    }
    if (info.scope === 'namespace') {
      const ns = namespaces.get(r.name) ?? { name: r.name, services: 0 };
      ns.type = typeof r.spec.type === 'string' ? r.spec.type : undefined;
      namespaces.set(r.name, ns);
    } else if (info.parent && KIND_INFO[info.parent.kind].scope === 'namespace' && r.parent !== undefined) {
      const ns = namespaces.get(r.parent) ?? { name: r.parent, services: 0 };
      ns.services++;
      namespaces.set(r.parent, ns);
    }
  }
  const sortedKinds = Object.fromEntries(KINDS_BY_CREATE_RANK.filter((k) => byKind[k]).map((k) => [k, byKind[k]])) as Partial<Record<Kind, number>>;
  return {
    resources: state.resources.length,
    byKind: sortedKinds,
    meshes: [...meshes.values()].sort((a, b) => naturalCompare(a.name, b.name)),
    namespaces: [...namespaces.values()].sort((a, b) => naturalCompare(a.name, b.name)),
  };
}

/** The kinds counted in a mesh's line: what lives in a mesh, in create order. */
const IN_MESH_ORDER: Kind[] = KINDS_BY_CREATE_RANK.filter((k) => KIND_INFO[k].inMesh);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Human lines: one per mesh and one per Cloud Map namespace. */
export function renderSummary(summary: RepoSummary): string {
  const lines: string[] = [];
  for (const mesh of summary.meshes) {
    const parts = IN_MESH_ORDER.filter((k) => mesh.counts[k]).map((k) => plural(mesh.counts[k]!, kindWord(k)));
    lines.push(`  mesh ${mesh.name}: ${parts.length ? parts.join(', ') : 'no resources'}`);
  }
  for (const ns of summary.namespaces) {
    lines.push(`  Cloud Map namespace ${ns.name}${ns.type ? ` (${ns.type})` : ''}: ${plural(ns.services, 'service')}`);
  }
  return lines.join('\n');
}
