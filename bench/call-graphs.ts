/**
 * The unavoidable API calls of each scenario, as a dependency graph (see floor.ts), derived from the
 * repository's documents alone, not from what meshops happens to call:
 *
 * - Reading: every list page (pages follow each other: the next needs the previous page's token;
 *   a router's routes can be listed once a page has named the router; Cloud Map services once
 *   ListNamespaces has given the namespace's id). A describe or ListTags needs the page that named
 *   the resource. A cold read describes everything (Describe never returns tags); a warm read with
 *   nothing changed describes nothing (versions match the cache). Every read reads every tag, in
 *   bulk: GetResources pages of 100, one chain per service (App Mesh, Cloud Map), needing nothing
 *   else, so they overlap the lists.
 * - Writing: a plan needs the whole read first (the barrier). A create follows the creates of what
 *   it refers to (hard references: mesh, parent, route targets, providers, gateway route targets);
 *   a Cloud Map namespace is usable once GetOperation reports it (one poll: the emulator settles an
 *   operation on the next call); an update of a resource needs a fresh ListTags of it (ownership is
 *   checked before every write) and follows the creates it refers to; a delete follows the updates
 *   and deletes of whatever referred to the deleted resource.
 */
import { referencesOf } from '../lib/resources/references';
import { resourceId } from '../lib/resources/resource-key';
import type { Kind } from '../lib/resources/kinds';
import { CallGraphBuilder, type CallGraph } from './floor';
import { documentId, documentKey, type ExpectedChange, type ResourceDocument } from './generate-repo';

/** App Mesh list operations return up to 100 items per page; so do Cloud Map's. */
export const PAGE_SIZE = 100;

const LIST_OP: Partial<Record<Kind, string>> = {
  Mesh: 'ListMeshes',
  VirtualNode: 'ListVirtualNodes',
  VirtualService: 'ListVirtualServices',
  VirtualRouter: 'ListVirtualRouters',
  Route: 'ListRoutes',
  VirtualGateway: 'ListVirtualGateways',
  GatewayRoute: 'ListGatewayRoutes',
};

const APP_MESH_KINDS: Kind[] = ['Mesh', 'VirtualNode', 'VirtualService', 'VirtualRouter', 'Route', 'VirtualGateway', 'GatewayRoute'];

export interface ReadNeeds {
  /** Resources whose Describe is needed (App Mesh; Cloud Map lists return the whole resource). */
  describe: (id: string) => boolean;
  /** Resources whose tags must be read on their own (an apply's check before it writes). */
  tags: (id: string) => boolean;
}

/** The GetResources pages that read the tags of `count` resources of one service. */
function bulkTagPages(b: CallGraphBuilder, count: number): void {
  let previous: number[] = [];
  for (let p = 0; p < Math.max(1, Math.ceil(count / PAGE_SIZE)); p++) previous = [b.add('GetResources', previous)];
}

interface ReadCalls {
  /** Every read call: the plan can only be made when all have completed. */
  all: number[];
}

/** Pages of `items` in a chain after `after`; returns, for each item, the page call that named it. */
function listChain(b: CallGraphBuilder, op: string, items: ResourceDocument[], after: number[]): Map<string, number> {
  const pageOf = new Map<string, number>();
  const sorted = [...items].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  let previous = after;
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  for (let p = 0; p < pages; p++) {
    const page = b.add(op, previous);
    for (const doc of sorted.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE)) pageOf.set(documentId(doc), page);
    previous = [page];
  }
  return pageOf;
}

function describeOp(kind: Kind): string {
  return `Describe${kind === 'Mesh' ? 'Mesh' : kind}`;
}

/** The reads of a plan over `live` (the declared mesh and namespace are known by name). */
export function addReads(b: CallGraphBuilder, live: ResourceDocument[], needs: ReadNeeds): ReadCalls {
  const start = b.size;
  const resolve = (doc: ResourceDocument, page: number, service: 'appmesh' | 'cloudmap') => {
    const id = documentId(doc);
    if (service === 'appmesh' && needs.describe(id)) b.add(describeOp(doc.kind), [page]);
    if (needs.tags(id)) b.add('ListTagsForResource', [page]);
  };
  const ofKind = (kind: Kind, where: (d: ResourceDocument) => boolean = () => true) => live.filter((d) => d.kind === kind && where(d));

  bulkTagPages(b, live.filter((d) => APP_MESH_KINDS.includes(d.kind)).length);
  bulkTagPages(b, live.filter((d) => d.kind === 'CloudMapNamespace' || d.kind === 'CloudMapService').length);
  const meshPages = listChain(b, 'ListMeshes', ofKind('Mesh'), []);
  for (const mesh of ofKind('Mesh')) resolve(mesh, meshPages.get(documentId(mesh))!, 'appmesh');
  const meshNames = [...new Set(live.filter((d) => APP_MESH_KINDS.includes(d.kind) && d.kind !== 'Mesh').map((d) => d.mesh!))];
  for (const name of [...new Set([...ofKind('Mesh').map((m) => m.name), ...meshNames])]) {
    for (const kind of ['VirtualNode', 'VirtualService', 'VirtualRouter', 'VirtualGateway'] as Kind[]) {
      const docs = ofKind(kind, (d) => d.mesh === name);
      const pages = listChain(b, LIST_OP[kind]!, docs, []);
      for (const doc of docs) {
        const page = pages.get(documentId(doc))!;
        resolve(doc, page, 'appmesh');
        if (kind !== 'VirtualRouter' && kind !== 'VirtualGateway') continue;
        const childKind: Kind = kind === 'VirtualRouter' ? 'Route' : 'GatewayRoute';
        const children = ofKind(childKind, (d) => d.mesh === name && (d.virtualRouter ?? d.virtualGateway) === doc.name);
        const childPages = listChain(b, LIST_OP[childKind]!, children, [page]);
        for (const child of children) resolve(child, childPages.get(documentId(child))!, 'appmesh');
      }
    }
  }

  const namespaces = ofKind('CloudMapNamespace');
  const nsPage = b.add('ListNamespaces');
  if (namespaces.length > 0) {
    for (const ns of namespaces) {
      if (needs.tags(documentId(ns))) b.add('ListTagsForResource', [nsPage]);
      // ListNamespaces leaves out a DNS namespace's SOA TTL: GetNamespace has it.
      if (ns.spec.type !== 'HTTP' && needs.describe(documentId(ns))) b.add('GetNamespace', [nsPage]);
    }
    // ListServices pages over the account's services and filters each page.
    const servicePages = listChain(b, 'ListServices', ofKind('CloudMapService'), [nsPage]);
    for (const svc of ofKind('CloudMapService')) resolve(svc, servicePages.get(documentId(svc))!, 'cloudmap');
  }
  return { all: Array.from({ length: b.size - start }, (_, i) => start + i) };
}

