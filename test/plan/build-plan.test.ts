import { buildPlan } from '../../lib/plan/build-plan';
import { hasChanges } from '../../lib/plan/types';
import { OWNER_TAG } from '../../lib/resources/types';
import { canaryRepo, declared, httpNode, httpRoute, liveOf, liveState, mesh, OWNER, router, state, virtualService } from '../support/builders';

const ids = (plan: ReturnType<typeof buildPlan>, action?: string) => plan.changes.filter((c) => !action || c.action === action).map((c) => c.id);

describe('buildPlan', () => {
  it('refuses to declare nothing while owned resources are live, unless allowEmpty: true', () => {
    const live = liveState(canaryRepo().map((r) => liveOf(r)));
    const refused = buildPlan({ desired: state([]), live, maxDeletes: 100 });
    expect(refused.errors.map((e) => e.code)).toEqual(['empty-repository']);
    expect(refused.errors[0]!.message).toContain('declares no resource while 7 resources owned by "acme/mesh-config" are live');
    const meant = buildPlan({ desired: state([], { allowEmpty: true }), live, maxDeletes: 100 });
    expect(meant.errors).toEqual([]);
    expect(meant.summary.delete).toBe(7);
    // Nothing owned is live: an empty repository is just empty.
    expect(buildPlan({ desired: state([]), live: liveState([liveOf(httpNode('theirs'), { owner: 'someone/else' })]) }).errors).toEqual([]);
  });

  it('plans nothing when live equals Git', () => {
    const repo = canaryRepo();
    const plan = buildPlan({ desired: state(repo), live: liveState(repo.map((r) => liveOf(r))) });
    expect(plan.changes).toEqual([]);
    expect(hasChanges(plan)).toBe(false);
    expect(plan.errors).toEqual([]);
    expect(plan.steps).toEqual([]);
  });

  it('creates everything in dependency order on an empty account', () => {
    const plan = buildPlan({ desired: state(canaryRepo()), live: liveState([]) });
    expect(plan.summary.create).toBe(7);
    expect(plan.steps.map((s) => s.map((o) => `${o.type} ${o.id}`))).toEqual([
      ['create Mesh/watches'],
      ['create VirtualNode/watches/search-v1', 'create VirtualNode/watches/search-v2'],
      ['create VirtualRouter/watches/search-router'],
      ['create Route/watches/search-router/canary', 'create Route/watches/search-router/default'],
      ['create VirtualService/watches/search.watches'],
    ]);
    expect(ids(plan)).toEqual(plan.steps.flat().map((o) => o.id));
  });

  it('updates a canary weight with a field diff and the traffic shift', () => {
    const live = liveState(canaryRepo([90, 10]).map((r) => liveOf(r)));
    const plan = buildPlan({ desired: state(canaryRepo([50, 50])), live });
    expect(ids(plan)).toEqual(['Route/watches/search-router/canary']);
    const change = plan.changes[0];
    expect(change.action).toBe('update');
    expect(change.diff).toEqual([
      { path: 'spec.httpRoute.action.weightedTargets[virtualNode=search-v1].weight', before: 90, after: 50 },
      { path: 'spec.httpRoute.action.weightedTargets[virtualNode=search-v2].weight', before: 10, after: 50 },
    ]);
    expect(plan.traffic).toHaveLength(1);
    const canary = plan.traffic[0].routes.find((r) => r.route === 'search-router/canary')!;
    expect(canary.status).toBe('changed');
    expect(canary.targets).toEqual([
      { virtualNode: 'search-v1', before: 90, after: 50 },
      { virtualNode: 'search-v2', before: 10, after: 50 },
    ]);
    expect(plan.traffic[0].routes.find((r) => r.route === 'search-router/default')!.status).toBe('unchanged');
  });

  it('adopts untagged resources, refuses foreign ones, leaves unmanaged ones alone', () => {
    const repo = [mesh(), httpNode('a'), httpNode('b')];
    const live = liveState([liveOf(repo[0]), liveOf(repo[1], { owner: null }), liveOf(repo[2], { owner: 'someone/else' }), liveOf(httpNode('stray'), { owner: null })]);
    const plan = buildPlan({ desired: state(repo), live });
    expect(plan.changes.map((c) => [c.action, c.id])).toEqual([
      ['adopt', 'VirtualNode/watches/a'],
      ['conflict', 'VirtualNode/watches/b'],
      ['unmanaged', 'VirtualNode/watches/stray'],
    ]);
    expect(plan.changes[0].diff).toEqual([{ path: `tags["${OWNER_TAG}"]`, after: OWNER }]);
    expect(plan.errors.map((e) => e.code)).toEqual(['conflict']);
    expect(plan.steps.flat().map((o) => o.id)).toEqual(['VirtualNode/watches/a']);
  });

  it('deletes owned resources removed from Git only when prune is on, in reverse order', () => {
    const repo = canaryRepo();
    const live = liveState(repo.map((r) => liveOf(r)));
    const kept = repo.filter((r) => r.kind === 'Mesh');
    const pruned = buildPlan({ desired: state(kept), live });
    expect(pruned.summary.delete).toBe(6);
    expect(pruned.steps.map((s) => s[0].kind)).toEqual(['VirtualService', 'Route', 'VirtualRouter', 'VirtualNode']);
    const kept2 = buildPlan({ desired: state(kept, { prune: false }), live });
    expect(kept2.summary.delete).toBe(0);
    expect(kept2.summary.unmanaged).toBe(6);
    expect(hasChanges(kept2)).toBe(false);
  });

  it('refuses more deletions than maxDeletes unless overridden', () => {
    const repo = canaryRepo();
    const live = liveState(repo.map((r) => liveOf(r)));
    const plan = buildPlan({ desired: state([repo[0]], { maxDeletes: 3 }), live });
    expect(plan.deletions).toBe(6);
    expect(plan.errors.map((e) => e.code)).toEqual(['max-deletes']);
    expect(buildPlan({ desired: state([repo[0]], { maxDeletes: 3 }), live, maxDeletes: 6 }).errors).toEqual([]);
  });

  it('refuses a delete that an unmanaged resource still depends on', () => {
    const node = httpNode('a');
    const foreignRoute = httpRoute('r', 'x', { a: 1 });
    const live = liveState([liveOf(mesh()), liveOf(node), liveOf(router('r'), { owner: null }), liveOf(foreignRoute, { owner: null })]);
    const plan = buildPlan({ desired: state([mesh()]), live });
    expect(plan.errors.map((e) => e.code)).toEqual(['blocked-delete']);
    expect(plan.errors[0].message).toContain('Route watches/r/x still refers to it as its route target');
  });

  it('re-creates routes that do not fit a router listener change, and updates first those that fit both', () => {
    const before = [mesh(), httpNode('a'), router('r', [{ port: 8080, protocol: 'http' }]), httpRoute('r', 'plain', { a: 1 }), httpRoute('r', 'ported', { a: 1 })];
    const live = liveState(before.map((r) => liveOf(r)));
    const after = [
      mesh(),
      httpNode('a'),
      router('r', [{ port: 8080, protocol: 'http' }, { port: 9090, protocol: 'http' }]),
      httpRoute('r', 'plain', { a: 1 }, { prefix: '/', port: 9090 }),
      httpRoute('r', 'ported', { a: 1 }, { prefix: '/', port: 8080 }),
    ];
    const plan = buildPlan({ desired: state(after), live });
    expect(plan.steps.map((s) => s.map((o) => `${o.type} ${o.id}`))).toEqual([
      ['delete Route/watches/r/plain', 'update Route/watches/r/ported'],
      ['update VirtualRouter/watches/r'],
      ['create Route/watches/r/plain'],
    ]);
    expect(plan.changes.find((c) => c.id === 'Route/watches/r/plain')).toMatchObject({ action: 'replace', listenerChange: true });
    expect(plan.deletions).toBe(1);
  });

  it('sends the live value back at ignored paths and reports no difference there', () => {
    const node = httpNode('a');
    const drifted = structuredClone(node.spec) as { listeners: { healthCheck: { intervalMillis: number } }[] };
    drifted.listeners[0].healthCheck.intervalMillis = 10000;
    const live = liveState([liveOf(mesh()), liveOf(node, { spec: drifted as never })]);
    const ignore = [{ kind: 'VirtualNode' as const, name: '*', path: '/spec/listeners/0/healthCheck' }];
    expect(buildPlan({ desired: state([mesh(), node], { ignore }), live }).changes).toEqual([]);
    const plan = buildPlan({ desired: state([mesh(), node]), live });
    expect(plan.changes[0].diff).toEqual([{ path: 'spec.listeners[port=8080/http].healthCheck.intervalMillis', before: 10000, after: 5000 }]);
  });

  it('has a fingerprint that depends on what runs, not on where it was written', () => {
    const a = buildPlan({ desired: state(canaryRepo([50, 50])), live: liveState(canaryRepo().map((r) => liveOf(r))) });
    const moved = canaryRepo([50, 50]).map((r) => ({ ...r, source: { ...r.source, line: 42 } }));
    const b = buildPlan({ desired: state(moved), live: liveState(canaryRepo().map((r) => liveOf(r))) });
    const c = buildPlan({ desired: state(canaryRepo([40, 60])), live: liveState(canaryRepo().map((r) => liveOf(r))) });
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it('replaces a Cloud Map namespace whose type changes, re-creating its services', () => {
    const ns = declared('CloudMapNamespace', 'watches', { type: 'DNS_PRIVATE', vpc: 'vpc-1' });
    const svc = declared('CloudMapService', 'search', { dnsConfig: { dnsRecords: [{ type: 'A', ttl: 60 }] } }, { parent: 'watches' });
    const live = liveState([liveOf({ ...ns, spec: { type: 'HTTP' } }), liveOf({ ...svc, spec: {} })]);
    const plan = buildPlan({ desired: state([ns, svc]), live });
    expect(plan.changes.map((c) => [c.action, c.id])).toEqual([
      ['replace', 'CloudMapService/watches/search'],
      ['replace', 'CloudMapNamespace/watches'],
    ]);
    expect(plan.steps.map((s) => s.map((o) => `${o.type} ${o.id}`))).toEqual([
      ['delete CloudMapService/watches/search'],
      ['delete CloudMapNamespace/watches'],
      ['create CloudMapNamespace/watches'],
      ['create CloudMapService/watches/search'],
    ]);
    expect(plan.deletions).toBe(2);
  });

  it('warns when creates would pass a quota before deletes run', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => httpNode(`n${i}`));
    const live = liveState([liveOf(mesh()), ...nodes.map((n) => liveOf(n))]);
    const plan = buildPlan({ desired: state([mesh(), ...nodes.slice(1), httpNode('new')]), live });
    expect(plan.warnings.map((w) => w.code)).toContain('quota');
    expect(plan.warnings.find((w) => w.code === 'quota')!.message).toContain('mesh watches needs 201 virtual nodes');
  });

  it('treats server-filled and default values as equal', () => {
    const node = httpNode('a', 8080, { backends: [] });
    const liveSpec = structuredClone(httpNode('a').spec) as { listeners: { healthCheck: Record<string, unknown> }[]; backends?: unknown[] };
    liveSpec.listeners[0].healthCheck.port = 8080;
    const live = liveState([liveOf(mesh()), liveOf(node, { spec: liveSpec as never })]);
    expect(buildPlan({ desired: state([mesh(), node]), live }).changes).toEqual([]);
    const vs = virtualService('svc', { node: 'a' });
    expect(buildPlan({ desired: state([mesh(), node, vs]), live: liveState([...live.resources, liveOf(vs)]) }).changes).toEqual([]);
  });
});

