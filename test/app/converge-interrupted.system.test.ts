import { interruptedAppliesConverge } from './support/converge';

/**
 * The deep run of interrupted applies: for generated pairs (A, B), the apply from A to B killed
 * after each possible number of operations, then re-run, converges. A new seed each run
 * (MESHOPS_PROPERTY_SEED replays one).
 */
const SEED = process.env.MESHOPS_PROPERTY_SEED ? Number(process.env.MESHOPS_PROPERTY_SEED) : undefined;

describe('plan and apply against the emulator (properties, deep run)', () => {
  it('an apply interrupted after any number of operations converges on re-run (10 pairs)', async () => {
    await interruptedAppliesConverge({ numRuns: 10, ...(SEED !== undefined ? { seed: SEED } : {}) });
  }, 600_000);
});
