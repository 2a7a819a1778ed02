import {
  asObject as obj,
  BACKENDS_PER_VIRTUAL_NODE,
  KIND_INFO,
  kindPlural,
  kindWord,
  listenerProblem,
  listenersOf,
  makeKey,
  referencesOf,
  resourceId,
  ROUTE_TYPES,
  routeType,
  routeTypesOf,
  ROUTE_PROTOCOLS,
  type CrossCheck,
  type DesiredResource,
  type JsonObject,
  type ListenerPort,
  type Reference,
  type ReferenceRole,
  type ResourceKey,
} from '../resources';
import type { Diagnostic, DiagnosticCode, PathSegment } from './diagnostics';
import { DOT_SEGMENT_NAMES } from './document-shapes';
import { diagnosticAt } from './issues';
import type { ParsedDocument } from './yaml/parse-file';

export interface LocatedResource {
  resource: DesiredResource;
  doc: ParsedDocument;
}

/** A document whose identity is readable but whose content has errors (already reported). */
export interface DeclaredIdentity {
  key: ResourceKey;
  doc: ParsedDocument;
  /** Its spec as written, when a mapping: references are checked even when the document has other errors. */
  spec?: JsonObject;
}

/** Reference roles (lib/resources/references.ts) → the code of a missing target. */
const MISSING_CODES: Record<ReferenceRole, DiagnosticCode> = {
  mesh: 'mesh-missing',
  parent: 'parent-missing',
  'route-target': 'route-target-missing',
  provider: 'provider-missing',
  'gateway-route-target': 'gateway-route-target-missing',
  backend: 'backend-missing',
  'cloud-map-namespace': 'cloud-map-namespace-external',
  'cloud-map-service': 'cloud-map-service-missing',
  'associated-service': 'reference-missing',
  'forward-target': 'reference-missing',
};

export function location(item: LocatedResource): string {
  return `${item.resource.source.file}:${item.resource.source.line}:${item.resource.source.column}`;
}

function where(key: ResourceKey): string {
  const parent = KIND_INFO[key.kind].parent;
  if (parent && KIND_INFO[parent.kind].scope === 'namespace') return ` in namespace ${key.parent}`;
  if (parent && KIND_INFO[key.kind].inMesh) return ` in ${kindWord(parent.kind)} ${key.parent} of mesh ${key.mesh}`;
  if (key.mesh !== undefined) return ` in mesh ${key.mesh}`;
  return '';
}

function describeListeners(listeners: ListenerPort[]): string {
  return listeners.map((l) => `${l.protocol} ${l.port}`).join(', ');
}

/**
 * Checks what one document cannot: references between resources, duplicate identities, route
 * protocols against their router's or gateway's listeners, Cloud Map services against their
 * namespace's type, and quotas (as warnings). Reported on the referring field.
 */
export function checkCrossReferences(items: LocatedResource[], invalid: DeclaredIdentity[] = []): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byId = new Map<string, LocatedResource>();
  // Identities in document order, valid or not: a duplicate is reported on the later document.
  const declared = new Map<string, ParsedDocument>();
  const all = [...items.map((i) => ({ key: i.resource as ResourceKey, doc: i.doc, item: i as LocatedResource | undefined })), ...invalid.map((i) => ({ ...i, item: undefined }))];
  all.sort((a, b) => (a.doc.file === b.doc.file ? a.doc.index - b.doc.index : a.doc.file < b.doc.file ? -1 : 1));
  const unique: LocatedResource[] = [];
  for (const { key, doc, item } of all) {
    const id = resourceId(key);
    const first = declared.get(id);
    if (first) {
      diagnostics.push(diagnosticAt(doc, ['name'], `duplicate ${key.kind} ${key.name}${where(key)}: already declared at ${first.file}:${first.start.line}:${first.start.column}`, 'duplicate-resource'));
      continue;
    }
    declared.set(id, doc);
    if (item) {
      byId.set(id, item);
      unique.push(item);
    }
  }
  const lookup = (key: ResourceKey) => byId.get(resourceId(key));
  const exists = (key: ResourceKey) => declared.has(resourceId(key));

  for (const other of invalid) {
    if (!other.spec || declared.get(resourceId(other.key)) !== other.doc) continue;
    const item: LocatedResource = { resource: { ...other.key, spec: other.spec, tags: {}, source: { file: other.doc.file, ...other.doc.start } }, doc: other.doc };
    for (const ref of referencesOf({ ...other.key, spec: other.spec })) checkReference(item, ref, lookup, exists, diagnostics);
  }
  for (const item of unique) {
    const { resource } = item;
    const refs = referencesOf({ kind: resource.kind, name: resource.name, mesh: resource.mesh, parent: resource.parent, spec: resource.spec });
    for (const ref of refs) checkReference(item, ref, lookup, exists, diagnostics);

    for (const check of KIND_INFO[resource.kind].crossChecks) CROSS_CHECKS[check](item, lookup, diagnostics);
  }
  diagnostics.push(...checkQuotas(unique));
  return diagnostics;
}

