import { randomUUID } from 'node:crypto';
import { CorruptStateError, LockHeldError, LockLostError, StateKeyError } from './errors';
import { keys } from './keys';
import type { ObjectBackend, StoredObject } from './object-backend';
import { parseRecord, serialize, type LockRecord } from './records';
import type { LockHandle, LockRequest, TakenOverLock } from './types';

/** What the lock algorithm needs around it; the store supplies it (tests swap the clock). */
export interface LockContext {
  backend: ObjectBackend;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  host: string;
  pid: number;
  /**
   * Set when a dead holder can be recognised at once: same host, pid gone. Only the local folder
   * uses it; an S3 lock may come from a Lambda sandbox whose host name and pid say nothing here.
   */
  processAlive?: (pid: number) => boolean;
  /** Runs a backend call, turning its failure into a StateAccessError naming the action. */
  io<T>(action: string, key: string, fn: () => Promise<T>): Promise<T>;
}

type Verdict =
  | { stale: true; previous: TakenOverLock }
  | { stale: false; holder: string; startedAt: string; purpose: string; staleAt: string };

const iso = (ms: number) => new Date(ms).toISOString();

/** How far ahead of ours another writer's clock may be before its dates are not believed. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

function checkRequest(request: LockRequest): void {
  if (typeof request.holder !== 'string' || request.holder === '') throw new StateKeyError('a lock request needs a holder');
  if (!(request.timeoutMs > 0) || !Number.isFinite(request.timeoutMs)) throw new StateKeyError(`a lock timeout is a positive number of ms, got ${request.timeoutMs}`);
  if (request.waitMs !== undefined && !(request.waitMs >= 0)) throw new StateKeyError(`a lock wait is a number of ms >= 0, got ${request.waitMs}`);
}

function judge(ctx: LockContext, current: StoredObject, timeoutMs: number, location: string): Verdict {
  let record: LockRecord | undefined;
  try {
    record = parseRecord('lock', current.body, location);
  } catch (err) {
    if (!(err instanceof CorruptStateError)) throw err;
  }
  if (!record) {
    // Not written by us (a hand edit, a truncated copy): it ages from its modification time.
    const startedAt = iso(current.modifiedAt);
    const info = { holder: 'unknown (unreadable lock)', startedAt, purpose: 'unknown' };
    if (ctx.now() - current.modifiedAt > timeoutMs) return { stale: true, previous: { ...info, reason: 'timed-out' } };
    return { stale: false, ...info, staleAt: iso(current.modifiedAt + timeoutMs) };
  }
  const info = { holder: record.holder, startedAt: record.startedAt, purpose: record.purpose };
  if (ctx.processAlive && record.host === ctx.host && !ctx.processAlive(record.pid)) {
    return { stale: true, previous: { ...info, reason: 'holder-process-gone' } };
  }
  // A date in the future (a clock far ahead, a hand edit) would hold the lock for ever: such dates
  // are not believed, and the lock ages from when the store last wrote it instead.
  const now = ctx.now();
  const believable = (t: number) => !Number.isNaN(t) && t <= now + MAX_CLOCK_SKEW_MS;
  const times = [Date.parse(record.startedAt), record.renewedAt ? Date.parse(record.renewedAt) : NaN].filter(believable);
  const last = times.length ? Math.max(...times) : believable(current.modifiedAt) ? current.modifiedAt : undefined;
  if (last === undefined) return { stale: true, previous: { ...info, reason: 'dated-in-future' } };
  if (now - last > timeoutMs) return { stale: true, previous: { ...info, reason: 'timed-out' } };
  return { stale: false, ...info, staleAt: iso(last + timeoutMs) };
}

/**
 * Takes the repo's lock by compare-and-swap on one object:
 * 1. create it if absent (S3 `If-None-Match: *`; locally an exclusive create);
 * 2. else read it with its ETag; if stale (holder process gone, or not renewed within
 *    `timeoutMs`), replace it only if its ETag is unchanged (`If-Match`), so of two racing
 *    takeovers exactly one wins; the loser sees the winner's fresh lock;
 * 3. else wait with jittered backoff until `waitMs` runs out, then LockHeldError.
 */
