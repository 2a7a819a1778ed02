import type { EmulatorState } from '../core/state-store';

/**
 * The emulated account's Cloud Map state, kept under `state.cloudmap`. Plain JSON (it is persisted
 * by the file store); timestamps are epoch milliseconds. Only settled resources live in
 * `namespaces`/`services`/`instances`: what an operation in flight will create or change is held
 * in that operation's `effect` until it settles.
 */
export interface CloudMapState {
  /** Monotonic counter: list order (creation order) and the position a page token points at. */
  seq: number;
  namespaces: Record<string, NamespaceRecord>;
  services: Record<string, ServiceRecord>;
  /** serviceId → instanceId → instance. */
  instances: Record<string, Record<string, InstanceRecord>>;
  operations: Record<string, OperationRecord>;
  /** Ids of the operations not yet settled, in submission order (operations pile up; this stays short). */
  pending: string[];
}

export type NamespaceType = 'HTTP' | 'DNS_PRIVATE' | 'DNS_PUBLIC';

export interface Tag {
  Key: string;
  Value: string;
}

export interface NamespaceRecord {
  id: string;
  arn: string;
  name: string;
  type: NamespaceType;
  description?: string;
  vpc?: string;
  /** DNS namespaces: the hosted zone Cloud Map made, and the SOA negative-caching TTL. */
  hostedZoneId?: string;
  soaTtl?: number;
  createdAt: number;
  creatorRequestId?: string;
  /** The create request's canonical input, to recognise a retry of the same request. */
  createInput: string;
  createOperationId: string;
  /** The last update's `UpdaterRequestId` and input, to recognise its retries. */
  lastUpdate?: { token: string; input: string; operationId: string };
  tags: Tag[];
  seq: number;
}

export interface DnsRecord {
  Type: 'SRV' | 'A' | 'AAAA' | 'CNAME';
  TTL: number;
}

export interface DnsConfigRecord {
  RoutingPolicy: 'MULTIVALUE' | 'WEIGHTED';
  DnsRecords: DnsRecord[];
}

export interface HealthCheckConfigRecord {
  Type: 'HTTP' | 'HTTPS' | 'TCP';
  ResourcePath?: string;
  FailureThreshold?: number;
}

export type ServiceType = 'HTTP' | 'DNS_HTTP' | 'DNS';

export interface ServiceRecord {
  id: string;
  arn: string;
  name: string;
  namespaceId: string;
  description?: string;
  dnsConfig?: DnsConfigRecord;
  healthCheckConfig?: HealthCheckConfigRecord;
  /** Always `{ FailureThreshold: 1 }` when present (the member is no longer honoured). */
  healthCheckCustomConfig?: { FailureThreshold: number };
  type: ServiceType;
  createdAt: number;
  creatorRequestId?: string;
  createInput: string;
  tags: Tag[];
  /** Service attributes (Get/Update/DeleteServiceAttributes). */
  attributes: Record<string, string>;
  /** Rises on every registration and deregistration (DiscoverInstancesRevision). */
  revision: number;
  seq: number;
}

export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

export interface InstanceRecord {
  id: string;
  attributes: Record<string, string>;
  creatorRequestId?: string;
  createdByAccount: string;
  /** Custom health status (services with HealthCheckCustomConfig). */
  customHealth?: 'HEALTHY' | 'UNHEALTHY';
  /**
   * A custom status accepted by UpdateInstanceCustomHealthStatus that Cloud Map has not applied
   * yet: AWS documents about 30 seconds before the change shows (`env.cloudMapHealthDelayMs`).
   */
  pendingHealth?: { status: 'HEALTHY' | 'UNHEALTHY'; effectiveAt: number };
  registerInput: string;
  registerOperationId: string;
  seq: number;
}

export type OperationType = 'CREATE_NAMESPACE' | 'DELETE_NAMESPACE' | 'UPDATE_NAMESPACE' | 'UPDATE_SERVICE' | 'REGISTER_INSTANCE' | 'DEREGISTER_INSTANCE';
export type OperationStatus = 'SUBMITTED' | 'PENDING' | 'SUCCESS' | 'FAIL';
export type TargetType = 'NAMESPACE' | 'SERVICE' | 'INSTANCE';

/** What an operation does when it settles to SUCCESS. */
export type OperationEffect =
  | { kind: 'create-namespace'; namespace: NamespaceRecord }
  | { kind: 'update-namespace'; namespaceId: string; description?: string; soaTtl?: number }
  | { kind: 'delete-namespace'; namespaceId: string }
  | {
      kind: 'update-service';
      serviceId: string;
      description?: string;
      dnsRecords?: DnsRecord[];
      healthCheckConfig?: HealthCheckConfigRecord;
    }
  | { kind: 'register-instance'; serviceId: string; namespaceId: string; instance: InstanceRecord }
  | { kind: 'deregister-instance'; serviceId: string; instanceId: string };

export interface OperationRecord {
  id: string;
  type: OperationType;
  status: OperationStatus;
  createdAt: number;
  updatedAt: number;
  /** When it becomes PENDING and when it settles (epoch ms). */
  pendingAt: number;
  dueAt: number;
  targets: Partial<Record<TargetType, string>>;
  /**
   * Targets shown only once the operation succeeded: a new namespace's id is known from
   * `Targets.NAMESPACE` after SUCCESS (docs/aws-behaviour.md §10.6); a client must not use it earlier.
   */
  targetsOnSuccess?: Partial<Record<TargetType, string>>;
  /** Decided when the operation is submitted, from the emulator's failure switch. */
  failure?: { errorCode: string; message: string };
  errorCode?: string;
  errorMessage?: string;
  /** The idempotency token it was submitted with (CreatorRequestId / UpdaterRequestId). */
  token?: string;
  /** Canonical input, to answer a retry of the same request with the same OperationId. */
  input: string;
  effect: OperationEffect;
  seq: number;
}

export function emptyCloudMapState(): CloudMapState {
  return { seq: 0, namespaces: {}, services: {}, instances: {}, operations: {}, pending: [] };
}

/** The Cloud Map state inside a write transaction, created on first use. */
export function writableState(root: EmulatorState): CloudMapState {
  if (!root.cloudmap) root.cloudmap = emptyCloudMapState();
  const state = root.cloudmap as CloudMapState;
  // State files written before `pending` existed: rebuild the index from the operations.
  state.pending ??= Object.values(state.operations).filter((o) => o.status === 'SUBMITTED' || o.status === 'PENDING').sort((a, b) => a.seq - b.seq).map((o) => o.id);
  return state;
}

/** The Cloud Map state for a read: never attaches anything to the store's state. */
export function readableState(root: EmulatorState): CloudMapState {
  return (root.cloudmap as CloudMapState | undefined) ?? emptyCloudMapState();
}

export function nextSeq(state: CloudMapState): number {
  state.seq += 1;
  return state.seq;
}

export function instancesOf(state: CloudMapState, serviceId: string): InstanceRecord[] {
  return Object.values(state.instances[serviceId] ?? {}).sort((a, b) => a.seq - b.seq);
}

export function servicesIn(state: CloudMapState, namespaceId: string): ServiceRecord[] {
  return Object.values(state.services).filter((s) => s.namespaceId === namespaceId);
}

/** Operations not yet settled. */
export function inFlight(state: CloudMapState): OperationRecord[] {
  return (state.pending ?? []).map((id) => state.operations[id]);
}
