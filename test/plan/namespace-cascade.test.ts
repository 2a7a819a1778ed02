import { classifyChanges } from '../../lib/plan/classify';
import { cascadeNamespaceReplaces } from '../../lib/plan/namespace-cascade';
import { resourceId } from '../../lib/resources/resource-key';
import type { DesiredResource } from '../../lib/resources/types';
import { declared, liveOf, liveState, state } from '../support/builders';

const ns = declared('CloudMapNamespace', 'watches', { type: 'DNS_PRIVATE', vpc: 'vpc-1' });
const svc = (name: string) => declared('CloudMapService', name, { dnsConfig: { dnsRecords: [{ type: 'A', ttl: 60 }] } }, { parent: 'watches' });
const liveNs = liveOf({ ...ns, spec: { type: 'HTTP' } });

function run(desired: DesiredResource[], live: ReturnType<typeof liveOf>[], prune = true) {
  const d = state(desired, { prune });
  const l = liveState(live);
  const changes = classifyChanges({ desired: d, live: l });
  const before = structuredClone([...changes]);
  const out = cascadeNamespaceReplaces(changes, l, new Map(d.resources.map((r) => [resourceId(r), r])));
  expect([...changes]).toEqual(before);
  return out;
}

describe('cascadeNamespaceReplaces', () => {
  it('a replaced namespace re-creates its declared services (unchanged ones too) and deletes the rest first', () => {
    const out = run([ns, svc('kept'), svc('edited')], [liveNs, liveOf({ ...svc('kept') }), liveOf({ ...svc('edited'), spec: {} }), liveOf(svc('gone'))]);
    const actions = Object.fromEntries([...out.changes.values()].map((c) => [c.id, c.action]));
    expect(actions).toEqual({
      'CloudMapNamespace/watches': 'replace',
      'CloudMapService/watches/kept': 'replace',
      'CloudMapService/watches/edited': 'replace',
      'CloudMapService/watches/gone': 'delete',
    });
    expect(out.changes.get('CloudMapService/watches/kept')).toMatchObject({ reason: 'its namespace watches is re-created', diff: [] });
    expect(Object.fromEntries(out.timings)).toEqual({
      'CloudMapNamespace/watches': 'first',
      'CloudMapService/watches/kept': 'first',
      'CloudMapService/watches/edited': 'first',
      'CloudMapService/watches/gone': 'first',
    });
    expect(out.errors).toEqual([]);
  });

  it('a service meshops may not delete blocks the namespace, saying why', () => {
    const out = run([ns], [liveNs, liveOf(svc('theirs'), { owner: 'someone/else' })]);
    expect(out.errors).toEqual([
      {
        code: 'blocked-replace',
        id: 'CloudMapNamespace/watches',
        message: 'CloudMapNamespace watches must be re-created, but it holds CloudMapService watches/theirs, which meshops may not delete (owned by "someone/else")',
      },
    ]);
  });

  it('no replaced namespace: nothing moves', () => {
    const out = run([ns, svc('a')], [liveOf(ns), liveOf(svc('a'), { tags: { team: 'search' } })]);
    expect(out.timings.size).toBe(0);
    expect([...out.changes.values()].map((c) => c.action)).toEqual(['update']);
  });
});
