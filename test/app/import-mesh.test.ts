import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDesired } from '../../lib/app/apply-desired';
import { createEngine, type Engine } from '../../lib/app/engine';
import { importMesh } from '../../lib/app/import-mesh';
import { planDesired } from '../../lib/app/plan-desired';
import { Emulator } from '../../lib/emulator/emulator';
import { loadDesiredState } from '../../lib/model';
import { hasChanges } from '../../lib/plan/types';
import { OWNER_TAG } from '../../lib/resources/types';
import { readLocalSnapshot } from '../../lib/source';
import { LocalStateStore } from '../../lib/state/local-state-store';

const TEMPLATE = join(__dirname, '..', '..', 'mesh-repo-template');
let dir: string;
let engine: Engine;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshops-import-'));
  engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir: join(dir, 'state') }), emulator: new Emulator(), retry: { baseDelayMs: 1 } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function applyTemplate() {
  const loaded = loadDesiredState(await readLocalSnapshot(TEMPLATE));
  expect(loaded.state).toBeDefined();
  const out = await applyDesired(loaded.state!, engine, { repo: 'acme/mesh-config', holder: 'test', lockTimeoutMs: 60_000 });
  expect(out.result.status).toBe('applied');
  return loaded.state!;
}

function loadImported(files: { path: string; content: string }[]) {
  const enc = new TextEncoder();
  return loadDesiredState({ repo: 'imported', files: files.map((f) => ({ path: f.path, content: enc.encode(f.content) })) });
}

describe('importMesh', () => {
  it('writes the template mesh back as a repo that plans to zero changes', async () => {
    const original = await applyTemplate();
    const imported = await importMesh(engine, { mesh: 'watches', region: 'us-east-1' });
    expect(imported.owner).toBe('acme/mesh-config');
    expect(imported.resources).toBe(original.resources.length);
    const loaded = loadImported(imported.files);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { plan } = await planDesired(loaded.state!, engine, { repo: 'acme/mesh-config' });
    expect(plan.changes).toEqual([]);
    expect(imported.files.map((f) => f.path)).toEqual(expect.arrayContaining(['meshops.yaml', 'mesh/watches/mesh.yaml', 'mesh/cloud-map/watches.yaml', 'schema/resources.json']));
  });

  it('asks for an owner when the resources carry none, and then plans adoptions', async () => {
    await applyTemplate();
    // Strip our tag from everything in the mesh, as if it had been created by hand.
    const live = await engine.apis.appMesh.listAll('VirtualNode', { mesh: 'watches' });
    const mesh = await engine.apis.appMesh.describe({ kind: 'Mesh', name: 'watches' });
    for (const arn of [mesh!.arn, ...live.map((r) => r.arn)]) {
      await engine.apis.appMesh.untag(arn, [OWNER_TAG]);
    }
    await expect(importMesh(engine, { mesh: 'watches', region: 'us-east-1' })).rejects.toThrow('pass --owner');
    const imported = await importMesh(engine, { mesh: 'watches', region: 'us-east-1', owner: 'acme/mesh-config' });
    const { plan } = await planDesired(loadImported(imported.files).state!, engine, { repo: 'acme/mesh-config' });
    expect(hasChanges(plan)).toBe(true);
    expect(plan.summary.adopt).toBe(live.length + 1);
    expect(plan.summary.create + plan.summary.update + plan.summary.delete).toBe(0);
  });

  it('refuses a mesh that does not exist', async () => {
    await expect(importMesh(engine, { mesh: 'nope', region: 'us-east-1' })).rejects.toThrow('mesh nope does not exist');
  });
});
