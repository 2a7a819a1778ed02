import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { meshops } from '../reliability/support/cli-harness';

/**
 * A full disk mid-apply, injected where the state store writes (node:fs/promises): once the apply
 * has started its audit entry, every new file the store writes fails with ENOSPC, as on a full
 * file system (removing files still works). The plan replaces a route around a router listener
 * change (delete route, update router, create route); the refresh of the lock after the delete is
 * the first write to fail.
 */
const disk = { armed: false, full: false, failed: 0 };
jest.mock('node:fs/promises', () => {
  const actual = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
  return {
    ...actual,
    open: async (path: string, flags?: string, mode?: number) => {
      const file = String(path);
      if (flags === 'wx' && file.endsWith('.tmp')) {
        if (disk.full) {
          disk.failed++;
          throw Object.assign(new Error(`ENOSPC: no space left on device, open '${file}'`), { code: 'ENOSPC', errno: -28, syscall: 'open', path: file });
        }
        if (disk.armed && file.includes(`${'/'}audit${'/'}`)) disk.full = true; // this write still fits
      }
      return actual.open(path, flags, mode);
    },
  };
});

const SETTINGS = 'version: 1\nregion: us-east-1\nowner: acme/mesh-config\n';
const MESH = 'kind: Mesh\nname: watches\nspec: {}\n';
const NODE = 'kind: VirtualNode\nname: a\nmesh: watches\nspec:\n  listeners:\n    - portMapping: { port: 8080, protocol: http }\n  serviceDiscovery:\n    dns: { hostname: a.watches.local }\n';
const router = (ports: number[]) => `kind: VirtualRouter\nname: r\nmesh: watches\nspec:\n  listeners:\n${ports.map((p) => `    - portMapping: { port: ${p}, protocol: http }\n`).join('')}`;
const route = (name: string, port?: number) =>
  `kind: Route\nname: ${name}\nmesh: watches\nvirtualRouter: r\nspec:\n  httpRoute:\n    match: { prefix: /${port ? `, port: ${port}` : ''} }\n    action:\n      weightedTargets:\n        - { virtualNode: a, weight: 1${port ? `, port: 8080` : ''} }\n`;

describe('a full disk in the middle of an apply', () => {
  const work = mkdtempSync(join(tmpdir(), 'meshops-disk-full-'));
  const repo = join(work, 'repo');
  const stateDir = join(work, 'state');
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  const run = (...argv: string[]) => meshops([...argv, '--state-dir', stateDir], work);
  const auditStatuses = () => {
    const folder = join(stateDir, 'audit', 'acme', 'mesh-config');
    return readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => (JSON.parse(readFileSync(join(folder, f), 'utf8')) as { status: string }).status);
  };
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finishes the route replace it started, prints its result and says the record failed; the next apply tidies the record', async () => {
    put('meshops.yaml', SETTINGS);
    put('mesh/mesh.yaml', MESH);
    put('mesh/node.yaml', NODE);
    put('mesh/router.yaml', `${router([8080])}---\n${route('plain')}`);
    const first = await run('apply', repo, '--auto-approve');
    expect(first.code).toBe(0);

    // Version 2: a second router listener, and the route moves to it (replaced around the router update).
    put('mesh/router.yaml', `${router([8080, 9090])}---\n${route('plain', 9090)}`);
    const plan = await run('plan', repo, '--json');
    expect((JSON.parse(plan.stdout) as { changes: { action: string; name: string }[] }).changes.map((c) => `${c.action} ${c.name}`)).toEqual(['replace plain', 'update r']);

    disk.armed = true;
    const applied = await run('apply', repo, '--auto-approve', '--json');
    disk.armed = false;
    disk.full = false;
    expect(disk.failed).toBeGreaterThan(0);
    expect(applied.code).toBe(1);
    const { result } = JSON.parse(applied.stdout) as { result: { status: string; error: { code: string; message: string }; operations: { type: string; id: string; status: string }[] } };
    expect(result.status).toBe('failed');
    expect(result.error.code).toBe('state-store-failed');
    expect(result.error.message).toContain('ENOSPC');
    // The replace was not stranded: the route was deleted, the router updated and the route created again.
    expect(result.operations.map((o) => `${o.type} ${o.id} ${o.status}`)).toEqual([
      'delete Route/watches/r/plain done',
      'update VirtualRouter/watches/r done',
      'create Route/watches/r/plain done',
    ]);
    expect(applied.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    // The lock was released (removing a file needs no space); the audit entry could not be closed.
    expect(readdirSync(join(stateDir, 'state', 'acme', 'mesh-config'))).not.toContain('lock');
    expect(auditStatuses()).toEqual(['applied', 'in-progress']);

    // Space is back: live already matches Git, and the entry left in progress is closed.
    expect((await run('plan', repo, '--detailed-exitcode')).code).toBe(0);
    const again = await run('apply', repo, '--auto-approve');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to do');
    expect(auditStatuses()).toEqual(['applied', 'interrupted']);
  });
});
