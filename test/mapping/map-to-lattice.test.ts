import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import fc from 'fast-check';
import { isValidName, mapToLattice, NAME_RULES } from '../../lib/mapping';
import { loadDesiredState, type RepoSnapshot } from '../../lib/model';
import type { JsonObject } from '../../lib/resources/json';
import { SOURCE_TAG } from '../../lib/resources/kinds';
import type { DesiredResource, Settings } from '../../lib/resources/types';
import { arbitraryRepo } from '../support/arbitrary-repo';
import { declared, settings } from '../support/builders';

const TEMPLATE = join(__dirname, '..', '..', 'mesh-repo-template');
// The template carries a lattice block (its VPC, unsupported: warn) and plans App Mesh only.
const LATTICE_SETTINGS = 'targets: [lattice]';

function templateSnapshot(targetsLine: string): RepoSnapshot {
  const files: RepoSnapshot['files'] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push({ path: relative(TEMPLATE, path), content: new Uint8Array(readFileSync(path)) });
    }
  };
  walk(TEMPLATE);
  const enc = new TextEncoder();
  return { repo: 'acme/mesh-config', files: files.map((f) => (f.path === 'meshops.yaml' ? { ...f, content: enc.encode(new TextDecoder().decode(f.content).replace('targets: [appmesh]', targetsLine)) } : f)) };
}

