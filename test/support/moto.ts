import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * moto's standalone server (`python3 -m moto.server`, third party) for the differential suites.
 * `motoAvailable()` is synchronous so a test file can pick `describe` or `describe.skip` at load
 * time; everything skips cleanly on a machine without Python or moto.
 */
export interface MotoServer {
  url: string;
  port: number;
  /** Forget every resource (moto's `/moto-api/reset`), so sessions do not see each other's state. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const PYTHON = process.env.MESHOPS_PYTHON ?? 'python3';
let available: boolean | undefined;

export function motoAvailable(): boolean {
  if (available === undefined) {
    const probe = spawnSync(PYTHON, ['-c', 'import moto.server'], { stdio: 'ignore', timeout: 20_000 });
    available = probe.status === 0;
  }
  return available;
}

/** `describe` when moto can run here, else `describe.skip` (the suite shows as skipped, not passed). */
export function describeWithMoto(name: string, fn: () => void): void {
  (motoAvailable() ? describe : describe.skip)(name, fn);
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`moto.server exited with code ${child.exitCode}: ${log()}`);
    try {
      const res = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`moto.server did not answer on ${url} within ${timeoutMs} ms: ${log()}`);
}

/** Starts moto on a free port; resolves once it answers HTTP. Call `stop()` in `afterAll`. */
export async function startMoto(options: { timeoutMs?: number } = {}): Promise<MotoServer> {
  if (!motoAvailable()) throw new Error('moto is not installed (python3 -m moto.server)');
  const host = '127.0.0.1';
  const port = await freePort(host);
  const url = `http://${host}:${port}`;
  const child = spawn(PYTHON, ['-m', 'moto.server', '-H', host, '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killTimer);
    }
  };
  try {
    await waitUntilUp(url, child, options.timeoutMs ?? 30_000, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    port,
    async reset() {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`resetting moto failed: HTTP ${res.status}`);
    },
    stop,
  };
}

/**
 * moto picks the emulated service from the SigV4 credential scope of the `Authorization` header,
 * not from the path: raw HTTP requests (no SDK signing) must carry one, else moto answers as S3.
 */
export function motoAuthorization(signingName: string, region = 'us-east-1'): string {
  return `AWS4-HMAC-SHA256 Credential=x/20261125/${region}/${signingName}/aws4_request, SignedHeaders=host, Signature=0`;
}
