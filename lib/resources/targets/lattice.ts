/**
 * The VPC Lattice target: a second registry beside App Mesh's, run by the same plan, apply and
 * drift engine. Its kinds are never written in Git: the mapping derives them from the declared App
 * Mesh documents (docs/lattice.md). Their create order is the one Lattice needs: service network →
 * VPC associations → target groups → services → service associations → listeners → rules (deletes
 * reversed, so a target group goes after the rules that use it). A leaf module: types only are imported.
 */
import type { KindEntry, ReferenceRule, Target } from '../kind-entry';

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

/** Lattice's operations of a kind: `CreateTargetGroup`, `GetTargetGroup`, ...; every list answers `items`. */
function latticeApi(type: string, nameMember: string, parentMember?: string, updatable = true): KindEntry['api'] {
  return {
    nameMember,
    ...(parentMember ? { parentMember } : {}),
    listMember: 'items',
    operations: { create: `Create${type}`, read: `Get${type}`, ...(updatable ? { update: `Update${type}` } : {}), delete: `Delete${type}`, list: `List${type}s` },
  };
}

/** A Lattice action's target groups (named in the spec): a target group cannot go while a rule forwards to it. */
function forwardTargets(action: string): ReferenceRule {
  return { target: 'TargetGroup', path: ['spec', action, 'forward', 'targetGroups', '*', 'targetGroup'], hard: true, role: 'forward-target', label: 'forward target' };
}

const NO_NORMALIZATION = { serverFilledWhenOmitted: [], rules: [] } as const;
const LATTICE = { service: 'lattice', specOptional: false, inMesh: false, crossChecks: [] } as const;

// Quotas: the defaults of the VPC Lattice quota page (listeners per service, rules per listener —
// 10 in the current table, 5 in older ones —, target groups and service networks per region).
// Immutable fields: what the API model's Update* requests cannot change.
export const LATTICE_REGISTRY: Record<LatticeKind, KindEntry<LatticeKind>> = {
  ServiceNetwork: {
    ...LATTICE, kind: 'ServiceNetwork', createRank: 9, specShape: 'Lattice.ServiceNetworkSpec',
    words: { one: 'Lattice service network', many: 'Lattice service networks' },
    api: latticeApi('ServiceNetwork', 'name'),
    references: [],
    immutable: [],
    normalization: NO_NORMALIZATION,
    quota: { limit: 50, per: 'account', code: 'L-9CAD07FB', description: 'service networks per region' },
  },
  ServiceNetworkVpcAssociation: {
    ...LATTICE, kind: 'ServiceNetworkVpcAssociation', createRank: 10, specShape: 'Lattice.ServiceNetworkVpcAssociationSpec',
    parent: { kind: 'ServiceNetwork', field: 'serviceNetwork', label: 'service network' },
    words: { one: 'service network VPC association', many: 'service network VPC associations' },
    api: latticeApi('ServiceNetworkVpcAssociation', 'vpcIdentifier', 'serviceNetworkIdentifier'),
    references: [],
    // Security groups can change, but not back to none.
    immutable: [{ path: ['securityGroupIds'], check: 'not-emptied' }],
    normalization: NO_NORMALIZATION,
  },
  TargetGroup: {
    ...LATTICE, kind: 'TargetGroup', createRank: 11, specShape: 'Lattice.TargetGroupSpec',
    words: { one: 'Lattice target group', many: 'Lattice target groups' },
    api: latticeApi('TargetGroup', 'name'),
    references: [],
    immutable: [
      { path: ['type'], check: 'value' },
      ...(['port', 'protocol', 'protocolVersion', 'ipAddressType', 'vpcIdentifier'] as const).map((f) => ({ path: ['config', f], check: 'value' as const })),
    ],
    normalization: NO_NORMALIZATION,
    quota: { limit: 500, per: 'account', code: 'L-BB11C6B9', description: 'target groups per region' },
  },
  LatticeService: {
    ...LATTICE, kind: 'LatticeService', createRank: 12, specShape: 'Lattice.ServiceSpec',
    words: { one: 'Lattice service', many: 'Lattice services' },
    api: latticeApi('Service', 'name'),
    references: [],
    immutable: [{ path: ['customDomainName'], check: 'value' }],
    normalization: NO_NORMALIZATION,
    quota: { limit: 2000, per: 'account', code: 'L-620C821E', description: 'services per region' },
  },
  ServiceNetworkServiceAssociation: {
    ...LATTICE, kind: 'ServiceNetworkServiceAssociation', createRank: 13, specShape: 'Lattice.ServiceNetworkServiceAssociationSpec',
    parent: { kind: 'ServiceNetwork', field: 'serviceNetwork', label: 'service network' },
    words: { one: 'service network service association', many: 'service network service associations' },
    api: latticeApi('ServiceNetworkServiceAssociation', 'serviceIdentifier', 'serviceNetworkIdentifier', false),
    // Named after the service it associates.
    references: [{ target: 'LatticeService', path: ['name'], hard: true, role: 'associated-service', label: 'associated service' }],
    immutable: [],
    normalization: NO_NORMALIZATION,
  },
  Listener: {
    ...LATTICE, kind: 'Listener', createRank: 14, specShape: 'Lattice.ListenerSpec',
    parent: { kind: 'LatticeService', field: 'service', label: 'Lattice service' },
    words: { one: 'Lattice listener', many: 'Lattice listeners' },
    api: latticeApi('Listener', 'name', 'serviceIdentifier'),
    references: [forwardTargets('defaultAction')],
    immutable: [
      { path: ['protocol'], check: 'value' },
      { path: ['port'], check: 'value' },
    ],
    normalization: NO_NORMALIZATION,
    quota: { limit: 2, per: 'parent', code: 'L-D64E952E', description: 'listeners per service' },
  },
  Rule: {
    ...LATTICE, kind: 'Rule', createRank: 15, specShape: 'Lattice.RuleSpec',
    // `parent` is service/listener.
    parent: { kind: 'Listener', field: 'listener', label: 'listener' },
    words: { one: 'Lattice listener rule', many: 'Lattice listener rules' },
    uniquePriority: true,
    api: latticeApi('Rule', 'name', 'listenerIdentifier'),
    references: [forwardTargets('action')],
    immutable: [],
    normalization: NO_NORMALIZATION,
    quota: { limit: 10, per: 'parent', code: 'L-CF78395E', description: 'rules per listener' },
  },
};

export const LATTICE_TARGET: Target<LatticeKind> = {
  name: 'lattice',
  title: 'VPC Lattice',
  kinds: LATTICE_KINDS,
  registry: LATTICE_REGISTRY,
  declared: false,
};
