import { brief, validateFile } from './support/repo';

/** Valid and invalid documents of every kind, checked one document at a time (no cross-references). */

const VALID: Record<string, string> = {
  Mesh: `kind: Mesh
name: watches
spec:
  egressFilter: { type: DROP_ALL }
  serviceDiscovery: { ipPreference: IPv6_PREFERRED }
tags: { team: platform }
`,
  MeshWithoutSpec: `kind: Mesh
name: watches
`,
  VirtualNode: `kind: VirtualNode
name: search-v1
mesh: watches
spec:
  listeners:
    - portMapping: { port: 8080, protocol: grpc }
      healthCheck: { protocol: grpc, healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000, port: 8080 }
      timeout: { grpc: { perRequest: { unit: ms, value: 500 }, idle: { unit: s, value: 60 } } }
      connectionPool: { grpc: { maxRequests: 100 } }
      outlierDetection: { maxServerErrors: 3, maxEjectionPercent: 10, interval: { unit: s, value: 5 }, baseEjectionDuration: { unit: s, value: 10 } }
      tls:
        mode: PERMISSIVE
        certificate: { acm: { certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/abc" } }
        validation:
          trust: { sds: { secretName: spiffe://watches/ca } }
          subjectAlternativeNames: { match: { exact: [a.watches.local] } }
  serviceDiscovery:
    awsCloudMap:
      namespaceName: watches
      serviceName: search
      attributes: [{ key: deploymentID, value: "30494" }]
      ipPreference: IPv4_ONLY
  backendDefaults:
    clientPolicy:
      tls:
        enforce: true
        ports: [443]
        validation: { trust: { acm: { certificateAuthorityArns: ["arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/x"] } } }
  backends:
    - virtualService:
        virtualServiceName: inventory.watches
        clientPolicy: { tls: { validation: { trust: { file: { certificateChain: /certs/ca.pem } } } } }
  logging:
    accessLog: { file: { path: /dev/stdout, format: { text: "[%START_TIME%] %REQ(:METHOD)%" } } }
`,
  VirtualService: `kind: VirtualService
name: search.watches
mesh: watches
spec: {}
`,
  VirtualRouter: `kind: VirtualRouter
name: search-router
mesh: watches
spec:
  listeners:
    - portMapping: { port: 8080, protocol: http }
    - portMapping: { port: 9090, protocol: grpc }
`,
  Route: `kind: Route
name: canary
mesh: watches
virtualRouter: search-router
spec:
  priority: 0
  httpRoute:
    match:
      path: { regex: "^/v[0-9]+/search$" }
      queryParameters: [{ name: debug, match: { exact: "1" } }]
      headers: [{ name: x-release, invert: true, match: { range: { start: 1, end: 5 } } }]
      port: 8080
    action:
      weightedTargets: [{ virtualNode: search-v1, weight: 90, port: 8080 }, { virtualNode: search-v2, weight: 10 }]
    timeout: { perRequest: { unit: s, value: 30 }, idle: { unit: s, value: 300 } }
`,
  VirtualGateway: `kind: VirtualGateway
name: ingress
mesh: watches
spec:
  listeners:
    - portMapping: { port: 443, protocol: http2 }
      tls:
        mode: STRICT
        certificate: { file: { certificateChain: /certs/chain.pem, privateKey: /certs/key.pem } }
      connectionPool: { http2: { maxRequests: 1000 } }
  logging:
    accessLog: { file: { path: /dev/stdout, format: { json: [{ key: status, value: "%RESPONSE_CODE%" }] } } }
`,
  GatewayRoute: `kind: GatewayRoute
name: search
mesh: watches
virtualGateway: ingress
spec:
  priority: 1
  grpcRoute:
    match:
      serviceName: watches.Search
      hostname: { suffix: .watches.example.com }
      metadata: [{ name: tenant, match: { exact: acme } }]
    action:
      target: { virtualService: { virtualServiceName: search.watches }, port: 9090 }
      rewrite: { hostname: { defaultTargetHostname: DISABLED } }
`,
  CloudMapNamespace: `kind: CloudMapNamespace
name: watches.internal
spec:
  type: DNS_PRIVATE
  vpc: vpc-0123456789abcdef0
  description: private zone
  properties: { dnsProperties: { soa: { ttl: 60 } } }
`,
  CloudMapService: `kind: CloudMapService
name: search
namespace: watches.internal
spec:
  description: search tasks
  dnsConfig:
    routingPolicy: MULTIVALUE
    dnsRecords: [{ type: A, ttl: 10 }, { type: AAAA, ttl: 10 }]
  healthCheckCustomConfig: {}
tags: { team: search }
`,
};

describe('valid documents of every kind', () => {
  it.each(Object.entries(VALID))('%s has no diagnostics', (_name, text) => {
    expect(validateFile(text).map(brief)).toEqual([]);
  });
});