function expectGolden(name: string, actual: string): void {
  const file = join(__dirname, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI && !existsSync(file)) throw new Error(`golden file ${name} is missing; run the test with UPDATE_GOLDEN=1 and commit it`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const lattice = (overrides: Partial<Settings['lattice']> = {}): Settings =>
  settings({ targets: ['lattice'], lattice: { authType: 'NONE', vpcs: [{ vpc: 'vpc-0123456789abcdef0', securityGroups: [] }], registration: 'none', unsupported: 'warn', ...overrides } });

const mesh = declared('Mesh', 'watches', {});
const node = (name: string, port = 8080, protocol = 'http') =>
  declared('VirtualNode', name, { listeners: [{ portMapping: { port, protocol } }], serviceDiscovery: { awsCloudMap: { namespaceName: 'watches', serviceName: 'search' } } });
const router = (name: string, ports: number[] = [8080]) => declared('VirtualRouter', name, { listeners: ports.map((port) => ({ portMapping: { port, protocol: 'http' } })) });
const routed = (service: string, routerName: string) => declared('VirtualService', service, { provider: { virtualRouter: { virtualRouterName: routerName } } });
const route = (name: string, spec: JsonObject, parent = 'r') => declared('Route', name, spec, { parent });
const http = (match: JsonObject, targets: [string, number][], priority?: number): JsonObject => ({
  ...(priority !== undefined ? { priority } : {}),
  httpRoute: { match, action: { weightedTargets: targets.map(([virtualNode, weight]) => ({ virtualNode, weight })) } },
});

function rulesOf(resources: DesiredResource[]) {
  return resources
    .filter((r) => r.kind === 'Rule')
    .map((r) => ({ name: r.name, priority: r.spec.priority, match: (r.spec.match as JsonObject).httpMatch }))
    .sort((a, b) => Number(a.priority) - Number(b.priority));
}

describe('mapToLattice', () => {
  it('maps the template (golden: resources, not carried over, registrations)', () => {
    const result = loadDesiredState(templateSnapshot(LATTICE_SETTINGS));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const state = result.state!;
    const lines = [
      ...state.resources.map((r) => `${r.kind} ${[r.parent, r.name].filter(Boolean).join('/')}\n  spec: ${JSON.stringify(r.spec)}\n  tags: ${JSON.stringify(r.tags)}`),
      '',
      'not carried over:',
      ...state.lattice!.notCarried.map((n) => `${n.file}:${n.line}:${n.column} ${n.source}${n.path ? ` ${n.path}` : ''}: ${n.feature} — ${n.reason}`),
      '',
      'registrations:',
      ...state.lattice!.registrations.map((r) => `${r.node} → ${r.targetGroups.join(', ')}${r.cloudMap ? ` (Cloud Map ${r.cloudMap.namespace}/${r.cloudMap.service} ${JSON.stringify(r.cloudMap.attributes)})` : ''}`),
      '',
    ];
    expectGolden('template.txt', lines.join('\n'));
    // App Mesh kinds are not planned when targets lists lattice only; Cloud Map always is.
    expect(state.resources.some((r) => r.kind === 'VirtualNode')).toBe(false);
    expect(state.resources.filter((r) => r.kind.startsWith('CloudMap')).map((r) => r.name)).toEqual(['watches', 'search']);
  });

  it('keeps App Mesh beside Lattice when targets lists both', () => {
    const state = loadDesiredState(templateSnapshot(LATTICE_SETTINGS.replace('[lattice]', '[appmesh, lattice]'))).state!;
    expect(state.resources.filter((r) => r.kind === 'Route').map((r) => r.name)).toEqual(['canary', 'default']);
    expect(state.resources.filter((r) => r.kind === 'Rule').map((r) => r.name)).toEqual(['canary']);
  });

  it('names every resource deterministically, validly, and tags its source', () => {
    const { resources } = mapToLattice([mesh, node('search-v1'), node('search-v2'), router('r'), routed('search.watches.svc.cluster.local.example.com', 'r'), route('canary', http({ prefix: '/' }, [['search-v1', 90], ['search-v2', 10]]))], lattice());
    const service = resources.find((r) => r.kind === 'LatticeService')!;
    expect(service.name.length).toBeLessThanOrEqual(40);
    expect(service.name).toMatch(/^search-watches-svc-cluster-loca-[0-9a-f]{8}$/);
    expect(service.spec).toEqual({ customDomainName: 'search.watches.svc.cluster.local.example.com', authType: 'NONE' });
    expect(service.tags[SOURCE_TAG]).toBe('VirtualService watches/search.watches.svc.cluster.local.example.com');
    const listener = resources.find((r) => r.kind === 'Listener')!;
    expect(listener.tags[SOURCE_TAG]).toBe('VirtualRouter watches/r');
    // The catch-all is the default action, its weights unchanged.
    expect((listener.spec.defaultAction as JsonObject).forward).toEqual({ targetGroups: [{ targetGroup: expect.stringMatching(/^search-v1-/), weight: 90 }, { targetGroup: expect.stringMatching(/^search-v2-/), weight: 10 }] });
  });

  it('a name the API refuses as is gets a prefix and a hash', () => {
    const { resources } = mapToLattice([mesh, node('tg-1'), declared('VirtualService', 'svc-a', { provider: { virtualNode: { virtualNodeName: 'tg-1' } } })], lattice());
    const service = resources.find((r) => r.kind === 'LatticeService')!;
    expect(service.name).toMatch(/^m-svc-a-[0-9a-f]{8}$/);
    expect(resources.find((r) => r.kind === 'TargetGroup')!.name).toMatch(/^m-tg-1-svc-a-[0-9a-f]{8}$/);
  });

  it('route priorities keep their App Mesh order; matches map exactly', () => {
    const { resources, notCarried } = mapToLattice(
      [
        mesh, node('a'), node('b'), router('r'), routed('s.m', 'r'),
        route('api', http({ prefix: '/api', method: 'POST', headers: [{ name: 'x-user', match: { exact: 'x' } }, { name: 'x-v', match: { prefix: '2' } }] }, [['a', 1]], 5)),
        route('exact', http({ path: { exact: '/health' } }, [['b', 3]], 0)),
        route('tie', http({ prefix: '/b' }, [['b', 1]], 5)),
        route('late', http({ prefix: '/c' }, [['a', 1]], 7)),
        route('rest', http({ prefix: '/' }, [['a', 1]], 1000)),
      ],
      lattice(),
    );
    expect(notCarried).toEqual([]);
    expect(rulesOf(resources)).toEqual([
      { name: 'exact', priority: 1, match: { pathMatch: { match: { exact: '/health' }, caseSensitive: true } } },
      { name: 'api', priority: 6, match: { method: 'POST', pathMatch: { match: { prefix: '/api' }, caseSensitive: true }, headerMatches: [{ name: 'x-user', match: { exact: 'x' }, caseSensitive: true }, { name: 'x-v', match: { prefix: '2' }, caseSensitive: true }] } },
      // Equal priorities: by name, the later one takes the next free priority.
      { name: 'tie', priority: 7, match: { pathMatch: { match: { prefix: '/b' }, caseSensitive: true } } },
      { name: 'late', priority: 8, match: { pathMatch: { match: { prefix: '/c' }, caseSensitive: true } } },
    ]);
  });

  it('routes without a priority follow, most specific first', () => {
    const { resources } = mapToLattice(
      [mesh, node('a'), router('r'), routed('s.m', 'r'), route('short', http({ prefix: '/a' }, [['a', 1]])), route('long', http({ prefix: '/a/b' }, [['a', 1]])), route('exact', http({ path: { exact: '/a' } }, [['a', 1]])), route('first', http({ prefix: '/z' }, [['a', 1]], 3))],
      lattice(),
    );
    expect(rulesOf(resources).map((r) => r.name)).toEqual(['first', 'exact', 'long', 'short']);
  });

  it.each([
    ['a header suffix', { prefix: '/', headers: [{ name: 'h', match: { suffix: 'x' } }] }, 'spec.httpRoute.match.headers[0].match.suffix', 'header suffix match'],
    ['a header regex', { prefix: '/a', headers: [{ name: 'h', match: { regex: 'x.*' } }] }, 'spec.httpRoute.match.headers[0].match.regex', 'header regex match'],
    ['an inverted header', { prefix: '/a', headers: [{ name: 'h', invert: true, match: { exact: 'x' } }] }, 'spec.httpRoute.match.headers[0].invert', 'inverted header match'],
    ['a path regex', { path: { regex: '/a/.*' } }, 'spec.httpRoute.match.path.regex', 'path regex match'],
    ['query parameters', { prefix: '/', queryParameters: [{ name: 'q', match: { exact: '1' } }] }, 'spec.httpRoute.match.queryParameters', 'query parameter match'],
    ['a path Lattice cannot hold', { prefix: '/a b' }, 'spec.httpRoute.match.prefix', 'path prefix match'],
    ['six headers', { prefix: '/', headers: Array.from({ length: 6 }, (_, i) => ({ name: `h${i}`, match: { exact: 'x' } })) }, 'spec.httpRoute.match.headers', 'more than 5 header matches'],
  ])('%s is reported and the route is not carried over', (_name, match, path, feature) => {
    const r = route('x', http(match as JsonObject, [['a', 1]], 1));
    const { resources, notCarried } = mapToLattice([mesh, node('a'), router('r'), routed('s.m', 'r'), r], lattice());
    expect(rulesOf(resources)).toEqual([]);
    expect(notCarried).toEqual([expect.objectContaining({ source: 'Route watches/r/x', path, feature, file: r.source.file, reason: expect.stringContaining('not carried over') })]);
    // Without a catch-all the listener answers 404, as App Mesh does when no route matches.
    expect(resources.find((x) => x.kind === 'Listener')!.spec.defaultAction).toEqual({ fixedResponse: { statusCode: 404 } });
  });

  it('gRPC service and method names become paths, metadata headers', () => {
    const grpcNode = node('g', 50051, 'grpc');
    const grpcRouter = declared('VirtualRouter', 'r', { listeners: [{ portMapping: { port: 50051, protocol: 'grpc' } }] });
    const grpc = (match: JsonObject, priority: number): JsonObject => ({ priority, grpcRoute: { match, action: { weightedTargets: [{ virtualNode: 'g', weight: 1 }] } } });
    const { resources } = mapToLattice([mesh, grpcNode, grpcRouter, routed('s.m', 'r'), route('method', grpc({ serviceName: 'pkg.Search', methodName: 'Find' }, 1)), route('service', grpc({ serviceName: 'pkg.Search', metadata: [{ name: 'tenant', match: { exact: 'a' } }] }, 2))], lattice());
    expect(resources.find((r) => r.kind === 'Listener')!.spec).toMatchObject({ protocol: 'HTTPS', port: 50051 });
    expect(resources.find((r) => r.kind === 'TargetGroup')!.spec).toMatchObject({ config: { protocol: 'HTTP', protocolVersion: 'GRPC', port: 50051 } });
    expect(rulesOf(resources)).toEqual([
      { name: 'method', priority: 2, match: { pathMatch: { match: { exact: '/pkg.Search/Find' }, caseSensitive: true } } },
      { name: 'service', priority: 3, match: { pathMatch: { match: { prefix: '/pkg.Search/' }, caseSensitive: true }, headerMatches: [{ name: 'tenant', match: { exact: 'a' }, caseSensitive: true }] } },
    ]);
  });

  it('routes after a catch-all are reported as never reached', () => {
    const { resources, notCarried } = mapToLattice([mesh, node('a'), router('r'), routed('s.m', 'r'), route('all', http({ prefix: '/' }, [['a', 1]], 1)), route('api', http({ prefix: '/api' }, [['a', 1]], 2))], lattice());
    expect(rulesOf(resources)).toEqual([]);
    expect(notCarried.map((n) => `${n.source} ${n.feature}`)).toEqual(['Route watches/r/api route after a catch-all']);
  });

  it('a router with two listeners gets two listeners; routes follow their port', () => {
    const { resources } = mapToLattice(
      [mesh, node('a'), router('r', [8080, 9090]), routed('s.m', 'r'), route('p8080', http({ prefix: '/x', port: 8080 }, [['a', 1]], 1)), route('p9090', http({ prefix: '/y', port: 9090 }, [['a', 1]], 1))],
      lattice(),
    );
    expect(resources.filter((r) => r.kind === 'Listener').map((r) => r.name)).toEqual(['http-8080', 'http-9090']);
    expect(resources.filter((r) => r.kind === 'Rule').map((r) => `${r.parent} ${r.name}`)).toEqual([expect.stringMatching(/\/http-8080 p8080$/), expect.stringMatching(/\/http-9090 p9090$/)]);
  });

  it('one target group per Lattice service that reaches a node', () => {
    const { resources, registrations } = mapToLattice([mesh, node('a'), router('r'), routed('one.m', 'r'), routed('two.m', 'r'), route('all', http({ prefix: '/' }, [['a', 1]], 1))], lattice());
    const groups = resources.filter((r) => r.kind === 'TargetGroup');
    expect(groups).toHaveLength(2);
    expect(registrations).toEqual([{ node: 'VirtualNode watches/a', targetGroups: groups.map((g) => g.name), cloudMap: { namespace: 'watches', service: 'search', attributes: {} } }]);
  });

  it('settings problems: no VPC for target groups, one service network for several meshes', () => {
    const noVpc = mapToLattice([mesh, node('a'), declared('VirtualService', 's.m', { provider: { virtualNode: { virtualNodeName: 'a' } } })], lattice({ vpcs: [] }));
    expect(noVpc.problems.map((p) => p.message)).toEqual([expect.stringContaining('lattice.vpcs is empty')]);
    const twoMeshes = mapToLattice([mesh, declared('Mesh', 'other', {})], lattice({ serviceNetwork: 'net' }));
    expect(twoMeshes.problems.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringContaining('2 meshes (watches, other)'), 'Mesh watches and Mesh other both map to ServiceNetwork net; rename one of them']));
  });

  it('properties: deterministic, valid names, sources, unique priorities in order, weights unchanged, targets exist', () => {
    fc.assert(
      fc.property(arbitraryRepo, (repo) => {
        const s = lattice();
        const a = mapToLattice(repo.resources, s);
        const b = mapToLattice([...repo.resources].reverse(), s);
        expect(b.resources.map((r) => JSON.stringify(r)).sort()).toEqual(a.resources.map((r) => JSON.stringify(r)).sort());
        const groups = new Set(a.resources.filter((r) => r.kind === 'TargetGroup').map((r) => r.name));
        const byListener = new Map<string, { route: DesiredResource; priority: number }[]>();
        for (const r of a.resources) {
          expect(r.tags[SOURCE_TAG]).toMatch(/^(Mesh|VirtualNode|VirtualService|VirtualRouter|Route) /);
          const rule = NAME_RULES[r.kind as keyof typeof NAME_RULES];
          if (rule) expect(isValidName(r.name, rule)).toBe(true);
          const action = (r.kind === 'Rule' ? r.spec.action : r.spec.defaultAction) as JsonObject | undefined;
          const targets = ((action?.forward as JsonObject | undefined)?.targetGroups ?? []) as { targetGroup: string; weight: number }[];
          for (const t of targets) expect(groups.has(t.targetGroup)).toBe(true);
          if (r.kind === 'Rule') {
            const source = repo.resources.find((x) => `Route ${x.mesh}/${x.parent}/${x.name}` === r.tags[SOURCE_TAG])!;
            const weights = ((source.spec.httpRoute as JsonObject).action as JsonObject).weightedTargets as { weight: number }[];
            expect(targets.map((t) => t.weight).sort()).toEqual(weights.map((w) => w.weight).sort());
            const list = byListener.get(r.parent!) ?? [];
            list.push({ route: source, priority: Number(r.spec.priority) });
            byListener.set(r.parent!, list);
          }
        }
        for (const rules of byListener.values()) {
          expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
          const sorted = [...rules].sort((x, y) => x.priority - y.priority);
          for (let i = 1; i < sorted.length; i++) expect(Number(sorted[i - 1].route.spec.priority)).toBeLessThanOrEqual(Number(sorted[i].route.spec.priority));
        }
      }),
      { numRuns: 150 },
    );
  });
});