export async function acquireLock(ctx: LockContext, repo: string, request: LockRequest): Promise<LockHandle> {
  checkRequest(request);
  const key = keys.lock(repo);
  const deadline = ctx.now() + (request.waitMs ?? 0);
  let waits = 0;
  let spins = 0;
  for (;;) {
    const record: LockRecord = { holder: request.holder, purpose: request.purpose, startedAt: iso(ctx.now()), host: ctx.host, pid: ctx.pid, token: randomUUID() };
    const body = serialize(record);
    const created = await ctx.io(`taking the lock on ${repo} at`, key, () => ctx.backend.putIfAbsent(key, body));
    if (created) return new Handle(ctx, repo, key, record, created);

    const current = await ctx.io(`reading the lock on ${repo} at`, key, () => ctx.backend.get(key));
    // Our own write, when a retried request (an SDK retry after a lost response) found it done.
    if (current?.body === body) return new Handle(ctx, repo, key, record, current.etag);
    if (current) {
      const verdict = judge(ctx, current, request.timeoutMs, ctx.backend.where(key));
      if (verdict.stale) {
        const replaced = await ctx.io(`taking over the stale lock on ${repo} at`, key, () => ctx.backend.putIfMatch(key, body, current.etag));
        if (replaced) return new Handle(ctx, repo, key, record, replaced, verdict.previous);
        const now = await ctx.io(`reading the lock on ${repo} at`, key, () => ctx.backend.get(key));
        if (now?.body === body) return new Handle(ctx, repo, key, record, now.etag, verdict.previous);
        // Someone else changed it first (took it over, or released it): look again.
      } else {
        const left = deadline - ctx.now();
        if (left <= 0) throw new LockHeldError(repo, verdict.holder, verdict.startedAt, verdict.purpose, verdict.staleAt);
        const backoff = Math.min(2000, 100 * 1.6 ** waits++) * (0.5 + ctx.random() / 2);
        await ctx.sleep(Math.max(1, Math.min(left, backoff)));
        continue;
      }
    }
    // Released, or taken over, between our two calls: retry at once, but never spin hot.
    if (++spins > 5) await ctx.sleep(5 + ctx.random() * 20);
  }
}

class Handle implements LockHandle {
  readonly holder: string;
  readonly startedAt: string;
  private state: 'held' | 'released' | 'lost' = 'held';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: LockContext,
    private readonly repo: string,
    private readonly key: string,
    private record: LockRecord,
    private etag: string,
    readonly takenOver?: TakenOverLock,
  ) {
    this.holder = record.holder;
    this.startedAt = record.startedAt;
  }

  /** refresh and release never overlap (a timer may refresh while the apply releases). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  refresh(): Promise<void> {
    return this.serial(async () => {
      if (this.state !== 'held') throw new LockLostError(`refreshing the lock on ${this.repo}: ${this.holder} ${this.state === 'released' ? 'released it already' : 'no longer holds it'}`);
      const renewed: LockRecord = { ...this.record, renewedAt: iso(this.ctx.now()) };
      const etag = await this.ctx.io(`refreshing the lock on ${this.repo} at`, this.key, () => this.ctx.backend.putIfMatch(this.key, serialize(renewed), this.etag));
      if (!etag) {
        this.state = 'lost';
        throw new LockLostError(`refreshing the lock on ${this.repo}: ${this.holder} no longer holds it (it was taken over as stale, or removed)`);
      }
      this.record = renewed;
      this.etag = etag;
    });
  }

  release(): Promise<void> {
    return this.serial(async () => {
      if (this.state !== 'held') return;
      // A lock taken over by someone else has another ETag: the conditional delete leaves it alone.
      await this.ctx.io(`releasing the lock on ${this.repo} at`, this.key, () => this.ctx.backend.deleteIfMatch(this.key, this.etag));
      this.state = 'released';
    });
  }
}