/** [description, document, expected `code@line:column path` list]. */
const INVALID: [string, string, string[]][] = [
  // ---- the envelope ----
  ['a document that is not a mapping', '- a\n- b\n', ['document-type@1:1']],
  ['missing kind', 'name: x\n', ['required@1:1']],
  ['unknown kind, with a suggestion', 'kind: VirtualNod\nname: x\n', ['unknown-kind@1:7 kind']],
  ['unknown envelope field at its key', 'kind: Mesh\nname: m\nlabels: {}\n', ['unknown-field@3:1 labels']],
  ['a field of another kind', 'kind: VirtualNode\nname: n\nmesh: m\nvirtualRouter: r\nspec: {}\n', ['field-not-for-kind@4:1 virtualRouter']],
  ['mesh on a Mesh', 'kind: Mesh\nname: m\nmesh: m\n', ['field-not-for-kind@3:1 mesh']],
  ['mesh on a Cloud Map kind', 'kind: CloudMapNamespace\nname: n\nmesh: m\nspec: { type: HTTP }\n', ['field-not-for-kind@3:1 mesh']],
  ['missing mesh, parent and spec', 'kind: Route\nname: r\n', ['required@1:1', 'required@1:1', 'required@1:1']],
  ['an empty name', 'kind: Mesh\nname: ""\n', ['length@2:7 name']],
  ['a name with a slash', 'kind: Mesh\nname: a/b\n', ['name@2:7 name']],
  ['a name that is not a string', 'kind: Mesh\nname: 42\n', ['type@2:7 name']],
  ['a Cloud Map service name outside the API pattern', 'kind: CloudMapService\nname: -bad-\nnamespace: n\n', ['name@2:7 name']],
  ['a public DNS namespace name outside the API pattern', 'kind: CloudMapNamespace\nname: nodots\nspec: { type: DNS_PUBLIC }\n', ['name@2:7 name']],
  ['a reserved tag key', 'kind: Mesh\nname: m\ntags:\n  meshops:owner: me\n', ['tag-reserved@4:3 tags["meshops:owner"]']],
  ['an aws: tag key', 'kind: Mesh\nname: m\ntags:\n  "aws:cloudformation:stack": x\n', ['tag-reserved@4:3 tags["aws:cloudformation:stack"]']],
  ['a numeric tag value', 'kind: Mesh\nname: m\ntags:\n  cost: 12\n', ['type@4:9 tags.cost']],
  ['a tag value too long', `kind: Mesh\nname: m\ntags:\n  t: ${'x'.repeat(257)}\n`, ['length@4:6 tags.t']],
  ['too many tags', `kind: Mesh\nname: m\ntags:\n${Array.from({ length: 51 }, (_, i) => `  t${i}: v\n`).join('')}`, ['size@4:3 tags']],
  // ---- Mesh ----
  ['an enum value, listing the allowed ones', 'kind: Mesh\nname: m\nspec:\n  egressFilter: { type: ALLOW_SOME }\n', ['enum@4:25 spec.egressFilter.type']],
  // ---- VirtualNode ----
  [
    'a port out of range and a wrong protocol',
    'kind: VirtualNode\nname: n\nmesh: m\nspec:\n  listeners:\n    - portMapping: { port: 70000, protocol: udp }\n  serviceDiscovery: { dns: { hostname: h } }\n',
    ['range@6:28 spec.listeners[0].portMapping.port', 'enum@6:45 spec.listeners[0].portMapping.protocol'],
  ],
  [
    'a string port',
    'kind: VirtualNode\nname: n\nmesh: m\nspec:\n  listeners:\n    - portMapping: { port: "8080", protocol: http }\n  serviceDiscovery: { dns: { hostname: h } }\n',
    ['type@6:28 spec.listeners[0].portMapping.port'],
  ],
  ['an unknown spec field with a suggestion', 'kind: VirtualNode\nname: n\nmesh: m\nspec:\n  backend: []\n', ['unknown-field@5:3 spec.backend']],
  // Keys that name Object.prototype members are ordinary unknown fields, never a crash.
  ['a spec field named constructor', 'kind: VirtualNode\nname: n\nmesh: m\nspec:\n  constructor: {}\n', ['unknown-field@5:3 spec.constructor']],
  ['a spec field named toString', 'kind: VirtualNode\nname: n\nmesh: m\nspec:\n  toString: 1\n', ['unknown-field@5:3 spec.toString']],
  [
    'both dns and awsCloudMap (a union)',
    'kind: VirtualNode\nname: n\nmesh: m\nspec:\n  serviceDiscovery:\n    dns: { hostname: h }\n    awsCloudMap: { namespaceName: n, serviceName: s }\n',
    ['union@5:3 spec.serviceDiscovery'],
  ],
  [
    'a health check missing required fields and out of range',
    'kind: VirtualNode\nname: n\nmesh: m\nspec:\n  listeners:\n    - portMapping: { port: 80, protocol: http }\n      healthCheck: { protocol: http, intervalMillis: 100 }\n  serviceDiscovery: { dns: { hostname: h } }\n',
    [
      'range@7:54 spec.listeners[0].healthCheck.intervalMillis',
      'required@7:7 spec.listeners[0].healthCheck',
      'required@7:7 spec.listeners[0].healthCheck',
      'required@7:7 spec.listeners[0].healthCheck',
    ],
  ],
  [
    'a Cloud Map attribute key outside its pattern',
    'kind: VirtualNode\nname: n\nmesh: m\nspec:\n  serviceDiscovery:\n    awsCloudMap: { namespaceName: n, serviceName: s, attributes: [{ key: "a b", value: v }] }\n',
    ['pattern@6:74 spec.serviceDiscovery.awsCloudMap.attributes[0].key'],
  ],
  [
    'a connection pool of another protocol',
    'kind: VirtualNode\nname: n\nmesh: m\nspec:\n  listeners:\n    - portMapping: { port: 80, protocol: http }\n      connectionPool: { tcp: { maxConnections: 10 } }\n  serviceDiscovery: { dns: { hostname: h } }\n',
    ['listener-connection-pool-protocol@7:25 spec.listeners[0].connectionPool.tcp'],
  ],
  [
    'a deprecated Cloud Map field is a warning (through the service kind)',
    'kind: CloudMapService\nname: s\nnamespace: n\nspec:\n  healthCheckCustomConfig: { failureThreshold: 1 }\n',
    ['deprecated@5:30 spec.healthCheckCustomConfig.failureThreshold'],
  ],
  // ---- VirtualService ----
  [
    'a provider with both node and router',
    'kind: VirtualService\nname: s\nmesh: m\nspec:\n  provider:\n    virtualNode: { virtualNodeName: a }\n    virtualRouter: { virtualRouterName: b }\n',
    ['union@5:3 spec.provider'],
  ],
  // ---- VirtualRouter ----
  ['a router without listeners', 'kind: VirtualRouter\nname: r\nmesh: m\nspec: { listeners: [] }\n', ['at-least-one-listener@4:20 spec.listeners']],
  [
    'two router listeners on one port',
    'kind: VirtualRouter\nname: r\nmesh: m\nspec:\n  listeners:\n    - portMapping: { port: 80, protocol: http }\n    - portMapping: { port: 80, protocol: grpc }\n',
    ['listener-ports-unique@7:28 spec.listeners[1].portMapping.port'],
  ],
  // ---- Route ----
  ['a route with no protocol', 'kind: Route\nname: r\nmesh: m\nvirtualRouter: v\nspec: { priority: 1 }\n', ['route-one-protocol@5:1 spec']],
  [
    'weights over 100 and a priority out of range',
    'kind: Route\nname: r\nmesh: m\nvirtualRouter: v\nspec:\n  priority: 1001\n  tcpRoute:\n    action:\n      weightedTargets: [{ virtualNode: a, weight: 60 }, { virtualNode: b, weight: 41 }]\n',
    ['range@6:13 spec.priority', 'weighted-targets-total@9:24 spec.tcpRoute.action.weightedTargets'],
  ],
  [
    'too many weighted targets',
    `kind: Route\nname: r\nmesh: m\nvirtualRouter: v\nspec:\n  tcpRoute:\n    action:\n      weightedTargets: [${Array.from({ length: 11 }, (_, i) => `{ virtualNode: n${i}, weight: 1 }`).join(', ')}]\n`,
    ['size@8:24 spec.tcpRoute.action.weightedTargets'],
  ],
  [
    'a prefix without a leading slash',
    'kind: Route\nname: r\nmesh: m\nvirtualRouter: v\nspec:\n  httpRoute:\n    match: { prefix: search }\n    action: { weightedTargets: [{ virtualNode: a, weight: 1 }] }\n',
    ['http-prefix-starts-with-slash@7:22 spec.httpRoute.match.prefix'],
  ],
  [
    'a retry event that does not exist',
    'kind: Route\nname: r\nmesh: m\nvirtualRouter: v\nspec:\n  httpRoute:\n    match: { prefix: / }\n    action: { weightedTargets: [{ virtualNode: a, weight: 1 }] }\n    retryPolicy: { maxRetries: 1, perRetryTimeout: { unit: s, value: 1 }, httpRetryEvents: [server-errors] }\n',
    ['retry-policy-events@9:93 spec.httpRoute.retryPolicy.httpRetryEvents[0]'],
  ],
  [
    'a duration unit that does not exist',
    'kind: Route\nname: r\nmesh: m\nvirtualRouter: v\nspec:\n  tcpRoute:\n    action: { weightedTargets: [{ virtualNode: a, weight: 1 }] }\n    timeout: { idle: { unit: minutes, value: 1 } }\n',
    ['enum@8:30 spec.tcpRoute.timeout.idle.unit'],
  ],
  // ---- VirtualGateway ----
  [
    'a tcp gateway listener',
    'kind: VirtualGateway\nname: g\nmesh: m\nspec:\n  listeners:\n    - portMapping: { port: 80, protocol: tcp }\n',
    ['enum@6:42 spec.listeners[0].portMapping.protocol'],
  ],
  ['a gateway without spec', 'kind: VirtualGateway\nname: g\nmesh: m\n', ['required@1:1']],
  // ---- GatewayRoute ----
  [
    'a gateway route without a target',
    'kind: GatewayRoute\nname: r\nmesh: m\nvirtualGateway: g\nspec:\n  httpRoute:\n    match: { prefix: / }\n    action: {}\n',
    ['required@8:5 spec.httpRoute.action'],
  ],
  [
    'a gateway route on a reserved prefix',
    'kind: GatewayRoute\nname: r\nmesh: m\nvirtualGateway: g\nspec:\n  httpRoute:\n    match: { prefix: /aws-appmesh/x }\n    action: { target: { virtualService: { virtualServiceName: s } } }\n',
    ['gateway-route-reserved-names@7:22 spec.httpRoute.match.prefix'],
  ],
  [
    'a gateway tcpRoute (gateway routes have none)',
    'kind: GatewayRoute\nname: r\nmesh: m\nvirtualGateway: g\nspec:\n  tcpRoute: {}\n',
    ['unknown-field@6:3 spec.tcpRoute', 'gateway-route-one-protocol@5:1 spec'],
  ],
  // ---- Cloud Map ----
  ['a namespace without type', 'kind: CloudMapNamespace\nname: n\nspec: {}\n', ['required@3:1 spec']],
  ['a private namespace without vpc', 'kind: CloudMapNamespace\nname: n.internal\nspec: { type: DNS_PRIVATE }\n', ['namespace-vpc@3:1 spec']],
  [
    'a CNAME without WEIGHTED routing',
    'kind: CloudMapService\nname: s\nnamespace: n\nspec:\n  dnsConfig: { routingPolicy: MULTIVALUE, dnsRecords: [{ type: CNAME, ttl: 60 }] }\n',
    ['service-dns-records@5:31 spec.dnsConfig.routingPolicy'],
  ],
  [
    'a TTL out of range',
    'kind: CloudMapService\nname: s\nnamespace: n\nspec:\n  dnsConfig: { dnsRecords: [{ type: A, ttl: -1 }] }\n',
    ['range@5:45 spec.dnsConfig.dnsRecords[0].ttl'],
  ],
  [
    'API member names instead of document names',
    'kind: CloudMapService\nname: s\nnamespace: n\nspec:\n  DnsConfig: { DnsRecords: [] }\n',
    ['unknown-field@5:3 spec.DnsConfig'],
  ],
];

