import { defaultAwsName, importKubernetesManifests, type ImportedDocument, type KubernetesInputs } from '../../lib/import';

function run(manifest: string, inputs: KubernetesInputs = {}) {
  return importKubernetesManifests([{ file: 'app.yaml', content: manifest }], inputs);
}

function doc(result: { documents: ImportedDocument[] }, kind: string, name: string) {
  const found = result.documents.find((d) => d.value.kind === kind && d.value.name === name);
  expect(found).toBeDefined();
  return found!.value;
}

/** One App Mesh custom resource, as written for the controller: kind, metadata (flow style) and its spec's lines. */
const crd = (kind: string, metadata: string, spec?: string) => `apiVersion: appmesh.k8s.aws/v1beta2\nkind: ${kind}\nmetadata: ${metadata}\n${spec === undefined ? '' : `${spec}\n`}`;
/** Objects in one file, as kubectl takes them. */
const manifest = (...objects: string[]) => objects.join('---\n');

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { mesh: shop-mesh } }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: Mesh
metadata: { name: shop-mesh }
spec:
  awsName: shop
  namespaceSelector: { matchLabels: { mesh: shop-mesh } }
  egressFilter: { type: ALLOW_ALL }
`;

describe('Kubernetes manifests: names as the controller made them', () => {
  it('awsName, else name_namespace (virtual services: name.namespace; meshes: their name)', () => {
    expect(defaultAwsName('VirtualNode', 'cart', 'shop')).toBe('cart_shop');
    expect(defaultAwsName('VirtualRouter', 'cart', 'shop')).toBe('cart_shop');
    expect(defaultAwsName('VirtualGateway', 'gw', 'shop')).toBe('gw_shop');
    expect(defaultAwsName('GatewayRoute', 'r', 'shop')).toBe('r_shop');
    expect(defaultAwsName('VirtualService', 'cart', 'shop')).toBe('cart.shop');
    expect(defaultAwsName('Mesh', 'shop', '')).toBe('shop');
  });

  it('resolves references, membership by namespaceSelector, and writes inline routes as Route documents', () => {
    const r = run(
      manifest(
        NAMESPACE,
        crd('VirtualNode', '{ name: cart-v1, namespace: shop }', `spec:
  podSelector: { matchLabels: { app: cart } }
  listeners: [{ portMapping: { port: 8080, protocol: http } }]
  serviceDiscovery: { dns: { hostname: cart.shop.svc.cluster.local } }
  backends:
    - virtualService: { virtualServiceRef: { name: payments } }
    - virtualService: { virtualServiceARN: "arn:aws:appmesh:us-west-2:111122223333:mesh/shop/virtualService/ledger.example.com" }`),
        crd('VirtualNode', '{ name: cart-v2, namespace: shop }', `spec:
  awsName: cart-canary
  listeners: [{ portMapping: { port: 8080, protocol: http } }]
  serviceDiscovery: { dns: { hostname: cart-v2.shop.svc.cluster.local } }`),
        crd('VirtualRouter', '{ name: cart, namespace: shop }', `spec:
  listeners: [{ portMapping: { port: 8080, protocol: http } }]
  routes:
    - name: split
      priority: 10
      httpRoute:
        match: { prefix: / }
        action:
          weightedTargets:
            - { virtualNodeRef: { name: cart-v1 }, weight: 90 }
            - { virtualNodeRef: { name: cart-v2, namespace: shop }, weight: 10 }`),
        crd('VirtualService', '{ name: cart, namespace: shop }', `spec:
  provider: { virtualRouter: { virtualRouterRef: { name: cart } } }`),
        crd('VirtualService', '{ name: payments, namespace: shop }', `spec:
  awsName: payments.shop.svc.cluster.local
  provider: { virtualNode: { virtualNodeRef: { name: cart-v1 } } }`),
        `apiVersion: apps/v1