function createOp(doc: ResourceDocument): string {
  if (doc.kind === 'CloudMapNamespace') return doc.spec.type === 'HTTP' ? 'CreateHttpNamespace' : doc.spec.type === 'DNS_PRIVATE' ? 'CreatePrivateDnsNamespace' : 'CreatePublicDnsNamespace';
  if (doc.kind === 'CloudMapService') return 'CreateService';
  return `Create${doc.kind}`;
}

function hardTargets(doc: ResourceDocument): string[] {
  return referencesOf({ ...documentKey(doc), spec: doc.spec })
    .filter((r) => r.hard)
    .map((r) => resourceId(r.target));
}

/** Creates of `docs` (in any order), each after the barrier and the creates it refers to; returns the call that makes each usable. */
function addCreates(b: CallGraphBuilder, docs: ResourceDocument[], barrier: number[]): Map<string, number> {
  const usable = new Map<string, number>();
  const byId = new Map(docs.map((d) => [documentId(d), d]));
  const visit = (doc: ResourceDocument, path: Set<string>): number => {
    const id = documentId(doc);
    const known = usable.get(id);
    if (known !== undefined) return known;
    if (path.has(id)) throw new Error(`reference cycle at ${id}`);
    path.add(id);
    const after = [...barrier];
    for (const target of hardTargets(doc)) {
      const t = byId.get(target);
      if (t) after.push(visit(t, path));
    }
    let call = b.add(createOp(doc), after);
    // Cloud Map namespace creation is asynchronous: its id is known from the finished operation.
    if (doc.kind === 'CloudMapNamespace') call = b.add('GetOperation', [call]);
    usable.set(id, call);
    return call;
  };
  for (const doc of docs) visit(doc, new Set());
  return usable;
}

/** A cold plan: every list and describe, and the tags in bulk. */
export function coldPlanGraph(live: ResourceDocument[]): CallGraph {
  const b = new CallGraphBuilder();
  addReads(b, live, { describe: () => true, tags: () => false });
  return b.build();
}

/** A drift check (or a pull request's plan) with a warm cache: the lists and the tags in bulk. */
export function warmDriftGraph(live: ResourceDocument[]): CallGraph {
  const b = new CallGraphBuilder();
  addReads(b, live, { describe: () => false, tags: () => false });
  return b.build();
}

/** Apply to an empty account: two empty lists, then every create in dependency order. */
export function applyEmptyGraph(desired: ResourceDocument[]): CallGraph {
  const b = new CallGraphBuilder();
  const reads = addReads(b, [], { describe: () => true, tags: () => false });
  addCreates(b, desired, reads.all);
  return b.build();
}

/**
 * Apply of a change with a warm cache: the lists and the tags in bulk, a fresh ListTags of each
 * resource to update or delete, then the writes. Spec-only updates (the change generated here touches no tags).
 */
export function applyChangeGraph(before: ResourceDocument[], after: ResourceDocument[], change: ExpectedChange): CallGraph {
  const b = new CallGraphBuilder();
  const checked = new Set([...change.updated, ...change.deleted]);
  const reads = addReads(b, before, { describe: () => false, tags: (id) => checked.has(id) });
  const afterById = new Map(after.map((d) => [documentId(d), d]));
  const beforeById = new Map(before.map((d) => [documentId(d), d]));
  const created = addCreates(b, change.created.map((id) => afterById.get(id)!), reads.all);
  const updates = new Map<string, number>();
  for (const id of change.updated) {
    const doc = afterById.get(id)!;
    const deps = [...reads.all, ...hardTargets(doc).flatMap((t) => (created.has(t) ? [created.get(t)!] : []))];
    updates.set(id, b.add(`Update${doc.kind === 'CloudMapService' ? 'Service' : doc.kind}`, deps));
  }
  // Deletes run after whatever referred to them has stopped doing so (updated) or is gone (deleted).
  const deletes = new Map<string, number>();
  const deleteOf = (id: string): number => {
    const known = deletes.get(id);
    if (known !== undefined) return known;
    const deps = [...reads.all];
    for (const other of before) {
      const otherId = documentId(other);
      if (!hardTargets(other).includes(id)) continue;
      if (updates.has(otherId)) deps.push(updates.get(otherId)!);
      else if (change.deleted.includes(otherId)) deps.push(deleteOf(otherId));
    }
    const doc = beforeById.get(id)!;
    const call = b.add(doc.kind === 'CloudMapService' ? 'DeleteService' : doc.kind === 'CloudMapNamespace' ? 'DeleteNamespace' : `Delete${doc.kind}`, deps);
    deletes.set(id, call);
    return call;
  };
  for (const id of change.deleted) deleteOf(id);
  return b.build();
}
