// esbuild plugins for the Lambda bundles (serverless.yml custom.esbuild.plugins; bench/bundles.ts
// uses them too). Each drops code a Lambda never runs; none changes what the code does.
const { readFileSync } = require('node:fs');

/**
 * The default credential chain's links after the environment one. On Lambda the function's
 * credentials are in the environment, so the chain stops at its first link, and the SDK loads
 * these only by a dynamic import when that link fails: left out of the bundle (with the STS, SSO
 * and sign-in clients they bring), such an import would load the runtime's own copy.
 */
const UNUSED_ON_LAMBDA = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

const credentialProviders = {
  name: 'meshops-lambda-credential-providers',
  setup(build) {
    const filter = new RegExp(`^(${UNUSED_ON_LAMBDA.map((m) => m.replace(/[/.-]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, external: true }));
  },
};

/** Each SDK client imports its whole package.json for one field: its version, for the user agent. */
const packageVersions = {
  name: 'meshops-lambda-package-versions',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]@aws-sdk[\\/][^\\/]+[\\/]package\.json$/ }, (args) => ({
      contents: JSON.stringify({ version: JSON.parse(readFileSync(args.path, 'utf8')).version }),
      loader: 'json',
    }));
  },
};

/**
 * `{ [_h]: … }` → `{ "http": … }` where `_h` is one of the module's `const _h = "http";`.
 * The two are the same object; but esbuild treats any computed key as a possible side effect, so it
 * keeps every schema that has one — and every schema those reach — whether a command uses it or not.
 */
function inlineComputedKeys(source) {
  const strings = new Map();
  for (const m of source.matchAll(/^const (_[A-Za-z0-9_]+) = ("(?:[^"\\\n]|\\.)*");$/gm)) strings.set(m[1], m[2]);
  return source.replace(/([{,]\s*)\[(_[A-Za-z0-9_]+)\]:/g, (whole, before, name) => (strings.has(name) ? `${before}${strings.get(name)}:` : whole));
}

/** The SDK clients' schema modules, made tree-shakable: a client keeps the schemas of the commands it sends. */
const treeShakableSchemas = {
  name: 'meshops-lambda-sdk-schemas',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]@aws-sdk[\\/][^\\/]+[\\/]dist-es[\\/]schemas[\\/][^\\/]+\.js$/ }, (args) => ({
      contents: inlineComputedKeys(readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

module.exports = [credentialProviders, packageVersions, treeShakableSchemas];
module.exports.inlineComputedKeys = inlineComputedKeys;
module.exports.UNUSED_ON_LAMBDA = UNUSED_ON_LAMBDA;
