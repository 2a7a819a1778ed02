import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from '../reliability/support/processes';

const ROOT = join(__dirname, '..', '..');

// Records every package the process loads, then runs the CLI as a user does.
const HOOK = `
const Module = require('node:module');
const load = Module._load;
const seen = new Set();
Module._load = function (request, ...rest) {
  if (!request.startsWith('node:') && !request.startsWith('.') && !request.startsWith('/')) seen.add(request.split('/').slice(0, request.startsWith('@') ? 2 : 1).join('/'));
  return load.call(this, request, ...rest);
};
process.on('exit', () => process.stderr.write('\\nPACKAGES ' + JSON.stringify([...seen].sort()) + '\\n'));
`;

function packagesLoadedBy(args: string[]): string[] {
  const result = spawnSync(process.execPath, ['-e', `${HOOK}; process.argv.splice(1, 0, 'meshops'); require(${JSON.stringify(join(ROOT, 'bin', 'meshops.js'))})`, '--', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const line = result.stderr.split('\n').find((l) => l.startsWith('PACKAGES '));
  if (!line) throw new Error(`no package list; stderr: ${result.stderr}`);
  return JSON.parse(line.slice('PACKAGES '.length)) as string[];
}

beforeAll(() => buildCli(), 120_000);
afterAll(() => rmSync(join(ROOT, '.tmp', 'lazy-loading-state'), { recursive: true, force: true }));

describe('the CLI loads only what a command uses', () => {
  it('`meshops --help` loads no package at all', () => {
    expect(packagesLoadedBy(['--help'])).toEqual([]);
  });

  it('`meshops validate` of a valid repository in plain YAML loads no package: no AWS SDK client, and not even the full YAML parser', () => {
    expect(packagesLoadedBy(['validate', 'mesh-repo-template'])).toEqual([]);
  });

  it('`meshops validate` loads the full YAML parser for a file the fast reader leaves to it, and still no AWS SDK client', () => {
    const loaded = packagesLoadedBy(['validate', join('test', 'fixtures', 'broken', 'yaml-syntax', 'yaml-unclosed-quote')]);
    // (the parser requires Node's own `buffer` and `process` by their bare names)
    expect(loaded.filter((p) => !builtinModules.includes(p))).toEqual(['yaml']);
  });

  it('`meshops plan` does load the SDK (the check above can fail)', () => {
    expect(packagesLoadedBy(['plan', 'mesh-repo-template', '--state-dir', join(ROOT, '.tmp', 'lazy-loading-state')])).toContain('@aws-sdk/client-app-mesh');
  });
});
