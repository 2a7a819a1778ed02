import { planJson } from '../../lib/cli/json-output';
import { mapToLattice } from '../../lib/mapping';
import { buildPlan, detectDrift } from '../../lib/plan';
import type { JsonObject } from '../../lib/resources/json';
import type { DesiredResource, DesiredState, Settings } from '../../lib/resources/types';
import { declared, liveOf, liveState, settings } from '../support/builders';

const latticeSettings = (overrides: Partial<Settings> = {}, unsupported: 'error' | 'warn' = 'warn'): Settings =>
  settings({ targets: ['lattice'], lattice: { authType: 'NONE', vpcs: [{ vpc: 'vpc-0123456789abcdef0', securityGroups: [] }], registration: 'none', unsupported }, ...overrides });

const appMesh = (weights: [number, number] = [90, 10], extraRoute: JsonObject = {}): DesiredResource[] => [
  declared('Mesh', 'watches', {}),
  declared('VirtualNode', 'v1', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
  declared('VirtualNode', 'v2', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
  declared('VirtualRouter', 'r', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
  declared('VirtualService', 'search.watches', { provider: { virtualRouter: { virtualRouterName: 'r' } } }),
  declared('Route', 'canary', { priority: 1, httpRoute: { match: { prefix: '/', headers: [{ name: 'x-release', match: { exact: 'canary' } }] }, action: { weightedTargets: [{ virtualNode: 'v1', weight: weights[0] }, { virtualNode: 'v2', weight: weights[1] }] }, ...extraRoute } }, { parent: 'r' }),
  declared('Route', 'default', { priority: 2, httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'v1', weight: 1 }] } } }, { parent: 'r' }),
];

function desiredOf(declaredResources: DesiredResource[], s: Settings): DesiredState {
  const mapping = mapToLattice(declaredResources, s);
  const kept = s.targets.includes('appmesh') ? declaredResources : [];
  return { settings: s, resources: [...kept, ...mapping.resources], lattice: { notCarried: mapping.notCarried, registrations: mapping.registrations } };
}

