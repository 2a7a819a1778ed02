import type { DriftReport, LastApplied } from '../resources';
import type { RolloutBook } from '../rollout/types';
import { CorruptStateError, StateAccessError, StateError, StateKeyError } from './errors';
import { basicTime, checkAuditKey, compareTimedNamesNewestFirst, isTimedName, keys, safeSegment, timedName } from './keys';
import { acquireLock, type LockContext } from './lock';
import type { ObjectBackend } from './object-backend';
import { processAlive, thisProcess } from './process-info';
import { parseRecord, serialize, type RecordType, type RecordTypes } from './records';
import type { AuditEntry, ListedAuditEntry, LockHandle, LockRequest, PlanRecord, ReadCache, StateStore } from './types';

/** Injectable for tests; the defaults are the real clock, timers and process. */
export interface StoreRuntime {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  host?: string;
  pid?: number;
}

/** Records written in the same millisecond get `~1`, `~2`, …; beyond this something is wrong. */
const MAX_SAME_TIME = 100;
/** Reads of a listing run this many at a time. */
const READ_CONCURRENCY = 8;

/**
 * The state store on top of any ObjectBackend: the key layout, JSON records, the audit log, drift
 * history and the lock are the same whether the objects live in S3 or in a local folder.
 */
export class ObjectStateStore implements StateStore {
  readonly location: string;
  private readonly lockContext: LockContext;

  constructor(
    private readonly backend: ObjectBackend,
    runtime: StoreRuntime & { detectDeadHolders: boolean },
  ) {
    this.location = backend.location;
    const me = thisProcess();
    this.lockContext = {
      backend,
      now: runtime.now ?? Date.now,
      sleep: runtime.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: runtime.random ?? Math.random,
      host: runtime.host ?? me.host,
      pid: runtime.pid ?? me.pid,
      processAlive: runtime.detectDeadHolders ? processAlive : undefined,
      io: (action, key, fn) => this.io(action, key, fn),
    };
  }

  async getLastApplied(repo: string): Promise<LastApplied | undefined> {
    return this.read('lastApplied', `reading the last-applied record of ${repo} at`, keys.lastApplied(repo));
  }

  async putLastApplied(repo: string, record: LastApplied): Promise<void> {
    const key = keys.lastApplied(repo);
    await this.io(`writing the last-applied record of ${repo} to`, key, () => this.backend.put(key, serialize(record)));
  }

  async getRollouts(repo: string): Promise<RolloutBook | undefined> {
    return this.read('rollouts', `reading the rollouts of ${repo} at`, keys.rollouts(repo));
  }

  async putRollouts(repo: string, book: RolloutBook): Promise<void> {
    const key = keys.rollouts(repo);
    await this.io(`writing the rollouts of ${repo} to`, key, () => this.backend.put(key, serialize(book)));
  }

  async startAudit(repo: string, entry: AuditEntry): Promise<string> {
    if (entry.repo !== repo) throw new StateKeyError(`starting an audit entry for ${repo}: the entry is for ${entry.repo}`);
    const time = basicTime(entry.startedAt, `the audit entry's startedAt`);
    const tag = entry.sha ? safeSegment(entry.sha, 'the audit entry sha') : 'nosha';
    return this.createTimed(keys.auditFolder(repo), time, tag, serialize(withoutKey(entry)), `writing an audit entry of ${repo} to`);
  }

  async updateAudit(key: string, entry: AuditEntry): Promise<void> {
    checkAuditKey(key, entry.repo);
    await this.io(`updating the audit entry of ${entry.repo} at`, key, () => this.backend.put(key, serialize(withoutKey(entry))));
  }

  async listAudit(repo: string, options: { limit?: number } = {}): Promise<ListedAuditEntry[]> {
    const folder = keys.auditFolder(repo);
    const found = await this.listTimed('audit', folder, `the audit log of ${repo}`, options.limit);
    return found.map(({ key, value }) => ({ ...value, key }));
  }

  async getDriftLatest(repo: string): Promise<DriftReport | undefined> {
    return this.read('drift', `reading the latest drift report of ${repo} at`, keys.driftLatest(repo));
  }

  async putDriftReport(repo: string, report: DriftReport): Promise<void> {
    const time = basicTime(report.checkedAt, `the drift report's checkedAt`);
    const body = serialize(report);
    // History first: a crash in between leaves history complete and `latest` one report behind.
    await this.createTimed(keys.driftHistoryFolder(repo), time, undefined, body, `writing a drift report of ${repo} to`);
    const latest = keys.driftLatest(repo);
    await this.io(`writing the latest drift report of ${repo} to`, latest, () => this.backend.put(latest, body));
  }

