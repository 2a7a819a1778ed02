#!/usr/bin/env node
// Runs a TypeScript entry point (bench, soak) by bundling it with esbuild into .tmp/ first.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
const outfile = join(root, '.tmp', `${basename(entry, '.ts')}.cjs`);
await build({ entryPoints: [join(root, entry)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', sourcemap: true, logLevel: 'warning' });
const result = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', outfile, ...args], { stdio: 'inherit', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
process.exit(result.status ?? 1);