describe('server-filled values', () => {
  it('accepts the SOA TTL a DNS namespace gets when Git omits it', () => {
    const ns = declared('CloudMapNamespace', 'internal', { type: 'DNS_PRIVATE', vpc: 'vpc-1' });
    const live = liveState([liveOf({ ...ns, spec: { type: 'DNS_PRIVATE', properties: { dnsProperties: { soa: { ttl: 15 } } } } })]);
    expect(buildPlan({ desired: state([ns]), live }).changes).toEqual([]);
    const explicit = declared('CloudMapNamespace', 'internal', { type: 'DNS_PRIVATE', vpc: 'vpc-1', properties: { dnsProperties: { soa: { ttl: 60 } } } });
    expect(buildPlan({ desired: state([explicit]), live }).changes[0].diff).toEqual([{ path: 'spec.properties.dnsProperties.soa.ttl', before: 15, after: 60 }]);
  });
});

describe('normalization rules', () => {
  it('compares gRPC metadata names case-insensitively (AWS lower-cases them)', () => {
    const route = (name: string) => declared('Route', 'g', { grpcRoute: { match: { serviceName: 's', metadata: [{ name, match: { exact: 'v' } }] }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } }, { parent: 'r' });
    const live = liveState([liveOf(route('mymetadata'))]);
    expect(buildPlan({ desired: state([route('myMetadata')]), live }).changes).toEqual([]);
  });
});
