import type { EmulatorState } from '../core/state-store';

/** The Lattice resource kinds the emulator keeps (names as the plan's Lattice kinds use them). */
export type LatticeKind =
  | 'ServiceNetwork'
  | 'Service'
  | 'Listener'
  | 'Rule'
  | 'TargetGroup'
  | 'ServiceNetworkServiceAssociation'
  | 'ServiceNetworkVpcAssociation'
  | 'AccessLogSubscription';

export type Tags = Record<string, string>;

/**
 * An asynchronous change in progress (Lattice has no waiters: clients poll Get*). The resource
 * shows `<phase>_IN_PROGRESS` until `until` (epoch ms), then ACTIVE, or, after a DELETE, is gone.
 */
export interface Pending {
  phase: 'CREATE' | 'UPDATE' | 'DELETE';
  until: number;
}

/** A remembered `clientToken` of a create: the same token and input replay the first response. */
export interface CreateToken {
  operation: string;
  token: string;
  /** Canonical JSON of the input without the token. */
  fingerprint: string;
  response: unknown;
}

interface BaseRecord {
  id: string;
  arn: string;
  /** Creation order in the account: lists come in this order, and page tokens hold it. */
  seq: number;
  /** Epoch milliseconds. */
  createdAt: number;
  lastUpdatedAt: number;
  tags: Tags;
  createToken?: CreateToken;
  pending?: Pending;
}

/** An auth policy: kept on the service network or service it governs, and gone with it. */
export interface AuthPolicy {
  policy: string;
  createdAt: number;
  lastUpdatedAt: number;
}

export interface ServiceNetworkRecord extends BaseRecord {
  kind: 'ServiceNetwork';
  name: string;
  authType: string;
  sharingConfig?: { enabled?: boolean };
  authPolicy?: AuthPolicy;
}

export interface ServiceRecord extends BaseRecord {
  kind: 'Service';
  name: string;
  authType: string;
  certificateArn?: string;
  customDomainName?: string;
  dnsEntry: { domainName: string; hostedZoneId: string };
  authPolicy?: AuthPolicy;
}

export interface WeightedTargetGroup {
  targetGroupIdentifier: string;
  weight?: number;
}

export interface RuleAction {
  forward?: { targetGroups: WeightedTargetGroup[] };
  fixedResponse?: { statusCode: number };
}

export interface ListenerRecord extends BaseRecord {
  kind: 'Listener';
  serviceId: string;
  name: string;
  protocol: string;
  port: number;
  defaultAction: RuleAction;
  /** The listener's default rule (ListRules shows it with isDefault). */
  defaultRuleId: string;
}

export interface RuleRecord extends BaseRecord {
  kind: 'Rule';
  serviceId: string;
  listenerId: string;
  name: string;
  isDefault: boolean;
  /** Absent on the default rule. */
  priority?: number;
  match?: Record<string, unknown>;
  action: RuleAction;
}

export interface TargetRecord {
  id: string;
  port: number;
  registeredAt: number;
  /** Health settles after registration (INITIAL until then). */
  healthyAt: number;
  /** Set by DeregisterTargets: DRAINING until then, gone after. */
  drainingUntil?: number;
  /** A health status forced from outside (tests, `setTargetHealth`). */
  forcedStatus?: { status: string; reasonCode?: string };
}

export interface TargetGroupRecord extends BaseRecord {
  kind: 'TargetGroup';
  name: string;
  type: string;
  config?: Record<string, unknown>;
  targets: TargetRecord[];
}

export interface ServiceNetworkServiceAssociationRecord extends BaseRecord {
  kind: 'ServiceNetworkServiceAssociation';
  serviceNetworkId: string;
  serviceId: string;
  createdBy: string;
}

export interface ServiceNetworkVpcAssociationRecord extends BaseRecord {
  kind: 'ServiceNetworkVpcAssociation';
  serviceNetworkId: string;
  vpcId: string;
  securityGroupIds: string[];
  privateDnsEnabled?: boolean;
  dnsOptions?: Record<string, unknown>;
  createdBy: string;
}

export interface AccessLogSubscriptionRecord extends BaseRecord {
  kind: 'AccessLogSubscription';
  /** The service network or service whose traffic is logged. */
  resourceId: string;
  resourceArn: string;
  destinationArn: string;
  serviceNetworkLogType?: string;
}

export type LatticeRecord =
  | ServiceNetworkRecord
  | ServiceRecord
  | ListenerRecord
  | RuleRecord
  | TargetGroupRecord
  | ServiceNetworkServiceAssociationRecord
  | ServiceNetworkVpcAssociationRecord
  | AccessLogSubscriptionRecord;

export type RecordOf<K extends LatticeKind> = Extract<LatticeRecord, { kind: K }>;

/** VPC Lattice's part of the emulator state (`state.lattice`), keyed by resource id. */
export interface LatticeState {
  resources: Record<string, LatticeRecord>;
  nextSeq: number;
}

function isLatticeState(value: unknown): value is LatticeState {
  return typeof value === 'object' && value !== null && typeof (value as LatticeState).resources === 'object' && (value as LatticeState).resources !== null && typeof (value as LatticeState).nextSeq === 'number';
}

/** The Lattice state to change, created on first use. */
export function writableState(state: EmulatorState): LatticeState {
  if (!isLatticeState(state.lattice)) state.lattice = { resources: {}, nextSeq: 1 } satisfies LatticeState;
  return state.lattice as LatticeState;
}

/** The Lattice state to read; an empty one (not stored) when nothing was created yet. */
export function readableState(state: EmulatorState): LatticeState {
  return isLatticeState(state.lattice) ? state.lattice : { resources: {}, nextSeq: 1 };
}
