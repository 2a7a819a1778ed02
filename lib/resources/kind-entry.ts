/**
 * The shape of one entry of the kind registry (docs/design.md, "The kind registry"). An entry holds
 * everything the pipeline needs to know about a kind that is not I/O; stages read it instead of
 * naming kinds. Where a stage needs behaviour (a normalization, a cross-check), the entry names the
 * rule and the stage owns a `Record<RuleName, function>`, so a misspelt or missing rule does not
 * compile. Only types here: the target registries (./targets/) are leaves that import nothing at
 * run time, so any module may read them.
 */
import type { Kind } from './kinds';
import type { ReferenceRole } from './references';

/** The AWS service a kind lives in: `target` in plans and drift reports. */
export type KindService = 'appmesh' | 'cloudmap' | 'lattice';

/** The envelope field naming a declared kind's parent. */
export type ParentField = 'virtualRouter' | 'virtualGateway' | 'namespace';
/** The parent of a Lattice resource (in its ResourceKey's `parent`; never written in a document). */
export type LatticeParentField = 'serviceNetwork' | 'service' | 'listener';

/** The API's operation names for a kind (what the SDK adapters send and the emulator answers). */
/** An operation's name, or one per value of the spec's `type` where the API has one per type (Cloud Map namespaces). */
export type OperationName = string | Readonly<Record<string, string>>;

export interface KindOperations {
  create: OperationName;
  /** Describe (App Mesh) or Get (Cloud Map, Lattice). */
  read: string;
  /** Absent: the kind cannot be updated in place (a Lattice service association). */
  update?: OperationName;
  delete: string;
  list: string;
}

export interface KindApi {
  /** The request and output member holding the resource's name, e.g. `virtualNodeName`. */
  nameMember: string;
  /** The request member naming its parent, e.g. `virtualRouterName` (App Mesh routes). */
  parentMember?: string;
  /** The output member holding the resource (`virtualNode`); absent when the output is the resource (Lattice). */
  outputMember?: string;
  /** The list output's member (`virtualNodes`). */
  listMember: string;
  operations: KindOperations;
}

/**
 * A reference the spec (or name) of a resource makes, as a path to the referenced name. `*` walks
 * every element of a list; `$routeType` walks the kind's route members in order. Paths start at the
 * resource document (`spec`, or `name` for an association named after what it associates).
 */
export interface ReferenceRule {
  target: Kind;
  path: readonly string[];
  /** For a target that lives under a parent (a Cloud Map service): where the parent's name is. */
  parentAt?: readonly string[];
  hard: boolean;
  role: ReferenceRole;
  /** The role in words, for messages. */
  label: string;
}

/**
 * How an immutable field is compared (docs/aws-behaviour.md §10.3–§10.4 for Cloud Map; the API
 * model's Update* requests for Lattice):
 * - `value`: any difference;
 * - `record-types`: the sorted `type` of each element of the list (DNS records: TTLs may change);
 * - `presence`: only adding or removing the member;
 * - `when-both-set`: a difference when both sides set it (the member may be added or removed);
 * - `not-emptied`: a non-empty list may change but not back to none;
 * - `applied-vpc`: Git's value against the VPC recorded at the last apply (Describe never returns it).
 */
export type ImmutableCheck = 'value' | 'record-types' | 'presence' | 'when-both-set' | 'not-emptied' | 'applied-vpc';

export interface ImmutableField {
  /** Members under `spec`. */
  path: readonly string[];
  check: ImmutableCheck;
  /** How a plan names it, when not `spec.` + the path. */
  label?: string;
}

/** Normalizations beyond the shape tables, by name (functions in lib/plan/normalize.ts). */
export type NormalizationRule = 'health-check-ports' | 'cloud-map-service-type';

/** Checks between documents beyond references, by name (functions in lib/model/cross-references.ts). */
export type CrossCheck = 'parent-listeners' | 'target-ports' | 'namespace-type' | 'backends-quota';

export interface KindQuota {
  limit: number;
  per: 'account' | 'mesh' | 'parent';
  code: string;
  description: string;
}

export interface KindEntry<K extends string = string> {
  kind: K;
  service: KindService;
  /** Position in the create order (docs/design.md §2); deletes run in reverse. */
  createRank: number;
  /** Shape of `spec` in lib/api-model's document shape table. */
  specShape: string;
  /** Whether `spec` may be omitted in a document (it is optional in the API). */
  specOptional: boolean;
  /** App Mesh kinds live in a mesh (all but Mesh itself). */
  inMesh: boolean;
  /** The kind of its parent, the envelope (or key) field naming it, and the parent reference's label. */
  parent?: { kind: Kind; field: ParentField | LatticeParentField; label: string };
  /** The resource is a scope others are grouped under in summaries and reports: a mesh, a Cloud Map namespace. */
  scope?: 'mesh' | 'namespace';
  /** How messages and reports name the kind. */
  words: { one: string; many: string };
  api: KindApi;
  /** The name's shape when not the meshops name rule (Cloud Map service names are DNS labels). */
  nameShape?: string;
  /** The name's shape by the spec's `type` (Cloud Map namespaces: DNS or HTTP names). */
  nameShapeByType?: Readonly<Record<string, string>>;
  /** Documents of the kind may carry a `rollout` (progressive delivery). */
  rollout?: boolean;
  /** Its `spec.priority` is unique among the children of one parent (Lattice rules on a listener): the planner orders around it. */
  uniquePriority?: boolean;
  /** The spec members that each set one route type (`httpRoute`, ...), for routes and gateway routes. */
  routeMembers?: readonly string[];
  /** References its spec makes beyond identity (mesh and parent come from the fields above). */
  references: readonly ReferenceRule[];
  /** Fields that cannot change in place: a difference means replace. */
  immutable: readonly ImmutableField[];
  normalization: {
    /** JSON pointers the server fills when the request omits them: Git's omission keeps the live value. */
    serverFilledWhenOmitted: readonly string[];
    rules: readonly NormalizationRule[];
  };
  crossChecks: readonly CrossCheck[];
  /** Where an import writes its document, below the repository's path: `{name}`, `{mesh}`, `{parent}` filled in. Absent: never written (derived kinds). */
  repoFile?: string;
  /** Default quota on its count (docs/aws-behaviour.md §8, §10.10), for warnings and the emulator. */
  quota?: KindQuota;
}

/** The registry of one target: a set of kinds over the same engine. */
export interface Target<K extends string = string> {
  /** As `targets:` in meshops.yaml names it. */
  name: 'appmesh' | 'lattice';
  title: string;
  /** Its kinds, as declared in Git (App Mesh) or derived (Lattice). */
  kinds: readonly K[];
  registry: Readonly<Record<K, KindEntry<K>>>;
  /** Whether its resources are written in Git documents (App Mesh) or derived from them (Lattice). */
  declared: boolean;
}
