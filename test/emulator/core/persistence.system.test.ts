import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateMeshCommand, CreateVirtualNodeCommand, DescribeMeshCommand, DescribeVirtualNodeCommand, ListVirtualNodesCommand, paginateListVirtualNodes } from '@aws-sdk/client-app-mesh';
import { buildSync } from 'esbuild';
import { Emulator } from '../../../lib/emulator';
import { appMeshClientFor } from '../appmesh/helpers';

const ROOT = join(__dirname, '..', '..', '..');

describe('Emulator persistence (--state FILE)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshops-state-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets two emulators on one state file see each other’s writes, and a restart keep them', async () => {
    const stateFile = join(dir, 'state.json');
    const one = appMeshClientFor(new Emulator({ stateFile }));
    const two = appMeshClientFor(new Emulator({ stateFile }));
    await one.send(new CreateMeshCommand({ meshName: 'm' }));
    await two.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'from-two', spec: { listeners: [] } }));
    expect((await one.send(new ListVirtualNodesCommand({ meshName: 'm' }))).virtualNodes!.map((n) => n.virtualNodeName)).toEqual(['from-two']);
    const restarted = appMeshClientFor(new Emulator({ stateFile }));
    expect((await restarted.send(new DescribeMeshCommand({ meshName: 'm' }))).mesh!.status!.status).toBe('ACTIVE');
    // The file is plain JSON, replaced atomically: no temporary or lock file is left behind.
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).appmesh.resources).toBeDefined();
    expect(readFileSync(stateFile, 'utf8')).toContain('from-two');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('never corrupts the file or loses a write when two processes hammer it at once', async () => {
    const stateFile = join(dir, 'state.json');
    const script = join(dir, 'hammer.cjs');
    buildSync({ entryPoints: [join(__dirname, 'fixtures', 'hammer-state-file.ts')], outfile: script, bundle: true, platform: 'node', format: 'cjs', packages: 'external', absWorkingDir: ROOT, nodePaths: [join(ROOT, 'node_modules')], logLevel: 'silent' });
    const seed = appMeshClientFor(new Emulator({ stateFile }));
    await seed.send(new CreateMeshCommand({ meshName: 'shared' }));
    await seed.send(new CreateVirtualNodeCommand({ meshName: 'shared', virtualNodeName: 'contended', spec: { listeners: [] } }));
    const CREATES = 30;
    const UPDATES = 15;
    const run = (writer: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [script, stateFile, writer, String(CREATES), String(UPDATES)], {
          cwd: ROOT,
          env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([run('a'), run('b')]);
    expect(results).toEqual([
      { code: 0, stderr: '' },
      { code: 0, stderr: '' },
    ]);
    const reader = appMeshClientFor(new Emulator({ stateFile }));
    const names: string[] = [];
    for await (const page of paginateListVirtualNodes({ client: reader }, { meshName: 'shared' })) names.push(...page.virtualNodes!.map((n) => n.virtualNodeName!));
    expect(names).toHaveLength(2 * CREATES + 1);
    expect(names.filter((n) => n.startsWith('wa-'))).toHaveLength(CREATES);
    expect(names.filter((n) => n.startsWith('wb-'))).toHaveLength(CREATES);
    // Every update of the one contended node counted: no lost update.
    expect((await reader.send(new DescribeVirtualNodeCommand({ meshName: 'shared', virtualNodeName: 'contended' }))).virtualNode!.metadata!.version).toBe(1 + 2 * UPDATES);
    expect(() => JSON.parse(readFileSync(stateFile, 'utf8'))).not.toThrow();
    // Processes seeded apart: no two resources share a uid.
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { appmesh: { resources: Record<string, { uid: string }> } };
    const uids = Object.values(state.appmesh.resources).map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });
});
