import { mapToLattice } from '../../lib/mapping';
import { registeredTargetGroups, targetsOf, withRegisteredTargets, type RegistrationInstance } from '../../lib/mapping/lattice-targets';
import { buildPlan, detectDrift } from '../../lib/plan';
import type { JsonObject } from '../../lib/resources/json';
import type { DesiredResource, DesiredState, Settings } from '../../lib/resources/types';
import { declared, liveOf, liveState, settings } from '../support/builders';

const latticeSettings = (registration: 'none' | 'cloudmap'): Settings =>
  settings({ targets: ['lattice'], lattice: { authType: 'NONE', vpcs: [{ vpc: 'vpc-0123456789abcdef0', securityGroups: [] }], registration, unsupported: 'warn' } });

/** search-v1 (in Cloud Map, version=v1) is reached by two Lattice services: two target groups. legacy has DNS discovery. */
const appMesh = (): DesiredResource[] => [
  declared('Mesh', 'watches', {}),
  declared('VirtualNode', 'search-v1', {
    listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
    serviceDiscovery: { awsCloudMap: { namespaceName: 'watches.local', serviceName: 'search', attributes: [{ key: 'version', value: 'v1' }] } },
  }),
  declared('VirtualNode', 'legacy', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'legacy.internal' } } }),
  declared('VirtualService', 'search.watches', { provider: { virtualNode: { virtualNodeName: 'search-v1' } } }),
  declared('VirtualService', 'search-alt.watches', { provider: { virtualNode: { virtualNodeName: 'search-v1' } } }),
  declared('VirtualService', 'legacy.watches', { provider: { virtualNode: { virtualNodeName: 'legacy' } } }),
];

function desiredOf(registration: 'none' | 'cloudmap'): DesiredState {
  const s = latticeSettings(registration);
  const mapping = mapToLattice(appMesh(), s);
  return { settings: s, resources: mapping.resources, lattice: { notCarried: mapping.notCarried, registrations: mapping.registrations } };
}

const instance = (id: string, attributes: Record<string, string>): RegistrationInstance => ({ id, attributes });
const INSTANCES: RegistrationInstance[] = [
  instance('task-a', { AWS_INSTANCE_IPV4: '10.0.1.20', AWS_INSTANCE_PORT: '9090', version: 'v1' }),
  instance('task-b', { AWS_INSTANCE_IPV4: '10.0.1.10', version: 'v1' }),
  instance('task-c', { AWS_INSTANCE_IPV4: '10.0.1.30', version: 'v2' }),
  instance('task-d', { AWS_INSTANCE_IPV6: 'fd00::1', version: 'v1' }),
];
const byNode = (instances: RegistrationInstance[]) => new Map([['VirtualNode watches/search-v1', instances]]);

const targetGroups = (d: DesiredState) => d.resources.filter((r) => r.kind === 'TargetGroup');

describe('targetsOf', () => {
  it('takes AWS_INSTANCE_IPV4 and AWS_INSTANCE_PORT, else the target group port; honours the attribute filter; skips instances without IPv4', () => {
    expect(targetsOf(INSTANCES, { version: 'v1' }, 8080)).toEqual([
      { id: '10.0.1.10', port: 8080 },
      { id: '10.0.1.20', port: 9090 },
    ]);
    expect(targetsOf(INSTANCES, {}, 8080).map((t) => t.id)).toEqual(['10.0.1.10', '10.0.1.20', '10.0.1.30']);
  });

  it('falls back to the target group port when AWS_INSTANCE_PORT is not a port, and lists a target once', () => {
    const odd = [instance('x', { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: 'http' }), instance('y', { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '70000' })];
    expect(targetsOf(odd, {}, 8080)).toEqual([{ id: '10.0.0.1', port: 8080 }]);
  });
});

