import { changeRepo, desiredState, documentId, generateRepo, repoFiles, repoSnapshot, SIZES, SIZE_PARAMETERS, type BenchRepo } from '../../bench/generate-repo';
import { loadDesiredState } from '../../lib/model/load';
import { buildPlan } from '../../lib/plan/build-plan';
import { referencesOf } from '../../lib/resources/references';
import { resourceId } from '../../lib/resources/resource-key';
import type { LiveState } from '../../lib/resources/types';
import { OWNER_TAG } from '../../lib/resources/types';

function countByKind(repo: BenchRepo): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of repo.documents) out[d.kind] = (out[d.kind] ?? 0) + 1;
  return out;
}

/** The repo as a meshops-owned live account would hold it (specs exactly as declared). */
function liveOf(repo: BenchRepo): LiveState {
  const state = desiredState(repo);
  return {
    resources: state.resources.map((r, i) => ({
      kind: r.kind,
      name: r.name,
      ...(r.mesh !== undefined ? { mesh: r.mesh } : {}),
      ...(r.parent !== undefined ? { parent: r.parent } : {}),
      spec: r.spec,
      tags: { ...r.tags, [OWNER_TAG]: state.settings.owner },
      arn: `arn:test:${resourceId(r)}`,
      ...(r.kind === 'CloudMapNamespace' || r.kind === 'CloudMapService' ? { id: `id-${i}` } : { version: 1, lastUpdatedAt: '2026-01-01T00:00:00.000Z' }),
    })),
    scope: { meshes: ['bench'], namespaces: ['bench.local'] },
    warnings: [],
  };
}

describe('generateRepo', () => {
  it('is deterministic: the same size gives the same files, byte for byte', () => {
    for (const size of SIZES) expect(repoFiles(generateRepo(size))).toEqual(repoFiles(generateRepo(size)));
  });

  it('builds L at App Mesh quota size per mesh', () => {
    expect(countByKind(generateRepo('L'))).toEqual({
      CloudMapNamespace: 1,
      CloudMapService: 200,
      Mesh: 1,
      VirtualNode: 200,
      VirtualRouter: 200,
      Route: 400,
      VirtualService: 200,
      VirtualGateway: 3,
      GatewayRoute: 30,
    });
    expect(generateRepo('L').documents).toHaveLength(1235);
  });

  it('builds S at about 30 and M at about 300 resources', () => {
    expect(generateRepo('S').documents.length).toBeGreaterThanOrEqual(27);
    expect(generateRepo('S').documents.length).toBeLessThanOrEqual(33);
    expect(generateRepo('M').documents.length).toBeGreaterThanOrEqual(270);
    expect(generateRepo('M').documents.length).toBeLessThanOrEqual(330);
  });

  it.each(SIZES)('writes YAML that the loader accepts and reads back as the same desired state (%s)', (size) => {
    const repo = generateRepo(size);
    const loaded = loadDesiredState(repoSnapshot(repo));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const strip = (s: ReturnType<typeof desiredState>) => ({ ...s, resources: s.resources.map(({ source: _s, ...r }) => r).sort((a, b) => resourceId(a).localeCompare(resourceId(b))) });
    expect(strip(loaded.state!)).toEqual(strip(desiredState(repo)));
  });

  it('keeps every YAML file far below the 1 MiB limit', () => {
    for (const f of repoFiles(generateRepo('L'))) expect(Buffer.byteLength(f.content)).toBeLessThan(256 * 1024);
  });
});

describe('changeRepo (the 5% change)', () => {
  it.each(SIZES)('replaces nodes, shifts 10%% of the routes and declares exactly what changed (%s)', (size) => {
    const before = generateRepo(size);
    const { repo: after, expected } = changeRepo(before);
    const p = SIZE_PARAMETERS[size];
    expect(expected.created).toHaveLength(p.nodesReplaced * (p.meshes ?? 1));
    expect(expected.deleted).toHaveLength(p.nodesReplaced * (p.meshes ?? 1));
    const byId = (r: BenchRepo) => new Map(r.documents.map((d) => [documentId(d), d]));
    const b = byId(before);
    const a = byId(after);
    for (const id of expected.created) expect(b.has(id) || !a.has(id)).toBe(false);
    for (const id of expected.deleted) expect(a.has(id) || !b.has(id)).toBe(false);
    // Every other document is either listed as updated (and differs) or identical.
    for (const [id, doc] of a) {
      if (expected.created.includes(id)) continue;
      expect(JSON.stringify(doc) !== JSON.stringify(b.get(id))).toBe(expected.updated.includes(id));
    }
    const routes = before.documents.filter((d) => d.kind === 'Route').length;
    const weights = (d: BenchRepo['documents'][number]) => (d.spec.httpRoute as { action: { weightedTargets: { weight: number }[] } }).action.weightedTargets.map((t) => t.weight).join('/');
    const shifted = after.documents.filter((d) => d.kind === 'Route' && ['70/30', '60/40'].includes(weights(d)));
    expect(shifted.length).toBe(Math.ceil(routes / 10));
    for (const d of shifted) expect(expected.updated).toContain(documentId(d));
  });

  it('leaves no reference to a removed node, so the change loads and applies', () => {
    const { repo: after, expected } = changeRepo(generateRepo('L'));
    const deleted = new Set(expected.deleted);
    for (const doc of after.documents) {
      const key = { kind: doc.kind, name: doc.name, ...(doc.mesh ? { mesh: doc.mesh } : {}), ...((doc.virtualRouter ?? doc.virtualGateway ?? doc.namespace) ? { parent: doc.virtualRouter ?? doc.virtualGateway ?? doc.namespace } : {}) };
      for (const ref of referencesOf({ ...key, spec: doc.spec })) expect(deleted.has(resourceId(ref.target))).toBe(false);
    }
    expect(loadDesiredState(repoSnapshot(after)).state).toBeDefined();
  });

  it.each(SIZES)('is what the planner finds against the applied repo: creates, updates and deletes, nothing else (%s)', (size) => {
    const before = generateRepo(size);
    const { repo: after, expected } = changeRepo(before);
    const plan = buildPlan({ desired: desiredState(after), live: liveOf(before) });
    expect(plan.errors).toEqual([]);
    const ids = (action: string) => plan.changes.filter((c) => c.action === action).map((c) => c.id).sort();
    expect({ created: ids('create'), updated: ids('update'), deleted: ids('delete') }).toEqual(expected);
    expect(plan.changes.every((c) => ['create', 'update', 'delete'].includes(c.action))).toBe(true);
  });

  it('goes over the 200-node quota at L while it applies (creates before deletes): the plan warns', () => {
    const before = generateRepo('L');
    const plan = buildPlan({ desired: desiredState(changeRepo(before).repo), live: liveOf(before) });
    expect(plan.warnings.some((w) => w.code === 'quota' && w.message.includes('205'))).toBe(true);
  });

  it('plans nothing for the repo against itself', () => {
    const repo = generateRepo('M');
    expect(buildPlan({ desired: desiredState(repo), live: liveOf(repo) }).changes).toEqual([]);
  });
});
