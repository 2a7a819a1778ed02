import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDesired } from '../../lib/app/apply-desired';
import { detectDriftDesired } from '../../lib/app/detect-drift';
import { createEngine, type Engine } from '../../lib/app/engine';
import { planDesired } from '../../lib/app/plan-desired';
import { Emulator } from '../../lib/emulator/emulator';
import { LocalStateStore } from '../../lib/state/local-state-store';
import { canaryRepo, state } from '../support/builders';

const REPO = 'acme/mesh-config';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshops-warm-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function engineOn(emulator: Emulator): Engine {
  // A new engine (and store object) per run, as each CLI process or Lambda invocation builds one.
  return createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator, retry: { baseDelayMs: 1 } });
}

const describes = (emulator: Emulator) => Object.entries(emulator.callStats().byOperation).filter(([op]) => op.startsWith('Describe')).reduce((n, [, c]) => n + c, 0);

describe('warm plans: the version-keyed Describe cache serves pull-request plans and applies', () => {
  it('a pull request plan after an apply and a drift check describes nothing; the write it shows is described once, by the apply', async () => {
    const emulator = new Emulator();
    const applied = await applyDesired(state(canaryRepo()), engineOn(emulator), { repo: REPO, holder: 'test', lockTimeoutMs: 60_000 });
    expect(applied.result.status).toBe('applied');
    // Every resource was just written: the first read after the apply describes them once.
    emulator.resetCallStats();
    await detectDriftDesired(state(canaryRepo()), engineOn(emulator), { repo: REPO });
    expect(describes(emulator)).toBe(7);

    const change = canaryRepo([70, 30]);
    emulator.resetCallStats();
    const pr = await planDesired(state(change), engineOn(emulator), { repo: REPO });
    expect(pr.plan.changes.map((c) => `${c.action} ${c.id}`)).toEqual(['update Route/watches/search-router/canary']);
    expect(describes(emulator)).toBe(0);
    expect(pr.readStats).toMatchObject({ describes: 0, describesFromCache: 7 });

    // The apply after the merge re-plans from the cache too; only the stale-plan check reads the route.
    emulator.resetCallStats();
    const merged = await applyDesired(state(change), engineOn(emulator), { repo: REPO, holder: 'test', lockTimeoutMs: 60_000 });
    expect(merged.result.status).toBe('applied');
    expect(emulator.callStats().byOperation).toMatchObject({ DescribeRoute: 1, UpdateRoute: 1 });
    expect(describes(emulator)).toBe(1);

    // The route's version moved: the next plan describes it, and only it.
    emulator.resetCallStats();
    const next = await planDesired(state(change), engineOn(emulator), { repo: REPO });
    expect(next.plan.changes).toEqual([]);
    expect(emulator.callStats().byOperation).toMatchObject({ DescribeRoute: 1 });
    expect(describes(emulator)).toBe(1);
  });
});
