import { stringify } from 'yaml';
import type { RepoSnapshot } from '../../lib/model/snapshot';
import type { DesiredState } from '../../lib/resources/types';

/** A DesiredState written back as a repository snapshot (meshops.yaml + one file per kind). */
export function snapshotOf(state: DesiredState): RepoSnapshot {
  const enc = new TextEncoder();
  const { settings } = state;
  const settingsDoc: Record<string, unknown> = { version: 1, region: settings.region, owner: settings.owner, path: settings.path, prune: settings.prune, maxDeletes: settings.maxDeletes };
  const byKind = new Map<string, string[]>();
  for (const r of state.resources) {
    const doc: Record<string, unknown> = { kind: r.kind, name: r.name };
    if (r.mesh !== undefined) doc.mesh = r.mesh;
    if (r.kind === 'Route') doc.virtualRouter = r.parent;
    if (r.kind === 'GatewayRoute') doc.virtualGateway = r.parent;
    if (r.kind === 'CloudMapService') doc.namespace = r.parent;
    doc.spec = r.spec;
    if (Object.keys(r.tags).length) doc.tags = r.tags;
    const file = `${settings.path}/${r.kind}.yaml`;
    if (!byKind.has(file)) byKind.set(file, []);
    byKind.get(file)!.push(stringify(doc));
  }
  return {
    repo: 'acme/mesh-config',
    files: [
      { path: 'meshops.yaml', content: enc.encode(stringify(settingsDoc)) },
      ...[...byKind].map(([path, docs]) => ({ path, content: enc.encode(docs.join('---\n')) })),
    ],
  };
}
