import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCli, runMeshops } from '../reliability/support/processes';

/**
 * The reported hang: `name: "**********!"` in an ignore rule against a 60-character live name made
 * the glob's regex backtrack for more than 30 s. A real `meshops plan` on such a repository is
 * killed after 20 s here: before matching was linear it never finished.
 */
describe('an ignore rule with many stars cannot stall plan', () => {
  const work = mkdtempSync(join(tmpdir(), 'meshops-glob-'));
  const repo = join(work, 'repo');
  const longName = `n${'a'.repeat(59)}`;
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  const settings = 'version: 1\nregion: us-east-1\nowner: acme/mesh-config\n';

  beforeAll(async () => {
    await buildCli();
    put('meshops.yaml', settings);
    put('mesh/mesh.yaml', 'kind: Mesh\nname: watches\nspec: {}\n');
    put('mesh/node.yaml', `kind: VirtualNode\nname: ${longName}\nmesh: watches\nspec:\n  listeners:\n    - portMapping: { port: 8080, protocol: http }\n  serviceDiscovery:\n    dns: { hostname: a.watches.local }\n`);
    const applied = await runMeshops(['apply', repo, '--auto-approve', '--state-dir', join(work, 'state')]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(['**********!', '********!', `${'*?'.repeat(20)}!`])('name: "%s"', async (glob) => {
    put('meshops.yaml', `${settings}ignore:\n  - { kind: '*', name: '${glob}', path: /spec/listeners }\n  - { kind: '*', name: '${glob}', mesh: '${glob}', path: /tags }\n`);
    const run = await runMeshops(['plan', repo, '--detailed-exitcode', '--state-dir', join(work, 'state')], 20_000);
    expect(run.signal).toBeNull();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 30_000);
});
