import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMeshRepo, writeRepo, GENERATED_OWNER } from './support/generate-mesh';
import { meshops } from './support/cli-harness';
import { compareWithDesired, inventoryOfFile, uidsOf } from './support/inventory';
import { auditEntries, buildCli, lockFile, runMeshops, startEmulatorProcess, startMeshops, type EmulatorProcess, type Exited } from './support/processes';

/**
 * Crash suite: a real `meshops apply` process against a real `meshops emulator --state FILE`
 * process (15 ms per call, so an apply takes long enough to be cut anywhere), killed with SIGKILL
 * once the emulator has answered k write calls. The next apply finds the lock of a process that is
 * gone, takes it over at once, marks the killed run `interrupted` in the audit log, and converges:
 * the account then holds exactly what Git declares, nothing twice, and every resource created
 * before the kill keeps its identity (uid). A second variant leaves the lock of a holder on another
 * host (a Lambda, another machine): refused, naming the holder, until its timeout; then taken over.
 */
const REPO = GENERATED_OWNER;
const SIZE = { meshes: 1, servicesPerMesh: 3 };
const V1 = generateMeshRepo({ ...SIZE, version: 1 });
const V2 = generateMeshRepo({ ...SIZE, version: 2 });

interface Figures {
  scenario: string;
  killedAfterWrites: number[];
  writesAtKill: number[];
  runs: string[];
  resources: number;
  lost: number;
  duplicated: number;
  replaced: number;
  extra: number;
}

