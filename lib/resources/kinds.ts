/**
 * The kind registry (docs/design.md, "The kind registry"): one entry per resource kind, with
 * everything the pipeline needs to know about it that is not I/O (identity, API names, words,
 * references, immutable fields, normalization, create rank, quota). A target is a registry of
 * kinds over the same engine: App Mesh with Cloud Map (./targets/app-mesh.ts), declared in Git, and
 * VPC Lattice (./targets/lattice.ts), derived from the App Mesh documents. This module is the
 * combined view the stages read.
 */
import type { KindEntry, ParentField, ReferenceRule, Target } from './kind-entry';
import { APP_MESH_KINDS, APP_MESH_REGISTRY, APP_MESH_TARGET, type DocumentKind } from './targets/app-mesh';
import { LATTICE_KINDS, LATTICE_REGISTRY, LATTICE_TARGET, type LatticeKind } from './targets/lattice';

export type * from './kind-entry';
export { GATEWAY_ROUTE_PROTOCOLS, ROUTE_PROTOCOLS, type DocumentKind } from './targets/app-mesh';
export { LATTICE_KINDS, SOURCE_TAG, type LatticeKind } from './targets/lattice';

/** The kinds a repository declares in Git. */
export const KINDS = APP_MESH_KINDS;
/** Every kind the engine plans: the declared ones and the Lattice ones derived from them. */
export type Kind = DocumentKind | LatticeKind;

/** An entry as the combined view holds it. */
export type KindInfo = KindEntry<Kind>;

/** Every kind's entry; the compiler refuses a kind without one. */
export const KIND_INFO: Record<Kind, KindInfo> = { ...LATTICE_REGISTRY, ...APP_MESH_REGISTRY };

/** The targets, App Mesh first. */
export const TARGETS: readonly (Target<DocumentKind> | Target<LatticeKind>)[] = [APP_MESH_TARGET, LATTICE_TARGET];

/** The parent's envelope field of a declared kind (Lattice kinds have no document). */
export function documentParentField(kind: DocumentKind): ParentField | undefined {
  return KIND_INFO[kind].parent?.field as ParentField | undefined;
}

/** Whether a value is a kind a Git document may declare. */
export function isKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

export function isLatticeKind(value: unknown): value is LatticeKind {
  return typeof value === 'string' && (LATTICE_KINDS as readonly string[]).includes(value);
}

/** Every kind the engine plans, in create order. */
export const KINDS_BY_CREATE_RANK: Kind[] = [...KINDS, ...LATTICE_KINDS].sort((a, b) => KIND_INFO[a].createRank - KIND_INFO[b].createRank);

/** The AWS service of a kind: `target` of its plan changes and drift entries. */
export function targetOf(kind: Kind): KindInfo['service'] {
  return KIND_INFO[kind].service;
}

/** How messages name a kind: `virtual node`, `Lattice listener rule`. */
export function kindWord(kind: Kind): string {
  return KIND_INFO[kind].words.one;
}

/** The plural: `virtual nodes`. */
export function kindPlural(kind: Kind): string {
  return KIND_INFO[kind].words.many;
}

const BY_ROLE = new Map<string, ReadonlySet<Kind>>();

/**
 * Whether a kind's spec makes references of a role: routes make `route-target` references, virtual
 * services `provider` ones, Lattice listeners and rules `forward-target` ones. Stages that work on
 * one relation (the traffic view, rollouts on Lattice) pick their kinds by it, not by name.
 */
export function makesReference(kind: Kind, role: ReferenceRule['role']): boolean {
  let kinds = BY_ROLE.get(role);
  if (!kinds) {
    kinds = new Set((Object.keys(KIND_INFO) as Kind[]).filter((k) => KIND_INFO[k].references.some((r) => r.role === role)));
    BY_ROLE.set(role, kinds);
  }
  return kinds.has(kind);
}

/**
 * A filter for the resources of one kind, `resources.filter(ofKind('TargetGroup'))`: for a stage
 * whose subject is that kind (the mapping from App Mesh to Lattice). Behaviour that differs by kind
 * reads the kind's entry instead.
 */
export function ofKind<K extends Kind>(kind: K): <R extends { kind: Kind }>(resource: R) => resource is R & { kind: K } {
  return <R extends { kind: Kind }>(resource: R): resource is R & { kind: K } => resource.kind === kind;
}