type Lookup = (key: ResourceKey) => LocatedResource | undefined;

/** The checks a kind's registry entry names (`crossChecks`), in the order they report. */
const CROSS_CHECKS: Record<CrossCheck, (item: LocatedResource, lookup: Lookup, diagnostics: Diagnostic[]) => void> = {
  'parent-listeners': (item, lookup, diagnostics) => {
    const parent = lookupParent(item, lookup);
    if (parent) checkRouteAgainstListeners(item, parent, diagnostics);
  },
  'target-ports': checkTargetPorts,
  'namespace-type': (item, lookup, diagnostics) => {
    const namespace = lookupParent(item, lookup);
    if (namespace) checkServiceAgainstNamespace(item, namespace, diagnostics);
  },
  'backends-quota': checkBackendsQuota,
};

function lookupParent(item: LocatedResource, lookup: Lookup): LocatedResource | undefined {
  const { resource } = item;
  const parent = KIND_INFO[resource.kind].parent;
  return parent && lookup(makeKey(parent.kind, resource.parent!, resource.mesh));
}

function checkBackendsQuota(item: LocatedResource, _lookup: Lookup, diagnostics: Diagnostic[]): void {
  const { resource, doc } = item;
  const backends = resource.spec.backends;
  const quota = BACKENDS_PER_VIRTUAL_NODE;
  if (Array.isArray(backends) && backends.length > quota.limit) {
    diagnostics.push(
      diagnosticAt(doc, ['spec', 'backends'], `virtual node ${resource.name} has ${backends.length} backends; App Mesh's default quota is ${quota.limit} ${quota.description} (${quota.code})`, 'quota', 'warning'),
    );
  }
}

function checkReference(
  item: LocatedResource,
  ref: Reference,
  lookup: (key: ResourceKey) => LocatedResource | undefined,
  exists: (key: ResourceKey) => boolean,
  diagnostics: Diagnostic[],
): void {
  if (exists(ref.target)) return;
  // An empty name is already reported where it is written; a "not declared" on top says nothing.
  if (ref.target.name === '' || ref.target.mesh === '' || ref.target.parent === '') return;
  // So is `.` or `..` in the document's own mesh or parent field (the envelope's names are checked).
  const named = ref.path.length === 1 ? [ref.target.name, ref.target.mesh, ref.target.parent] : [ref.target.mesh, ref.target.parent];
  if (named.some((n) => n !== undefined && DOT_SEGMENT_NAMES.includes(n))) return;
  const { doc } = item;
  const target = ref.target;
  const what = `${kindWord(target.kind)} ${target.name}`;
  if (ref.role === 'cloud-map-namespace') {
    diagnostics.push(
      diagnosticAt(doc, ref.path, `${what} is not declared in this repository; meshops assumes it is managed elsewhere and does not check its service`, 'cloud-map-namespace-external', 'warning'),
    );
    return;
  }
  if (ref.role === 'cloud-map-service') {
    const namespace = lookup({ kind: 'CloudMapNamespace', name: target.parent! });
    if (!namespace) return; // managed elsewhere (warned above), or declared with errors (reported)
    diagnostics.push(
      diagnosticAt(doc, ref.path, `Cloud Map service ${target.name} is not declared in namespace ${target.parent} (declared at ${location(namespace)}); add a CloudMapService document for it`, 'cloud-map-service-missing'),
    );
    return;
  }
  if (ref.role === 'mesh') {
    diagnostics.push(diagnosticAt(doc, ref.path, `mesh ${target.name} is not declared: add a document with kind: Mesh and name: ${target.name}`, 'mesh-missing'));
    return;
  }
  const code = MISSING_CODES[ref.role];
  const prefix = ref.role === 'parent' ? '' : `${ref.label} `;
  diagnostics.push(diagnosticAt(doc, ref.path, `${prefix}${what} is not declared${where(target)}`, code));
}