describe('an apply killed with SIGKILL at any point: the next run takes over the lock and converges', () => {
  let work: string;
  let emulator: EmulatorProcess;
  const figures: Figures[] = [];
  let caseNo = 0;

  beforeAll(async () => {
    await buildCli();
    work = mkdtempSync(join(tmpdir(), 'meshops-crash-'));
    emulator = await startEmulatorProcess(join(work, 'emulator', 'state.json'), ['--latency-ms', '15', '--seed', '9']);
  });

  afterAll(async () => {
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
    const out = join(__dirname, '..', '..', '.tmp', 'reliability');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'crash.json'), JSON.stringify({ scenarios: figures.length, kills: figures.reduce((n, f) => n + f.killedAfterWrites.length, 0), figures }, null, 2));
  });

  /** A fresh account and state folder; the repo at `version`, applied first when `from` is given. */
  async function freshCase(files: Record<string, string>, from?: Record<string, string>) {
    const dir = join(work, `case-${++caseNo}`);
    const repoDir = join(dir, 'repo');
    const stateDir = join(dir, 'state');
    // The emulator re-reads its state file when it changes: removing it empties the account.
    rmSync(emulator.stateFile, { force: true });
    if (from) {
      writeRepo(repoDir, from);
      // Set-up, not under test: applied in this process.
      const first = await meshops(['apply', repoDir, '--auto-approve', '--endpoint', emulator.url, '--state-dir', stateDir], work);
      expect(first.code).toBe(0);
      rmSync(join(repoDir, 'mesh'), { recursive: true, force: true });
    }
    writeRepo(repoDir, files);
    return { repoDir, stateDir };
  }

  const apply = (repoDir: string, stateDir: string, extra: string[] = []) => runMeshops(['apply', repoDir, '--auto-approve', '--json', '--endpoint', emulator.url, '--state-dir', stateDir, ...extra]);

  /** Starts an apply and SIGKILLs it once the emulator has answered `afterWrites` more writes. */
  async function applyKilled(repoDir: string, stateDir: string, afterWrites: number): Promise<{ exit: Exited; writesAtKill: number }> {
    const base = emulator.writes();
    const run = startMeshops(['apply', repoDir, '--auto-approve', '--json', '--endpoint', emulator.url, '--state-dir', stateDir]);
    const done = run.exited.then(() => 'exited' as const);
    const reached = emulator.waitForWrites(base + afterWrites).then(() => 'reached' as const);
    const first = await Promise.race([done, reached]);
    if (first === 'reached') run.child.kill('SIGKILL');
    const exit = await run.exited;
    return { exit, writesAtKill: emulator.writes() - base };
  }

  function checkAccount(desired: typeof V1.desired, uidsBefore: Map<string, string>) {
    const inventory = inventoryOfFile(emulator.stateFile);
    const comparison = compareWithDesired(inventory, desired, uidsBefore);
    expect(comparison).toEqual({ missing: [], extra: [], duplicates: [], replaced: [], untagged: [] });
    expect(inventory.pendingOperations).toBe(0);
    return comparison;
  }

  async function planIsEmpty(repoDir: string, stateDir: string): Promise<void> {
    const plan = await meshops(['plan', repoDir, '--detailed-exitcode', '--endpoint', emulator.url, '--state-dir', stateDir], work);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
  }

  // Kill points: after the first write, in the middle of every step of the plan, and near the end.
  // V1 makes 25 writes (24 creates; see figures), V2 about 30 (creates, updates, tags, deletes).
  it.each([1, 4, 9, 15, 21])('version 1 from an empty account, killed after %i writes', async (k) => {
    const { repoDir, stateDir } = await freshCase(V1.files);
    const killed = await applyKilled(repoDir, stateDir, k);
    expect(killed.exit.signal).toBe('SIGKILL');
    const afterKill = uidsOf(inventoryOfFile(emulator.stateFile));
    expect(JSON.parse(readFileSync(lockFile(stateDir, REPO), 'utf8'))).toMatchObject({ pid: killed.exit.pid, host: hostname() });
    expect(auditEntries(stateDir, REPO).map((e) => e.status)).toEqual(['in-progress']);

    const next = await apply(repoDir, stateDir);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    const { result } = JSON.parse(next.stdout) as { result: { status: string; interrupted?: { holder: string; done: number; total: number } } };
    expect(result.status).toBe('applied');
    expect(result.interrupted).toMatchObject({ holder: `cli:${hostname()}:${killed.exit.pid}`, total: V1.desired.resources.length });

    const audit = auditEntries(stateDir, REPO);
    expect(audit.map((e) => e.status)).toEqual(['interrupted', 'applied']);
    expect(audit[0]!.note).toMatch(/^interrupted: its process is gone; taken over at /);
    expect(audit[0]!.holder).toBe(`cli:${hostname()}:${killed.exit.pid}`);
    // What the killed run recorded as done really exists: its record is never ahead of the account.
    expect(audit[0]!.done!.length).toBeLessThanOrEqual(afterKill.size);

    const c = checkAccount(V1.desired, afterKill);
    await planIsEmpty(repoDir, stateDir);
    figures.push({ scenario: `v1 from empty, kill after ${k} writes`, killedAfterWrites: [k], writesAtKill: [killed.writesAtKill], runs: ['killed', result.status], resources: V1.desired.resources.length, lost: c.missing.length, duplicated: c.duplicates.length, replaced: c.replaced.length, extra: c.extra.length });
  });

  it.each([2, 9, 20])('version 1 → 2 (creates, updates, re-tags, deletes), killed after %i writes', async (k) => {
    const { repoDir, stateDir } = await freshCase(V2.files, V1.files);
    const before = uidsOf(inventoryOfFile(emulator.stateFile));
    const killed = await applyKilled(repoDir, stateDir, k);
    expect(killed.exit.signal).toBe('SIGKILL');

    const next = await apply(repoDir, stateDir);
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout).result).toMatchObject({ status: 'applied', interrupted: { holder: `cli:${hostname()}:${killed.exit.pid}` } });
    expect(auditEntries(stateDir, REPO).map((e) => e.status)).toEqual(['applied', 'interrupted', 'applied']);

    // Resources of both versions keep their uid: the interrupted run and the re-run update in place.
    const c = checkAccount(V2.desired, before);
    await planIsEmpty(repoDir, stateDir);
    figures.push({ scenario: `v1→v2, kill after ${k} writes`, killedAfterWrites: [k], writesAtKill: [killed.writesAtKill], runs: ['applied v1', 'killed', 'applied'], resources: V2.desired.resources.length, lost: c.missing.length, duplicated: c.duplicates.length, replaced: c.replaced.length, extra: c.extra.length });
  });

  it('killed three times in a row, each run taking over from the one before; the fourth converges', async () => {
    const { repoDir, stateDir } = await freshCase(V1.files);
    const kills = [3, 4, 6];
    const pids: number[] = [];
    const writes: number[] = [];
    for (const k of kills) {
      const killed = await applyKilled(repoDir, stateDir, k);
      expect(killed.exit.signal).toBe('SIGKILL');
      pids.push(killed.exit.pid);
      writes.push(killed.writesAtKill);
    }
    const last = await apply(repoDir, stateDir);
    expect(last.code).toBe(0);
    expect(JSON.parse(last.stdout).result).toMatchObject({ status: 'applied', interrupted: { holder: `cli:${hostname()}:${pids[2]}` } });
    const audit = auditEntries(stateDir, REPO);
    expect(audit.map((e) => [e.status, e.holder])).toEqual([...pids.map((pid) => ['interrupted', `cli:${hostname()}:${pid}`]), ['applied', expect.stringMatching(/^cli:/)]]);
    const c = checkAccount(V1.desired, new Map());
    await planIsEmpty(repoDir, stateDir);
    figures.push({ scenario: 'v1, killed 3 times in a row', killedAfterWrites: kills, writesAtKill: writes, runs: ['killed', 'killed', 'killed', 'applied'], resources: V1.desired.resources.length, lost: c.missing.length, duplicated: c.duplicates.length, replaced: c.replaced.length, extra: c.extra.length });
  });

  it('a lock whose holder cannot be checked (another host) is refused, naming the holder, until its timeout; then taken over', async () => {
    const { repoDir, stateDir } = await freshCase(V1.files);
    const killed = await applyKilled(repoDir, stateDir, 6);
    expect(killed.exit.signal).toBe('SIGKILL');
    // As if the killed apply had run on another machine (a build agent, a Lambda sandbox): its pid
    // says nothing here, so only the lock's age can tell that it is stale.
    const path = lockFile(stateDir, REPO);
    const lock = JSON.parse(readFileSync(path, 'utf8')) as { holder: string; host: string; renewedAt?: string; startedAt: string };
    writeFileSync(path, JSON.stringify({ ...lock, host: 'build-agent-7' }));
    const renewed = Date.parse(lock.renewedAt ?? lock.startedAt);
    const holder = `cli:${hostname()}:${killed.exit.pid}`;
    expect(lock.holder).toBe(holder);

    const refused = await apply(repoDir, stateDir, ['--lock-timeout', '4s']);
    expect(refused.code).toBe(1);
    const result = JSON.parse(refused.stdout).result as { status: string; error: { code: string; message: string } };
    expect(result).toMatchObject({ status: 'refused', error: { code: 'locked' } });
    expect(result.error.message).toContain(holder);

    // The lock goes stale 4 s after it was last renewed.
    await new Promise((r) => setTimeout(r, Math.max(0, renewed + 4_200 - Date.now())));
    const next = await apply(repoDir, stateDir, ['--lock-timeout', '4s']);
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout).result).toMatchObject({ status: 'applied', interrupted: { holder } });
    const audit = auditEntries(stateDir, REPO);
    expect(audit.map((e) => e.status)).toEqual(['interrupted', 'applied']);
    expect(audit[0]!.note).toMatch(/^interrupted: its lock timed out; taken over at /);
    const c = checkAccount(V1.desired, new Map());
    await planIsEmpty(repoDir, stateDir);
    figures.push({ scenario: 'v1, holder on another host: refused, then taken over after --lock-timeout', killedAfterWrites: [6], writesAtKill: [killed.writesAtKill], runs: ['killed', 'refused (locked)', 'applied'], resources: V1.desired.resources.length, lost: c.missing.length, duplicated: c.duplicates.length, replaced: c.replaced.length, extra: c.extra.length });
  });
});
