#!/usr/bin/env node
// Builds the `meshops` CLI (dist/meshops.cjs) from TypeScript. Run by `npm install`/`npm ci` (prepare).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'lib/cli/main.ts')],
  outfile: join(root, 'dist/meshops.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
createRequire(import.meta.url)('./cli-code-cache.cjs').writeCodeCache(join(root, 'dist/meshops.cjs'));
