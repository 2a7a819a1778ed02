import type { ApplyResult, DriftReport, LastApplied } from '../resources';
import type { RolloutBook } from '../rollout/types';

/**
 * Where meshops keeps what it has done: the last-applied record, the audit log, drift reports,
 * plan records (what was posted on a pull request), the read cache and the per-repo lock.
 * `repo` is always `owner/name`.
 */
export interface StateStore {
  /** Human-readable location of the store (`/work/x/.meshops`, `s3://bucket/prefix/`), for messages. */
  readonly location: string;
  getLastApplied(repo: string): Promise<LastApplied | undefined>;
  putLastApplied(repo: string, record: LastApplied): Promise<void>;
  /** Starts an audit entry (status in-progress) and returns its key; `updateAudit` rewrites it as the apply proceeds. */
  startAudit(repo: string, entry: AuditEntry): Promise<string>;
  updateAudit(key: string, entry: AuditEntry): Promise<void>;
  /** Newest first (by `startedAt`). Each entry carries the key `updateAudit` takes. */
  listAudit(repo: string, options?: { limit?: number }): Promise<ListedAuditEntry[]>;
  getDriftLatest(repo: string): Promise<DriftReport | undefined>;
  /** Writes `history/<checkedAt>.json`, then `latest.json`. */
  putDriftReport(repo: string, report: DriftReport): Promise<void>;
  /** Newest first (by `checkedAt`). */
  listDriftHistory(repo: string, options?: { limit?: number }): Promise<DriftReport[]>;
  /** The repository's progressive rollouts (one record per route); write only under the lock. */
  getRollouts(repo: string): Promise<RolloutBook | undefined>;
  putRollouts(repo: string, book: RolloutBook): Promise<void>;
  getPlanRecord(repo: string, pullRequest: number): Promise<PlanRecord | undefined>;
  putPlanRecord(repo: string, pullRequest: number, record: PlanRecord): Promise<void>;
  /** `scope` is opaque (the caller builds it from endpoint, region and account); it is hashed into the key. */
  getReadCache(scope: string): Promise<ReadCache | undefined>;
  putReadCache(scope: string, cache: ReadCache): Promise<void>;
  /** Takes the repo's lock; throws `LockHeldError` when another holder has it (after `waitMs`). */
  acquireLock(repo: string, request: LockRequest): Promise<LockHandle>;
}

export type AuditStatus = 'in-progress' | ApplyResult['status'] | 'interrupted';

export interface AuditEntry {
  repo: string;
  sha?: string;
  fingerprint: string;
  startedAt: string;
  status: AuditStatus;
  actor?: string;
  result?: ApplyResult;
  /** Operation ids done so far (updated after every step, so a killed apply leaves a record). */
  done?: string[];
  total?: number;
  holder: string;
  note?: string;
}

/** An audit entry as listed: `key` is what `updateAudit` takes (it is not written back into the entry). */
export type ListedAuditEntry = AuditEntry & { key: string };

/** What was posted on a pull request: the apply after the merge compares its plan with this. */
export interface PlanRecord {
  fingerprint: string;
  sha: string;
  postedAt: string;
}

export interface ReadCacheEntry {
  version?: number;
  lastUpdatedAt?: string;
  spec: unknown;
  tags?: Record<string, string>;
  /** An apply wrote this resource since it was read: its tags are re-read, not taken from the Tagging API. */
  tagsDirty?: boolean;
}

export interface ReadCache {
  version: 1;
  /** Keyed by ARN. */
  entries: Record<string, ReadCacheEntry>;
}

export interface LockRequest {
  /** Who asks, e.g. `cli:<host>:<pid>` or `lambda:<request id>`. */
  holder: string;
  /** What for, e.g. `apply 3f2c1a0 (fingerprint 9b1e…)`: shown to whoever finds the lock held. */
  purpose: string;
  /** A lock not renewed for longer than this is stale and may be taken over. */
  timeoutMs: number;
  /** How long to wait for a held lock before giving up (default 0: fail at once). */
  waitMs?: number;
}

export interface TakenOverLock {
  holder: string;
  startedAt: string;
  purpose: string;
  /** Why it was considered stale. */
  reason: 'holder-process-gone' | 'timed-out' | 'dated-in-future';
}

export interface LockHandle {
  holder: string;
  startedAt: string;
  /** Whose stale lock this one replaced (the caller writes it to the audit log). */
  takenOver?: TakenOverLock;
  /**
   * Renews the lock (its age restarts from now) so that a long apply is not taken over as stale.
   * Throws `LockLostError` when the lock is no longer ours (released, or taken over).
   */
  refresh(): Promise<void>;
  /** Deletes the lock if it is still ours; never someone else's. Idempotent. */
  release(): Promise<void>;
}
