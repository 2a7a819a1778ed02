// Writes V8's code cache for the built CLI beside it (dist/meshops.cjs.<size>-<mtime>.cache), so
// that `bin/meshops.js` skips most of compiling the 1.3 MB bundle at every start (about a third of
// `meshops --help`). The name ties the cache to the exact bundle it was made from; bin/meshops.js
// compiles without it when the names differ, and V8 itself refuses a cache from another Node
// version or other flags (then it is an ordinary compile, nothing worse).
'use strict';
const { readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { basename, dirname, join } = require('node:path');
const vm = require('node:vm');

function cacheFile(bundle) {
  const { size, mtimeMs } = statSync(bundle);
  return `${bundle}.${size}-${Math.floor(mtimeMs)}.cache`;
}

function writeCodeCache(bundle) {
  const dir = dirname(bundle);
  for (const name of readdirSync(dir)) if (name.startsWith(`${basename(bundle)}.`) && name.endsWith('.cache')) rmSync(join(dir, name));
  const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle });
  // Running the module's top level compiles what every command runs first into the cache too.
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, dir);
  writeFileSync(cacheFile(bundle), script.createCachedData());
}

module.exports = { cacheFile, writeCodeCache };
if (require.main === module) writeCodeCache(process.argv[2]);
