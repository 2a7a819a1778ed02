import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithAwsCli, runAwsCli } from '../support/aws-cli';
import { cli } from '../support/cli';
import { startMeshopsEmulator, type RunningMeshopsEmulator } from '../emulator/wire/meshops-process';

/**
 * Issue 4's "done when": changes made behind meshops' back with the AWS CLI against
 * `meshops emulator --state` show up as the right drift.
 */
describeWithAwsCli('drift made with the AWS CLI against meshops emulator --state', () => {
  let cwd: string;
  let emulator: RunningMeshopsEmulator;
  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'meshops-drift-cli-'));
    cpSync(join(__dirname, '..', '..', 'mesh-repo-template'), join(cwd, 'repo'), { recursive: true });
    emulator = await startMeshopsEmulator(['--port', '0', '--state', join(cwd, 'emulator.json')]);
  });
  afterAll(async () => {
    await emulator?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('classifies an edited route as changed, a deleted one as missing and a hand-made node as unmanaged', async () => {
    const target = ['--endpoint', emulator.url];
    expect((await cli(['apply', 'repo', '--auto-approve', ...target], { cwd })).code).toBe(0);
    const aws = async (...args: string[]) => {
      const out = await runAwsCli('appmesh', args, emulator.url);
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
    };
    await aws('update-route', '--mesh-name', 'watches', '--virtual-router-name', 'search-router', '--route-name', 'canary', '--spec', JSON.stringify({ priority: 10, httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'search-v2', weight: 100 }] } } }));
    await aws('delete-route', '--mesh-name', 'watches', '--virtual-router-name', 'search-router', '--route-name', 'default');
    await aws('create-virtual-node', '--mesh-name', 'watches', '--virtual-node-name', 'debug-shell', '--spec', JSON.stringify({ listeners: [{ portMapping: { port: 22, protocol: 'tcp' } }], serviceDiscovery: { dns: { hostname: 'debug.watches.local' } } }));

    const drift = await cli(['drift', 'repo', '--json', '--detailed-exitcode', ...target], { cwd });
    expect(drift.code).toBe(2);
    const items = (JSON.parse(drift.stdout) as { drift: { class: string; kind: string; name: string }[] }).drift.map((d) => `${d.class} ${d.kind} ${d.name}`);
    expect(items.sort()).toEqual(['changed Route canary', 'missing Route default', 'unmanaged VirtualNode debug-shell']);

    // Applying Git again repairs what it owns and leaves the hand-made node alone.
    expect((await cli(['apply', 'repo', '--auto-approve', ...target], { cwd })).code).toBe(0);
    const after = JSON.parse((await cli(['drift', 'repo', '--json', ...target], { cwd })).stdout) as { drift: { class: string; name: string }[] };
    expect(after.drift.map((d) => `${d.class} ${d.name}`)).toEqual(['unmanaged debug-shell']);
  }, 120_000);
});
