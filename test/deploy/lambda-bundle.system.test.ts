/**
 * The Lambda bundles' esbuild plugins (scripts/lambda-bundle-plugins.cjs) leave out code, never
 * behaviour: a probe bundled with them sends with every SDK client the functions use, through the
 * functions' adapters, against moto (S3, SSM, SQS, CloudWatch) and the embedded emulator (App Mesh,
 * Cloud Map, Tagging, VPC Lattice), with credentials from the environment as on Lambda.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { BUNDLE_BUDGET_BYTES } from '../../bench/report';
import { describeWithMoto, startMoto, type MotoServer } from '../support/moto';

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugins = require('../../scripts/lambda-bundle-plugins.cjs') as Plugin[] & { UNUSED_ON_LAMBDA: string[] };

/** serverless.yml's esbuild options. */
const LAMBDA_OPTIONS: BuildOptions = { bundle: true, minify: true, sourcemap: true, target: 'node22', platform: 'node', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error' };

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'meshops-lambda-bundle-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the Lambda bundle plugins', () => {
  it('serverless.yml bundles with them', () => {
    expect(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')).toMatch(/^ {4}plugins: \.\/scripts\/lambda-bundle-plugins\.cjs$/m);
  });

  it('keep only the schemas of the commands a client sends, and leave the unused credential providers out', async () => {
    const stdin = { contents: "import { AppMeshClient, DescribeMeshCommand } from '@aws-sdk/client-app-mesh';\nexport const used = [AppMeshClient, DescribeMeshCommand];\n", resolveDir: ROOT, loader: 'ts' as const };
    const bundle = async (withPlugins: boolean) => {
      const result = await build({ ...LAMBDA_OPTIONS, stdin, outfile: join(work, `app-mesh-${withPlugins}.js`), metafile: true, plugins: withPlugins ? [...plugins] : [] });
      return { code: readFileSync(join(work, `app-mesh-${withPlugins}.js`), 'utf8'), inputs: Object.keys(result.metafile!.inputs) };
    };
    const [plain, trimmed] = [await bundle(false), await bundle(true)];
    expect(plain.code).toContain('DeleteVirtualGatewayInput');
    expect(trimmed.code).not.toContain('DeleteVirtualGatewayInput');
    expect(trimmed.code).toContain('DescribeMeshInput');
    // The client's package.json is down to its version.
    expect(plain.code).toContain('"Apache-2.0"');
    expect(trimmed.code).not.toContain('"Apache-2.0"');
    expect(trimmed.code.length).toBeLessThan(plain.code.length * 0.8);
    for (const provider of plugins.UNUSED_ON_LAMBDA) {
      expect(plain.inputs.some((i) => i.includes(`node_modules/${provider}/`))).toBe(true);
      expect(trimmed.inputs.some((i) => i.includes(`node_modules/${provider}/`))).toBe(false);
    }
  }, 120_000);

  it('each function: no emulator code (the engine names its type only), and within the size budget', async () => {
    for (const fn of ['webhook', 'reconcile', 'drift', 'rollouts']) {
      const outfile = join(work, `${fn}.js`);
      const result = await build({ ...LAMBDA_OPTIONS, entryPoints: [join(ROOT, 'functions', `${fn}.ts`)], outfile, metafile: true, plugins: [...plugins] });
      const emulator = Object.keys(result.metafile!.inputs).filter((i) => i.startsWith('lib/emulator/'));
      // The budget the bench judges (BENCHMARKS.md): past it, look at what grew (esbuild's metafile) before raising it.
      expect({ fn, emulator, withinBudget: statSync(outfile).size <= BUNDLE_BUDGET_BYTES }).toEqual({ fn, emulator: [], withinBudget: true });
    }
  }, 120_000);
});

describeWithMoto('a probe bundled with the Lambda plugins, against moto and the embedded emulator', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it('reads and writes through every client the functions send with', async () => {
    const outfile = join(work, 'probe.js');
    await build({ ...LAMBDA_OPTIONS, entryPoints: [join(__dirname, 'support', 'lambda-bundle-probe.ts')], outfile, plugins: [...plugins] });
    const run = spawnSync(process.execPath, [outfile, moto.url, join(ROOT, 'mesh-repo-template')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'probe', AWS_SECRET_ACCESS_KEY: 'probe', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 120_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      missingRecord: null,
      storedRecord: { fingerprint: 'f1', appliedAt: '2026-12-02T00:00:00.000Z', owner: 'acme/mesh', resources: [] },
      secondLock: 'LockHeldError',
      afterRelease: 'taken',
      secrets: { githubToken: 'probe-token', webhookSecret: 'probe-secret' },
      missingSecret: 'SecretsError: SSM parameters not found: /probe/none',
      queued: 1,
      applied: 'applied',
      replanChanges: false,
      resources: expect.any(Number),
      missingMesh: null,
      latticeNetworks: 0,
      alarms: [
        { name: 'probe-errors', state: expect.any(String) },
        { name: 'no-such-alarm', state: null },
      ],
    });
  }, 180_000);
});
