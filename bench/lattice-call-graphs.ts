/**
 * The unavoidable API calls of the Lattice scenarios, as a dependency graph (see floor.ts), derived
 * from the mapped desired resources alone (what the repository asks Lattice to hold), with the
 * same rules as the App Mesh graphs (call-graphs.ts):
 *
 * - Reading: the three account-wide lists (service networks, services, target groups) page by page
 *   from the start; under a service network its VPC and service associations, under a service its
 *   listeners, under a listener its rules, each once the page that named the parent is in. A cold
 *   read gets every service network, VPC association, service, listener, rule and target group
 *   (the lists leave out their specs; a service association's summary is the whole resource).
 *   Tags come in bulk: GetResources pages of 100, one chain per service (Lattice, Cloud Map).
 *   Cloud Map is read as on App Mesh (the namespace and its services stay in Cloud Map).
 * - Writing, in Lattice dependency order: a create follows the barrier (the whole read) and the
 *   creates of what it refers to (parent, associated service, forwarded target groups, the service
 *   network of an association). Associations, services and target groups are created
 *   asynchronously: each is usable after one Get that reports it ACTIVE (the emulator settles on
 *   the next call; Lattice refuses a listener on a service that is not ACTIVE yet).
 */
import { KIND_INFO, type Kind } from '../lib/resources/kinds';
import { referencesOf } from '../lib/resources/references';
import { resourceId } from '../lib/resources/resource-key';
import type { DesiredResource } from '../lib/resources/types';
import { PAGE_SIZE } from './call-graphs';
import { CallGraphBuilder, type CallGraph } from './floor';

/** Creates whose status goes through CREATE_IN_PROGRESS, with the Get that sees it ACTIVE. */
const POLLED: Partial<Record<Kind, string>> = {
  ServiceNetworkVpcAssociation: 'GetServiceNetworkVpcAssociation',
  ServiceNetworkServiceAssociation: 'GetServiceNetworkServiceAssociation',
  LatticeService: 'GetService',
  TargetGroup: 'GetTargetGroup',
};

const CREATE_OP: Partial<Record<Kind, string>> = {
  ServiceNetwork: 'CreateServiceNetwork',
  ServiceNetworkVpcAssociation: 'CreateServiceNetworkVpcAssociation',
  ServiceNetworkServiceAssociation: 'CreateServiceNetworkServiceAssociation',
  LatticeService: 'CreateService',
  TargetGroup: 'CreateTargetGroup',
  Listener: 'CreateListener',
  Rule: 'CreateRule',
};

const isLattice = (r: DesiredResource) => KIND_INFO[r.kind].service === 'lattice';

/** `count` items in pages of 100 after `after`; returns the page call of each item, in order. */
function pages(b: CallGraphBuilder, op: string, count: number, after: number[]): number[] {
  const pageOf: number[] = [];
  let previous = after;
  for (let p = 0; p < Math.max(1, Math.ceil(count / PAGE_SIZE)); p++) {
    const page = b.add(op, previous);
    for (let i = p * PAGE_SIZE; i < Math.min(count, (p + 1) * PAGE_SIZE); i++) pageOf.push(page);
    previous = [page];
  }
  return pageOf;
}

