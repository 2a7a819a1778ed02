import type { ServiceEnv } from '../core/service';
import { notFound, type LatticeResourceType } from './errors';
import { idOfIdentifier, newId } from './ids';
import type { LatticeKind, LatticeRecord, LatticeState, RecordOf, Tags } from './state';

export const RESOURCE_TYPE: Record<LatticeKind, LatticeResourceType> = {
  ServiceNetwork: 'SERVICE_NETWORK',
  Service: 'SERVICE',
  Listener: 'LISTENER',
  Rule: 'RULE',
  TargetGroup: 'TARGET_GROUP',
  ServiceNetworkServiceAssociation: 'SERVICE_NETWORK_SERVICE_ASSOCIATION',
  ServiceNetworkVpcAssociation: 'SERVICE_NETWORK_VPC_ASSOCIATION',
  AccessLogSubscription: 'ACCESS_LOG_SUBSCRIPTION',
};

/** How a kind is named in messages. */
export const KIND_LABEL: Record<LatticeKind, string> = {
  ServiceNetwork: 'Service network',
  Service: 'Service',
  Listener: 'Listener',
  Rule: 'Rule',
  TargetGroup: 'Target group',
  ServiceNetworkServiceAssociation: 'Service network service association',
  ServiceNetworkVpcAssociation: 'Service network VPC association',
  AccessLogSubscription: 'Access log subscription',
};

/** One request's view of the Lattice state, at one instant. */
export class LatticeContext {
  readonly now: number;
  constructor(
    readonly env: ServiceEnv,
    readonly state: LatticeState,
  ) {
    this.now = env.clock.now();
  }

  get account(): string {
    return this.env.account;
  }

  /** A resource whose deletion has completed is gone, even before the next write removes it. */
  visible(record: LatticeRecord): boolean {
    return !(record.pending?.phase === 'DELETE' && this.now >= record.pending.until);
  }

  /** Whether an asynchronous change is still under way. */
  inProgress(record: LatticeRecord): boolean {
    return record.pending !== undefined && this.now < record.pending.until;
  }

  /** The `status` member of kinds that have one (services, target groups, associations). */
  status(record: LatticeRecord): string {
    if (record.pending && this.now < record.pending.until) return `${record.pending.phase}_IN_PROGRESS`;
    return 'ACTIVE';
  }

  /** Drops what finished deleting and targets that finished draining; runs before each write. */
  settle(): void {
    for (const [id, record] of Object.entries(this.state.resources)) {
      if (!this.visible(record)) {
        delete this.state.resources[id];
        continue;
      }
      if (record.pending && this.now >= record.pending.until) delete record.pending;
      if (record.kind === 'TargetGroup') record.targets = record.targets.filter((t) => t.drainingUntil === undefined || this.now < t.drainingUntil);
    }
  }

  find<K extends LatticeKind>(kind: K, id: string): RecordOf<K> | undefined {
    const record = this.state.resources[id];
    return record && record.kind === kind && this.visible(record) ? (record as RecordOf<K>) : undefined;
  }

  /** Visible records of a kind, in creation order, optionally filtered. */
  all<K extends LatticeKind>(kind: K, match?: (record: RecordOf<K>) => boolean): RecordOf<K>[] {
    const out: RecordOf<K>[] = [];
    for (const record of Object.values(this.state.resources)) {
      if (record.kind !== kind || !this.visible(record)) continue;
      if (match && !match(record as RecordOf<K>)) continue;
      out.push(record as RecordOf<K>);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /**
   * The record an identifier (an id or an ARN) names, or ResourceNotFoundException. An ARN must
   * be the record's own: another account's or region's ARN names nothing this caller can see.
   */
  require<K extends LatticeKind>(kind: K, identifier: string): RecordOf<K> {
    const record = this.find(kind, idOfIdentifier(identifier));
    if (!record || (identifier.startsWith('arn:') && record.arn !== identifier)) {
      throw notFound(RESOURCE_TYPE[kind], identifier, `${KIND_LABEL[kind]} ${identifier} was not found in account ${this.account}`);
    }
    return record;
  }

  byArn(arn: string): LatticeRecord | undefined {
    const record = this.state.resources[idOfIdentifier(arn)];
    return record && record.arn === arn && this.visible(record) ? record : undefined;
  }

  newId(kind: LatticeKind): string {
    return newId(this.env, kind, (id) => id in this.state.resources);
  }

  nextSeq(): number {
    return this.state.nextSeq++;
  }

  /** What every new record starts with: its identity, its place in list order, its times, its tags. */
  recordBase(id: string, arn: string, tags: Tags): { id: string; arn: string; seq: number; createdAt: number; lastUpdatedAt: number; tags: Tags } {
    return { id, arn, seq: this.nextSeq(), createdAt: this.now, lastUpdatedAt: this.now, tags };
  }

  put(record: LatticeRecord): void {
    this.state.resources[record.id] = record;
  }

  remove(record: LatticeRecord): void {
    delete this.state.resources[record.id];
  }

  /** The delay of asynchronous changes started now. */
  pending(phase: 'CREATE' | 'UPDATE' | 'DELETE'): { phase: 'CREATE' | 'UPDATE' | 'DELETE'; until: number } {
    return { phase, until: this.now + this.env.latticeDelayMs };
  }
}
