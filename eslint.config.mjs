import tseslint from 'typescript-eslint';

// Import direction (docs/design.md §3): pure modules import no SDK and no I/O module.
const pureModuleRestrictions = {
  patterns: [
    { group: ['@aws-sdk/*', '@smithy/*', '@octokit/*', '@middy/*'], message: 'pure modules (model, plan, report renderers, api-model) import no SDK' },
    { group: ['node:fs', 'node:fs/*', 'fs', 'node:child_process', 'node:http', 'node:https', 'node:net'], message: 'pure modules do no I/O' },
    { group: ['**/live', '**/live/*', '**/apply', '**/apply/*', '**/state', '**/state/*', '**/emulator', '**/emulator/*', '**/app', '**/app/*', '**/source/*', '**/cli/*'], message: 'pure modules import only other pure modules' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tmp/**', '.cache/**', '.serverless/**', '.esbuild/**', 'coverage/**', 'lib/api-model/generated/**', 'mesh-repo-template/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['lib/model/**/*.ts', 'lib/plan/**/*.ts', 'lib/rollout/**/*.ts', 'lib/import/**/*.ts', 'lib/api-model/**/*.ts', 'lib/report/render/**/*.ts', 'lib/mapping/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pureModuleRestrictions] },
  },
  {
    files: ['lib/**/*.ts', 'functions/**/*.ts'],
    ignores: ['lib/app/**', 'lib/cli/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'MemberExpression[object.name="process"][property.name="env"]', message: 'read the environment once, in lib/app/config.ts' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
