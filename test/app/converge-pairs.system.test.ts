import { applyPairsConverge } from './support/converge';

/**
 * The deep run of apply(A) then apply(B): hundreds of generated pairs, a new seed each run (fast-check
 * prints it on a failure; MESHOPS_PROPERTY_SEED replays one). MESHOPS_PROPERTY_RUNS changes the count.
 */
const NUM_PAIRS = Number(process.env.MESHOPS_PROPERTY_RUNS ?? 200);
const SEED = process.env.MESHOPS_PROPERTY_SEED ? Number(process.env.MESHOPS_PROPERTY_SEED) : undefined;

describe('plan and apply against the emulator (properties, deep run)', () => {
  it(`apply(A) then apply(B) leaves live equal to B and plan(B) empty (${NUM_PAIRS} pairs)`, async () => {
    const seen = await applyPairsConverge({ numRuns: NUM_PAIRS, ...(SEED !== undefined ? { seed: SEED } : {}) });
    // The generator must exercise what the property is about.
    expect(seen.deletes).toBeGreaterThan(NUM_PAIRS / 4);
    expect(seen.replaces).toBeGreaterThan(0);
    expect(seen.listenerChanges).toBeGreaterThan(0);
  }, 600_000);
});
