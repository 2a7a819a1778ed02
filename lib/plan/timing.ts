/**
 * Where an operation runs when its default place would fail (docs/design.md §2, "Ordering"):
 * - `first`: the delete runs in the first phase, before anything is created (a replaced Cloud Map
 *   namespace's services, so that the namespace can go and its name is free again);
 * - `before-parent`: the delete or update runs in the step just before its parent's (a route that no
 *   longer fits its router's new listeners, a Lattice rule whose priority another rule takes).
 * The steps that decide this return it by resource id; the schedule turns it into task keys.
 */
export type Timing = 'first' | 'before-parent';

export type Timings = ReadonlyMap<string, Timing>;

/** Timings of several steps in one map (a resource is moved by one step at most). */
export function mergeTimings(...all: Timings[]): Map<string, Timing> {
  const out = new Map<string, Timing>();
  for (const timings of all) for (const [id, t] of timings) out.set(id, t);
  return out;
}
