#!/usr/bin/env node
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'dist', 'meshops.cjs');
if (!fs.existsSync(built)) {
  process.stderr.write('meshops: the CLI is not built; run `npm install` (or `npm run build`) in ' + path.join(__dirname, '..') + '\n');
  process.exit(1);
}
load(built).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`meshops: internal error: ${err && err.message ? err.message : err}\n`); process.exitCode = 1; },
);

/**
 * The bundle, compiled with the code cache the build wrote for exactly this file
 * (scripts/cli-code-cache.cjs): V8 then skips most of the parsing. Without a matching cache it is
 * an ordinary require; a cache V8 refuses (another Node version) costs an ordinary compile.
 */
function load(file) {
  const { size, mtimeMs } = fs.statSync(file);
  let cachedData;
  try {
    cachedData = fs.readFileSync(`${file}.${size}-${Math.floor(mtimeMs)}.cache`);
  } catch {
    return require(file);
  }
  const Module = require('node:module');
  const vm = require('node:vm');
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const loaded = { exports: {} };
  script.runInThisContext().call(loaded.exports, loaded.exports, Module.createRequire(file), loaded, file, path.dirname(file));
  return loaded.exports;
}

