import fc from 'fast-check';
import { applyIgnores, globMatch, ignoredPointers, missingAt } from '../../lib/plan/ignore';
import type { JsonObject } from '../../lib/resources/json';
import type { IgnoreRule } from '../../lib/resources/types';

/** What a glob means, written the obvious (and exponential) way: only for short inputs. */
function reference(glob: string, value: string): boolean {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(value);
}

describe('globMatch', () => {
  it('means what the obvious regex means', () => {
    const glob = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '.', '-'), maxLength: 8 });
    const value = fc.string({ unit: fc.constantFrom('a', 'b', '.', '-'), maxLength: 10 });
    fc.assert(fc.property(glob, value, (g, v) => globMatch(g, v) === reference(g, v)), { numRuns: 3000 });
  });

  it.each([
    ['*', '', true],
    ['search-*', 'search-v2', true],
    ['search-?', 'search-v2', false],
    ['*-v?', 'search-v2', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['**********!', `${'a'.repeat(60)}!`, true],
  ])('%s against %s is %s', (glob, value, expected) => {
    expect(globMatch(glob, value)).toBe(expected);
  });
});

describe('ignoredPointers', () => {
  const rules: IgnoreRule[] = [
    { kind: 'VirtualNode', name: 'search-*', path: '/spec/listeners/0/healthCheck' },
    { kind: '*', name: '*', path: '/tags/cost-center' },
    { kind: 'Route', name: '*', mesh: 'prod-?', path: '/spec/priority' },
  ];

  it('picks the rules whose kind, name glob and mesh glob match the resource', () => {
    expect(ignoredPointers(rules, { kind: 'VirtualNode', name: 'search-v2', mesh: 'watches' })).toEqual(['/spec/listeners/0/healthCheck', '/tags/cost-center']);
    expect(ignoredPointers(rules, { kind: 'VirtualNode', name: 'cart', mesh: 'watches' })).toEqual(['/tags/cost-center']);
    expect(ignoredPointers(rules, { kind: 'Route', name: 'canary', mesh: 'prod-1', parent: 'r' })).toEqual(['/tags/cost-center', '/spec/priority']);
    expect(ignoredPointers(rules, { kind: 'Route', name: 'canary', mesh: 'staging', parent: 'r' })).toEqual(['/tags/cost-center']);
  });

  it('a rule with a mesh glob never matches a kind outside meshes', () => {
    expect(ignoredPointers([{ kind: '*', name: '*', mesh: '*', path: '/spec/description' }], { kind: 'CloudMapNamespace', name: 'ns' })).toEqual([]);
  });
});

describe('missingAt', () => {
  const doc = { spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, tags: { team: 'search' } };

  it('tells whether a pointer resolves to nothing', () => {
    expect(missingAt(doc, '/spec/listeners/0/portMapping/port')).toBe(false);
    expect(missingAt(doc, '/tags/team')).toBe(false);
    expect(missingAt(doc, '/spec/listeners/1')).toBe(true);
    expect(missingAt(doc, '/spec/listeners/0/healthCheck/port')).toBe(true);
    expect(missingAt(doc, '/tags/owner')).toBe(true);
  });
});

describe('applyIgnores', () => {
  const node = (healthCheck: JsonObject | undefined, tags: Record<string, string> = {}) => ({
    spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' }, ...(healthCheck ? { healthCheck } : {}) }], serviceDiscovery: { dns: { hostname: 'a' } } },
    tags,
  });
  const hc = (intervalMillis: number) => ({ protocol: 'http', healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis, timeoutMillis: 2000 });

  it('without pointers, returns the declared document itself', () => {
    const declared = node(hc(5000));
    expect(applyIgnores('VirtualNodeSpec', declared, node(hc(9000)), [])).toBe(declared);
  });

  it('replaces the declared value at a pointer with the live one (an update sends the live value back)', () => {
    const out = applyIgnores('VirtualNodeSpec', node(hc(5000), { team: 'a' }), node(hc(9000), { team: 'b' }), ['/spec/listeners/0/healthCheck/intervalMillis', '/tags/team']);
    expect(out.spec).toEqual(node(hc(9000)).spec);
    expect(out.tags).toEqual({ team: 'b' });
  });

  it('removes the declared value when live has none there', () => {
    const out = applyIgnores('VirtualNodeSpec', node(hc(5000)), node(undefined), ['/spec/listeners/0/healthCheck']);
    expect(out.spec).toEqual(node(undefined).spec);
  });

  it('finds the live element of a set-like list by its key, not its index', () => {
    const router = (ports: number[]) => ({ spec: { listeners: ports.map((port) => ({ portMapping: { port, protocol: 'http' } })) }, tags: {} });
    const targets = (weights: [string, number][]) => ({ spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: weights.map(([virtualNode, weight]) => ({ virtualNode, weight })) } } }, tags: {} });
    // Git lists v1 then v2; live returns them the other way round.
    const out = applyIgnores('RouteSpec', targets([['v1', 90], ['v2', 10]]), targets([['v2', 40], ['v1', 60]]), ['/spec/httpRoute/action/weightedTargets/1/weight']);
    expect(out.spec).toEqual(targets([['v1', 90], ['v2', 40]]).spec);
    // The declared element has no counterpart in live: the ignored element is dropped (nothing to keep).
    expect(applyIgnores('VirtualRouterSpec', router([80, 81]), router([81]), ['/spec/listeners/0']).spec).toEqual(router([81]).spec);
  });

  it('leaves the declared document alone where it has nothing at the pointer, and skips pointers that do not parse', () => {
    const declared = node(undefined);
    expect(applyIgnores('VirtualNodeSpec', declared, node(hc(9000)), ['/spec/listeners/0/healthCheck/intervalMillis', 'no-slash']).spec).toEqual(declared.spec);
  });

  it('does not change its inputs', () => {
    const declared = node(hc(5000));
    const before = JSON.stringify(declared);
    applyIgnores('VirtualNodeSpec', declared, node(hc(9000)), ['/spec/listeners/0/healthCheck']);
    expect(JSON.stringify(declared)).toBe(before);
  });
});
