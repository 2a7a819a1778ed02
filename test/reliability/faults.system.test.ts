import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runFaultScenario, type FaultRunFigures } from './support/fault-run';

/**
 * Fault suite, CI size: 20% throttling, 2% server errors (half of them after the change was
 * committed) and 0–4 ms latency jitter on every call, seeded. Each seed applies the generated
 * repository's version 1 to an empty account and then version 2 (creates, updates, re-tags,
 * Cloud Map updates and deletes). The full size runs in `npm run soak`.
 */
const SEEDS = [101, 202, 303, 404];
/**
 * Four attempts per call instead of eight, and 8% of operations stopped on purpose in the first two
 * rounds: applies fail part-way and are run again, the re-run path under faults.
 */
const TIGHT_SEEDS = [505, 606, 707, 808];
const SIZE = { meshes: 1, servicesPerMesh: 5 };
const FAULTS = { throttleRate: 0.2, errorRate: 0.02, latencyJitterMs: 4 };

describe('apply under throttling, server errors and jitter converges, losing and duplicating nothing', () => {
  const runs: FaultRunFigures[] = [];
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    const out = join(__dirname, '..', '..', '.tmp', 'reliability');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'faults.json'), JSON.stringify({ size: SIZE, faults: FAULTS, runs, lines: runs.flatMap(describeRun) }, null, 2));
  });

  it.each([...SEEDS.map((s) => [s, 8]), ...TIGHT_SEEDS.map((s) => [s, 4])])('seed %i, %i attempts per call', async (seed, attempts) => {
    const stateDir = mkdtempSync(join(tmpdir(), 'meshops-faults-'));
    dirs.push(stateDir);
    const tight = attempts < 8;
    const run = await runFaultScenario({ seed, ...SIZE, faults: FAULTS, maxRounds: 20, stateDir, retry: { attempts, baseDelayMs: 1, maxDelayMs: 8 }, ...(tight ? { interruptRate: 0.08 } : {}) });
    runs.push(run);
    expect(run.phases.map((p) => p.version)).toEqual([1, 2]);
    const [v1, v2] = run.phases;
    expect(v1!.planned).toMatchObject({ create: v1!.resources, update: 0, delete: 0 });
    expect(v2!.planned).toMatchObject({ create: 14, update: 7, delete: 7, replace: 0 });
    for (const phase of run.phases) {
      expect(phase.converged).toBe(true);
      expect(phase.finalPlanChanges).toBe(0);
      expect(phase.comparison).toEqual({ missing: [], extra: [], duplicates: [], replaced: [], untagged: [] });
      // The faults really happened: a run without them would prove nothing.
      expect(phase.faults.throttled).toBeGreaterThan(0);
    }
    expect(run.replaced).toEqual([]);
    expect(run.phases.reduce((n, p) => n + p.faults.errorsBefore + p.faults.errorsAfter, 0)).toBeGreaterThan(0);
    if (tight) expect(run.phases.some((p) => p.rounds.length > 1)).toBe(true);
  });
});
