import fc from 'fast-check';
import { MAX_RULE_PRIORITY, priorityBatches, RULES_PER_BATCH } from '../../lib/apply/lattice-rule-priorities';

/** A listener's rules (distinct priorities) and a permutation of some of them onto distinct targets. */
const listenerAndMoves = fc
  .uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 })
  .chain((held) =>
    fc.tuple(
      fc.constant(held),
      fc.subarray(held.map((_, i) => i)),
      fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: held.length, maxLength: held.length }),
    ),
  )
  .map(([held, moving, fresh]) => {
    // Movers take priorities that nobody else keeps.
    const kept = new Set(held.filter((_, i) => !moving.includes(i)));
    const targets = fresh.filter((p) => !kept.has(p));
    const moves = moving.slice(0, targets.length).map((i, j) => ({ key: `r${i}`, from: held[i], to: targets[j] })).filter((m) => m.from !== m.to);
    return { held, moves };
  });

describe('priorityBatches', () => {
  it('every batch leaves the listener without a shared priority, and the last write of each move is its target', () => {
    fc.assert(
      fc.property(listenerAndMoves, ({ held, moves }) => {
        const at = new Map(held.map((p, i) => [`r${i}`, p]));
        const batches = priorityBatches(moves, held);
        for (const batch of batches) {
          expect(batch.length).toBeLessThanOrEqual(RULES_PER_BATCH);
          for (const w of batch) at.set(w.key, w.priority);
          expect(new Set(at.values()).size).toBe(at.size);
          for (const p of at.values()) expect(p >= 1 && p <= MAX_RULE_PRIORITY).toBe(true);
        }
        for (const m of moves) expect(at.get(m.key)).toBe(m.to);
        const finals = batches.flat().filter((w) => w.final).map((w) => w.key);
        expect(finals.sort()).toEqual(moves.map((m) => m.key).sort());
        expect(batches.length).toBe(moves.length === 0 ? 0 : moves.length <= RULES_PER_BATCH ? 1 : 2 * Math.ceil(moves.length / RULES_PER_BATCH));
      }),
    );
  });

  it('a swap is one batch', () => {
    expect(priorityBatches([{ key: 'a', from: 2, to: 3 }, { key: 'b', from: 3, to: 2 }], [2, 3, 4])).toEqual([[{ key: 'a', priority: 3, final: true }, { key: 'b', priority: 2, final: true }]]);
  });

  it('parks the movers in their old order at the highest free priorities', () => {
    const moves = ['a', 'b', 'c', 'd', 'e', 'f'].map((key, i) => ({ key, from: i + 1, to: ((i + 1) % 6) + 1 }));
    const [park] = priorityBatches(moves, [1, 2, 3, 4, 5, 6, 2000]);
    expect(park.map((w) => w.priority)).toEqual([1994, 1995, 1996, 1997, 1998]);
  });
});
