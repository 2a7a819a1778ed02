/**
 * Moving the priorities of existing Lattice rules. A listener's priorities are unique at every
 * moment, so two rules that swap (or any cycle of moves) cannot be written one UpdateRule at a
 * time. BatchUpdateRule checks a batch against the listener as it will be after the whole batch,
 * so the moves of one listener go in one batch. AWS's API reference allows 5 rules a batch (its
 * service model says 10); more moves than that go through free priorities in two rounds.
 */

/** Rules a BatchUpdateRule call carries: the lower of the documented limits. */
export const RULES_PER_BATCH = 5;
/** Lattice rule priorities are 1 to 2000. */
export const MAX_RULE_PRIORITY = 2000;

export interface PriorityMove {
  key: string;
  from: number;
  to: number;
}

export interface PriorityWrite {
  key: string;
  priority: number;
  /** The move's last write, which also carries the rule's match and action. */
  final: boolean;
}

/**
 * The batches that carry out `moves`, in order, each valid on its own: after every batch no two
 * rules share a priority. `held` is every priority in use on the listener now (movers included).
 * Up to RULES_PER_BATCH moves: one batch. More: first every mover goes to a priority that is free
 * and no mover's target (the highest ones, so that they match after the others meanwhile), then
 * each goes to its target, which is then free.
 */
export function priorityBatches(moves: readonly PriorityMove[], held: readonly number[], perBatch = RULES_PER_BATCH): PriorityWrite[][] {
  if (moves.length <= perBatch) return moves.length ? [moves.map((m) => ({ key: m.key, priority: m.to, final: true }))] : [];
  const taken = new Set([...held, ...moves.map((m) => m.from), ...moves.map((m) => m.to)]);
  const spare: number[] = [];
  for (let p = MAX_RULE_PRIORITY; p >= 1 && spare.length < moves.length; p--) if (!taken.has(p)) spare.push(p);
  if (spare.length < moves.length) throw new Error(`${moves.length} rules change priority on one listener and only ${spare.length} priorities are free to move them through`);
  // The lowest current priority takes the lowest spare one: the movers keep their order meanwhile.
  const byFrom = [...moves].sort((a, b) => a.from - b.from);
  spare.reverse();
  const park = byFrom.map((m, i) => ({ key: m.key, priority: spare[i], final: false }));
  const land = byFrom.map((m) => ({ key: m.key, priority: m.to, final: true }));
  return [...chunks(park, perBatch), ...chunks(land, perBatch)];
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