  async listDriftHistory(repo: string, options: { limit?: number } = {}): Promise<DriftReport[]> {
    const found = await this.listTimed('drift', keys.driftHistoryFolder(repo), `the drift history of ${repo}`, options.limit);
    return found.map((f) => f.value);
  }

  async getPlanRecord(repo: string, pullRequest: number): Promise<PlanRecord | undefined> {
    return this.read('plan', `reading the plan record of ${repo}#${pullRequest} at`, keys.planRecord(repo, pullRequest));
  }

  async putPlanRecord(repo: string, pullRequest: number, record: PlanRecord): Promise<void> {
    const key = keys.planRecord(repo, pullRequest);
    await this.io(`writing the plan record of ${repo}#${pullRequest} to`, key, () => this.backend.put(key, serialize(record)));
  }

  async getReadCache(scope: string): Promise<ReadCache | undefined> {
    const key = keys.readCache(scope);
    const found = await this.io('reading the read cache at', key, () => this.backend.get(key));
    if (!found) return undefined;
    try {
      const stored = parseRecord('cache', found.body, this.backend.where(key));
      // A cache is disposable: an unreadable one (or another scope's, on a hash collision) costs
      // a full read, and the next put replaces it. It can never make a read skip a change.
      if (stored.scope !== scope) return undefined;
      return { version: 1, entries: stored.entries as ReadCache['entries'] };
    } catch (err) {
      if (err instanceof CorruptStateError) return undefined;
      throw err;
    }
  }

  async putReadCache(scope: string, cache: ReadCache): Promise<void> {
    if (cache.version !== 1) throw new StateKeyError(`unknown read cache version ${String(cache.version)}`);
    const key = keys.readCache(scope);
    await this.io('writing the read cache to', key, () => this.backend.put(key, serialize({ version: 1, scope, entries: cache.entries }, true)));
  }

  acquireLock(repo: string, request: LockRequest): Promise<LockHandle> {
    return acquireLock(this.lockContext, repo, request);
  }

  private async read<T extends RecordType>(type: T, action: string, key: string): Promise<RecordTypes[T] | undefined> {
    const found = await this.io(action, key, () => this.backend.get(key));
    return found ? parseRecord(type, found.body, this.backend.where(key)) : undefined;
  }

  /** Creates `<folder><time>[-tag][~n].json` without ever overwriting an existing record. */
  private async createTimed(folder: string, time: string, tag: string | undefined, body: string, action: string): Promise<string> {
    for (let n = 0; n < MAX_SAME_TIME; n++) {
      const key = folder + timedName(time, tag, n);
      if (await this.io(action, key, () => this.backend.putIfAbsent(key, body))) return key;
      // Already there with our content: a retried request whose first attempt went through.
      if ((await this.io(action, key, () => this.backend.get(key)))?.body === body) return key;
    }
    throw new StateError(`${action} ${this.backend.where(folder)}: ${MAX_SAME_TIME} records already exist for ${time}`);
  }

  private async listTimed<T extends 'audit' | 'drift'>(type: T, folder: string, what: string, limit: number | undefined): Promise<{ key: string; value: RecordTypes[T] }[]> {
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) throw new StateKeyError(`a list limit is an integer >= 0, got ${limit}`);
    const names = await this.io(`listing ${what} at`, folder, () => this.backend.list(folder));
    const newest = names.filter(isTimedName).sort(compareTimedNamesNewestFirst).slice(0, limit);
    const read = await mapLimit(newest, READ_CONCURRENCY, async (name) => {
      const key = folder + name;
      // Gone since the listing (someone cleaned up): skip it rather than fail the whole list.
      const value = await this.read(type, `reading ${what} at`, key);
      return value && { key, value };
    });
    return read.filter((r): r is { key: string; value: RecordTypes[T] } => r !== undefined);
  }

  private async io<T>(action: string, key: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StateError) throw err;
      throw new StateAccessError(`${action} ${this.backend.where(key)}: ${describeError(err)}`, { cause: err });
    }
  }
}

/** `AccessDenied: Access Denied`, `EACCES: permission denied, open '…'` (fs messages lead with their code). */
function describeError(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string } | undefined;
  const name = e?.code ?? e?.name ?? 'Error';
  const message = e?.message ?? '';
  if (!message || message === name) return name;
  return message.startsWith(`${name}:`) ? message : `${name}: ${message}`;
}

function withoutKey(entry: AuditEntry): AuditEntry {
  const { key: _key, ...rest } = entry as ListedAuditEntry;
  return rest;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
