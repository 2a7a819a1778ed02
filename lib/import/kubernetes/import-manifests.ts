import { appMeshDocumentShapes } from '../../api-model';
import { parseYamlFile, type PathSegment, type Position } from '../../model';
import { KIND_INFO, type JsonObject, type JsonValue, type Kind } from '../../resources';
import { convertByModel, type ModelWalk } from '../convert-by-model';
import type { ImportProblem } from '../errors';
import { DocumentBuilder, sourceAt, type ImportedDocument } from '../imported-document';
import { SourceOrigins } from '../source-origins';
import { problemFromDiagnostic, type SourceImport } from '../source-import';
import { selectorMatches, type LabelSelector } from './label-selector';

export const APP_MESH_API_VERSION = 'appmesh.k8s.aws/v1beta2';
const APP_MESH_KINDS = ['Mesh', 'VirtualNode', 'VirtualService', 'VirtualRouter', 'VirtualGateway', 'GatewayRoute', 'BackendGroup'] as const;
type ObjectKind = (typeof APP_MESH_KINDS)[number];

/** Spec fields that only steer the controller inside the cluster: read for membership, never written. */
const CLUSTER_ONLY: Record<string, { kinds: string[]; why: string }> = {
  podSelector: { kinds: ['VirtualNode', 'VirtualGateway'], why: 'which pods the controller injects' },
  namespaceSelector: { kinds: ['Mesh', 'VirtualGateway'], why: 'read for membership' },
  gatewayRouteSelector: { kinds: ['VirtualGateway'], why: 'read for membership' },
  backendGroups: { kinds: ['VirtualNode'], why: 'expanded into backends' },
  meshRef: { kinds: ['VirtualNode', 'VirtualService', 'VirtualRouter', 'VirtualGateway', 'GatewayRoute'], why: 'read for membership' },
  virtualGatewayRef: { kinds: ['GatewayRoute'], why: 'read for membership' },
  awsName: { kinds: ['Mesh', 'VirtualNode', 'VirtualService', 'VirtualRouter', 'VirtualGateway', 'GatewayRoute'], why: 'the name' },
  routes: { kinds: ['VirtualRouter'], why: 'written as Route documents' },
};
const NOTED_CLUSTER_ONLY = new Set(['podSelector']);

/** The reference fields of the controller's spec (`virtualNodeRef`, `virtualServiceARN`, …) and the kind each names. */
const REFERENCE_KEY = /^(virtualNode|virtualService|virtualRouter|virtualGateway)(Ref|ARN)$/;
const REFERENCED_KIND: Record<string, ObjectKind> = { virtualNode: 'VirtualNode', virtualService: 'VirtualService', virtualRouter: 'VirtualRouter', virtualGateway: 'VirtualGateway' };

