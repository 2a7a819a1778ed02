// Three tiers, chosen by file name (docs/contributing.md, "Test tiers"):
//   *.system.test.ts       the product as a user runs it: spawned `meshops` processes, the packaged
//                          stack, the AWS CLI, end to end through the Lambda handlers;
//   *.integration.test.ts  real clients across a socket or a third-party tool: the emulator's
//                          HTTP port, moto, the fake GitHub server driven through Octokit;
//   *.test.ts              everything else: unit, in one process (a new file lands here).
// `npm test` runs all three with one worker per core; `npm run test:unit` (etc.) runs one tier.
const os = require('node:os');

// @swc/jest transforms TypeScript (and the ESM-only dependencies below) to CommonJS.
const esmOnly = ['@octokit', '@middy', 'universal-user-agent', 'before-after-hook', 'content-type', 'json-with-bigint'];
const shared = {
  testEnvironment: 'node',
  cacheDirectory: '<rootDir>/.cache/jest',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.[cm]?[tj]s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60000,
};

const tier = (displayName, testMatch, testPathIgnorePatterns = []) => ({ ...shared, displayName, testMatch, testPathIgnorePatterns: ['/node_modules/', ...testPathIgnorePatterns] });

module.exports = {
  // jest's default is one worker fewer than the cores (one worker on a 2-core CI runner).
  maxWorkers: Math.max(1, os.availableParallelism()),
  testSequencer: '<rootDir>/test/support/tier-sequencer.cjs',
  testTimeout: shared.testTimeout,
  projects: [
    tier('unit', ['**/*.test.ts'], ['\\.(integration|system)\\.test\\.ts$']),
    tier('integration', ['**/*.integration.test.ts']),
    tier('system', ['**/*.system.test.ts']),
  ],
};