/** The route-fits-listeners rule (lib/resources/routes.ts), reported on the route's field. */
function checkRouteAgainstListeners(item: LocatedResource, parent: LocatedResource, diagnostics: Diagnostic[]): void {
  const { resource, doc } = item;
  const type = routeType(resource.spec, routeTypesOf(resource.kind));
  if (!type) return;
  const protocol = ROUTE_PROTOCOLS[type];
  const listeners = listenersOf(parent.resource.spec);
  // A router without listeners is reported by its own rules.
  if (listeners.length === 0) return;
  const parentWords = `${kindWord(parent.resource.kind)} ${parent.resource.name}`;
  const routeWords = kindWord(resource.kind);
  const match = obj(obj(resource.spec[type])?.match);
  const port = typeof match?.port === 'number' ? match.port : undefined;
  const problem = listenerProblem({ protocol, ...(port !== undefined ? { port } : {}) }, listeners);
  if (problem === 'protocol') {
    diagnostics.push(
      diagnosticAt(doc, ['spec', type], `${routeWords} ${resource.name} is a ${protocol} route but ${parentWords} listens on ${describeListeners(listeners)}; a ${routeWords}'s protocol must match one of its ${kindWord(parent.resource.kind)}'s listeners`, 'route-protocol-mismatch', 'error', true),
    );
    return;
  }
  if (problem === 'missing-port') {
    const matchPath: PathSegment[] = match ? ['spec', type, 'match'] : ['spec', type];
    diagnostics.push(
      diagnosticAt(doc, matchPath, `${parentWords} has ${listeners.length} listeners (${describeListeners(listeners)}), so every ${routeWords} sets match.port (the API refuses it otherwise)`, 'route-port-required', 'error', true),
    );
    return;
  }
  if (problem === 'port') {
    diagnostics.push(
      diagnosticAt(doc, ['spec', type, 'match', 'port'], `port ${port} is not a ${protocol} listener of ${parentWords} (listeners: ${describeListeners(listeners)})`, 'route-port-mismatch'),
    );
  }
}

function checkTargetPorts(item: LocatedResource, lookup: Lookup, diagnostics: Diagnostic[]): void {
  const { resource, doc } = item;
  for (const type of ROUTE_TYPES) {
    const targets = obj(obj(resource.spec[type])?.action)?.weightedTargets;
    if (!Array.isArray(targets)) continue;
    targets.forEach((t, i) => {
      const target = obj(t);
      if (typeof target?.port !== 'number' || typeof target.virtualNode !== 'string') return;
      const node = lookup({ kind: 'VirtualNode', name: target.virtualNode, mesh: resource.mesh });
      if (!node) return;
      const listeners = listenersOf(node.resource.spec);
      if (!listeners.some((l) => l.port === target.port)) {
        diagnostics.push(
          diagnosticAt(doc, ['spec', type, 'action', 'weightedTargets', i, 'port'], `virtual node ${target.virtualNode} has no listener on port ${target.port}${listeners.length ? ` (listeners: ${describeListeners(listeners)})` : ''}`, 'target-port-mismatch'),
        );
      }
    });
  }
}

function checkServiceAgainstNamespace(item: LocatedResource, namespace: LocatedResource, diagnostics: Diagnostic[]): void {
  const { resource, doc } = item;
  const type = namespace.resource.spec.type;
  if (type === 'HTTP' && resource.spec.dnsConfig !== undefined) {
    diagnostics.push(
      diagnosticAt(doc, ['spec', 'dnsConfig'], `namespace ${namespace.resource.name} is an HTTP namespace: its services have no DNS records (remove dnsConfig)`, 'service-namespace-type', 'error', true),
    );
  }
  if (type === 'DNS_PRIVATE' && resource.spec.healthCheckConfig !== undefined) {
    diagnostics.push(
      diagnosticAt(doc, ['spec', 'healthCheckConfig'], `Route 53 health checks (healthCheckConfig) work in public DNS and HTTP namespaces only; ${namespace.resource.name} is DNS_PRIVATE (use healthCheckCustomConfig)`, 'service-namespace-type', 'error', true),
    );
  }
}

/** Default quotas (KIND_INFO[kind].quota, docs/aws-behaviour.md §8) as warnings: they can be raised, but the apply would fail without it. */
function checkQuotas(items: LocatedResource[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const groups = new Map<string, LocatedResource[]>();
  for (const item of items) {
    const quota = KIND_INFO[item.resource.kind].quota;
    if (!quota) continue;
    const scope = quota.per === 'account' ? '' : quota.per === 'mesh' ? (item.resource.mesh ?? '') : `${item.resource.mesh ?? ''}/${item.resource.parent ?? ''}`;
    const key = `${item.resource.kind}|${scope}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  for (const group of groups.values()) {
    const { kind, mesh, parent } = group[0].resource;
    const quota = KIND_INFO[kind].quota!;
    if (group.length <= quota.limit) continue;
    const scope =
      quota.per === 'account'
        ? 'this repository declares'
        : quota.per === 'mesh'
          ? `mesh ${mesh} has`
          : `${kindWord(KIND_INFO[kind].parent!.kind)} ${parent} has`;
    const first = group[quota.limit];
    diagnostics.push(
      diagnosticAt(
        first.doc,
        ['name'],
        `${scope} ${group.length} ${kindPlural(kind)}; the default quota is ${quota.limit} ${quota.description} (${quota.code}): request an increase before applying`,
        'quota',
        'warning',
      ),
    );
  }
  return diagnostics;
}
