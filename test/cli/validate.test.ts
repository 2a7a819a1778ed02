import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../lib/cli/main';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'broken');

async function cli(argv: string[], options: { env?: Record<string, string>; tty?: boolean; cwd?: string } = {}) {
  const out = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const code = await runCli({ argv, stdout: out, stderr: err, stdin: new PassThrough(), cwd: options.cwd ?? root, env: options.env ?? {} });
  return { code, stdout, stderr };
}

const noStackTrace = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('meshops validate', () => {
  it('the template is valid: exit 0 and a summary of what it declares', async () => {
    const { code, stdout, stderr } = await cli(['validate', 'mesh-repo-template']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        'mesh-repo-template: valid — 14 resources in 14 documents, 6 files, region us-east-1',
        '  mesh watches: 4 virtual nodes, 1 virtual router, 2 routes, 2 virtual services, 1 virtual gateway, 1 gateway route',
        '  Cloud Map namespace watches (HTTP): 1 service',
        '',
      ].join('\n'),
    );
  });

  it('defaults to the current directory', async () => {
    const { code, stdout } = await cli(['validate'], { cwd: join(root, 'mesh-repo-template') });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\.: valid/);
  });

  it('--json on a valid repository', async () => {
    const { code, stdout } = await cli(['validate', 'mesh-repo-template', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ valid: true, errors: [], warnings: [], summary: { resources: 14, files: 6, documents: 14, byKind: { VirtualNode: 4, Route: 2 } } });
    expect(out.summary.meshes).toEqual([{ name: 'watches', counts: { Mesh: 1, VirtualNode: 4, VirtualRouter: 1, Route: 2, VirtualService: 2, VirtualGateway: 1, GatewayRoute: 1 } }]);
  });

  it('a broken repository: every error with file:line:column and the source line, exit 1', async () => {
    const { code, stdout, stderr } = await cli(['validate', join(fixtures, 'enum', 'several-errors-one-run')]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain('mesh/mesh.yaml:4:25: error: spec.egressFilter.type: must be one of: ALLOW_ALL, DROP_ALL (got "ALLOW") [enum]\n 4 |   egressFilter: { type: ALLOW }\n   |                         ^\n');
    expect(stdout).toContain('mesh/router.yaml:11:16: error: virtualRouter: virtual router missing-router is not declared in mesh watches [parent-missing]');
    expect(stdout.trimEnd().split('\n').pop()).toBe(`${join(fixtures, 'enum', 'several-errors-one-run')}: invalid — 4 errors`);
    noStackTrace(stdout);
  });

  it('--json on a broken repository', async () => {
    const { code, stdout } = await cli(['validate', join(fixtures, 'route-target-missing', 'route-target-missing'), '--json']);
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.valid).toBe(false);
    expect(out.summary).toBeNull();
    expect(out.errors).toEqual([
      {
        severity: 'error',
        code: 'route-target-missing',
        message: 'route target virtual node search-v3 is not declared in mesh watches',
        file: 'mesh/routing/routes.yaml',
        line: 11,
        column: 26,
        path: 'spec.httpRoute.action.weightedTargets[1].virtualNode',
      },
    ]);
  });

  it('warnings print and exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshops-validate-'));
    try {
      writeFileSync(join(dir, 'meshops.yaml'), 'version: 1\nregion: us-east-1\n');
      mkdirSync(join(dir, 'mesh'));
      writeFileSync(join(dir, 'mesh', 'm.yaml'), 'kind: Mesh\nname: m\n');
      const { code, stdout } = await cli(['validate', dir]);
      expect(code).toBe(0);
      expect(stdout).toContain('meshops.yaml:1:1: warning: no "owner" in meshops.yaml');
      expect(stdout).toContain(`${dir}: valid (1 warning) — 1 resource in 1 document, 1 file, region us-east-1`);
      const json = JSON.parse((await cli(['validate', dir, '--json'])).stdout);
      expect(json).toMatchObject({ valid: true, errors: [], warnings: [{ code: 'owner-missing', file: 'meshops.yaml', line: 1, column: 1 }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no meshops.yaml, or no directory: one clear line, exit 1', async () => {
    const missing = await cli(['validate', join(fixtures, 'settings-missing', 'settings-missing')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^meshops validate: .*settings-missing has no meshops\.yaml: a mesh repository keeps its settings in meshops\.yaml at its root/);
    const json = await cli(['validate', join(fixtures, 'settings-missing', 'settings-missing'), '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, errors: [{ code: 'settings-missing' }], summary: null });
    const nodir = await cli(['validate', 'no/such/dir']);
    expect(nodir.code).toBe(1);
    expect(nodir.stderr).toMatch(/^meshops validate: reading repository \S*no\/such\/dir: no such file or directory\n$/);
    noStackTrace(nodir.stderr);
  });

  it('colour on a terminal, or when forced; never with NO_COLOR', async () => {
    const broken = join(fixtures, 'enum', 'enum-value');
    expect((await cli(['validate', broken], { tty: true })).stdout).toContain('\u001b[31m');
    expect((await cli(['validate', broken], { env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[31m');
    expect((await cli(['validate', broken], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await cli(['validate', broken])).stdout).not.toContain('\u001b[');
  });

  it('usage errors and --help', async () => {
    const two = await cli(['validate', 'a', 'b']);
    expect(two).toMatchObject({ code: 1, stderr: 'meshops validate: takes one repository directory (got 2: a b)\n' });
    const unknown = await cli(['validate', '--yaml']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^meshops validate: Unknown option '--yaml'/);
    const help = await cli(['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: meshops validate \[repo-dir\] \[--json\]/);
    expect((await cli(['--help'])).stdout).toMatch(/validate\s+check a mesh repository/);
  });
});
