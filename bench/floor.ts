/**
 * The floor: the least time a scenario's unavoidable API calls can take when every call costs the
 * same latency and at most `concurrency` calls are in flight. Calls form a DAG (a list page needs
 * the previous page's token, a describe needs the page that named the resource, a route's create
 * needs its router's). With equal durations time advances in rounds of one latency each, and:
 *
 *   lower bound = max(critical path, ⌈calls / concurrency⌉, and for every d ≥ 1:
 *                     d + ⌈calls that cannot start in the first d rounds / concurrency⌉,
 *                     d + ⌈calls that start a chain longer than d / concurrency⌉)
 *                 (no schedule beats it: the first d rounds cannot help with the former, the
 *                  last d rounds cannot hold the latter's first calls)
 *   list schedule = rounds taken by filling each round with the ready calls that head the longest
 *                   remaining chains (Hu's rule)                          (a schedule that exists)
 *
 * The optimum lies between the two; when they are equal (so far, always here) the floor is exact.
 */

export interface CallGraph {
  /** Operation of each call (`ListRoutes`), for the breakdown. */
  ops: string[];
  /** `deps[i]`: calls that must complete before call i starts. */
  deps: number[][];
}

export class CallGraphBuilder {
  readonly ops: string[] = [];
  readonly deps: number[][] = [];

  /** Adds a call after `after` (ids of earlier calls); returns its id. */
  add(op: string, after: readonly number[] = []): number {
    for (const d of after) if (!(d >= 0 && d < this.ops.length)) throw new RangeError(`call ${this.ops.length} (${op}) depends on unknown call ${d}`);
    this.ops.push(op);
    this.deps.push([...new Set(after)]);
    return this.ops.length - 1;
  }

  get size(): number {
    return this.ops.length;
  }

  build(): CallGraph {
    return { ops: [...this.ops], deps: this.deps.map((d) => [...d]) };
  }
}

export interface Floor {
  calls: number;
  /** Longest dependency chain, in calls. */
  criticalPath: number;
  /** No schedule takes fewer rounds (see the top of this file). */
  lowerBoundRounds: number;
  /** Rounds of the critical-path-first list schedule (≥ the lower bound, ≥ the optimum). */
  scheduleRounds: number;
  lowerBoundMs: number;
  /** The floor reported: the list schedule's rounds × latency. */
  floorMs: number;
  callsByOperation: Record<string, number>;
}

/** Calls that must follow each call: the reverse edges. */
function successorsOf(graph: CallGraph): number[][] {
  const succ: number[][] = graph.ops.map(() => []);
  graph.deps.forEach((deps, i) => deps.forEach((d) => succ[d].push(i)));
  return succ;
}

/** Topological order (Kahn); throws on a cycle, which would be a bug in a graph builder. */
function topologicalOrder(graph: CallGraph, succ: number[][]): number[] {
  const indegree = graph.deps.map((d) => d.length);
  const order: number[] = [];
  const ready = indegree.flatMap((n, i) => (n === 0 ? [i] : []));
  while (ready.length) {
    const i = ready.pop()!;
    order.push(i);
    for (const s of succ[i]) if (--indegree[s] === 0) ready.push(s);
  }
  if (order.length !== graph.ops.length) throw new Error('the call graph has a cycle');
  return order;
}

/** For each call, the number of calls on the longest chain that starts with it. */
export function chainLengths(graph: CallGraph): number[] {
  const succ = successorsOf(graph);
  const order = topologicalOrder(graph, succ);
  const level = graph.ops.map(() => 1);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    for (const s of succ[i]) level[i] = Math.max(level[i], 1 + level[s]);
  }
  return level;
}

/** For each call, the earliest round (1-based) it can run in: one after the latest of its dependencies. */
export function earliestRounds(graph: CallGraph): number[] {
  const succ = successorsOf(graph);
  const order = topologicalOrder(graph, succ);
  const earliest = graph.ops.map(() => 1);
  for (const i of order) for (const s of succ[i]) earliest[s] = Math.max(earliest[s], earliest[i] + 1);
  return earliest;
}

/** The lower bound on rounds described at the top of this file. */
export function lowerBoundRounds(graph: CallGraph, concurrency: number): number {
  const n = graph.ops.length;
  if (n === 0) return 0;
  const bound = (depths: number[]): number => {
    // counts[d]: calls at depth d (1-based); callsBeyond(d) = calls whose depth exceeds d.
    const max = Math.max(...depths);
    const counts = new Array<number>(max + 2).fill(0);
    for (const d of depths) counts[d]++;
    let beyond = n;
    let best = max;
    for (let d = 0; d <= max; d++) {
      beyond -= counts[d];
      best = Math.max(best, d + Math.ceil(beyond / concurrency));
    }
    return best;
  };
  return Math.max(bound(earliestRounds(graph)), bound(chainLengths(graph)));
}

/** Rounds of the list schedule: each round runs up to `concurrency` ready calls, longest chain first (ties: lower id). */
export function listScheduleRounds(graph: CallGraph, concurrency: number): number {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer (got ${concurrency})`);
  const n = graph.ops.length;
  if (n === 0) return 0;
  const succ = successorsOf(graph);
  const level = chainLengths(graph);
  const waiting = graph.deps.map((d) => d.length);
  let ready = waiting.flatMap((w, i) => (w === 0 ? [i] : []));
  let done = 0;
  let rounds = 0;
  while (done < n) {
    ready.sort((a, b) => level[b] - level[a] || a - b);
    const run = ready.slice(0, concurrency);
    ready = ready.slice(concurrency);
    rounds++;
    done += run.length;
    for (const i of run) for (const s of succ[i]) if (--waiting[s] === 0) ready.push(s);
  }
  return rounds;
}

export function computeFloor(graph: CallGraph, concurrency: number, latencyMs: number): Floor {
  const calls = graph.ops.length;
  const criticalPath = calls === 0 ? 0 : Math.max(...chainLengths(graph));
  const lower = lowerBoundRounds(graph, concurrency);
  const scheduleRounds = listScheduleRounds(graph, concurrency);
  const callsByOperation: Record<string, number> = {};
  for (const op of graph.ops) callsByOperation[op] = (callsByOperation[op] ?? 0) + 1;
  return {
    calls,
    criticalPath,
    lowerBoundRounds: lower,
    scheduleRounds,
    lowerBoundMs: lower * latencyMs,
    floorMs: scheduleRounds * latencyMs,
    callsByOperation,
  };
}