kind: Deployment
metadata: { name: cart, namespace: shop }
`,
      ),
    );
    expect(r.problems).toEqual([]);
    expect(doc(r, 'Mesh', 'shop')).toEqual({ kind: 'Mesh', name: 'shop', spec: { egressFilter: { type: 'ALLOW_ALL' } } });
    expect(doc(r, 'VirtualNode', 'cart-v1_shop')).toEqual({
      kind: 'VirtualNode', name: 'cart-v1_shop', mesh: 'shop',
      spec: {
        listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
        serviceDiscovery: { dns: { hostname: 'cart.shop.svc.cluster.local' } },
        backends: [{ virtualService: { virtualServiceName: 'payments.shop.svc.cluster.local' } }, { virtualService: { virtualServiceName: 'ledger.example.com' } }],
      },
    });
    expect(doc(r, 'VirtualRouter', 'cart_shop').spec).toEqual({ listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] });
    expect(doc(r, 'Route', 'split')).toEqual({
      kind: 'Route', name: 'split', mesh: 'shop', virtualRouter: 'cart_shop',
      spec: { priority: 10, httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'cart-v1_shop', weight: 90 }, { virtualNode: 'cart-canary', weight: 10 }] } } },
    });
    expect(doc(r, 'VirtualService', 'cart.shop').spec).toEqual({ provider: { virtualRouter: { virtualRouterName: 'cart_shop' } } });
    expect(r.notes).toContain('podSelector is cluster-only (which pods the controller injects): not written, on 1 object(s), first at app.yaml:17');
    expect(r.notes).toContain('skipped 1 object(s) that are not App Mesh resources: apps/v1 Deployment ×1');
    // Each document sits where its object is written.
    expect(r.documents.find((d) => d.value.name === 'split')!.start.line).toBe(38);
  });

  it('meshRef, else --mesh; --namespace for objects that name none', () => {
    const r = run(
      manifest(
        crd('VirtualNode', '{ name: a }', 'spec: { meshRef: { name: other, uid: x }, listeners: [{ portMapping: { port: 80, protocol: tcp } }] }'),
        crd('VirtualNode', '{ name: b, namespace: ns }', 'spec: {}'),
      ),
      { mesh: 'fallback', namespace: 'team' },
    );
    expect(r.problems).toEqual([]);
    expect(doc(r, 'VirtualNode', 'a_team').mesh).toBe('other');
    expect(doc(r, 'VirtualNode', 'b_ns').mesh).toBe('fallback');
  });

  // A gateway route's gateway: by the Namespace object's labels when the input has it, else the one
  // gateway of its mesh whose gatewayRouteSelector selects it (noted).
  const GATEWAY_ROUTE = crd('VirtualService', '{ name: cart, namespace: shop }', 'spec: {}');
  it.each([
    {
      title: 'gateway routes find their gateway by namespaceSelector and gatewayRouteSelector',
      manifest: manifest(
        NAMESPACE,
        crd('VirtualGateway', '{ name: ingress, namespace: shop }', `spec:
  namespaceSelector: { matchExpressions: [{ key: mesh, operator: In, values: [shop-mesh] }] }
  gatewayRouteSelector: { matchLabels: { gateway: ingress } }
  podSelector: { matchLabels: { app: ingress } }
  listeners: [{ portMapping: { port: 8088, protocol: http } }]`),
        GATEWAY_ROUTE,
        crd('GatewayRoute', '{ name: to-cart, namespace: shop, labels: { gateway: ingress } }', `spec:
  httpRoute:
    match: { prefix: /cart }
    action: { target: { virtualService: { virtualServiceRef: { name: cart } } } }`),
      ),
      inputs: {},
      route: { kind: 'GatewayRoute', name: 'to-cart_shop', mesh: 'shop', virtualGateway: 'ingress_shop', spec: { httpRoute: { match: { prefix: '/cart' }, action: { target: { virtualService: { virtualServiceName: 'cart.shop' } } } } } },
    },
    {
      title: 'without the Namespace object, a gateway route goes to the one gateway of its mesh that selects it (noted)',
      manifest: manifest(
        crd('VirtualGateway', '{ name: gw, namespace: edge }', `spec:
  namespaceSelector: { matchLabels: { gateway: gw } }
  gatewayRouteSelector: { matchLabels: { route: public } }
  listeners: [{ portMapping: { port: 80, protocol: http } }]`),
        crd('VirtualGateway', '{ name: other, namespace: edge }', `spec:
  namespaceSelector: { matchLabels: { gateway: other } }
  gatewayRouteSelector: { matchLabels: { route: internal } }
  listeners: [{ portMapping: { port: 80, protocol: http } }]`),
        GATEWAY_ROUTE,
        crd('GatewayRoute', '{ name: r, namespace: shop, labels: { route: public } }', `spec:
  httpRoute: { match: { prefix: / }, action: { target: { virtualService: { virtualServiceRef: { name: cart } } } } }`),
      ),
      inputs: { mesh: 'm' },
      route: { kind: 'GatewayRoute', name: 'r_shop', mesh: 'm', virtualGateway: 'gw_edge', spec: { httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 'cart.shop' } } } } } },
      note: 'app.yaml:22: GatewayRoute shop/r: the Namespace shop is not in the input, so its labels are unknown; assigned to edge/gw, the one VirtualGateway of mesh m that selects it',
    },
  ])('$title', ({ manifest: text, inputs, route, note }) => {
    const r = run(text, inputs);
    expect(r.problems).toEqual([]);
    expect(doc(r, 'GatewayRoute', route.name)).toEqual(route);
    if (note) expect(r.notes).toContain(note);
  });

  it('backendGroups become backends; fields the CRD does not know are dropped with a note', () => {
    const r = run(
      manifest(
        NAMESPACE,
        crd('VirtualService', '{ name: b, namespace: shop }', 'spec: {}'),
        crd('VirtualService', '{ name: a, namespace: shop }', 'spec: {}'),
        crd('VirtualNode', '{ name: n, namespace: shop }', `spec:
  backendGroups: [{ name: "*" }]
  listeners: [{ portMapping: { port: 80, protocol: http }, colour: blue }]`),
      ),
    );
    expect(r.problems).toEqual([]);
    expect(doc(r, 'VirtualNode', 'n_shop').spec).toEqual({ listeners: [{ portMapping: { port: 80, protocol: 'http' } }], backends: [{ virtualService: { virtualServiceName: 'a.shop' } }, { virtualService: { virtualServiceName: 'b.shop' } }] });
    expect(r.notes.join('\n')).toMatch(/app\.yaml:28: colour is not a field of the API's Listener .*dropped/);
  });
});

describe('Kubernetes output of kubectl get -o json', () => {
  it('reads a List of objects, ignoring status and server-set metadata', () => {
    const r = run(JSON.stringify({
      apiVersion: 'v1', kind: 'List',
      items: [
        { apiVersion: 'appmesh.k8s.aws/v1beta2', kind: 'Mesh', metadata: { name: 'm', uid: 'u1', resourceVersion: '7' }, spec: { awsName: 'm', namespaceSelector: {} }, status: { meshARN: 'arn:aws:appmesh:us-west-2:1:mesh/m' } },
        { apiVersion: 'appmesh.k8s.aws/v1beta2', kind: 'VirtualNode', metadata: { name: 'n', namespace: 'x' }, spec: { awsName: 'n_x', meshRef: { name: 'm', uid: 'u1' }, listeners: [{ portMapping: { port: 80, protocol: 'http' } }] }, status: {} },
      ],
    }, null, 2));
    expect(r.problems).toEqual([]);
    expect(r.documents.map((d) => d.value)).toEqual([
      { kind: 'Mesh', name: 'm' },
      { kind: 'VirtualNode', name: 'n_x', mesh: 'm', spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' } }] } },
    ]);
  });
});

describe('Kubernetes refusals', () => {
  const cases: [string, string, KubernetesInputs, RegExp, string | undefined, number][] = [
    ['no mesh', crd('VirtualNode', '{ name: a, namespace: x }', 'spec: {}'), {}, /has no meshRef and no Mesh of the input selects namespace x/, '--mesh NAME', 3],
    ['no namespace', crd('VirtualNode', '{ name: a }', 'spec: {}'), { mesh: 'm' }, /VirtualNode a names no namespace/, '--namespace NS', 3],
    ['a reference outside the input', crd('VirtualService', '{ name: a, namespace: x }', 'spec:\n  provider: { virtualNode: { virtualNodeRef: { name: gone } } }'), { mesh: 'm' }, /virtualNodeRef names VirtualNode x\/gone, which is not in the input/, undefined, 5],
    ['an ARN of the wrong kind', crd('VirtualService', '{ name: a, namespace: x }', 'spec:\n  provider:\n    virtualNode: { virtualNodeARN: "arn:aws:appmesh:us-west-2:1:mesh/m/virtualRouter/r" }'), { mesh: 'm' }, /virtualNodeARN must be the ARN of a virtualNode/, undefined, 6],
    ['an old API version', 'apiVersion: appmesh.k8s.aws/v1beta1\nkind: Mesh\nmetadata: { name: a }\n', {}, /appmesh.k8s.aws\/v1beta1 is not supported/, undefined, 1],
    ['a gateway route no gateway selects', crd('GatewayRoute', '{ name: r, namespace: x }', 'spec: {}'), { mesh: 'm' }, /no VirtualGateway of the input selects GatewayRoute x\/r/, undefined, 3],
  ];
  it.each(cases)('%s', (_name, manifest, inputs, message, flag, line) => {
    const r = run(manifest, inputs);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: 'app.yaml', line });
    expect(r.problems[0].message).toMatch(message);
    expect(r.problems[0].flag).toBe(flag);
  });
});
