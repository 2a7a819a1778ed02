/**
 * Lambda proxies: the size of each function's bundle and how long a fresh `node` takes to
 * `require` it (the module-scope part of a cold start). Bundles come from `serverless package` when
 * the service is complete (serverless.yml and the four handlers), else from esbuild with the
 * options serverless.yml's esbuild section uses.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export const FUNCTIONS = ['webhook', 'reconcile', 'drift', 'rollouts'] as const;

export interface BundleFigure {
  function: string;
  bytes: number;
  coldRequireMs: number;
}

export interface BundleReport {
  source: 'serverless package' | 'esbuild';
  bundles: BundleFigure[];
  /** Every sample (ms), by function, for the noise note. */
  samples: Record<string, number[]>;
}

/** The files of a zip archive (stored or deflated entries), by name. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB, at the end.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip central directory entry ${n} is corrupt`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    if (method === 0) files.set(name, Buffer.from(data));
    else if (method === 8) files.set(name, inflateRawSync(data));
    else throw new Error(`zip entry ${name} uses compression method ${method}`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** Whether the service is complete enough to package: serverless.yml and every handler. */
export function canPackage(root: string): boolean {
  return existsSync(join(root, 'serverless.yml')) && FUNCTIONS.every((f) => existsSync(join(root, 'functions', `${f}.ts`)));
}

/** `serverless package` into a private folder (not the shared .serverless); returns each handler's JS. */
function packageWithServerless(root: string, out: string): Map<string, string> {
  const packageDir = join(out, 'package');
  // serverless-esbuild leaves staging folders in TMPDIR and does not remove them: give it one that goes with `out`.
  const staging = join(out, 'staging');
  mkdirSync(staging, { recursive: true });
  const result = spawnSync(process.execPath, [join(root, 'node_modules', '.bin', 'serverless'), 'package', '--package', packageDir], {
    cwd: root,
    encoding: 'utf8',
    // Packaging needs no AWS account, only some credentials in the environment.
    env: { ...process.env, TMPDIR: staging, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' },
  });
  if (result.status !== 0) throw new Error(`serverless package failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  const files = new Map<string, string>();
  for (const fn of FUNCTIONS) {
    const entries = readZip(readFileSync(join(packageDir, `${fn}.zip`)));
    const js = [...entries.keys()].find((name) => name === `functions/${fn}.js`);
    if (!js) throw new Error(`${fn}.zip holds no functions/${fn}.js (it holds ${[...entries.keys()].join(', ')})`);
    const file = join(out, `${fn}.js`);
    writeFileSync(file, entries.get(js)!);
    files.set(fn, file);
  }
  return files;
}

/** esbuild with serverless.yml's options: bundled (SDK included), minified, CJS, module entry points first, its plugins. */
async function bundleWithEsbuild(root: string, out: string): Promise<Map<string, string>> {
  const { build } = await import('esbuild');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const plugins = require(join(root, 'scripts', 'lambda-bundle-plugins.cjs')) as import('esbuild').Plugin[];
  const files = new Map<string, string>();
  const handlers = readdirSync(join(root, 'functions')).filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts'));
  for (const fn of handlers) {
    const file = join(out, `${fn}.js`);
    await build({ entryPoints: [join(root, 'functions', `${fn}.ts`)], outfile: file, bundle: true, minify: true, sourcemap: true, target: 'node22', platform: 'node', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error', plugins: [...plugins] });
    files.set(fn, file);
  }
  return files;
}

const REQUIRE_PROBE = 'const t=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))';

/** Time of `require(file)` in a fresh process, module scope only (the handler is not called). */
export function coldRequireOnce(file: string): number {
  const result = spawnSync(process.execPath, ['-e', REQUIRE_PROBE, file], { encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  if (result.status !== 0) throw new Error(`requiring ${file} failed:\n${result.stderr}`);
  return Number(result.stdout);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function measureBundles(root: string, options: { runs: number; workDir: string }): Promise<BundleReport> {
  const out = resolve(options.workDir, 'bundles');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const source = canPackage(root) ? 'serverless package' : 'esbuild';
  const files = source === 'serverless package' ? packageWithServerless(root, out) : await bundleWithEsbuild(root, out);
  const bundles: BundleFigure[] = [];
  const samples: Record<string, number[]> = {};
  for (const [fn, file] of files) {
    // One warm-up run so the file is in the page cache; then the measured runs.
    coldRequireOnce(file);
    samples[fn] = Array.from({ length: options.runs }, () => Math.round(coldRequireOnce(file) * 10) / 10);
    bundles.push({ function: fn, bytes: statSync(file).size, coldRequireMs: Math.round(median(samples[fn]) * 10) / 10 });
  }
  return { source, bundles, samples };
}
