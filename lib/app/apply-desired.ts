import { applyPlan, type WrittenResource } from '../apply/apply-plan';
import { emptyReadCache, type ReadCache as LiveReadCache } from '../live/read-cache';
import type { Operation, Plan } from '../plan/types';
import { hasChanges } from '../plan/types';
import type { ApplyResult, OperationResult } from '../resources/results';
import type { DesiredState } from '../resources/types';
import { LockHeldError } from '../state/errors';
import type { AuditEntry, LockHandle } from '../state/types';
import type { Engine } from './engine';
import type { RolloutPlan } from '../rollout/decide';
import { planDesired } from './plan-desired';

export interface ApplyDesiredOptions {
  repo: string;
  sha?: string;
  /** The pull request the commit came from: rollouts this apply starts report there. */
  pullRequest?: number;
  /** Who holds the lock: `cli:<host>:<pid>`, `lambda:<request id>`. */
  holder: string;
  actor?: string;
  /** A lock older than this is stale and taken over. */
  lockTimeoutMs: number;
  /** How long to wait for a lock another apply holds. */
  lockWaitMs?: number;
  maxDeletes?: number;
  /** Sees the plan before anything runs; `false` cancels and nothing is applied. */
  confirm?: (plan: Plan) => Promise<boolean>;
  onPlan?: (plan: Plan) => void;
  beforeOperation?: (operation: Operation) => void | Promise<void>;
  afterOperation?: (operation: Operation, outcome: 'done' | 'failed') => void;
  onProgress?: (message: string) => void;
}

export interface AppliedDesired {
  /** Absent when the apply could not start (lock held). */
  plan?: Plan;
  result: ApplyResult;
  cancelled?: boolean;
  /** What the routes with a `rollout` did (absent when the apply could not start). */
  rollouts?: RolloutPlan;
}

/**
 * Lock → re-plan against live (fresh tags) → apply → record (last-applied, audit) → unlock. The
 * audit entry is written before the first operation and after every step, so an apply killed
 * half-way leaves a record; the next apply that takes over its stale lock marks it interrupted.
 */
