import type { JsonObject } from './json';
import type { Kind } from './kinds';
import type { ResourceKey } from './resource-key';

export type Tags = Record<string, string>;

/** The tag that marks a resource as ours; its value is the settings' `owner`. */
export const OWNER_TAG = 'meshops:owner';

/** Where a document starts in the repo (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** A resource as declared in Git, after validation. `spec` is in document form (see docs/design.md §1). */
export interface DesiredResource extends ResourceKey {
  spec: JsonObject;
  /** User tags exactly as written (the ownership tag is added by the planner). */
  tags: Tags;
  source: SourceLocation;
  /** Route only: a meshops field, never sent to AWS (see docs/progressive-delivery.md). */
  rollout?: RolloutSpec;
}

/** A Route's `rollout` block, as validated. */
export interface RolloutSpec {
  /** Percentages of the way from the live weights to the declared ones, strictly increasing, each 1–99. */
  steps: number[];
  /** As written (`5m`, `90s`, `1h30m`). */
  interval: string;
  intervalMs: number;
  /** CloudWatch alarm names; any in ALARM rolls the route back. */
  alarms: string[];
}

export interface IgnoreRule {
  kind: Kind | '*';
  /** Glob on the resource name (`*` and `?`). */
  name: string;
  /** Glob on the mesh name, when set. */
  mesh?: string;
  /** JSON pointer into the resource document: `/spec/...` or `/tags/...`; list indices as written in Git. */
  path: string;
}

/** Where the App Mesh documents of a repository are planned; Cloud Map is reconciled whatever this says. */
export type MeshTarget = 'appmesh' | 'lattice';

export interface LatticeVpcSetting {
  vpc: string;
  securityGroups: string[];
}

/** `lattice:` in meshops.yaml, defaults filled (docs/lattice.md). */
export interface LatticeSettings {
  /** Absent: each mesh's own name. */
  serviceNetwork?: string;
  authType: 'NONE' | 'AWS_IAM';
  vpcs: LatticeVpcSetting[];
  /** `cloudmap`: meshops registers each node's Cloud Map instances in its target groups. */
  registration: 'none' | 'cloudmap';
  /** What an App Mesh field or kind with no Lattice counterpart does to a plan. */
  unsupported: 'error' | 'warn';
}

export interface Settings {
  version: 1;
  region: string;
  /** Value of the `meshops:owner` tag. Resolved by the source (settings, else the repo's full name). */
  owner: string;
  path: string;
  prune: boolean;
  maxDeletes: number;
  drift: { report: 'issue' | 'none'; remediate: boolean };
  ignore: IgnoreRule[];
  /** At least one, each once; the order is not significant. */
  targets: MeshTarget[];
  lattice: LatticeSettings;
  /** Declaring nothing while owned resources are live is a plan error unless this is true (absent: false). */
  allowEmpty?: boolean;
}

/** An App Mesh field or kind the Lattice mapping cannot carry over, where it is written and why. */
export interface NotCarried {
  /** The document's identity as plans print it: `Route watches/search-router/canary`. */
  source: string;
  file: string;
  line: number;
  column: number;
  /** The field, as a document path (`spec.httpRoute.retryPolicy`); absent: the whole document. */
  path?: string;
  /** What is lost, in a few words: `retry policy`, `virtual gateway`. */
  feature: string;
  reason: string;
}

/** Which Lattice target groups a virtual node's tasks must join (or meshops registers, with `registration: cloudmap`). */
export interface TargetRegistration {
  /** `VirtualNode watches/search-v1`. */
  node: string;
  targetGroups: string[];
  /** The node's Cloud Map service discovery, when it has one (the source of targets with `registration: cloudmap`). */
  cloudMap?: { namespace: string; service: string; attributes: Record<string, string> };
}

/** What the mapping onto Lattice reports beside the resources it derives. */
export interface LatticeMappingReport {
  notCarried: NotCarried[];
  registrations: TargetRegistration[];
  /** The App Mesh documents the Lattice resources were mapped from, when appmesh is not a target (rollouts decide from their routes). */
  declared?: DesiredResource[];
}

export interface DesiredState {
  settings: Settings;
  /** Declared resources (the App Mesh ones only when `targets` lists appmesh) and the Lattice resources derived from them. */
  resources: DesiredResource[];
  /** Present when `targets` lists lattice. */
  lattice?: LatticeMappingReport;
}

/** A resource as read from AWS (or the emulator), converted to document form. */
export interface LiveResource extends ResourceKey {
  spec: JsonObject;
  /** All tags, including `meshops:owner`; `aws:` tags included as read. */
  tags: Tags;
  arn: string;
  /** Cloud Map id (`ns-…`, `srv-…`). */
  id?: string;
  /** App Mesh `metadata.version`. */
  version?: number;
  /** App Mesh `metadata.lastUpdatedAt`, ISO 8601. */
  lastUpdatedAt?: string;
  /** Account that owns the resource (App Mesh `resourceOwner`, Cloud Map `ResourceOwner`). */
  resourceOwner?: string;
  /** Cloud Map service: registered instances (they block a delete). */
  instanceCount?: number;
}

export interface LiveState {
  resources: LiveResource[];
  /** Meshes and Cloud Map namespaces that were read (whatever they hold is complete in `resources`). */
  scope: { meshes: string[]; namespaces: string[]; serviceNetworks?: string[] };
  /** Things that could not be read but do not stop a plan (e.g. an endpoint without a list operation). */
  warnings: string[];
}

/** A resource as it was when last applied successfully (the state store's last-applied record). */
export interface AppliedResource extends ResourceKey {
  spec: JsonObject;
  tags: Tags;
}

export interface LastApplied {
  /** The commit applied, when it came from Git. */
  sha?: string;
  fingerprint: string;
  appliedAt: string;
  owner: string;
  resources: AppliedResource[];
}
