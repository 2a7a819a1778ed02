// The behaviour every StateStore implementation must have: the local folder and the S3 store run
// these same cases (local-state-store.test.ts, s3-state-store.test.ts).
import type { DriftReport, LastApplied } from '../../lib/resources';
import { CorruptStateError, LockHeldError, LockLostError, StateKeyError, type AuditEntry, type StateStore, type StoreRuntime } from '../../lib/state';

export interface ContractSubject {
  /** A store over the shared location; each call may have its own runtime (another "process"). */
  store(runtime?: StoreRuntime): StateStore;
  /** Writes raw bytes at a relative key (a corrupt file, a hand-made lock). */
  writeRaw(key: string, body: string): Promise<void>;
  readRaw(key: string): Promise<string | undefined>;
  /** Every relative key stored (temporary files excluded by the implementation, if it has any). */
  listRaw(): Promise<string[]>;
}

/** A clock the test moves; `sleep` advances it, so waiting costs no wall time. */
export function fakeClock(start = Date.now()) {
  const clock = {
    t: start,
    sleeps: [] as number[],
    runtime(extra: Partial<StoreRuntime> = {}): StoreRuntime {
      return {
        now: () => clock.t,
        sleep: async (ms: number) => {
          clock.sleeps.push(ms);
          clock.t += ms;
        },
        random: () => 0.5,
        ...extra,
      };
    },
  };
  return clock;
}

const REPO = 'acme/mesh-config';

export function lastApplied(fingerprint = 'fp-1'): LastApplied {
  return {
    sha: 'a'.repeat(40),
    fingerprint,
    appliedAt: '2026-11-25T10:00:00.000Z',
    owner: REPO,
    resources: [{ kind: 'Mesh', name: 'watches', spec: { egressFilter: { type: 'DROP_ALL' } }, tags: { team: 'search' } }],
  };
}

export function audit(startedAt: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { repo: REPO, sha: 'b'.repeat(40), fingerprint: 'fp', startedAt, status: 'in-progress', holder: 'cli:host:1', done: [], total: 3, ...extra };
}

export function driftReport(checkedAt: string, changed = 0): DriftReport {
  return {
    checkedAt,
    fingerprint: `fp-${checkedAt}`,
    items: Array.from({ length: changed }, (_, i) => ({ class: 'changed' as const, target: 'appmesh' as const, kind: 'VirtualNode' as const, name: `node-${i}`, mesh: 'watches', id: `VirtualNode/watches/node-${i}`, diff: [], reason: 'edited outside Git' })),
    summary: { changed, missing: 0, unmanaged: 0, pending: 0 },
  };
}

const lockRequest = (holder: string, extra: Partial<{ timeoutMs: number; waitMs: number; purpose: string }> = {}) => ({ holder, purpose: `apply for ${holder}`, timeoutMs: 60_000, ...extra });