export async function applyDesired(desired: DesiredState, engine: Engine, options: ApplyDesiredOptions): Promise<AppliedDesired> {
  const { store } = engine;
  const startedAt = engine.now().toISOString();
  let lock: LockHandle;
  try {
    lock = await store.acquireLock(options.repo, {
      holder: options.holder,
      purpose: `apply${options.sha ? ` ${options.sha.slice(0, 12)}` : ''}`,
      timeoutMs: options.lockTimeoutMs,
      ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}),
    });
  } catch (err) {
    if (!(err instanceof LockHeldError)) throw err;
    return { result: { status: 'refused', fingerprint: '', startedAt, finishedAt: engine.now().toISOString(), operations: [], error: { code: 'locked', message: err.message }, ...(options.sha ? { sha: options.sha } : {}) } };
  }
  let outcome: AppliedDesired | undefined;
  try {
    const interrupted = lock.takenOver ? await recordInterruption(engine, options.repo, lock.takenOver) : undefined;
    await closeAbandonedEntries(engine, options.repo);
    const planned = await planDesired(desired, engine, { repo: options.repo, ...(options.sha ? { sha: options.sha } : {}), ...(options.pullRequest !== undefined ? { pullRequest: options.pullRequest } : {}), ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const { plan } = planned;
    options.onPlan?.(plan);
    const base = { fingerprint: plan.fingerprint, startedAt, ...(options.sha ? { sha: options.sha } : {}), ...(interrupted ? { interrupted } : {}) };

    const { rollouts } = planned;
    if (plan.errors.length === 0 && !hasChanges(plan)) {
      if (rollouts.changed) await store.putRollouts(options.repo, rollouts.book);
      await store.putLastApplied(options.repo, { ...(options.sha ? { sha: options.sha } : {}), fingerprint: plan.fingerprint, appliedAt: engine.now().toISOString(), owner: plan.owner, resources: desiredRecord(planned.desired) });
      return { plan, rollouts, result: { ...base, status: 'nothing-to-do', finishedAt: engine.now().toISOString(), operations: [] } };
    }
    if (plan.errors.length === 0 && options.confirm && !(await options.confirm(plan))) {
      return { plan, cancelled: true, result: { ...base, status: 'refused', finishedAt: engine.now().toISOString(), operations: [], error: { code: 'cancelled', message: 'apply cancelled: nothing was changed' } } };
    }

    const written: WrittenResource[] = [];
    const total = plan.steps.reduce((n, s) => n + s.length, 0);
    const audit: AuditEntry = { repo: options.repo, ...(options.sha ? { sha: options.sha } : {}), fingerprint: plan.fingerprint, startedAt, status: 'in-progress', holder: options.holder, ...(options.actor ? { actor: options.actor } : {}), done: [], total };
    const auditKey = await store.startAudit(options.repo, audit);
    // Written before any weight moves: an apply killed half-way resumes the same rollout.
    if (plan.errors.length === 0 && rollouts.changed) await store.putRollouts(options.repo, rollouts.book);
    const result = await applyPlan(plan, {
      ...engine.apis,
      live: planned.live,
      now: engine.now,
      onStep: async (results: OperationResult[]) => {
        await lock.refresh();
        await store.updateAudit(auditKey, { ...audit, done: results.filter((r) => r.status === 'done').map((r) => `${r.type} ${r.id}`) });
      },
      ...(options.beforeOperation ? { beforeOperation: (op: Operation) => options.beforeOperation!(op) } : {}),
      ...(options.afterOperation ? { afterOperation: options.afterOperation } : {}),
      onWritten: (w: WrittenResource) => written.push(w),
    }, options.sha ? { sha: options.sha } : {}).catch(async (err: unknown) => {
      await recordWrites(engine, written).catch(() => undefined); // the error in hand says more
      throw err;
    });
    let finished: ApplyResult = { ...result, ...(interrupted ? { interrupted } : {}) };
    // The records are written last; a state store that fails now (a full disk) must not hide the
    // result: it is returned (and printed) with the failure said, and the next apply finds the
    // audit entry still in progress and marks it.
    try {
      await recordWrites(engine, written);
      if (finished.status === 'applied') {
        await store.putLastApplied(options.repo, { ...(options.sha ? { sha: options.sha } : {}), fingerprint: plan.fingerprint, appliedAt: finished.finishedAt, owner: plan.owner, resources: desiredRecord(planned.desired) });
      }
      await store.updateAudit(auditKey, { ...audit, status: finished.status, result: finished, done: finished.operations.filter((r) => r.status === 'done').map((r) => `${r.type} ${r.id}`) });
    } catch (err) {
      finished = withStoreFailure(finished, `the apply's record could not be written (${(err as Error).message}); what ran is listed here. Free the space or fix the state store, then apply again`);
    }
    outcome = { plan, rollouts, result: finished };
    return outcome;
  } finally {
    try {
      await lock.release();
    } catch (err) {
      if (!outcome) throw err;
      outcome.result = withStoreFailure(outcome.result, `the lock could not be released (${(err as Error).message}); the next apply takes it over once this process has exited`);
    }
  }
}

/**
 * What an apply wrote, in the read cache: a deleted resource leaves it; a written one keeps no
 * cached spec (its version moved; a create's or update's answer is not always what a Describe
 * returns, e.g. a virtual node's `backends: []`), and its tags are marked for a fresh read, since
 * the Tagging API may not have indexed the change yet (drift must not report meshops' own tag edits).
 */
async function recordWrites(engine: Engine, written: WrittenResource[]): Promise<void> {
  if (written.length === 0) return;
  const cache = ((await engine.store.getReadCache(engine.cacheScope)) as LiveReadCache | undefined) ?? emptyReadCache();
  for (const w of written) {
    if (w.deleted) delete cache.entries[w.arn];
    else cache.entries[w.arn] = { tagsDirty: true };
  }
  await engine.store.putReadCache(engine.cacheScope, cache as never);
}

/** The result with a state-store failure added (the first failure stays the headline). */
function withStoreFailure(result: ApplyResult, message: string): ApplyResult {
  if (result.error) return { ...result, error: { ...result.error, message: `${result.error.message}; also: ${message}` } };
  return { ...result, status: result.status === 'applied' ? 'failed' : result.status, error: { code: 'state-store-failed', message } };
}

function desiredRecord(desired: DesiredState) {
  return desired.resources.map(({ source: _source, ...r }) => r);
}

/**
 * We hold the lock and have not started our entry, so no apply of this repo is running: an entry still `in-progress` is one
 * whose apply could not finish its record (the state store failed at the end, a full disk). It
 * is marked interrupted, so the audit log never claims an apply is running when none is.
 */
async function closeAbandonedEntries(engine: Engine, repo: string): Promise<void> {
  const entries = await engine.store.listAudit(repo, { limit: 10 });
  for (const { key, ...entry } of entries) {
    if (entry.status !== 'in-progress') continue;
    const note = `interrupted: its record was left in progress (the apply could not finish writing it); found at ${engine.now().toISOString()}`;
    await engine.store.updateAudit(key, { ...entry, status: 'interrupted', note });
  }
}

const TAKEOVER_WORDS: Record<NonNullable<LockHandle['takenOver']>['reason'], string> = {
  'holder-process-gone': 'its process is gone',
  'timed-out': 'its lock timed out',
  'dated-in-future': 'its lock was dated in the future',
};

/** Marks the audit entries of the apply whose stale lock we took over as interrupted, and says what they had done. */
async function recordInterruption(engine: Engine, repo: string, takenOver: NonNullable<LockHandle['takenOver']>): Promise<ApplyResult['interrupted']> {
  const entries = await engine.store.listAudit(repo, { limit: 10 });
  const open = entries.find((e) => e.status === 'in-progress' && e.holder === takenOver.holder);
  if (!open) return undefined;
  const { key, ...entry } = open;
  const note = `interrupted: ${TAKEOVER_WORDS[takenOver.reason]}; taken over at ${engine.now().toISOString()}`;
  await engine.store.updateAudit(key, { ...entry, status: 'interrupted', note });
  return { startedAt: entry.startedAt, fingerprint: entry.fingerprint, ...(entry.sha ? { sha: entry.sha } : {}), holder: entry.holder, done: entry.done?.length ?? 0, total: entry.total ?? 0 };
}
