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
require(built).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`meshops: internal error: ${err && err.message ? err.message : err}\n`); process.exitCode = 1; },
);