describe('withRegisteredTargets', () => {
  it('registration none: the desired state is unchanged and no target group has targets', () => {
    const desired = desiredOf('none');
    expect(registeredTargetGroups(desired)).toEqual([]);
    expect(withRegisteredTargets(desired, byNode(INSTANCES))).toBe(desired);
  });

  it('registration cloudmap: every target group of a Cloud Map node gets its instances; other nodes are left alone', () => {
    const desired = withRegisteredTargets(desiredOf('cloudmap'), byNode(INSTANCES));
    const groups = targetGroups(desired);
    const ofSearch = groups.filter((g) => g.name.startsWith('search-v1-'));
    expect(ofSearch).toHaveLength(2);
    expect(registeredTargetGroups(desired)).toEqual(ofSearch.map((g) => g.name).sort());
    for (const g of ofSearch) expect(g.spec.targets).toEqual([{ id: '10.0.1.10', port: 8080 }, { id: '10.0.1.20', port: 9090 }]);
    expect(groups.find((g) => g.name.startsWith('legacy-'))!.spec.targets).toBeUndefined();
  });

  it('a node whose Cloud Map service has no instances (yet) gets empty target lists', () => {
    const desired = withRegisteredTargets(desiredOf('cloudmap'), new Map());
    expect(targetGroups(desired).filter((g) => g.name.startsWith('search-v1-')).map((g) => g.spec.targets)).toEqual([[], []]);
  });
});

describe('the plan of registrations', () => {
  const live = (d: DesiredState, edit: (spec: JsonObject, name: string) => JsonObject = (s) => s) => liveState(d.resources.map((r) => liveOf({ ...r, spec: edit(r.spec, r.name) })));

  it('from empty: the target groups are created with their targets in the spec, so reviewers see them', () => {
    const plan = buildPlan({ desired: withRegisteredTargets(desiredOf('cloudmap'), byNode(INSTANCES)), live: liveState([]) });
    const creates = plan.changes.filter((c) => c.kind === 'TargetGroup' && c.name.startsWith('search-v1-'));
    expect(creates.map((c) => c.action)).toEqual(['create', 'create']);
    for (const c of creates) expect(c.action === 'create' && c.desired.spec.targets).toEqual([{ id: '10.0.1.10', port: 8080 }, { id: '10.0.1.20', port: 9090 }]);
  });

  it('an instance gone from Cloud Map and a new one: one update per target group, diffed per target', () => {
    const before = withRegisteredTargets(desiredOf('cloudmap'), byNode(INSTANCES));
    const after = withRegisteredTargets(desiredOf('cloudmap'), byNode([INSTANCES[0], instance('task-e', { AWS_INSTANCE_IPV4: '10.0.1.40', version: 'v1' })]));
    const plan = buildPlan({ desired: after, live: live(before) });
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name.replace(/-[0-9a-f]{8}$/, '')}`)).toEqual(['update TargetGroup search-v1-search-alt-watches', 'update TargetGroup search-v1-search-watches']);
    expect(plan.changes[0].diff.map((d) => `${d.path}: ${JSON.stringify(d.before)} → ${JSON.stringify(d.after)}`).sort()).toEqual([
      'spec.targets[target=10.0.1.10:8080]: {"id":"10.0.1.10","port":8080} → undefined',
      'spec.targets[target=10.0.1.40:8080]: undefined → {"id":"10.0.1.40","port":8080}',
    ]);
  });

  it('in sync plans nothing; a target removed out of band is drift of class changed with target and source', () => {
    const desired = withRegisteredTargets(desiredOf('cloudmap'), byNode(INSTANCES));
    expect(buildPlan({ desired, live: live(desired) }).changes).toEqual([]);
    const lastApplied = { fingerprint: 'x', appliedAt: '2026-12-01T00:00:00Z', owner: desired.settings.owner, resources: desired.resources.map(({ source: _s, ...r }) => r) };
    const removed = live(desired, (spec, name) => (name.startsWith('search-v1-search-watches') ? { ...spec, targets: [{ id: '10.0.1.20', port: 9090 }] } : spec));
    const plan = buildPlan({ desired, live: removed, lastApplied });
    const report = detectDrift(plan, lastApplied, '2026-12-02T00:00:00Z');
    expect(report.items).toEqual([expect.objectContaining({ class: 'changed', kind: 'TargetGroup', target: 'lattice', source: 'VirtualNode watches/search-v1' })]);
  });
});
