/**
 * The VPC Lattice kinds: a second registry beside the App Mesh and Cloud Map kinds, run by the same
 * plan, apply and drift engine. They are never written in Git: the mapping derives them from the
 * declared App Mesh documents (docs/lattice.md). Their create order is the one Lattice needs:
 * service network → VPC associations → target groups → services → service associations →
 * listeners → rules (deletes reversed, so a target group goes after the rules that use it).
 */
export const LATTICE_KINDS = [
  'ServiceNetwork',
  'ServiceNetworkVpcAssociation',
  'TargetGroup',
  'LatticeService',
  'ServiceNetworkServiceAssociation',
  'Listener',
  'Rule',
] as const;

export type LatticeKind = (typeof LATTICE_KINDS)[number];

/** The identity of the App Mesh document a Lattice resource comes from, as plans print it (`Route watches/search-router/canary`). */
export const SOURCE_TAG = 'meshops:source';

/** Where the identity of each Lattice kind comes from (`parent` of its ResourceKey). */
export const LATTICE_IDENTITY: Record<LatticeKind, string> = {
  ServiceNetwork: 'name: the service network name',
  ServiceNetworkVpcAssociation: 'parent: the service network; name: the VPC id',
  TargetGroup: 'name: the target group name',
  LatticeService: 'name: the service name',
  ServiceNetworkServiceAssociation: 'parent: the service network; name: the service',
  Listener: 'parent: the service; name: the listener name',
  Rule: 'parent: service/listener; name: the rule name',
};

export function isLatticeKind(value: unknown): value is LatticeKind {
  return typeof value === 'string' && (LATTICE_KINDS as readonly string[]).includes(value);
}

/** How messages name the Lattice kinds. */
export const LATTICE_KIND_WORDS: Record<LatticeKind, { one: string; many: string }> = {
  ServiceNetwork: { one: 'Lattice service network', many: 'Lattice service networks' },
  ServiceNetworkVpcAssociation: { one: 'service network VPC association', many: 'service network VPC associations' },
  TargetGroup: { one: 'Lattice target group', many: 'Lattice target groups' },
  LatticeService: { one: 'Lattice service', many: 'Lattice services' },
  ServiceNetworkServiceAssociation: { one: 'service network service association', many: 'service network service associations' },
  Listener: { one: 'Lattice listener', many: 'Lattice listeners' },
  Rule: { one: 'Lattice listener rule', many: 'Lattice listener rules' },
};

export const LATTICE_KIND_WORD: Record<LatticeKind, string> = Object.fromEntries(Object.entries(LATTICE_KIND_WORDS).map(([k, w]) => [k, w.one])) as Record<LatticeKind, string>;
export const LATTICE_KIND_PLURAL: Record<LatticeKind, string> = Object.fromEntries(Object.entries(LATTICE_KIND_WORDS).map(([k, w]) => [k, w.many])) as Record<LatticeKind, string>;
