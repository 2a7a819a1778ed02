import { BASE_MESH, brief, errors, load } from './support/repo';

const withBase = (extra: string, file = 'mesh/extra.yaml') => load({ 'mesh/base.yaml': BASE_MESH, [file]: extra });
const found = (extra: string) => withBase(extra).diagnostics.map((d) => `${d.severity[0]} ${brief(d)} ${d.file}`);

describe('cross-references over the whole repository', () => {
  it('the base mesh is valid and its resources come out in create order', () => {
    const result = withBase('');
    expect(result.diagnostics).toEqual([]);
    expect(result.documents).toBe(6);
    expect(result.state?.resources.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'Mesh/watches',
      'VirtualNode/search-v1',
      'VirtualNode/search-v2',
      'VirtualRouter/search-router',
      'VirtualService/search.watches',
      'VirtualGateway/ingress',
    ]);
    expect(result.state?.resources[1]).toMatchObject({ kind: 'VirtualNode', name: 'search-v1', mesh: 'watches', tags: {}, source: { file: 'mesh/base.yaml', line: 5, column: 1 } });
  });

  it('the mesh of every App Mesh resource is declared', () => {
    expect(found('kind: VirtualRouter\nname: r\nmesh: other\nspec:\n  listeners: [{ portMapping: { port: 80, protocol: http } }]\n')).toEqual(['e mesh-missing@3:7 mesh mesh/extra.yaml']);
    const d = withBase('kind: VirtualRouter\nname: r\nmesh: other\nspec:\n  listeners: [{ portMapping: { port: 80, protocol: http } }]\n').diagnostics[0];
    expect(d.message).toBe('mesh other is not declared: add a document with kind: Mesh and name: other');
  });

  it("a route's router, and its targets", () => {
    const route = (router: string, target: string) =>
      `kind: Route\nname: r\nmesh: watches\nvirtualRouter: ${router}\nspec:\n  httpRoute:\n    match: { prefix: / }\n    action:\n      weightedTargets: [{ virtualNode: ${target}, weight: 1 }]\n`;
    expect(found(route('nope', 'search-v1'))).toEqual(['e parent-missing@4:16 virtualRouter mesh/extra.yaml']);
    const missingTarget = withBase(route('search-router', 'search-v3')).diagnostics;
    expect(missingTarget.map(brief)).toEqual(['route-target-missing@9:40 spec.httpRoute.action.weightedTargets[0].virtualNode']);
    expect(missingTarget[0].message).toBe('route target virtual node search-v3 is not declared in mesh watches');
  });

  it('virtual service providers', () => {
    expect(found('kind: VirtualService\nname: s.watches\nmesh: watches\nspec:\n  provider:\n    virtualNode: { virtualNodeName: ghost }\n')).toEqual([
      'e provider-missing@6:37 spec.provider.virtualNode.virtualNodeName mesh/extra.yaml',
    ]);
    expect(found('kind: VirtualService\nname: s.watches\nmesh: watches\nspec:\n  provider:\n    virtualRouter: { virtualRouterName: ghost }\n')).toEqual([
      'e provider-missing@6:41 spec.provider.virtualRouter.virtualRouterName mesh/extra.yaml',
    ]);
  });

  it("a gateway route's gateway and target", () => {
    const gr = (gateway: string, target: string) =>
      `kind: GatewayRoute\nname: g\nmesh: watches\nvirtualGateway: ${gateway}\nspec:\n  httpRoute:\n    match: { prefix: / }\n    action: { target: { virtualService: { virtualServiceName: ${target} } } }\n`;
    expect(found(gr('nope', 'search.watches'))).toEqual(['e parent-missing@4:17 virtualGateway mesh/extra.yaml']);
    expect(found(gr('ingress', 'nope.watches'))).toEqual(['e gateway-route-target-missing@8:63 spec.httpRoute.action.target.virtualService.virtualServiceName mesh/extra.yaml']);
  });

  it('virtual node backends are declared virtual services of the same mesh', () => {
    const node = (backend: string) =>
      `kind: VirtualNode\nname: client\nmesh: watches\nspec:\n  backends:\n    - virtualService: { virtualServiceName: ${backend} }\n`;
    expect(found(node('search.watches'))).toEqual([]);
    expect(found(node('payments.watches'))).toEqual(['e backend-missing@6:45 spec.backends[0].virtualService.virtualServiceName mesh/extra.yaml']);
  });

  it("Cloud Map: a service's namespace; a node's namespace (warning when managed elsewhere) and service", () => {
    const node = (ns: string, svc: string) =>
      `kind: VirtualNode\nname: n\nmesh: watches\nspec:\n  serviceDiscovery:\n    awsCloudMap: { namespaceName: ${ns}, serviceName: ${svc} }\n`;
    expect(found('kind: CloudMapService\nname: s\nnamespace: ghost\n')).toEqual(['e parent-missing@3:12 namespace mesh/extra.yaml']);
    expect(found(node('elsewhere', 'search'))).toEqual(['w cloud-map-namespace-external@6:35 spec.serviceDiscovery.awsCloudMap.namespaceName mesh/extra.yaml']);
    const declared = 'kind: CloudMapNamespace\nname: watches\nspec: { type: HTTP }\n---\nkind: CloudMapService\nname: search\nnamespace: watches\n---\n';
    expect(found(`${declared}${node('watches', 'search')}`)).toEqual([]);
    const missing = withBase(`${declared}${node('watches', 'nope')}`).diagnostics;
    expect(missing.map(brief)).toEqual(['cloud-map-service-missing@14:57 spec.serviceDiscovery.awsCloudMap.serviceName']);
    expect(missing[0].message).toBe('Cloud Map service nope is not declared in namespace watches (declared at mesh/extra.yaml:1:1); add a CloudMapService document for it');
  });

  it("a route's protocol matches one of its router's listeners", () => {
    const d = withBase(
      'kind: Route\nname: r\nmesh: watches\nvirtualRouter: search-router\nspec:\n  grpcRoute:\n    match: { serviceName: s }\n    action: { weightedTargets: [{ virtualNode: search-v1, weight: 1 }] }\n',
    ).diagnostics;
    expect(d.map(brief)).toEqual(['route-protocol-mismatch@6:3 spec.grpcRoute']);
    expect(d[0].message).toBe(
      "route r is a grpc route but virtual router search-router listens on http 8080; a route's protocol must match one of its virtual router's listeners",
    );
  });

  it('with several router listeners every route sets match.port, and a port of a listener', () => {
    const router = 'kind: VirtualRouter\nname: multi\nmesh: watches\nspec:\n  listeners:\n    - portMapping: { port: 8080, protocol: http }\n    - portMapping: { port: 8081, protocol: http }\n---\n';
    const route = (match: string) =>
      `kind: Route\nname: r\nmesh: watches\nvirtualRouter: multi\nspec:\n  httpRoute:\n    match: ${match}\n    action: { weightedTargets: [{ virtualNode: search-v1, weight: 1 }] }\n`;
    expect(found(router + route('{ prefix: / }'))).toEqual(['e route-port-required@15:5 spec.httpRoute.match mesh/extra.yaml']);
    expect(found(router + route('{ prefix: /, port: 9999 }'))).toEqual(['e route-port-mismatch@15:31 spec.httpRoute.match.port mesh/extra.yaml']);
    expect(found(router + route('{ prefix: /, port: 8081 }'))).toEqual([]);
  });

  it("a weighted target's port is a listener of its node", () => {
    const route = 'kind: Route\nname: r\nmesh: watches\nvirtualRouter: search-router\nspec:\n  httpRoute:\n    match: { prefix: / }\n    action: { weightedTargets: [{ virtualNode: search-v1, weight: 1, port: 9090 }] }\n';
    expect(found(route)).toEqual(['e target-port-mismatch@8:76 spec.httpRoute.action.weightedTargets[0].port mesh/extra.yaml']);
  });

  it("a gateway route's protocol matches its gateway's listeners", () => {
    const gr = 'kind: GatewayRoute\nname: g\nmesh: watches\nvirtualGateway: ingress\nspec:\n  http2Route:\n    match: { prefix: / }\n    action: { target: { virtualService: { virtualServiceName: search.watches } } }\n';
    expect(found(gr)).toEqual(['e route-protocol-mismatch@6:3 spec.http2Route mesh/extra.yaml']);
  });

  it("Cloud Map services fit their namespace's type", () => {
    const ns = (type: string) => `kind: CloudMapNamespace\nname: ns.internal\nspec: { type: ${type}${type === 'DNS_PRIVATE' ? ', vpc: vpc-1' : ''} }\n---\n`;
    const dnsService = 'kind: CloudMapService\nname: s\nnamespace: ns.internal\nspec:\n  dnsConfig: { dnsRecords: [{ type: A, ttl: 60 }] }\n';
    expect(found(ns('HTTP') + dnsService)).toEqual(['e service-namespace-type@9:3 spec.dnsConfig mesh/extra.yaml']);
    expect(found(ns('DNS_PRIVATE') + dnsService)).toEqual([]);
    const checked = 'kind: CloudMapService\nname: s\nnamespace: ns.internal\nspec:\n  healthCheckConfig: { type: HTTP, resourcePath: /health }\n';
    expect(found(ns('DNS_PRIVATE') + checked)).toEqual(['e service-namespace-type@9:3 spec.healthCheckConfig mesh/extra.yaml']);
    expect(found(ns('DNS_PUBLIC').replace('ns.internal', 'ns.internal') + checked)).toEqual([]);
  });

  it('a duplicate identity is reported at the second document and names the first', () => {
    const result = load({
      'mesh/a.yaml': 'kind: Mesh\nname: watches\n',
      'mesh/b.yaml': '# again\nkind: Mesh\nname: watches\n',
    });
    expect(result.diagnostics.map(brief)).toEqual(['duplicate-resource@3:7 name']);
    expect(result.diagnostics[0]).toMatchObject({ file: 'mesh/b.yaml', message: 'duplicate Mesh watches: already declared at mesh/a.yaml:1:1' });
    expect(result.state).toBeUndefined();
  });

  it('the same name under different parents is not a duplicate', () => {
    const router = (name: string) => `kind: VirtualRouter\nname: ${name}\nmesh: watches\nspec:\n  listeners: [{ portMapping: { port: 8080, protocol: http } }]\n---\n`;
    const route = (router: string) =>
      `kind: Route\nname: default\nmesh: watches\nvirtualRouter: ${router}\nspec:\n  httpRoute: { match: { prefix: / }, action: { weightedTargets: [{ virtualNode: search-v1, weight: 1 }] } }\n---\n`;
    expect(found(router('a') + router('b') + route('a') + route('b'))).toEqual([]);
    expect(found(router('a') + route('a') + route('a'))[0]).toMatch(/^e duplicate-resource@\d+:7 name/);
  });

  it('a document with errors still declares its identity: no cascade of "not declared"', () => {
    const result = load({
      'mesh/mesh.yaml': 'kind: Mesh\nname: watches\nspec:\n  egressFilter: { type: WRONG }\n',
      'mesh/router.yaml': 'kind: VirtualRouter\nname: r\nmesh: watches\nspec:\n  listeners: [{ portMapping: { port: 80, protocol: http } }]\n',
    });
    expect(result.diagnostics.map(brief)).toEqual(['enum@4:25 spec.egressFilter.type']);
  });

  it('a document with a YAML-level error (duplicate key) still declares its identity', () => {
    const result = load({
      'mesh/mesh.yaml': 'kind: Mesh\nname: watches\nspec: {}\nspec: {}\n',
      'mesh/router.yaml': 'kind: VirtualRouter\nname: r\nmesh: watches\nspec:\n  listeners: [{ portMapping: { port: 80, protocol: http } }]\n',
    });
    expect(result.diagnostics.map(brief)).toEqual(['duplicate-key@4:1']);
  });

  it('references are checked in documents that have other errors too', () => {
    const result = withBase(
      'kind: Route\nname: r\nmesh: watches\nvirtualRouter: search-router\nspec:\n  httpRoute:\n    match: { prefix: nope }\n    action: { weightedTargets: [{ virtualNode: ghost, weight: 1 }] }\n',
    );
    expect(result.diagnostics.map(brief)).toEqual([
      'http-prefix-starts-with-slash@7:22 spec.httpRoute.match.prefix',
      'route-target-missing@8:48 spec.httpRoute.action.weightedTargets[0].virtualNode',
    ]);
  });

  it('quotas are warnings: 51 routes in one router, 4 gateways in a mesh', () => {
    const routes = Array.from(
      { length: 51 },
      (_, i) =>
        `kind: Route\nname: r${i}\nmesh: watches\nvirtualRouter: search-router\nspec:\n  httpRoute: { match: { prefix: /r${i} }, action: { weightedTargets: [{ virtualNode: search-v1, weight: 1 }] } }\n`,
    ).join('---\n');
    const result = withBase(routes, 'mesh/routes.yaml');
    expect(errors(result.diagnostics)).toEqual([]);
    expect(result.state).toBeDefined();
    expect(result.diagnostics.map((d) => `${d.severity} ${brief(d)}`)).toEqual(['warning quota@352:7 name']);
    expect(result.diagnostics[0].message).toBe('virtual router search-router has 51 routes; the default quota is 50 routes per virtual router (L-BB90B7FF): request an increase before applying');

    const gateways = ['g1', 'g2', 'g3'].map((g) => `kind: VirtualGateway\nname: ${g}\nmesh: watches\nspec:\n  listeners: [{ portMapping: { port: 80, protocol: http } }]\n`).join('---\n');
    expect(withBase(gateways).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'quota mesh watches has 4 virtual gateways; the default quota is 3 virtual gateways per mesh (L-87E74146): request an increase before applying',
    ]);
  });

  it('collects every error of the repository in one run, sorted by file and position', () => {
    const result = load({
      'mesh/b.yaml': 'kind: VirtualRouter\nname: r\nmesh: ghost\nspec:\n  listeners: [{ portMapping: { port: 80, protocol: htttp } }]\n',
      'mesh/a/deep/c.yml': 'kind: Mesh\nname: ok\n---\nkind: Mesh\nname: ok2\nspec: { egressFilter: {} }\n',
      'mesh/a.yaml': 'kind: Mash\n',
      'mesh/notes.txt': 'ignored: not yaml',
    });
    expect(result.files).toBe(3);
    expect(result.diagnostics.map((d) => `${d.file} ${brief(d)}`)).toEqual([
      'mesh/a.yaml unknown-kind@1:7 kind',
      'mesh/a/deep/c.yml required@6:9 spec.egressFilter',
      'mesh/b.yaml mesh-missing@3:7 mesh',
      'mesh/b.yaml enum@5:52 spec.listeners[0].portMapping.protocol',
    ]);
  });
});