describe('plans on the Lattice target', () => {
  it('from empty: creates in Lattice dependency order, every change with target and source', () => {
    const plan = buildPlan({ desired: desiredOf(appMesh(), latticeSettings()), live: liveState([]) });
    expect(plan.errors).toEqual([]);
    expect(plan.steps.map((s) => [...new Set(s.map((o) => `${o.type} ${o.kind}`))].join(','))).toEqual([
      'create ServiceNetwork',
      'create ServiceNetworkVpcAssociation',
      'create TargetGroup',
      'create LatticeService',
      'create ServiceNetworkServiceAssociation',
      'create Listener',
      'create Rule',
    ]);
    const json = planJson(plan) as { changes: { target: string; source?: string; kind: string; name: string }[] };
    expect(json.changes.find((c) => c.kind === 'Rule')).toMatchObject({ target: 'lattice', source: 'Route watches/r/canary', name: 'canary' });
    expect(json.changes.every((c) => c.target === 'lattice' && c.source !== undefined)).toBe(true);
  });

  it('applied state plans to nothing; a weight change is exactly one rule update', () => {
    const applied = desiredOf(appMesh(), latticeSettings());
    const live = liveState(applied.resources.map((r) => liveOf(r)));
    expect(buildPlan({ desired: applied, live }).changes).toEqual([]);
    const shifted = buildPlan({ desired: desiredOf(appMesh([50, 50]), latticeSettings()), live });
    expect(shifted.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual(['update Rule canary']);
    expect(shifted.changes[0].diff.map((d) => `${d.path}: ${String(d.before)} → ${String(d.after)}`)).toEqual([
      expect.stringMatching(/^spec\.action\.forward\.targetGroups\[targetGroup=v1-search-watches-[0-9a-f]{8}\]\.weight: 90 → 50$/),
      expect.stringMatching(/^spec\.action\.forward\.targetGroups\[targetGroup=v2-search-watches-[0-9a-f]{8}\]\.weight: 10 → 50$/),
    ]);
  });

  it('a weight edited outside Git is drift of class changed, with target and source', () => {
    const applied = desiredOf(appMesh(), latticeSettings());
    const lastApplied = { fingerprint: 'x', appliedAt: '2026-12-01T00:00:00Z', owner: applied.settings.owner, resources: applied.resources.map(({ source: _s, ...r }) => r) };
    const live = liveState(
      applied.resources.map((r) => {
        if (r.kind !== 'Rule') return liveOf(r);
        const spec = structuredClone(r.spec) as JsonObject;
        (((spec.action as JsonObject).forward as JsonObject).targetGroups as JsonObject[])[0].weight = 0;
        return liveOf(r, { spec });
      }),
    );
    const report = detectDrift(buildPlan({ desired: applied, live, lastApplied }), lastApplied, '2026-12-02T00:00:00Z');
    expect(report.items).toEqual([expect.objectContaining({ class: 'changed', target: 'lattice', source: 'Route watches/r/canary', kind: 'Rule', name: 'canary' })]);
  });

  it('unsupported: error fails the plan (whole, with file:line); warn lists warnings', () => {
    const retry = { retryPolicy: { maxRetries: 2, perRetryTimeout: { unit: 'ms', value: 100 }, httpRetryEvents: ['server-error'] } };
    const failing = buildPlan({ desired: desiredOf(appMesh([90, 10], retry), latticeSettings({}, 'error')), live: liveState([]) });
    expect(failing.changes.length).toBeGreaterThan(0);
    expect(failing.errors.map((e) => e.message)).toEqual([
      'mesh/Route.yaml:1:1: Route watches/r/canary spec.httpRoute.retryPolicy: retry policy is not carried over to VPC Lattice: Lattice has no retries: clients retry themselves',
      expect.stringContaining('set lattice.unsupported: warn'),
    ]);
    expect(failing.lattice?.notCarried).toHaveLength(1);
    const warned = buildPlan({ desired: desiredOf(appMesh([90, 10], retry), latticeSettings()), live: liveState([]) });
    expect(warned.errors).toEqual([]);
    expect(warned.warnings.map((w) => w.code)).toEqual(['lattice-unsupported']);
  });

  it('[appmesh, lattice] → [lattice] plans only App Mesh deletions, named as a decommission', () => {
    const both = latticeSettings({ targets: ['appmesh', 'lattice'], maxDeletes: 20 });
    const live = liveState(desiredOf(appMesh(), both).resources.map((r) => liveOf(r)));
    expect(buildPlan({ desired: desiredOf(appMesh(), both), live }).changes).toEqual([]);
    const plan = buildPlan({ desired: desiredOf(appMesh(), latticeSettings({ maxDeletes: 20 })), live });
    expect(new Set(plan.changes.map((c) => `${c.action} ${c.kind}`))).toEqual(new Set(['delete Route', 'delete VirtualService', 'delete VirtualRouter', 'delete VirtualNode', 'delete Mesh']));
    expect(plan.decommission).toEqual({ target: 'appmesh', deletes: 7 });
    // maxDeletes applies to a decommission like to any deletion.
    const refused = buildPlan({ desired: desiredOf(appMesh(), latticeSettings({ maxDeletes: 3 })), live });
    expect(refused.errors.map((e) => e.code)).toEqual(['max-deletes']);
  });

  it('a rule whose priority a new rule takes is deleted before the new one is created', () => {
    const before = desiredOf(appMesh(), latticeSettings());
    const live = liveState(before.resources.map((r) => liveOf(r)));
    const renamed = appMesh().map((r) => (r.name === 'canary' ? { ...r, name: 'canary-2' } : r));
    const plan = buildPlan({ desired: desiredOf(renamed, latticeSettings()), live });
    const order = plan.steps.flat().map((o) => `${o.type} ${o.id}`);
    expect(order.indexOf(order.find((o) => o.startsWith('delete Rule/'))!)).toBeLessThan(order.indexOf(order.find((o) => o.startsWith('create Rule/'))!));
  });

  it('a target group a remaining rule uses cannot be deleted', () => {
    const applied = desiredOf(appMesh(), latticeSettings());
    const tg = applied.resources.find((r) => r.kind === 'TargetGroup' && r.name.startsWith('v2-'))!;
    const live = liveState(applied.resources.map((r) => liveOf(r)));
    const withoutTg = { ...applied, resources: applied.resources.filter((r) => r !== tg) };
    expect(buildPlan({ desired: withoutTg, live }).errors.map((e) => e.code)).toEqual(['blocked-delete']);
  });

  it('an untagged Lattice resource that matches a declared one is adopted; another owner\'s is a conflict', () => {
    const applied = desiredOf(appMesh(), latticeSettings());
    const live = liveState(applied.resources.map((r) => liveOf(r, { owner: r.kind === 'LatticeService' ? null : r.kind === 'Listener' ? 'someone/else' : undefined })));
    const plan = buildPlan({ desired: applied, live });
    expect(plan.changes.map((c) => `${c.action} ${c.kind}`)).toEqual(['adopt LatticeService', 'conflict Listener']);
  });
});
