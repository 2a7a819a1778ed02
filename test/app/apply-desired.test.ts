import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDesired } from '../../lib/app/apply-desired';
import { createEngine, type Engine } from '../../lib/app/engine';
import { Emulator } from '../../lib/emulator/emulator';
import { LocalStateStore } from '../../lib/state/local-state-store';
import { canaryRepo, state } from '../support/builders';

const REPO = 'acme/mesh-config';
let dir: string;
let engine: Engine;
let store: LocalStateStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshops-apply-'));
  store = new LocalStateStore({ dir });
  engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store, emulator: new Emulator(), retry: { baseDelayMs: 1 } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = { repo: REPO, holder: 'test:1', lockTimeoutMs: 60_000 };

describe('applyDesired', () => {
  it('applies, records the last-applied state and an audit entry, then has nothing to do', async () => {
    const first = await applyDesired(state(canaryRepo()), engine, { ...options, sha: 'a'.repeat(40) });
    expect(first.result.status).toBe('applied');
    const record = await store.getLastApplied(REPO);
    expect(record).toMatchObject({ sha: 'a'.repeat(40), fingerprint: first.plan!.fingerprint, owner: 'acme/mesh-config' });
    expect(record!.resources).toHaveLength(7);
    const audit = await store.listAudit(REPO);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ status: 'applied', total: 7, fingerprint: first.plan!.fingerprint });
    expect(audit[0].done).toHaveLength(7);

    const second = await applyDesired(state(canaryRepo()), engine, options);
    expect(second.result.status).toBe('nothing-to-do');
    expect(await store.listAudit(REPO)).toHaveLength(1);
  });

  it('tells the caller before each operation starts and when it has finished (progress lines)', async () => {
    const events: string[] = [];
    const out = await applyDesired(state(canaryRepo()), engine, {
      ...options,
      beforeOperation: (op) => {
        events.push(`start ${op.id}`);
      },
      afterOperation: (op, outcome) => events.push(`${outcome} ${op.id}`),
    });
    const ids = out.result.operations.map((o) => o.id);
    expect(ids).toHaveLength(7);
    expect(events.filter((e) => e.startsWith('done ')).map((e) => e.slice(5)).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(events.indexOf(`start ${id}`)).toBeLessThan(events.indexOf(`done ${id}`));
  });

  it('refuses while another apply holds the lock, naming it', async () => {
    const held = await store.acquireLock(REPO, { holder: 'cli:other-host:42', purpose: 'apply abc', timeoutMs: 60_000 });
    const out = await applyDesired(state(canaryRepo()), engine, options);
    expect(out.result.status).toBe('refused');
    expect(out.result.error?.code).toBe('locked');
    expect(out.result.error?.message).toContain('cli:other-host:42');
    await held.release();
  });

  it('does nothing when the confirmation is declined', async () => {
    const out = await applyDesired(state(canaryRepo()), engine, { ...options, confirm: async () => false });
    expect(out.cancelled).toBe(true);
    expect(out.result.status).toBe('refused');
    expect(engine.emulator!.callStats().byOperation.CreateMesh).toBeUndefined();
  });

  it('records a failed apply with what was done, and the next one takes over a stale lock and says so', async () => {
    let count = 0;
    const failed = await applyDesired(state(canaryRepo()), engine, {
      ...options,
      beforeOperation: () => {
        if (++count === 3) throw new Error('connection lost');
      },
    });
    expect(failed.result.status).toBe('failed');
    const [entry] = await store.listAudit(REPO);
    expect(entry.status).toBe('failed');
    expect(entry.done!.length).toBeGreaterThanOrEqual(2);
    expect(await store.getLastApplied(REPO)).toBeUndefined();

    // Simulate an apply that died holding the lock: an in-progress audit entry and a timed-out lock.
    let now = Date.parse('2026-11-25T12:00:00Z');
    const clockStore = new LocalStateStore({ dir, now: () => now, host: 'gone-host', pid: 999_999 });
    await clockStore.acquireLock(REPO, { holder: 'cli:gone-host:999999', purpose: 'apply', timeoutMs: 1000 });
    await clockStore.startAudit(REPO, { repo: REPO, fingerprint: 'f'.repeat(64), startedAt: new Date(now).toISOString(), status: 'in-progress', holder: 'cli:gone-host:999999', done: ['create Mesh/watches'], total: 7 });
    now += 5_000;
    const later = new LocalStateStore({ dir, now: () => now });
    const engine2 = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: later, emulator: engine.emulator, retry: { baseDelayMs: 1 } });
    const resumed = await applyDesired(state(canaryRepo()), engine2, { ...options, lockTimeoutMs: 1000 });
    expect(resumed.result.status).toBe('applied');
    expect(resumed.result.interrupted).toMatchObject({ holder: 'cli:gone-host:999999', done: 1, total: 7 });
    const statuses = (await later.listAudit(REPO)).map((e) => e.status);
    expect(statuses).toEqual(expect.arrayContaining(['applied', 'interrupted', 'failed']));
  });
});
