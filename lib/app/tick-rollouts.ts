import { LockHeldError } from '../state/errors';
import type { LockHandle } from '../state/types';
import { abort, isTransition, pendingOf, promote, tick, withPending, type Hold, type Transition } from '../rollout/machine';
import type { RolloutBook, RolloutRecord } from '../rollout/types';
import type { Engine } from './engine';
import type { RolloutPorts } from './rollout-ports';

export interface RolloutRunOptions {
  repo: string;
  /** Who holds the lock: `cli:<host>:<pid>`, `lambda:<request id>`. */
  holder: string;
  lockTimeoutMs: number;
  lockWaitMs?: number;
  /** The tick's time (default: the engine's clock). */
  at?: Date;
  /** Called between writing the record with its pending transition and writing the weights (tests kill the process here). */
  beforeWeights?: (record: RolloutRecord) => void | Promise<void>;
}

/** What one rollout did in a run. */
export interface RolloutOutcome {
  id: string;
  /** The record after the run. */
  record: RolloutRecord;
  transition?: Transition;
  hold?: Hold;
  /** A transition a killed run had left half-way, finished by this one. */
  resumed?: boolean;
}

export interface RolloutRun {
  status: 'done' | 'locked';
  outcomes: RolloutOutcome[];
  message?: string;
}

export type RolloutCommand = { kind: 'tick' } | { kind: 'promote'; route?: string; by: string } | { kind: 'abort'; route?: string; by: string };

/**
 * Under the repository's lock: finish any transition a killed run left half-way, then tick every
 * rollout in progress (alarms first, then the clock), or promote / abort. Each transition is
 * written in three moves: the record with the transition pending, the weights on every target,
 * the record done. A run killed between any two converges on the next run.
 */
export async function runRollouts(engine: Engine, ports: RolloutPorts, command: RolloutCommand, options: RolloutRunOptions): Promise<RolloutRun> {
  let lock: LockHandle;
  try {
    lock = await engine.store.acquireLock(options.repo, { holder: options.holder, purpose: `rollout ${command.kind}`, timeoutMs: options.lockTimeoutMs, ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}) });
  } catch (err) {
    if (!(err instanceof LockHeldError)) throw err;
    return { status: 'locked', outcomes: [], message: err.message };
  }
  try {
    const now = options.at ?? engine.now();
    let book: RolloutBook = (await engine.store.getRollouts(options.repo)) ?? { version: 1, rollouts: [] };
    const outcomes: RolloutOutcome[] = [];
    const save = async (record: RolloutRecord) => {
      book = { ...book, rollouts: book.rollouts.map((r) => (r.id === record.id ? record : r)) };
      await engine.store.putRollouts(options.repo, book);
    };
    const write = async (record: RolloutRecord, transition: Transition) => {
      await save(withPending(record, transition));
      await options.beforeWeights?.(record);
      await setWeights(ports, transition.record, transition.weights);
      await save(transition.record);
      await lock.refresh();
    };

    // A run killed between writing a record and finishing it: finish it first.
    for (const record of [...book.rollouts]) {
      const pending = pendingOf(record);
      if (!pending) continue;
      await setWeights(ports, pending.next, pending.weights);
      await save(pending.next);
      outcomes.push({ id: record.id, record: pending.next, resumed: true, transition: { record: pending.next, weights: pending.weights, event: pending.next.history.at(-1)! } });
    }

    const selected = book.rollouts.filter((r) => (command.kind === 'tick' ? r.status === 'in-progress' : !('route' in command) || !command.route || matchesRoute(r, command.route)));
    const readings = command.kind === 'tick' && selected.length ? await ports.alarms.read(selected.flatMap((r) => r.spec.alarms)) : [];
    for (const record of selected) {
      const result = command.kind === 'tick' ? tick(record, readings, now) : command.kind === 'promote' ? promote(record, now, command.by) : abort(record, now, command.by);
      if (!isTransition(result)) {
        if (command.kind === 'tick' || record.status === 'in-progress' || (command.kind === 'promote' && record.status === 'rolled-back')) outcomes.push({ id: record.id, record, hold: result });
        continue;
      }
      await write(record, result);
      outcomes.push({ id: record.id, record: result.record, transition: result });
    }
    return { status: 'done', outcomes };
  } finally {
    await lock.release();
  }
}

/** `Route/watches/search-router/canary`, `watches/search-router/canary` or just `canary` (when unique). */
export function matchesRoute(record: RolloutRecord, route: string): boolean {
  return record.id === route || record.id === `Route/${route}` || record.id.endsWith(`/${route}`);
}

async function setWeights(ports: RolloutPorts, record: RolloutRecord, weights: RolloutRecord['to']): Promise<void> {
  for (const name of record.targets) {
    const target = ports.targets.find((t) => t.name === name);
    if (!target) throw new Error(`the rollout of ${record.id} drives ${name}, which this deployment does not reach`);
    await target.write(record.route, weights);
  }
}
