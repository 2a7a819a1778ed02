// The local lock between real processes: exactly one of several racing processes wins, a lock
// whose process is gone (killed with SIGKILL) is taken over at once, a live holder's is not.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { LocalStateStore, LockHeldError } from '../../lib/state';

const REPO = 'acme/mesh-config';
let work: string;
let script: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'meshops-lock-'));
  script = join(work, 'lock-contender.cjs');
  buildSync({ entryPoints: [join(__dirname, 'fixtures', 'lock-contender.ts')], outfile: script, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
});
const children: ChildProcess[] = [];
afterEach(() => {
  // A failed test must not leave contenders behind (they hold jest open).
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Contender {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  next(): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function contender(args: Record<string, unknown>): Contender {
  const child = spawn(process.execPath, [script, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  let read = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>);
      buffer = buffer.slice(nl + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    waiters.splice(0).forEach((w) => w());
    resolve(code);
  }));
  const next = async (): Promise<Record<string, unknown>> => {
    while (read >= lines.length) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`contender exited (${child.exitCode ?? child.signalCode}) without a line`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    return lines[read++]!;
  };
  return { child, lines, next, exited };
}

/** Starts `n` contenders, waits until all are loaded, then lets them go at once. */
async function race(dir: string, n: number, extra: Record<string, unknown>) {
  mkdirSync(dir, { recursive: true });
  const goFile = join(dir, 'go');
  const all = Array.from({ length: n }, (_, i) => contender({ dir, repo: REPO, holder: `proc-${i}`, timeoutMs: 600_000, holdMs: 1_500, goFile, ...extra }));
  for (const c of all) expect(await c.next()).toMatchObject({ ready: true });
  writeFileSync(goFile, '');
  const outcomes = await Promise.all(all.map((c) => c.next()));
  await Promise.all(all.map((c) => c.exited));
  return outcomes;
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('the local lock between processes', () => {
  it('lets exactly one of six racing processes take a free lock', async () => {
    const dir = join(work, 'free');
    const outcomes = await race(dir, 6, {});
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    for (const o of outcomes.filter((x) => !x.ok)) expect(o).toMatchObject({ name: 'LockHeldError', holder: winners[0]!.holder });
  });

  it('lets exactly one of six racing processes take over a lock whose process is gone', async () => {
    const dir = join(work, 'stale');
    const pid = deadPid();
    mkdirSync(join(dir, 'state', 'acme', 'mesh-config'), { recursive: true });
    writeFileSync(join(dir, 'state', 'acme', 'mesh-config', 'lock'), JSON.stringify({ holder: 'crashed', purpose: 'apply', startedAt: new Date().toISOString(), host: hostname(), pid, token: 'x' }));
    const outcomes = await race(dir, 6, {});
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.takenOver).toMatchObject({ holder: 'crashed', reason: 'holder-process-gone' });
    for (const o of outcomes.filter((x) => !x.ok)) expect(o).toMatchObject({ name: 'LockHeldError', holder: winners[0]!.holder });
  });

  it('takes over at once the lock of a process killed with SIGKILL, but not of one still alive', async () => {
    const dir = join(work, 'killed');
    const holder = contender({ dir, repo: REPO, holder: 'victim', timeoutMs: 600_000, holdMs: 0, holdForever: true });
    expect(await holder.next()).toMatchObject({ ready: true });
    expect(await holder.next()).toMatchObject({ ok: true, holder: 'victim' });

    const store = new LocalStateStore({ dir });
    const held = await store.acquireLock(REPO, { holder: 'me', purpose: 'apply', timeoutMs: 600_000 }).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(LockHeldError);
    expect(held).toMatchObject({ holder: 'victim', purpose: 'test victim' });

    holder.child.kill('SIGKILL');
    await holder.exited;
    const lock = await store.acquireLock(REPO, { holder: 'me', purpose: 'apply', timeoutMs: 600_000 });
    expect(lock.takenOver).toMatchObject({ holder: 'victim', purpose: 'test victim', reason: 'holder-process-gone' });
    await lock.release();
  });

  it('takes over at once the lock of a process killed but not reaped (a zombie under a parent that does not wait)', async () => {
    const dir = join(work, 'zombie');
    // sh starts the holder in the background, then becomes `sleep`, which never reaps it.
    const args = JSON.stringify({ dir, repo: REPO, holder: 'zombie', timeoutMs: 600_000, holdMs: 0, holdForever: true });
    const parent = spawn('sh', ['-c', '"$0" "$1" "$2" & exec sleep 60', process.execPath, script, args], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(parent);
    let out = '';
    parent.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const lines = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const until = async (test: () => boolean, what: string) => {
      const deadline = Date.now() + 20_000;
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${out}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await until(() => lines().some((l) => l.ok === true), 'the holder to take the lock');
    const pid = lines().find((l) => l.ready)!.pid as number;
    try {
      process.kill(pid, 'SIGKILL');
      const state = () => {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      };
      await until(() => state() === 'Z', 'the holder to become a zombie');
      expect(() => process.kill(pid, 0)).not.toThrow(); // signal 0 still says "alive"

      const lock = await new LocalStateStore({ dir }).acquireLock(REPO, { holder: 'me', purpose: 'apply', timeoutMs: 600_000 });
      expect(lock.takenOver).toMatchObject({ holder: 'zombie', reason: 'holder-process-gone' });
      await lock.release();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('hands the lock to a waiting process once the holder releases it', async () => {
    const dir = join(work, 'wait');
    const first = contender({ dir, repo: REPO, holder: 'first', timeoutMs: 600_000, holdMs: 300 });
    await first.next();
    expect(await first.next()).toMatchObject({ ok: true });
    const second = contender({ dir, repo: REPO, holder: 'second', timeoutMs: 600_000, waitMs: 30_000, holdMs: 0 });
    await second.next();
    expect(await second.next()).toMatchObject({ ok: true, holder: 'second' });
    expect((await second.next().catch(() => undefined))).toBeUndefined();
    await Promise.all([first.exited, second.exited]);
  });
});
