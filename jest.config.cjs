// @swc/jest transforms TypeScript (and the ESM-only dependencies below) to CommonJS.
const esmOnly = ['@octokit', '@middy', 'universal-user-agent', 'before-after-hook', 'content-type', 'json-with-bigint'];
module.exports = {
  testEnvironment: 'node',
  cacheDirectory: '<rootDir>/.cache/jest',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.[cm]?[tj]s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60000,
};
