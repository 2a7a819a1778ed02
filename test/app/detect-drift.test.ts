import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppMeshClient, CreateVirtualNodeCommand, DeleteRouteCommand, UntagResourceCommand, UpdateRouteCommand } from '@aws-sdk/client-app-mesh';
import { applyDesired } from '../../lib/app/apply-desired';
import { detectDriftDesired } from '../../lib/app/detect-drift';
import { createEngine, type Engine } from '../../lib/app/engine';
import { ManualClock } from '../../lib/emulator/core/clock';
import { Emulator, type EmulatorOptions } from '../../lib/emulator/emulator';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import { LocalStateStore } from '../../lib/state/local-state-store';
import { OWNER_TAG } from '../../lib/resources/types';
import { canaryRepo, httpNode, state } from '../support/builders';

const REPO = 'acme/mesh-config';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshops-drift-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The engine, and an independent SDK client on the same emulated account: the "console user". */
function setup(options: EmulatorOptions = {}): { engine: Engine; client: AppMeshClient } {
  const emulator = new Emulator(options);
  const engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator, retry: { baseDelayMs: 1 } });
  const client = new AppMeshClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => emulator.handle(r)) });
  return { engine, client };
}

const applied = async (engine: Engine, resources = canaryRepo()) => {
  const out = await applyDesired(state(resources), engine, { repo: REPO, holder: 'test', lockTimeoutMs: 60_000 });
  expect(out.result.error).toBeUndefined();
  expect(out.result.status).toBe('applied');
};

describe('detectDriftDesired', () => {
  it('reports nothing right after an apply', async () => {
    const { engine } = setup();
    await applied(engine);
    const { report } = await detectDriftDesired(state(canaryRepo()), engine, { repo: REPO });
    expect(report.items).toEqual([]);
  });

  it('classifies out-of-band edits, deletions, creations and Git being ahead', async () => {
    const { engine, client } = setup();
    await applied(engine);
    // changed: a weight edited in the console
    await client.send(new UpdateRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'canary', spec: { priority: 10, httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'search-v1', weight: 1 }] } } } }));
    // missing: a route deleted outside Git
    await client.send(new DeleteRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'default' }));
    // unmanaged: a node created by hand in the managed mesh
    await client.send(new CreateVirtualNodeCommand({ meshName: 'watches', virtualNodeName: 'hand-made', spec: httpNode('hand-made').spec as never }));
    // pending: Git declares a new node that was never applied
    const gitAhead = [...canaryRepo(), httpNode('search-v3')];
    const { report, newItems } = await detectDriftDesired(state(gitAhead), engine, { repo: REPO });
    const classes = Object.fromEntries(report.items.map((i) => [i.id, i.class]));
    expect(classes).toEqual({
      'Route/watches/search-router/canary': 'changed',
      'Route/watches/search-router/default': 'missing',
      'VirtualNode/watches/hand-made': 'unmanaged',
      'VirtualNode/watches/search-v3': 'pending',
    });
    expect(report.summary).toEqual({ changed: 1, missing: 1, unmanaged: 1, pending: 1 });
    expect(newItems).toHaveLength(4);
    const canary = report.items.find((i) => i.id.endsWith('canary'))!;
    expect(canary.diff.length).toBeGreaterThan(0);

    // The next check announces nothing new and keeps the first-seen times.
    const again = await detectDriftDesired(state(gitAhead), engine, { repo: REPO });
    expect(again.newItems).toEqual([]);
    expect(again.report.items.map((i) => i.firstSeen)).toEqual(report.items.map((i) => i.firstSeen));
  });

  // Regression: the apply did not refresh the tag cache, so drift called meshops' own tag change an edit outside Git.
  it.each([
    ['an up-to-date Tagging API', {}],
    ['a Tagging API that lags 5 minutes behind', { tagging: { lagMs: 300_000 }, clock: new ManualClock() }],
  ])('reports nothing after an apply that changed a tag in Git, with %s', async (_name, options: EmulatorOptions) => {
    const { engine } = setup(options);
    await applied(engine);
    await detectDriftDesired(state(canaryRepo()), engine, { repo: REPO });
    (options.clock as ManualClock | undefined)?.advance(600_000);
    const retagged = canaryRepo().map((r) => (r.name === 'search-v1' ? { ...r, tags: { ...r.tags, team: 'search' } } : r));
    await applied(engine, retagged);
    const { report } = await detectDriftDesired(state(retagged), engine, { repo: REPO });
    expect(report.items).toEqual([]);
    const again = await detectDriftDesired(state(retagged), engine, { repo: REPO });
    expect(again.report.items).toEqual([]);
  });

  it('reports a removed owner tag as changed', async () => {
    const { engine, client } = setup();
    await applied(engine);
    const live = await engine.apis.appMesh.describe({ kind: 'VirtualNode', mesh: 'watches', name: 'search-v2' });
    await client.send(new UntagResourceCommand({ resourceArn: live!.arn, tagKeys: [OWNER_TAG] }));
    const { report } = await detectDriftDesired(state(canaryRepo()), engine, { repo: REPO });
    expect(report.items.map((i) => [i.id, i.class])).toEqual([['VirtualNode/watches/search-v2', 'changed']]);
  });
});
