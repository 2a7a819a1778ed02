import type { JsonObject, JsonValue } from '../resources/json';
import type { Kind } from '../resources/kinds';
import type { ResourceKey } from '../resources/resource-key';
import type { NotCarried, SourceLocation, Tags, TargetRegistration } from '../resources/types';

export const ACTIONS = ['create', 'update', 'adopt', 'delete', 'replace', 'conflict', 'unmanaged'] as const;
export type Action = (typeof ACTIONS)[number];

/** One field that differs. `before` absent: added; `after` absent: removed. */
export interface FieldDiff {
  /** Readable path into the resource document: `spec.httpRoute.action.weightedTargets[virtualNode=search-v2].weight`, `tags.team`. */
  path: string;
  before?: JsonValue;
  after?: JsonValue;
}

/** A resource's document as the plan sees it: spec in document form, user tags. */
export interface ResourceBody {
  spec: JsonObject;
  tags: Tags;
}

/** What the plan knew about the live resource, so apply can tell when the world moved on (stale plan). */
export interface LiveRef {
  arn: string;
  id?: string;
  version?: number;
  lastUpdatedAt?: string;
  /** Hash of the live document (spec + tags) the plan was computed from. */
  digest: string;
}

/** What every change carries: the resource's identity and the fields that differ. */
interface ChangeIdentity extends ResourceKey {
  /** `resourceId(key)`. */
  id: string;
  diff: FieldDiff[];
}

/** The live side of a change, as read when the plan was made. */
export type LiveSide = ResourceBody & { ref: LiveRef };

/** Declared in Git, absent live: created. */
export interface CreateChange extends ChangeIdentity {
  action: 'create';
  source?: SourceLocation;
  /** What will be sent: the spec as written in Git. */
  desired: ResourceBody;
}

/** Declared and owned, and something differs that can change in place. */
export interface UpdateChange extends ChangeIdentity {
  action: 'update';
  source?: SourceLocation;
  /** What will be sent: the spec as written in Git with ignored paths taken from live. */
  desired: ResourceBody;
  live: LiveSide;
  /** The owner tag value on the live resource. */
  liveOwner?: string;
}

/** Declared, live without an owner tag: meshops tags it (and updates what differs). */
export interface AdoptChange extends ChangeIdentity {
  action: 'adopt';
  source?: SourceLocation;
  desired: ResourceBody;
  live: LiveSide;
  reason: string;
}

/** Declared and owned, but it cannot reach the declared state in place: deleted, then created. */
export interface ReplaceChange extends ChangeIdentity {
  action: 'replace';
  source?: SourceLocation;
  desired: ResourceBody;
  live: LiveSide;
  liveOwner?: string;
  /** The immutable fields, the namespace re-created, or the parent's listener change. */
  reason: string;
  /** A route or gateway route re-created because its router's or gateway's listeners change. */
  listenerChange?: true;
}

/** Owned, live, and no longer declared (prune on). */
export interface DeleteChange extends ChangeIdentity {
  action: 'delete';
  live: LiveSide;
  liveOwner?: string;
  reason: string;
}

/** Declared, but meshops may not take it: another owner, or an immutable difference on an untagged resource. */
export interface ConflictChange extends ChangeIdentity {
  action: 'conflict';
  source?: SourceLocation;
  desired: ResourceBody;
  live: LiveSide;
  liveOwner?: string;
  reason: string;
}

/** Live, not declared, and left alone: another owner's, created outside meshops, or prune is off. */
export interface UnmanagedChange extends ChangeIdentity {
  action: 'unmanaged';
  live: LiveSide;
  liveOwner?: string;
  reason: string;
}

/**
 * One resource's line in a plan, by action: each action carries only the fields it has (a create
 * has no live side, a delete nothing to send). Narrow on `action`.
 */
export type Change = CreateChange | UpdateChange | AdoptChange | ReplaceChange | DeleteChange | ConflictChange | UnmanagedChange;

/** Changes that send a desired document: the ones a create or an update operation carries out. */
export type WritingChange = CreateChange | UpdateChange | AdoptChange | ReplaceChange;

/** A change as a reviewer of a fork's pull request sees it: without its live side. */
export type RedactedChange = Change extends infer C ? (C extends Change ? Omit<C, 'live' | 'liveOwner'> : never) : never;

/** What renderers read: a change, or a redacted one (`'live' in change` tells them apart). */
export type ShownChange = Change | RedactedChange;

/** The plan renderers read: a plan whose changes may have lost their live side (see RedactedChange). */
export type ShownPlan = Omit<Plan, 'changes'> & { changes: ShownChange[] };

export type OperationType = 'create' | 'update' | 'delete';

