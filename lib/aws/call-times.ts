import type { InitializeMiddleware } from '@smithy/types';

export interface OperationTime {
  /** The API operation (`DescribeVirtualNode`) or, for an apply, what an operation does (`create VirtualNode`). */
  name: string;
  count: number;
  meanMs: number;
}

export type CallTimesMark = ReadonlyMap<string, { readonly count: number; readonly totalMs: number }>;

/**
 * Count and time per kind of thing done (API operations of a run, or an apply's operations): what
 * a progress line names as the slowest kind so far. Counts every attempt, retries included.
 */
export class CallTimes {
  private readonly byName = new Map<string, { count: number; totalMs: number }>();

  record(name: string, ms: number): void {
    const entry = this.byName.get(name);
    if (entry) {
      entry.count++;
      entry.totalMs += ms;
    } else {
      this.byName.set(name, { count: 1, totalMs: ms });
    }
  }

  /** What has been recorded so far, to count from (`slowest(since)`). */
  mark(): CallTimesMark {
    return new Map([...this.byName].map(([name, e]) => [name, { ...e }]));
  }

  /** The kind with the longest mean time so far, or since `mark` (ties: the first seen). */
  slowest(since?: CallTimesMark): OperationTime | undefined {
    let best: OperationTime | undefined;
    for (const [name, entry] of this.byName) {
      const before = since?.get(name);
      const count = entry.count - (before?.count ?? 0);
      if (count <= 0) continue;
      const meanMs = (entry.totalMs - (before?.totalMs ?? 0)) / count;
      if (!best || meanMs > best.meanMs) best = { name, count, meanMs };
    }
    return best;
  }
}

/**
 * An SDK middleware that records each request's time under its operation's name (the command's
 * name without `Command`). Added once to a client's stack, before its first call.
 */
export function callTimesMiddleware<I extends object, O extends object>(times: CallTimes, now: () => number = () => performance.now()): InitializeMiddleware<I, O> {
  return (next, context) => async (args) => {
    const start = now();
    try {
      return await next(args);
    } finally {
      times.record((context.commandName ?? 'call').replace(/Command$/, ''), now() - start);
    }
  };
}
