import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emulator } from '../../lib/emulator/emulator';
import { listen, type RunningServer } from '../../lib/emulator/wire/http-server';
import { cli } from '../support/cli';

const TEMPLATE = join(__dirname, '..', '..', 'mesh-repo-template');
let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'meshops-cli-'));
  cpSync(TEMPLATE, join(cwd, 'repo'), { recursive: true });
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function setCanary(v1: number, v2: number) {
  const file = join(cwd, 'repo', 'mesh', 'search', 'routing.yaml');
  const text = readFileSync(file, 'utf8').replace(/weight: 90/, `weight: ${v1}`).replace(/weight: 10\b/, `weight: ${v2}`);
  writeFileSync(file, text);
}

describe('meshops plan / apply / drift on the embedded emulator', () => {
  it('applies the template, then plans nothing; a weight edit plans exactly one update', async () => {
    const applied = await cli(['apply', 'repo', '--auto-approve'], { cwd });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Plan: 14 to create');
    expect(applied.stdout).toContain('Applied: 14 operations done.');

    const again = await cli(['apply', 'repo', '--auto-approve'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to do');
    expect((await cli(['plan', 'repo', '--detailed-exitcode'], { cwd })).code).toBe(0);

    setCanary(50, 50);
    const plan = await cli(['plan', 'repo', '--detailed-exitcode', '--json'], { cwd });
    expect(plan.code).toBe(2);
    const json = JSON.parse(plan.stdout);
    expect(json.summary).toEqual({ create: 0, update: 1, adopt: 0, delete: 0, replace: 0, conflict: 0, unmanaged: 0 });
    expect(json.changes).toEqual([
      {
        action: 'update', target: 'appmesh', kind: 'Route', mesh: 'watches', name: 'canary', parent: 'search-router',
        diff: [
          { path: 'spec.httpRoute.action.weightedTargets[virtualNode=search-v1].weight', before: 90, after: 50 },
          { path: 'spec.httpRoute.action.weightedTargets[virtualNode=search-v2].weight', before: 10, after: 50 },
        ],
      },
    ]);
    expect(json.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const text = await cli(['plan', 'repo'], { cwd });
    expect(text.stdout).toContain('search-v2  10% → 50%');
  });

  it('refuses to apply without a terminal unless --auto-approve, changing nothing', async () => {
    const out = await cli(['apply', 'repo'], { cwd });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('not on a terminal');
    expect((await cli(['plan', 'repo', '--detailed-exitcode'], { cwd })).code).toBe(2);
  });

  it('asks on a terminal and applies only after "yes"', async () => {
    const no = await cli(['apply', 'repo'], { cwd, tty: true, input: 'no\n' });
    expect(no.code).toBe(1);
    expect(no.stdout).toContain("Only 'yes' will be accepted");
    expect((await cli(['plan', 'repo', '--detailed-exitcode'], { cwd })).code).toBe(2);
    const yes = await cli(['apply', 'repo'], { cwd, tty: true, input: 'yes\n' });
    expect(yes.code).toBe(0);
    expect((await cli(['plan', 'repo', '--detailed-exitcode'], { cwd })).code).toBe(0);
  });

  it('reports an invalid repo with file and line, and plans nothing', async () => {
    writeFileSync(join(cwd, 'repo', 'mesh', 'broken.yaml'), 'kind: VirtualNode\nname: x\nmesh: watches\nspec:\n  listeners:\n    - portMapping: { port: 70000, protocol: http }\n');
    const out = await cli(['plan', 'repo'], { cwd });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/mesh\/broken\.yaml:6:\d+/);
    expect(out.stderr).toContain('nothing was planned');
  });

  it('reports Git ahead of the last apply as pending drift, in JSON', async () => {
    await cli(['apply', 'repo', '--auto-approve'], { cwd });
    setCanary(50, 50);
    const drift = await cli(['drift', 'repo', '--json', '--detailed-exitcode'], { cwd });
    expect(drift.code).toBe(2);
    const json = JSON.parse(drift.stdout);
    expect(json.drift).toEqual([expect.objectContaining({ class: 'pending', kind: 'Route', mesh: 'watches', name: 'canary' })]);
  });

  it('imports a live mesh as a repo that plans to nothing', async () => {
    await cli(['apply', 'repo', '--auto-approve'], { cwd });
    const out = await cli(['import', '--mesh', 'watches', '--out', 'imported'], { cwd });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('has nothing to change');
    expect((await cli(['plan', 'imported', '--detailed-exitcode'], { cwd })).code).toBe(0);
    const refused = await cli(['import', '--mesh', 'watches', '--out', 'imported'], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');
  });

  it('targets any endpoint with --endpoint (the emulator over HTTP)', async () => {
    let server: RunningServer | undefined;
    try {
      const emulator = new Emulator();
      server = await listen((r) => emulator.handle(r));
      const out = await cli(['apply', 'repo', '--auto-approve', '--endpoint', server.url], { cwd });
      expect(out.code).toBe(0);
      expect(emulator.callStats().byOperation.CreateRoute).toBe(2);
      expect((await cli(['plan', 'repo', '--detailed-exitcode', '--endpoint', server.url], { cwd })).code).toBe(0);
    } finally {
      await server?.close();
    }
  });

  it('rejects bad flags with a one-line error', async () => {
    expect((await cli(['plan', 'repo', '--concurrency', 'zero'], { cwd })).stderr).toContain('--concurrency takes a positive integer');
    expect((await cli(['plan', 'repo', '--endpoint', 'ftp://x', '--aws'], { cwd })).stderr).toContain('choose one target');
    expect((await cli(['apply', 'repo', '--lock-timeout', 'soon', '--auto-approve'], { cwd })).stderr).toContain('--lock-timeout takes a duration');
    expect((await cli(['plan', '--bogus'], { cwd })).code).toBe(1);
  });
});