describe('invalid documents are refused with the field, position and reason', () => {
  it.each(INVALID)('%s', (_name, text, expected) => {
    const found = validateFile(text).map(brief);
    expect(found).toEqual(expected);
  });

  it('messages name the allowed values, the kind, and the rule', () => {
    const messages = (text: string) => validateFile(text).map((d) => d.message);
    expect(messages('kind: Mesh\nname: m\nspec:\n  egressFilter: { type: ALLOW_SOME }\n')[0]).toBe('must be one of: ALLOW_ALL, DROP_ALL (got "ALLOW_SOME")');
    expect(messages('kind: VirtualNode\nname: n\nmesh: m\nvirtualRouter: r\nspec: {}\n')[0]).toBe('"virtualRouter" is only used by Route, not by VirtualNode');
    expect(messages('kind: VirtualNod\nname: x\n')[0]).toMatch(/^unknown kind "VirtualNod" \(did you mean VirtualNode\?\); the kinds are CloudMapNamespace, CloudMapService, Mesh, VirtualNode, VirtualRouter, Route, VirtualService, VirtualGateway, GatewayRoute$/);
    expect(messages('kind: Mesh\nname: a/b\n')[0]).toMatch(/names become parts of ARNs and API URL paths/);
    expect(messages('kind: VirtualNode\nname: n\nmesh: m\nspec:\n  backend: []\n')[0]).toMatch(/unknown field "backend" \(did you mean "backends"\?\)/);
    expect(messages('kind: Mesh\nname: m\nlabels: {}\n')[0]).toBe('unknown field "labels"; a Mesh document has kind, name, spec, tags');
  });
});
