import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const WORK = join(ROOT, '.tmp', 'package-test');
export const PACKAGE_OUT = join(WORK, 'out');
const TEMPLATE = join(PACKAGE_OUT, 'cloudformation-template-update-stack.json');
// Test files in other workers package too: one at a time, or one empties the folder the other writes.
const LOCK = join(ROOT, '.tmp', 'package-test.lock');
const LOCK_WAIT_MS = 300_000;

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function newestInput(): number {
  let newest = 0;
  const visit = (path: string): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of ['serverless.yml', 'package.json', 'package-lock.json', 'functions', 'lib']) if (existsSync(join(ROOT, input))) visit(join(ROOT, input));
  return newest;
}

/**
 * Runs `serverless package` (offline, TMPDIR inside the repo) into `.tmp/package-test/out`, or reuses
 * that output while it is newer than every input, and returns the CloudFormation template.
 */
export function packagedTemplate(): Json {
  return whileLocked(packageOrReuse);
}

function packageOrReuse(): Json {
  if (!existsSync(TEMPLATE) || statSync(TEMPLATE).mtimeMs <= newestInput()) {
    rmSync(WORK, { recursive: true, force: true });
    const tmp = join(WORK, 'tmp');
    mkdirSync(tmp, { recursive: true });
    // No AWS account, no network: the placeholder credentials are never used by `package`.
    const env = { ...process.env, TMPDIR: tmp, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
    const run = spawnSync('npx', ['serverless', 'package', '--package', PACKAGE_OUT], { cwd: ROOT, env, encoding: 'utf8', timeout: 240_000 });
    // serverless-esbuild leaves one staging folder per function in TMPDIR.
    rmSync(tmp, { recursive: true, force: true });
    if (run.status !== 0) throw new Error(`serverless package failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
  }
  return JSON.parse(readFileSync(TEMPLATE, 'utf8')) as Json;
}

/** Runs `fn` holding a lock folder (mkdir is atomic); a lock older than the wait is a killed run's. */
function whileLocked<T>(fn: () => T): T {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_WAIT_MS) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${LOCK} held for more than ${LOCK_WAIT_MS / 1000} s`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