function sortedByName(resources: DesiredResource[]): DesiredResource[] {
  return [...resources].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** The reads of a Lattice plan over `live`; returns every read call (the barrier before writes). */
export function addLatticeReads(b: CallGraphBuilder, live: DesiredResource[]): number[] {
  const start = b.size;
  const ofKind = (kind: Kind, where: (r: DesiredResource) => boolean = () => true) => sortedByName(live.filter((r) => r.kind === kind && where(r)));
  pages(b, 'GetResources', live.filter(isLattice).length, []);
  pages(b, 'GetResources', live.filter((r) => r.kind === 'CloudMapNamespace' || r.kind === 'CloudMapService').length, []);

  const networks = ofKind('ServiceNetwork');
  const networkPages = pages(b, 'ListServiceNetworks', networks.length, []);
  networks.forEach((sn, i) => {
    const page = networkPages[i];
    b.add('GetServiceNetwork', [page]);
    const vpcs = ofKind('ServiceNetworkVpcAssociation', (r) => r.parent === sn.name);
    for (const vpcPage of pages(b, 'ListServiceNetworkVpcAssociations', vpcs.length, [page])) b.add('GetServiceNetworkVpcAssociation', [vpcPage]);
    pages(b, 'ListServiceNetworkServiceAssociations', ofKind('ServiceNetworkServiceAssociation', (r) => r.parent === sn.name).length, [page]);
  });

  const services = ofKind('LatticeService');
  const servicePages = pages(b, 'ListServices', services.length, []);
  services.forEach((svc, i) => {
    b.add('GetService', [servicePages[i]]);
    const listeners = ofKind('Listener', (r) => r.parent === svc.name);
    const listenerPages = pages(b, 'ListListeners', listeners.length, [servicePages[i]]);
    listeners.forEach((listener, j) => {
      b.add('GetListener', [listenerPages[j]]);
      // ListRules also returns the listener's default rule: one more item, never fetched.
      const rules = ofKind('Rule', (r) => r.parent === `${svc.name}/${listener.name}`);
      for (const rulePage of pages(b, 'ListRules', rules.length + 1, [listenerPages[j]]).slice(0, rules.length)) b.add('GetRule', [rulePage]);
    });
  });

  const groups = ofKind('TargetGroup');
  for (const page of pages(b, 'ListTargetGroups', groups.length, [])) b.add('GetTargetGroup', [page]);

  // Cloud Map, as the App Mesh graphs read it: ListNamespaces, then the services page by page.
  const nsPage = b.add('ListNamespaces');
  const cloudMapServices = live.filter((r) => r.kind === 'CloudMapService').length;
  if (live.some((r) => r.kind === 'CloudMapNamespace')) pages(b, 'ListServices', cloudMapServices, [nsPage]);
  return Array.from({ length: b.size - start }, (_, i) => start + i);
}

/** Creates of `resources` (Lattice and Cloud Map) after `barrier`, each after what it refers to. */
function addLatticeCreates(b: CallGraphBuilder, resources: DesiredResource[], barrier: number[]): void {
  const byId = new Map(resources.map((r) => [resourceId(r), r]));
  const usable = new Map<string, number>();
  const visit = (r: DesiredResource, path: Set<string>): number => {
    const id = resourceId(r);
    const known = usable.get(id);
    if (known !== undefined) return known;
    if (path.has(id)) throw new Error(`reference cycle at ${id}`);
    path.add(id);
    const after = [...barrier];
    for (const ref of referencesOf(r)) {
      if (!ref.hard) continue;
      const target = byId.get(resourceId(ref.target));
      if (target) after.push(visit(target, path));
    }
    let call: number;
    if (r.kind === 'CloudMapNamespace') call = b.add('GetOperation', [b.add(r.spec.type === 'HTTP' ? 'CreateHttpNamespace' : r.spec.type === 'DNS_PRIVATE' ? 'CreatePrivateDnsNamespace' : 'CreatePublicDnsNamespace', after)]);
    else if (r.kind === 'CloudMapService') call = b.add('CreateService', after);
    else {
      const op = CREATE_OP[r.kind];
      if (!op) throw new Error(`no Lattice create for ${id}`);
      call = b.add(op, after);
      const poll = POLLED[r.kind];
      if (poll) call = b.add(poll, [call]);
    }
    usable.set(id, call);
    return call;
  };
  for (const r of resources) visit(r, new Set());
}

/** A cold Lattice plan of the applied repository: every list page, every Get, the tags in bulk. */
export function latticeColdPlanGraph(desired: DesiredResource[]): CallGraph {
  const b = new CallGraphBuilder();
  addLatticeReads(b, desired);
  return b.build();
}

/** A Lattice apply to an empty account: the empty lists, then every create in dependency order. */
export function latticeApplyEmptyGraph(desired: DesiredResource[]): CallGraph {
  const b = new CallGraphBuilder();
  const reads = addLatticeReads(b, []);
  addLatticeCreates(b, desired, reads);
  return b.build();
}