export interface KubernetesInputs {
  /** `--mesh`: the mesh of objects with no meshRef that no Mesh's namespaceSelector selects. */
  mesh?: string;
  /** `--namespace`: the namespace of objects whose metadata names none. */
  namespace?: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface K8sObject {
  kind: ObjectKind;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  spec: Obj;
  value: Obj;
  origins: SourceOrigins;
  start: Position;
  /** The mesh's AWS name once designated. */
  mesh?: string;
  awsName: string;
}

/**
 * The App Mesh controller's resources (appmesh.k8s.aws/v1beta2), from multi-document manifests,
 * → resource documents, named and linked the way the controller names them in App Mesh:
 * `spec.awsName`, else `name_namespace` (a virtual service: `name.namespace`; a mesh: its name);
 * references by `…Ref` (namespace defaults to the referring object's) or `…ARN`; mesh membership
 * by `meshRef`, else the one Mesh whose `namespaceSelector` selects the object's Namespace, else
 * `--mesh`. Other objects are skipped. Pure.
 */
export function importKubernetesManifests(files: { file: string; content: Uint8Array | string }[], inputs: KubernetesInputs): SourceImport {
  const problems: ImportProblem[] = [];
  const notes: string[] = [];
  const objects: K8sObject[] = [];
  const namespaceLabels = new Map<string, Record<string, string>>();
  const skipped = new Map<string, number>();
  const problemAt = (origins: SourceOrigins, container: object | undefined, key: PathSegment | undefined, message: string, flag?: string, atKey = false) => {
    const at = origins.locate(container, key, atKey);
    problems.push({ file: origins.file, ...(at ? { line: at.line, column: at.column } : {}), message, ...(flag ? { flag } : {}) });
  };

  for (const { file, content } of files) {
    const parsed = parseYamlFile(file, content, { positions: 'eager' });
    for (const d of parsed.diagnostics) if (d.severity === 'error') problems.push(problemFromDiagnostic(d));
    for (const doc of parsed.documents) {
      const origins = new SourceOrigins(file, doc.positions);
      origins.recordParsed(doc.value);
      const top = doc.value;
      const items: Obj[] = isObj(top) && top.kind === 'List' && Array.isArray(top.items) ? top.items.filter(isObj) : isObj(top) ? [top] : [];
      for (const value of items) {
        const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
        const kind = typeof value.kind === 'string' ? value.kind : '';
        const metadata = isObj(value.metadata) ? value.metadata : {};
        const name = typeof metadata.name === 'string' ? metadata.name : '';
        const labels = Object.fromEntries(Object.entries(isObj(metadata.labels) ? metadata.labels : {}).map(([k, v]) => [k, String(v)]));
        if (apiVersion === 'v1' && kind === 'Namespace') {
          // Kubernetes labels every namespace with its own name.
          namespaceLabels.set(name, { 'kubernetes.io/metadata.name': name, ...labels });
          continue;
        }
        if (!apiVersion.startsWith('appmesh.k8s.aws/')) {
          const what = `${apiVersion || '?'} ${kind || '?'}`;
          skipped.set(what, (skipped.get(what) ?? 0) + 1);
          continue;
        }
        if (apiVersion !== APP_MESH_API_VERSION) {
          problemAt(origins, value, 'apiVersion', `${apiVersion} is not supported: the import reads ${APP_MESH_API_VERSION} (the controller's current API)`);
          continue;
        }
        if (!(APP_MESH_KINDS as readonly string[]).includes(kind)) {
          problemAt(origins, value, 'kind', `${kind} is not a kind of ${APP_MESH_API_VERSION} (${APP_MESH_KINDS.join(', ')})`);
          continue;
        }
        if (!name) {
          problemAt(origins, value, 'metadata', `${kind} has no metadata.name`);
          continue;
        }
        let namespace = '';
        if (kind !== 'Mesh') {
          namespace = typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : (inputs.namespace ?? '');
          if (!namespace) {
            problemAt(origins, value, 'metadata', `${kind} ${name} names no namespace`, '--namespace NS');
            continue;
          }
        }
        const spec = isObj(value.spec) ? value.spec : {};
        if (!isObj(value.spec)) origins.record(spec, [...(origins.pathOf(value) ?? []), 'spec']);
        const awsName = typeof spec.awsName === 'string' && spec.awsName ? spec.awsName : defaultAwsName(kind as ObjectKind, name, namespace);
        const start = origins.locate(value, undefined) ?? doc.start;
        objects.push({ kind: kind as ObjectKind, name, namespace, labels, spec, value, origins, start, awsName });
      }
    }
  }

  const byKey = new Map<string, K8sObject>();
  for (const o of objects) {
    const key = objectKey(o.kind, o.namespace, o.name);
    const first = byKey.get(key);
    if (first) problemAt(o.origins, o.value, 'metadata', `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} is declared twice (first at ${first.origins.file}:${first.start.line})`);
    else byKey.set(key, o);
  }
  const meshes = objects.filter((o) => o.kind === 'Mesh');

  // Mesh membership, as the controller's webhook designates it.
  for (const o of objects) {
    if (o.kind === 'Mesh' || o.kind === 'BackendGroup') continue;
    const meshRef = isObj(o.spec.meshRef) ? o.spec.meshRef : undefined;
    if (meshRef) {
      const refName = typeof meshRef.name === 'string' ? meshRef.name : '';
      const mesh = byKey.get(objectKey('Mesh', '', refName));
      o.mesh = mesh ? mesh.awsName : refName;
      continue;
    }
    const labels = namespaceLabels.get(o.namespace) ?? { 'kubernetes.io/metadata.name': o.namespace };
    const candidates = meshes.filter((m) => selectorMatches(m.spec.namespaceSelector as LabelSelector | undefined, labels));
    if (candidates.length > 1) {
      problemAt(o.origins, o.value, 'metadata', `${o.kind} ${o.namespace}/${o.name}: namespace ${o.namespace} is selected by several meshes (${candidates.map((m) => m.name).join(', ')})`);
    } else if (candidates.length === 1) {
      o.mesh = candidates[0].awsName;
    } else if (inputs.mesh) {
      o.mesh = inputs.mesh;
    } else {
      problemAt(o.origins, o.value, 'metadata', `${o.kind} ${o.namespace}/${o.name} has no meshRef and no Mesh of the input selects namespace ${o.namespace}${namespaceLabels.has(o.namespace) ? '' : ' (its Namespace object is not in the input)'}`, '--mesh NAME');
    }
  }

  const documents: ImportedDocument[] = [];
  const clusterOnlySeen = new Map<string, { count: number; first: string }>();

  /** `virtualNodeRef: { name, namespace? }` / `virtualNodeARN` → the App Mesh name of that object. */
  const resolveReference = (o: K8sObject, key: string, value: unknown, container: object): string | undefined => {
    const m = REFERENCE_KEY.exec(key)!;
    const kind = REFERENCED_KIND[m[1]];
    if (m[2] === 'ARN') {
      const arn = typeof value === 'string' ? /^arn:[^:]+:appmesh:[^:]*:[^:]*:mesh\/[^/]+\/([^/]+)\/([^/]+)$/.exec(value) : null;
      if (!arn || arn[1] !== m[1]) {
        problemAt(o.origins, container, key, `${key} must be the ARN of a ${m[1]} (arn:aws:appmesh:REGION:ACCOUNT:mesh/MESH/${m[1]}/NAME)`);
        return undefined;
      }
      return arn[2];
    }
    const ref = isObj(value) ? value : {};
    const name = typeof ref.name === 'string' ? ref.name : '';
    const namespace = typeof ref.namespace === 'string' && ref.namespace ? ref.namespace : o.namespace;
    const target = byKey.get(objectKey(kind, namespace, name));
    if (!target) {
      problemAt(o.origins, container, key, `${key} names ${kind} ${namespace}/${name}, which is not in the input: add the manifest that declares it`);
      return undefined;
    }
    if (target.mesh !== undefined && o.mesh !== undefined && target.mesh !== o.mesh) {
      problemAt(o.origins, container, key, `${key} names ${kind} ${namespace}/${name} of mesh ${target.mesh}, not of this object's mesh ${o.mesh}`);
      return undefined;
    }
    return target.awsName;
  };

  const convertSpec = (o: K8sObject, b: DocumentBuilder, shape: string, value: unknown, outPath: PathSegment[], container: object, key: PathSegment, skip: (k: string) => boolean): JsonValue | undefined => {
    const walk: ModelWalk = {
      table: appMeshDocumentShapes,
      origins: o.origins,
      out: b,
      problems,
      unknownKey: (shapeName, k, v, c) => {
        if (c === value && skip(k)) return 'skip';
        if (!REFERENCE_KEY.test(k)) {
          // The API server prunes fields the CRD's schema does not know: the controller never saw them.
          const at = o.origins.locate(c, k, true);
          notes.push(`${o.origins.file}:${at?.line ?? o.start.line}: ${k} is not a field of the API's ${shapeName} (nor of the controller's CRD): dropped, as the API server drops it`);
          return 'skip';
        }
        const base = REFERENCE_KEY.exec(k)![1];
        const members = Object.keys(appMeshDocumentShapes[shapeName]?.members ?? {});
        const member = members.find((n) => n === `${base}Name`) ?? members.find((n) => n === base);
        if (!member) return undefined;
        const resolved = resolveReference(o, k, v, c);
        return resolved === undefined ? 'skip' : { member, value: resolved };
      },
    };
    return convertByModel(walk, shape, value, outPath, container, key);
  };

  const clusterOnly = (o: K8sObject) => (k: string) => {
    const entry = CLUSTER_ONLY[k];
    if (!entry || !entry.kinds.includes(o.kind)) return false;
    if (NOTED_CLUSTER_ONLY.has(k)) {
      const at = o.origins.locate(o.spec, k, true);
      const seen = clusterOnlySeen.get(k);
      clusterOnlySeen.set(k, { count: (seen?.count ?? 0) + 1, first: seen?.first ?? `${o.origins.file}:${at?.line ?? o.start.line}` });
    }
    return true;
  };

  for (const o of objects) {
    if (o.kind === 'BackendGroup') continue;
    if (o.kind !== 'Mesh' && o.mesh === undefined) continue;
    const errorsBefore = problems.length;
    const origin = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    const b = new DocumentBuilder(o.origins.file, o.start, origin);
    const kind: Kind = o.kind;
    b.set('kind', kind, sourceAt(o.origins, o.value, 'kind'));
    b.set('name', o.awsName, sourceAt(o.origins, o.spec.awsName !== undefined ? o.spec : (o.value.metadata as object), o.spec.awsName !== undefined ? 'awsName' : 'name'));
    if (o.mesh !== undefined) b.set('mesh', o.mesh, sourceAt(o.origins, isObj(o.spec.meshRef) ? o.spec : o.value, isObj(o.spec.meshRef) ? 'meshRef' : 'metadata'));
    if (o.kind === 'Mesh' && o.spec.meshOwner !== undefined) {
      notes.push(`${o.origins.file}:${o.start.line}: Mesh ${o.name} names meshOwner ${String(o.spec.meshOwner)} (a mesh shared from another account); meshops manages the meshes of the account it runs in, so meshOwner is not written`);
    }
    if (o.kind === 'GatewayRoute') {
      const gateway = gatewayOf(o);
      if (gateway === undefined) continue;
      b.set('virtualGateway', gateway, sourceAt(o.origins, o.value, 'metadata'));
    }
    const skip = (k: string) => clusterOnly(o)(k) || (o.kind === 'Mesh' && k === 'meshOwner');
    const spec = convertSpec(o, b, KIND_INFO[kind].specShape, o.spec, ['spec'], o.value, 'spec', skip);
    if (isObj(spec)) {
      if (o.kind === 'VirtualNode') addBackendGroups(o, spec as JsonObject, b);
      if (Object.keys(spec).length || !KIND_INFO[kind].specOptional) b.value.spec = spec as JsonObject;
    }
    if (problems.length === errorsBefore) documents.push(b.build());

    if (o.kind === 'VirtualRouter' && Array.isArray(o.spec.routes)) {
      o.spec.routes.forEach((route, i) => {
        if (!isObj(route)) return;
        const before = problems.length;
        const routeName = typeof route.name === 'string' ? route.name : '';
        if (!routeName) {
          problemAt(o.origins, o.spec.routes as object, i, `route ${i + 1} of VirtualRouter ${o.namespace}/${o.name} has no name`);
          return;
        }
        const start = o.origins.locate(o.spec.routes as object, i) ?? o.start;
        const rb = new DocumentBuilder(o.origins.file, start, `${origin} route ${routeName}`);
        rb.set('kind', 'Route', sourceAt(o.origins, route, 'name'));
        rb.set('name', routeName, sourceAt(o.origins, route, 'name'));
        rb.set('mesh', o.mesh!, sourceAt(o.origins, o.value, 'metadata'));
        rb.set('virtualRouter', o.awsName, sourceAt(o.origins, o.value, 'metadata'));
        const routeSpec = convertSpec(o, rb, 'RouteSpec', route, ['spec'], o.spec.routes as object, i, (k) => k === 'name');
        if (isObj(routeSpec)) rb.value.spec = routeSpec as JsonObject;
        if (problems.length === before) documents.push(rb.build());
      });
    }
  }

  function gatewayOf(o: K8sObject): string | undefined {
    const ref = isObj(o.spec.virtualGatewayRef) ? o.spec.virtualGatewayRef : undefined;
    if (ref) return resolveReference(o, 'virtualGatewayRef', ref, o.spec);
    const labels = namespaceLabels.get(o.namespace) ?? { 'kubernetes.io/metadata.name': o.namespace };
    const candidates = objects.filter(
      (g) => g.kind === 'VirtualGateway' && selectorMatches(g.spec.namespaceSelector as LabelSelector | undefined, labels) && (g.spec.gatewayRouteSelector === undefined || selectorMatches(g.spec.gatewayRouteSelector as LabelSelector, o.labels)),
    );
    if (candidates.length === 1) return candidates[0].awsName;
    if (!candidates.length && !namespaceLabels.has(o.namespace)) {
      // The Namespace's labels live in the cluster, not in the input: the one gateway of the mesh
      // whose gatewayRouteSelector takes the route is the only one the controller could have chosen.
      const inMesh = objects.filter((g) => g.kind === 'VirtualGateway' && g.mesh === o.mesh && (g.spec.gatewayRouteSelector === undefined || selectorMatches(g.spec.gatewayRouteSelector as LabelSelector, o.labels)));
      if (inMesh.length === 1) {
        notes.push(`${o.origins.file}:${o.start.line}: GatewayRoute ${o.namespace}/${o.name}: the Namespace ${o.namespace} is not in the input, so its labels are unknown; assigned to ${inMesh[0].namespace}/${inMesh[0].name}, the one VirtualGateway of mesh ${o.mesh} that selects it`);
        return inMesh[0].awsName;
      }
    }
    problemAt(
      o.origins,
      o.value,
      'metadata',
      candidates.length
        ? `GatewayRoute ${o.namespace}/${o.name} is selected by several VirtualGateways (${candidates.map((g) => `${g.namespace}/${g.name}`).join(', ')})`
        : `no VirtualGateway of the input selects GatewayRoute ${o.namespace}/${o.name} (by its namespaceSelector${namespaceLabels.has(o.namespace) ? '' : `; the Namespace ${o.namespace} is not in the input`} and gatewayRouteSelector); add the VirtualGateway's manifest, or set spec.virtualGatewayRef`,
    );
    return undefined;
  }

  /** The controller adds the virtual services of each backend group to the node's backends. */
  function addBackendGroups(o: K8sObject, spec: JsonObject, b: DocumentBuilder): void {
    const groups = Array.isArray(o.spec.backendGroups) ? o.spec.backendGroups.filter(isObj) : [];
    if (!groups.length) return;
    const backends = Array.isArray(spec.backends) ? (spec.backends as JsonObject[]) : [];
    const listed = new Set(backends.map((x) => (isObj(x.virtualService) ? (x.virtualService as JsonObject).virtualServiceName : undefined)));
    const added: string[] = [];
    groups.forEach((g, i) => {
      const namespace = typeof g.namespace === 'string' && g.namespace ? g.namespace : o.namespace;
      const name = typeof g.name === 'string' ? g.name : '';
      let services: K8sObject[];
      if (name === '*') {
        services = objects.filter((s) => s.kind === 'VirtualService' && s.namespace === namespace);
      } else {
        const group = byKey.get(objectKey('BackendGroup', namespace, name));
        if (!group) {
          problemAt(o.origins, o.spec.backendGroups as object, i, `backend group ${namespace}/${name} is not in the input: add the manifest that declares it`);
          return;
        }
        const refs = Array.isArray(group.spec.virtualServices) ? group.spec.virtualServices.filter(isObj) : [];
        services = refs.flatMap((r) => {
          const s = byKey.get(objectKey('VirtualService', typeof r.namespace === 'string' && r.namespace ? r.namespace : group.namespace, String(r.name)));
          return s ? [s] : [];
        });
      }
      for (const s of [...services].sort((x, y) => (x.awsName < y.awsName ? -1 : x.awsName > y.awsName ? 1 : 0))) {
        if (listed.has(s.awsName) || s.mesh !== o.mesh) continue;
        listed.add(s.awsName);
        b.place(['spec', 'backends', backends.length], sourceAt(o.origins, o.spec.backendGroups as object, i));
        backends.push({ virtualService: { virtualServiceName: s.awsName } });
        added.push(s.awsName);
      }
    });
    if (added.length) {
      spec.backends = backends;
      notes.push(`${o.origins.file}:${o.start.line}: VirtualNode ${o.namespace}/${o.name}: backendGroups expanded into ${added.length} backend(s)`);
    }
  }

  for (const [field, seen] of clusterOnlySeen) notes.push(`${field} is cluster-only (${CLUSTER_ONLY[field].why}): not written, on ${seen.count} object(s), first at ${seen.first}`);
  if (skipped.size) {
    const total = [...skipped.values()].reduce((a, b) => a + b, 0);
    notes.push(`skipped ${total} object(s) that are not App Mesh resources: ${[...skipped.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, n]) => `${t} ×${n}`).join(', ')}`);
  }
  return { documents, notes, problems };
}

/** The App Mesh name the controller gives an object without `spec.awsName` (its defaulting webhook). */
export function defaultAwsName(kind: ObjectKind, name: string, namespace: string): string {
  if (kind === 'Mesh' || kind === 'BackendGroup') return name;
  return kind === 'VirtualService' ? `${name}.${namespace}` : `${name}_${namespace}`;
}

function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}