/** One API-level step of the apply. Operations of a step are independent and run concurrently. */
export interface Operation {
  type: OperationType;
  /** Index of the change in `Plan.changes` that this operation carries out. */
  change: number;
  kind: Kind;
  id: string;
}

/** Why a plan fails (errors) or what a reviewer should know (warnings); docs/design.md §2. */
export type PlanProblemCode =
  | 'owner-missing'
  | 'conflict'
  | 'max-deletes'
  | 'blocked-delete'
  | 'blocked-replace'
  | 'blocked-listener-change'
  | 'replace'
  | 'quota'
  | 'empty-repository'
  | 'fork-deletes'
  | 'lattice-unsupported';

export interface PlanProblem {
  code: PlanProblemCode;
  message: string;
  /** The resource it is about, when there is one. */
  id?: string;
}

export interface TrafficTarget {
  virtualNode: string;
  /** Share of the route's requests, 0..100 (rounded to 0.1). Absent: not a target on that side. */
  before?: number;
  after?: number;
}

export interface TrafficRoute {
  /** `VirtualRouter/route` for routes, or the node itself when the service's provider is a node. */
  route: string;
  router?: string;
  /** What the route matches, e.g. `http prefix / · header x-release prefix canary`. */
  match: string;
  priority?: number;
  /** `added`, `removed` or `changed` on this route; `unchanged` routes are listed for context. */
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  targets: TrafficTarget[];
}

/** Per virtual service: which virtual nodes get its requests, before and after the plan. */
export interface TrafficView {
  mesh: string;
  virtualService: string;
  providerBefore?: string;
  providerAfter?: string;
  routes: TrafficRoute[];
  /** Gateway routes that send traffic to this virtual service (after the plan). */
  gatewayRoutes: string[];
}

export interface PlanSummary {
  create: number;
  update: number;
  adopt: number;
  delete: number;
  replace: number;
  conflict: number;
  unmanaged: number;
}

/** The Lattice side of a plan: what the mapping could not carry over, and where targets register. */
export interface LatticePlanReport {
  notCarried: NotCarried[];
  registrations: TargetRegistration[];
  /** `lattice.unsupported`: whether `notCarried` fails the plan. */
  unsupported: 'error' | 'warn';
  /** `lattice.registration`. */
  registration: 'none' | 'cloudmap';
}

export interface LatticeTrafficTarget {
  targetGroup: string;
  /** Share of the rule's requests, 0..100 (rounded to 0.1); absent: not a target on that side. */
  before?: number;
  after?: number;
}

export interface LatticeTrafficRule {
  /** The rule's name, or `default action`. */
  rule: string;
  priority?: number;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  targets: LatticeTrafficTarget[];
}

/** Per Lattice service and listener: the share each target group gets, before and after the plan. */
export interface LatticeTraffic {
  service: string;
  domain?: string;
  listeners: { listener: string; rules: LatticeTrafficRule[] }[];
}

/** App Mesh is being decommissioned: `targets` no longer lists appmesh, and owned App Mesh resources are deleted. */
export interface Decommission {
  target: 'appmesh';
  deletes: number;
}

export interface Plan {
  formatVersion: 1;
  owner: string;
  region: string;
  summary: PlanSummary;
  /** In the order apply runs them (unmanaged and conflicts last). */
  changes: Change[];
  /** Steps in order; each step's operations may run concurrently. */
  steps: Operation[][];
  traffic: TrafficView[];
  warnings: PlanProblem[];
  /** Problems that make the plan fail (conflicts, maxDeletes exceeded, blocked deletes): apply refuses. */
  errors: PlanProblem[];
  /** Deletions counted against maxDeletes (deletes, replaces, listener-change re-creations). */
  deletions: number;
  maxDeletes: number;
  /** Present when `targets` lists lattice. */
  lattice?: LatticePlanReport;
  /** Per Lattice service whose listeners or rules change. */
  latticeTraffic?: LatticeTraffic[];
  /** Present when the plan deletes owned resources of a target no longer listed in `targets`. */
  decommission?: Decommission;
  /** sha256 of the canonical JSON of everything above except itself. */
  fingerprint: string;
  /** Where each route with a `rollout` stands (added after the fingerprint: it moves with the clock). */
  rollouts?: RolloutNote[];
}

/** One line per route with a rollout, for people: what this plan (or apply) does with it. */
export interface RolloutNote {
  id: string;
  /** `start`, `continue`, `held-back`, `completed`, `at-once`, `superseded`. */
  action: string;
  message: string;
}

/** Changes that make `plan --detailed-exitcode` return 2. */
export function hasChanges(plan: Pick<ShownPlan, 'changes'>): boolean {
  return plan.changes.some((c) => c.action !== 'unmanaged');
}
