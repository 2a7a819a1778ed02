import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { buildCli, ROOT } from '../reliability/support/processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build's own CommonJS helper
const { cacheFile } = require('../../scripts/cli-code-cache.cjs') as { cacheFile: (bundle: string) => string };

const BUNDLE = join(ROOT, 'dist', 'meshops.cjs');

beforeAll(() => buildCli(), 120_000);

describe('the CLI starts from V8 code cache the build wrote', () => {
  it('the build writes a cache for exactly the bundle it made, and this Node accepts it', () => {
    const cache = cacheFile(BUNDLE);
    expect(existsSync(cache)).toBe(true);
    const script = new Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData: readFileSync(cache) });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('without a cache, or with one V8 refuses, the CLI still runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshops-code-cache-'));
    try {
      mkdirSync(join(dir, 'bin'));
      mkdirSync(join(dir, 'dist'));
      copyFileSync(join(ROOT, 'bin', 'meshops.js'), join(dir, 'bin', 'meshops.js'));
      copyFileSync(BUNDLE, join(dir, 'dist', 'meshops.cjs'));
      const help = () => spawnSync(process.execPath, [join(dir, 'bin', 'meshops.js'), '--help'], { encoding: 'utf8' });
      const plain = help();
      expect(plain.status).toBe(0);
      expect(plain.stdout).toContain('Usage: meshops <command>');
      writeFileSync(cacheFile(join(dir, 'dist', 'meshops.cjs')), 'not a code cache');
      const refused = help();
      expect(refused.status).toBe(0);
      expect(refused.stdout).toBe(plain.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
