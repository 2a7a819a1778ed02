import { applyPairsConverge, generatedReposAreValid, interruptedAppliesConverge } from './support/converge';

/**
 * Plan and apply against the emulator, as properties over generated repositories: the quick run
 * (a fixed seed, so the same cases every time). converge-*.system.test.ts run the same properties
 * over hundreds of new cases each time.
 */
const SEED = Number(process.env.MESHOPS_PROPERTY_SEED ?? 20261202);

describe('plan and apply against the emulator (properties, quick run)', () => {
  it('generated repositories are valid meshops repositories', () => {
    generatedReposAreValid({ numRuns: 50, seed: SEED });
  });

  it('apply(A) then apply(B) leaves live equal to B and plan(B) empty (25 pairs)', async () => {
    const seen = await applyPairsConverge({ numRuns: 25, seed: SEED });
    // The cases must exercise what the property is about.
    expect(seen.deletes).toBeGreaterThan(25 / 4);
    expect(seen.replaces).toBeGreaterThan(0);
    expect(seen.listenerChanges).toBeGreaterThan(0);
  }, 120_000);

  it('an apply interrupted after any number of operations converges on re-run (1 pair)', async () => {
    await interruptedAppliesConverge({ numRuns: 1, seed: SEED });
  }, 120_000);
});
