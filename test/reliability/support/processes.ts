import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from '../../../lib/state/types';

/**
 * Real `meshops` processes, started as a user starts them: `node bin/meshops.js …` on the CLI that
 * `npm run build` makes (dist/meshops.cjs).
 */
export const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'meshops.js');
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1', MESHOPS_DEBUG: '' };

function newestSource(): number {
  let newest = 0;
  const visit = (path: string): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of ['lib', 'bin', 'package.json', join('scripts', 'build-cli.mjs')]) visit(join(ROOT, input));
  return newest;
}

const BUILT = join(ROOT, 'dist', 'meshops.cjs');
const fresh = () => existsSync(BUILT) && statSync(BUILT).mtimeMs > newestSource();

/**
 * `node scripts/build-cli.mjs` (what `npm install` runs), unless dist/ is newer than the sources.
 * Test files run in parallel workers: one builds under a lock file while the others wait, so no
 * process starts from a half-written bundle.
 */
export async function buildCli(): Promise<void> {
  if (fresh()) return;
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const lock = join(ROOT, '.tmp', 'build-cli.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock older than two minutes was left by a killed run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 120_000) rmSync(lock, { force: true });
      if (Date.now() > deadline) throw new Error(`waited 2 minutes for ${lock}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    if (fresh()) return;
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`building the CLI failed: ${result.stderr}${result.stdout}`);
  } finally {
    rmSync(lock, { force: true });
  }
}

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

export interface Running {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exited>;
}

export function startMeshops(args: string[], cwd = ROOT): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<Exited>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid! }));
  });
  return { child, pid: child.pid!, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The webhook URL a started `meshops dev` announces on stderr (it fails with its output if it stops or never says). */
export async function devWebhookBase(dev: Running, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /webhook on (http:\/\/[^\s]+)\/webhook/.exec(dev.stderr());
    if (m) return m[1]!;
    if (Date.now() > deadline || dev.child.exitCode !== null) throw new Error(`meshops dev did not start:\n${dev.stderr()}${dev.stdout()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runMeshops(args: string[], timeoutMs = 60_000): Promise<Exited> {
  const run = startMeshops(args);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  try {
    return await run.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** A line of `meshops emulator --verbose`: `PUT /v20190125/meshes → 200`, `POST / (…CreateService) → 200`. */
const WRITE_LINE = /^(?:(?:PUT|DELETE) \/v20190125\/\S+|POST \/ \([^)]*\.(?:Create|Update|Delete|Tag|Untag|Register|Deregister)\w*\)) → 200\b/;

export interface EmulatorProcess {
  url: string;
  stateFile: string;
  run: Running;
  /** Successful write calls answered so far (from the --verbose request log). */
  writes(): number;
  /** Resolves once `count` writes have been answered in all. */
  waitForWrites(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<Exited>;
}

/** `meshops emulator --state FILE --port 0 --verbose …`, resolved once it prints its URL. */
export async function startEmulatorProcess(stateFile: string, extra: string[] = []): Promise<EmulatorProcess> {
  const run = startMeshops(['emulator', '--state', stateFile, '--port', '0', '--verbose', ...extra]);
  const deadline = Date.now() + 20_000;
  let url: string | undefined;
  while (!url) {
    url = /listening on (http:\/\/\S+)/.exec(run.stdout())?.[1];
    if (url) break;
    if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`meshops emulator did not start: ${run.stdout()}${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const writes = () => run.stderr().split('\n').filter((l) => WRITE_LINE.test(l)).length;
  return {
    url,
    stateFile,
    run,
    writes,
    async waitForWrites(count, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (writes() < count) {
        if (Date.now() > until) throw new Error(`only ${writes()} of ${count} writes reached the emulator in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 2));
      }
    },
    async stop() {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
      return run.exited;
    },
  };
}

/** The audit log of a repo in a local state folder, oldest first. */
export function auditEntries(stateDir: string, repo: string): AuditEntry[] {
  const folder = join(stateDir, 'audit', ...repo.split('/'));
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as AuditEntry);
}

export function lockFile(stateDir: string, repo: string): string {
  return join(stateDir, 'state', ...repo.split('/'), 'lock');
}