export function stateStoreContract(name: string, makeSubject: (clock: ReturnType<typeof fakeClock>) => Promise<ContractSubject>): void {
  describe(`${name}: the StateStore contract`, () => {
    let clock: ReturnType<typeof fakeClock>;
    let subject: ContractSubject;
    let store: StateStore;
    beforeEach(async () => {
      clock = fakeClock();
      subject = await makeSubject(clock);
      store = subject.store(clock.runtime());
    });

    describe('last-applied record', () => {
      it('is undefined until written, then reads back what was written, and is replaced by the next write', async () => {
        expect(await store.getLastApplied(REPO)).toBeUndefined();
        await store.putLastApplied(REPO, lastApplied('fp-1'));
        expect(await store.getLastApplied(REPO)).toEqual(lastApplied('fp-1'));
        await store.putLastApplied(REPO, lastApplied('fp-2'));
        expect((await store.getLastApplied(REPO))?.fingerprint).toBe('fp-2');
        expect(await subject.listRaw()).toEqual(['state/acme/mesh-config/last-applied.json']);
      });

      it('keeps repos apart', async () => {
        await store.putLastApplied(REPO, lastApplied('fp-1'));
        expect(await store.getLastApplied('acme/other')).toBeUndefined();
        expect(await store.getLastApplied('ACME/mesh-config')).toBeUndefined();
      });

      it('reports a file that is not JSON as CorruptStateError naming the file', async () => {
        await subject.writeRaw('state/acme/mesh-config/last-applied.json', '{"fingerprint": "fp", truncated');
        const err = await store.getLastApplied(REPO).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(CorruptStateError);
        expect((err as Error).message).toMatch(/state file .*state\/acme\/mesh-config\/last-applied\.json is corrupt: not valid JSON/);
        expect((err as CorruptStateError).location).toContain('last-applied.json');
      });

      it('reports valid JSON of the wrong shape as CorruptStateError', async () => {
        await subject.writeRaw('state/acme/mesh-config/last-applied.json', '[1, 2]');
        await expect(store.getLastApplied(REPO)).rejects.toThrow(/is corrupt: not a JSON object/);
        await subject.writeRaw('state/acme/mesh-config/last-applied.json', JSON.stringify({ ...lastApplied(), resources: 'none' }));
        await expect(store.getLastApplied(REPO)).rejects.toThrow(/"resources" is not a list/);
      });
    });

    describe('keys', () => {
      it('percent-encodes odd characters and never lets a repo climb out of its folder', async () => {
        await store.putLastApplied('../..', lastApplied());
        await store.putLastApplied('a b/ü~x', lastApplied());
        await store.putLastApplied('./x', lastApplied());
        expect(await subject.listRaw()).toEqual([
          'state/%2E%2E/%2E%2E/last-applied.json',
          'state/%2E/x/last-applied.json',
          'state/a%20b/%C3%BC%7Ex/last-applied.json',
        ]);
        expect(await store.getLastApplied('../..')).toEqual(lastApplied());
      });

      it('rejects a repo that is not owner/name', async () => {
        for (const repo of ['mesh', 'a/b/c', '/b', 'a/', '']) {
          await expect(store.getLastApplied(repo)).rejects.toBeInstanceOf(StateKeyError);
        }
      });
    });

    describe('plan records', () => {
      it('are kept per pull request', async () => {
        expect(await store.getPlanRecord(REPO, 7)).toBeUndefined();
        await store.putPlanRecord(REPO, 7, { fingerprint: 'f7', sha: 's7', postedAt: '2026-11-25T10:00:00.000Z' });
        await store.putPlanRecord(REPO, 8, { fingerprint: 'f8', sha: 's8', postedAt: '2026-11-25T10:01:00.000Z' });
        expect(await store.getPlanRecord(REPO, 7)).toEqual({ fingerprint: 'f7', sha: 's7', postedAt: '2026-11-25T10:00:00.000Z' });
        expect((await store.getPlanRecord(REPO, 8))?.fingerprint).toBe('f8');
        expect(await subject.listRaw()).toEqual(['plans/acme/mesh-config/pr-7.json', 'plans/acme/mesh-config/pr-8.json']);
      });

      it('need a positive integer pull request number', async () => {
        for (const n of [0, -1, 1.5, Number.NaN]) await expect(store.getPlanRecord(REPO, n)).rejects.toBeInstanceOf(StateKeyError);
      });
    });

    describe('drift reports', () => {
      it('keep the latest and a history, newest first', async () => {
        expect(await store.getDriftLatest(REPO)).toBeUndefined();
        expect(await store.listDriftHistory(REPO)).toEqual([]);
        await store.putDriftReport(REPO, driftReport('2026-11-25T10:00:00.000Z', 1));
        await store.putDriftReport(REPO, driftReport('2026-11-25T10:15:00.000Z', 2));
        await store.putDriftReport(REPO, driftReport('2026-11-25T10:30:00.000Z', 0));
        expect(await store.getDriftLatest(REPO)).toEqual(driftReport('2026-11-25T10:30:00.000Z', 0));
        const history = await store.listDriftHistory(REPO);
        expect(history.map((r) => r.checkedAt)).toEqual(['2026-11-25T10:30:00.000Z', '2026-11-25T10:15:00.000Z', '2026-11-25T10:00:00.000Z']);
        expect(history[1]).toEqual(driftReport('2026-11-25T10:15:00.000Z', 2));
        expect((await store.listDriftHistory(REPO, { limit: 2 })).map((r) => r.checkedAt)).toEqual(['2026-11-25T10:30:00.000Z', '2026-11-25T10:15:00.000Z']);
        expect(await subject.listRaw()).toEqual([
          'drift/acme/mesh-config/history/20261125T100000.000Z.json',
          'drift/acme/mesh-config/history/20261125T101500.000Z.json',
          'drift/acme/mesh-config/history/20261125T103000.000Z.json',
          'drift/acme/mesh-config/latest.json',
        ]);
      });

      it('never overwrite history: two reports checked in the same millisecond are both kept', async () => {
        await store.putDriftReport(REPO, driftReport('2026-11-25T10:00:00.000Z', 1));
        await store.putDriftReport(REPO, { ...driftReport('2026-11-25T10:00:00.000Z', 2), fingerprint: 'second' });
        const history = await store.listDriftHistory(REPO);
        expect(history.map((r) => r.fingerprint)).toEqual(['second', 'fp-2026-11-25T10:00:00.000Z']);
        expect((await store.getDriftLatest(REPO))?.fingerprint).toBe('second');
      });

      it('need a valid checkedAt', async () => {
        await expect(store.putDriftReport(REPO, driftReport('yesterday'))).rejects.toBeInstanceOf(StateKeyError);
      });
    });

    describe('audit log', () => {
      it('starts an entry under audit/<repo>/<time>-<sha>.json and rewrites it as the apply proceeds', async () => {
        const key = await store.startAudit(REPO, audit('2026-11-25T10:00:00.000Z'));
        expect(key).toBe(`audit/acme/mesh-config/20261125T100000.000Z-${'b'.repeat(40)}.json`);
        await store.updateAudit(key, audit('2026-11-25T10:00:00.000Z', { done: ['op-1'] }));
        await store.updateAudit(key, audit('2026-11-25T10:00:00.000Z', { done: ['op-1', 'op-2'], status: 'failed', note: 'quota' }));
        const [entry, ...rest] = await store.listAudit(REPO);
        expect(rest).toEqual([]);
        expect(entry).toEqual({ ...audit('2026-11-25T10:00:00.000Z', { done: ['op-1', 'op-2'], status: 'failed', note: 'quota' }), key });
        expect(JSON.parse((await subject.readRaw(key))!)).not.toHaveProperty('key');
      });

      it('names an entry without a sha "nosha"', async () => {
        const key = await store.startAudit(REPO, audit('2026-11-25T10:00:00.000Z', { sha: undefined }));
        expect(key).toBe('audit/acme/mesh-config/20261125T100000.000Z-nosha.json');
      });

      it('lists newest first by start time, whatever the write order, and honours the limit', async () => {
        const times = ['2026-11-25T10:05:00.000Z', '2026-11-25T09:00:00.000Z', '2026-11-26T00:00:00.000Z', '2026-11-25T10:00:00.500Z'];
        for (const t of times) await store.startAudit(REPO, audit(t, { fingerprint: t }));
        const listed = await store.listAudit(REPO);
        expect(listed.map((e) => e.startedAt)).toEqual(['2026-11-26T00:00:00.000Z', '2026-11-25T10:05:00.000Z', '2026-11-25T10:00:00.500Z', '2026-11-25T09:00:00.000Z']);
        expect((await store.listAudit(REPO, { limit: 2 })).map((e) => e.startedAt)).toEqual(['2026-11-26T00:00:00.000Z', '2026-11-25T10:05:00.000Z']);
        expect(await store.listAudit(REPO, { limit: 0 })).toEqual([]);
        expect(await store.listAudit('acme/other')).toEqual([]);
      });

      it('keeps two entries started in the same millisecond, the later listed first', async () => {
        const first = await store.startAudit(REPO, audit('2026-11-25T10:00:00.000Z', { holder: 'first' }));
        const second = await store.startAudit(REPO, audit('2026-11-25T10:00:00.000Z', { holder: 'second' }));
        const third = await store.startAudit(REPO, audit('2026-11-25T10:00:00.000Z', { holder: 'third' }));
        expect(new Set([first, second, third]).size).toBe(3);
        expect((await store.listAudit(REPO)).map((e) => e.holder)).toEqual(['third', 'second', 'first']);
      });

      it('updates the entry a listing returned (the crash-recovery path: mark an interrupted apply)', async () => {
        await store.startAudit(REPO, audit('2026-11-25T10:00:00.000Z', { holder: 'dead' }));
        const [stuck] = await store.listAudit(REPO);
        await store.updateAudit(stuck!.key, { ...stuck!, status: 'interrupted', note: 'taken over' });
        const [after] = await store.listAudit(REPO);
        expect(after).toMatchObject({ status: 'interrupted', note: 'taken over', holder: 'dead', key: stuck!.key });
        expect(JSON.parse((await subject.readRaw(stuck!.key))!)).not.toHaveProperty('key');
      });

      it('refuses keys that are not audit keys of the entry repo, and entries of another repo', async () => {
        const entry = audit('2026-11-25T10:00:00.000Z');
        for (const key of ['state/acme/mesh-config/last-applied.json', 'audit/acme/mesh-config/../../../state/acme/mesh-config/last-applied.json', 'audit/acme/other/20261125T100000.000Z-nosha.json', 'audit/acme/mesh-config/notes.json', 'audit/../x/20261125T100000.000Z-nosha.json']) {
          await expect(store.updateAudit(key, entry)).rejects.toBeInstanceOf(StateKeyError);
        }
        await expect(store.startAudit('acme/other', entry)).rejects.toBeInstanceOf(StateKeyError);
        await expect(store.startAudit(REPO, audit('not a time'))).rejects.toBeInstanceOf(StateKeyError);
        expect(await subject.listRaw()).toEqual([]);
      });

      it('reports a corrupt entry as CorruptStateError naming it', async () => {
        await store.startAudit(REPO, audit('2026-11-25T10:00:00.000Z'));
        await subject.writeRaw('audit/acme/mesh-config/20261125T110000.000Z-nosha.json', JSON.stringify({ ...audit('2026-11-25T11:00:00.000Z'), status: 'exploded' }));
        await expect(store.listAudit(REPO)).rejects.toThrow(/20261125T110000\.000Z-nosha\.json is corrupt: unknown status "exploded"/);
      });

      it('ignores objects in the audit folder that are not entries', async () => {
        await store.startAudit(REPO, audit('2026-11-25T10:00:00.000Z'));
        await subject.writeRaw('audit/acme/mesh-config/README.txt', 'notes');
        expect(await store.listAudit(REPO)).toHaveLength(1);
      });
    });

    describe('read cache', () => {
      const scope = 'http://127.0.0.1:4566|us-east-1|123456789012';
      const cache = { version: 1 as const, entries: { 'arn:aws:appmesh:us-east-1:123456789012:mesh/watches': { version: 3, lastUpdatedAt: '2026-11-25T10:00:00.000Z', spec: { a: 1 }, tags: { team: 'x' } } } };

      it('round-trips per scope, under a hashed key', async () => {
        expect(await store.getReadCache(scope)).toBeUndefined();
        await store.putReadCache(scope, cache);
        expect(await store.getReadCache(scope)).toEqual(cache);
        expect(await store.getReadCache(`${scope}x`)).toBeUndefined();
        const stored = await subject.listRaw();
        expect(stored).toHaveLength(1);
        expect(stored[0]).toMatch(/^cache\/[0-9a-f]{64}\.json$/);
      });

      it('treats an unreadable cache as absent (a cache is disposable) and the next put replaces it', async () => {
        await store.putReadCache(scope, cache);
        const [key] = await subject.listRaw();
        await subject.writeRaw(key!, '{"version": 1, "entr');
        expect(await store.getReadCache(scope)).toBeUndefined();
        await subject.writeRaw(key!, JSON.stringify({ version: 2, scope, entries: {} }));
        expect(await store.getReadCache(scope)).toBeUndefined();
        await store.putReadCache(scope, cache);
        expect(await store.getReadCache(scope)).toEqual(cache);
      });
    });

    describe('lock', () => {
      it('is exclusive: a second holder gets LockHeldError naming the holder, since when and for what', async () => {
        const a = await store.acquireLock(REPO, lockRequest('cli:host:1'));
        expect(a.holder).toBe('cli:host:1');
        expect(a.takenOver).toBeUndefined();
        const err = await subject.store(clock.runtime()).acquireLock(REPO, lockRequest('lambda:req-2')).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(LockHeldError);
        expect(err).toMatchObject({ holder: 'cli:host:1', purpose: 'apply for cli:host:1', startedAt: a.startedAt, repo: REPO });
        expect((err as Error).message).toContain(`held by cli:host:1 since ${a.startedAt} (apply for cli:host:1)`);
        await a.release();
        const b = await subject.store(clock.runtime()).acquireLock(REPO, lockRequest('lambda:req-2'));
        expect(b.takenOver).toBeUndefined();
        await b.release();
        expect(await subject.listRaw()).toEqual([]);
      });

      it('keeps locks of different repos apart', async () => {
        const a = await store.acquireLock(REPO, lockRequest('one'));
        const b = await store.acquireLock('acme/other', lockRequest('two'));
        await Promise.all([a.release(), b.release()]);
      });

      it('is taken over once it is older than the timeout, and says whose it was', async () => {
        const a = await store.acquireLock(REPO, lockRequest('old', { timeoutMs: 60_000 }));
        clock.t += 59_000;
        await expect(subject.store(clock.runtime()).acquireLock(REPO, lockRequest('new', { timeoutMs: 60_000 }))).rejects.toBeInstanceOf(LockHeldError);
        clock.t += 2_000;
        const b = await subject.store(clock.runtime()).acquireLock(REPO, lockRequest('new', { timeoutMs: 60_000 }));
        expect(b.takenOver).toEqual({ holder: 'old', startedAt: a.startedAt, purpose: 'apply for old', reason: 'timed-out' });
        // The old holder's release leaves the new lock alone, and its refresh reports the loss.
        await a.release();
        await expect(subject.store(clock.runtime()).acquireLock(REPO, lockRequest('third'))).rejects.toMatchObject({ holder: 'new' });
        await expect(a.refresh()).rejects.toBeInstanceOf(LockLostError);
        await b.refresh();
        await b.release();
        expect(await subject.listRaw()).toEqual([]);
      });

      it('does not believe dates in the future (a clock far ahead): the lock ages from when it was written', async () => {
        const YEAR = 365 * 24 * 3600_000;
        const skewed = subject.store(clock.runtime({ now: () => clock.t + YEAR }));
        const a = await skewed.acquireLock(REPO, lockRequest('skewed', { timeoutMs: 60_000 }));
        expect(Date.parse(a.startedAt)).toBeGreaterThan(Date.now() + YEAR / 2);
        const err = await subject.store(clock.runtime()).acquireLock(REPO, lockRequest('other', { timeoutMs: 60_000 })).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(LockHeldError);
        expect(Date.parse((err as LockHeldError).staleAt)).toBeLessThan(Date.now() + 120_000);
        clock.t = Math.max(clock.t, Date.now()) + 61_000;
        const b = await subject.store(clock.runtime()).acquireLock(REPO, lockRequest('other', { timeoutMs: 60_000 }));
        expect(b.takenOver).toMatchObject({ holder: 'skewed', reason: 'timed-out' });
        await b.release();
      });

      it('counts staleness from the last refresh', async () => {
        const a = await store.acquireLock(REPO, lockRequest('long-apply', { timeoutMs: 10_000 }));
        clock.t += 8_000;
        await a.refresh();
        clock.t += 8_000;
        const err = await subject.store(clock.runtime()).acquireLock(REPO, lockRequest('other', { timeoutMs: 10_000 })).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(LockHeldError);
        expect((err as LockHeldError).staleAt).toBe(new Date(clock.t - 8_000 + 10_000).toISOString());
        clock.t += 3_000;
        const b = await subject.store(clock.runtime()).acquireLock(REPO, lockRequest('other', { timeoutMs: 10_000 }));
        expect(b.takenOver?.holder).toBe('long-apply');
        await b.release();
      });

      it('waits for a held lock, with growing pauses, and gets it once released', async () => {
        const a = await store.acquireLock(REPO, lockRequest('first'));
        const waiter = subject.store(clock.runtime({
          sleep: async (ms) => {
            clock.sleeps.push(ms);
            clock.t += ms;
            if (clock.sleeps.length === 4) await a.release();
          },
        }));
        const b = await waiter.acquireLock(REPO, lockRequest('second', { waitMs: 60_000 }));
        expect(b.takenOver).toBeUndefined();
        expect(clock.sleeps).toHaveLength(4);
        expect(clock.sleeps[3]!).toBeGreaterThan(clock.sleeps[0]!);
        await b.release();
      });

      it('gives up waiting with LockHeldError when the wait ends first', async () => {
        await store.acquireLock(REPO, lockRequest('first', { timeoutMs: 600_000 }));
        const start = clock.t;
        await expect(subject.store(clock.runtime()).acquireLock(REPO, lockRequest('second', { timeoutMs: 600_000, waitMs: 5_000 }))).rejects.toBeInstanceOf(LockHeldError);
        expect(clock.t - start).toBeGreaterThanOrEqual(5_000);
        expect(clock.t - start).toBeLessThan(600_000);
      });

      it('takes over a lock that goes stale during the wait', async () => {
        await store.acquireLock(REPO, lockRequest('stuck', { timeoutMs: 10_000 }));
        const b = await subject.store(clock.runtime()).acquireLock(REPO, lockRequest('patient', { timeoutMs: 10_000, waitMs: 60_000 }));
        expect(b.takenOver).toMatchObject({ holder: 'stuck', reason: 'timed-out' });
      });

      it('release is idempotent; refresh after release fails', async () => {
        const a = await store.acquireLock(REPO, lockRequest('x'));
        await a.release();
        await a.release();
        await expect(a.refresh()).rejects.toBeInstanceOf(LockLostError);
      });

      it('lets exactly one of many simultaneous contenders win', async () => {
        const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => subject.store(clock.runtime()).acquireLock(REPO, lockRequest(`c${i}`))));
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LockHeldError);
      });

      it('lets exactly one of many simultaneous takeovers of a stale lock win', async () => {
        const stale = await store.acquireLock(REPO, lockRequest('stale', { timeoutMs: 1_000 }));
        clock.t += 5_000;
        const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => subject.store(clock.runtime()).acquireLock(REPO, lockRequest(`t${i}`, { timeoutMs: 1_000 }))));
        const won = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<StateStore['acquireLock']>>> => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        expect(won[0]!.value.takenOver).toMatchObject({ holder: 'stale', startedAt: stale.startedAt });
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'LockHeldError', holder: won[0]!.value.holder });
      });

      it('treats an unreadable lock as held until the timeout passes since it was written', async () => {
        await subject.writeRaw('state/acme/mesh-config/lock', 'garbage');
        const err = await store.acquireLock(REPO, lockRequest('me', { timeoutMs: 60_000 })).catch((e: unknown) => e);
        expect(err).toMatchObject({ name: 'LockHeldError', holder: 'unknown (unreadable lock)' });
        clock.t += 120_000;
        const b = await store.acquireLock(REPO, lockRequest('me', { timeoutMs: 60_000 }));
        expect(b.takenOver).toMatchObject({ holder: 'unknown (unreadable lock)', reason: 'timed-out' });
        await b.release();
      });

      it('checks its request', async () => {
        await expect(store.acquireLock(REPO, { holder: '', purpose: 'x', timeoutMs: 1 })).rejects.toBeInstanceOf(StateKeyError);
        await expect(store.acquireLock(REPO, { holder: 'h', purpose: 'x', timeoutMs: 0 })).rejects.toBeInstanceOf(StateKeyError);
        await expect(store.acquireLock(REPO, { holder: 'h', purpose: 'x', timeoutMs: 1, waitMs: -1 })).rejects.toBeInstanceOf(StateKeyError);
      });
    });
  });
}
