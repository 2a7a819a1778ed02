import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Runs the real `meshops` CLI (bundled from lib/cli with esbuild, as `npm run build` does) in a
 * child process, for tests that need `meshops emulator` exactly as a user starts it.
 */
const ROOT = join(__dirname, '..', '..', '..');
let built: string | undefined;

export function meshopsScript(): string {
  if (built) return built;
  const dir = join(ROOT, '.tmp');
  mkdirSync(dir, { recursive: true });
  // One file for every test process: each writes a complete copy and renames it into place.
  const outfile = join(dir, 'meshops-cli-test.cjs');
  const result = buildSync({
    stdin: { contents: "import { main } from './lib/cli/main';\nmain(process.argv.slice(2)).then((code) => { process.exitCode = code; });\n", resolveDir: ROOT, loader: 'ts', sourcefile: 'meshops-test-entry.ts' },
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'silent',
  });
  const partial = `${outfile}.${process.pid}.tmp`;
  writeFileSync(partial, result.outputFiles[0].contents);
  renameSync(partial, outfile);
  built = outfile;
  return outfile;
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `meshops <args>` to completion. */
export function runMeshops(args: string[], timeoutMs = 30_000): Promise<ExitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [meshopsScript(), ...args], { cwd: ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface RunningMeshopsEmulator {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<ExitResult>;
}

/** Starts `meshops emulator <args>` and resolves once it prints the URL it listens on. */
export function startMeshopsEmulator(args: string[], timeoutMs = 20_000): Promise<RunningMeshopsEmulator> {
  const child = spawn(process.execPath, [meshopsScript(), 'emulator', ...args], { cwd: ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const closed = new Promise<ExitResult>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`meshops emulator did not start within ${timeoutMs} ms: ${stdout}${stderr}`));
    }, timeoutMs);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        url: match[1],
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        stop: (signal: NodeJS.Signals = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return closed;
        },
      });
    };
    child.stdout!.on('data', onData);
    void closed.then((result) => {
      clearTimeout(timer);
      reject(new Error(`meshops emulator exited (code ${result.code}) before listening: ${result.stdout}${result.stderr}`));
    });
  });
}
