import { interpolateWeights } from './route-weights';
import type { FiredAlarm, RolloutEnd, RolloutEvent, RolloutRecord, TargetWeight } from './types';

/**
 * The rollout state machine, pure: idle → step 0 → … → step n-1 → completed, or → rolled-back
 * from any step. A transition is a new record and the weights to write; the caller writes the
 * record with the transition pending, then the weights, then the record without it (see
 * `withPending`), so a reader that finds a pending transition finishes it.
 */

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** An alarm as read for a tick; `state` absent: no alarm of that name exists. */
export interface AlarmReading {
  name: string;
  state?: AlarmStateValue;
  reason?: string;
  updatedAt?: string;
}

export interface Transition {
  record: RolloutRecord;
  /** The weights the route must have after the transition. */
  weights: TargetWeight[];
  event: RolloutEvent;
}

/** Why a tick changed nothing: shown by `rollout tick` and `rollout status`. */
export interface Hold {
  reason: 'not-active' | 'waiting' | 'alarm-missing';
  /** When the next step is due (waiting). */
  dueAt?: string;
  message: string;
}

const MAX_HISTORY = 50;

/** The weights a record stands for: the step's while in progress, `from` once rolled back, `to` once completed. */
export function recordWeights(record: RolloutRecord): TargetWeight[] {
  switch (record.status) {
    case 'rolled-back':
      return record.from;
    case 'completed':
      return record.to;
    case 'superseded':
      return record.history.at(-1)?.weights ?? record.from;
    case 'in-progress':
      return stepWeights(record, record.step);
  }
}

export function stepWeights(record: Pick<RolloutRecord, 'from' | 'to' | 'spec'>, step: number): TargetWeight[] {
  const percent = record.spec.steps[step];
  return percent === undefined ? record.to : interpolateWeights(record.from, record.to, percent);
}

/** When the current step's interval ends. */
export function dueAt(record: RolloutRecord): Date {
  return new Date(Date.parse(record.stepStartedAt) + record.spec.intervalMs);
}

function moved(record: RolloutRecord, changes: Partial<RolloutRecord>, event: RolloutEvent): RolloutRecord {
  const { pending: _pending, ...rest } = record;
  return { ...rest, ...changes, history: [...record.history, event].slice(-MAX_HISTORY) };
}

function end(record: RolloutRecord, now: Date, status: 'completed' | 'rolled-back', endedBy: RolloutEnd, note: string, alarm?: FiredAlarm): Transition {
  const at = now.toISOString();
  const weights = status === 'completed' ? record.to : record.from;
  const event: RolloutEvent = { at, event: status, weights, note };
  const changes: Partial<RolloutRecord> = { status, endedAt: at, endedBy, ...(status === 'completed' ? { step: record.spec.steps.length } : {}), ...(alarm ? { alarm } : {}) };
  return { record: moved(record, changes, event), weights, event };
}

/**
 * One tick: any of the rollout's alarms in ALARM rolls back; otherwise, once the step's interval
 * has passed, the next step, and after the last step the declared weights. An alarm that does not
 * exist holds the rollout where it is (it cannot be checked, so it is not passed).
 * INSUFFICIENT_DATA does not hold it (an alarm without traffic has no data).
 */
export function tick(record: RolloutRecord, alarms: AlarmReading[], now: Date): Transition | Hold {
  if (record.status !== 'in-progress') return { reason: 'not-active', message: `the rollout is ${record.status}` };
  const watched = new Set(record.spec.alarms);
  const fired = alarms.filter((a) => watched.has(a.name) && a.state === 'ALARM').sort((a, b) => (a.name < b.name ? -1 : 1))[0];
  if (fired) {
    const alarm: FiredAlarm = { name: fired.name, reason: fired.reason ?? '', ...(fired.updatedAt ? { updatedAt: fired.updatedAt } : {}) };
    return end(record, now, 'rolled-back', 'alarm', `alarm ${fired.name} is in ALARM: ${alarm.reason}`, alarm);
  }
  const missing = record.spec.alarms.filter((name) => !alarms.some((a) => a.name === name && a.state !== undefined));
  if (missing.length) return { reason: 'alarm-missing', message: `no CloudWatch alarm named ${missing.join(', ')}: the rollout waits at step ${record.step + 1} until it exists` };
  const due = dueAt(record);
  if (now.getTime() < due.getTime()) return { reason: 'waiting', dueAt: due.toISOString(), message: `step ${record.step + 1} of ${record.spec.steps.length} until ${due.toISOString()}` };
  const next = record.step + 1;
  if (next >= record.spec.steps.length) return end(record, now, 'completed', 'steps', `all ${record.spec.steps.length} steps passed`);
  const at = now.toISOString();
  const weights = stepWeights(record, next);
  const event: RolloutEvent = { at, event: 'step', step: next, weights };
  return { record: moved(record, { step: next, stepStartedAt: at }, event), weights, event };
}

export function isTransition(result: Transition | Hold): result is Transition {
  return 'record' in result;
}

/** Jump to the declared weights now. */
export function promote(record: RolloutRecord, now: Date, by: string): Transition | Hold {
  if (record.status !== 'in-progress' && record.status !== 'rolled-back') return { reason: 'not-active', message: `the rollout is ${record.status}` };
  const { alarm: _alarm, ...rest } = record;
  return end(rest as RolloutRecord, now, 'completed', 'promoted', `promoted by ${by}`);
}

/** Back to the weights from before the rollout, now. */
export function abort(record: RolloutRecord, now: Date, by: string): Transition | Hold {
  if (record.status !== 'in-progress') return { reason: 'not-active', message: `the rollout is ${record.status}` };
  return end(record, now, 'rolled-back', 'aborted', `aborted by ${by}`);
}

/** The record as written before the weights: it carries where it is going. */
export function withPending(current: RolloutRecord, transition: Transition): RolloutRecord {
  return { ...current, pending: { weights: transition.weights, next: transition.record } };
}

/** A record a killed tick left half-way: the weights to write again and the record to finish with. */
export function pendingOf(record: RolloutRecord): { weights: TargetWeight[]; next: RolloutRecord } | undefined {
  return record.pending ? { weights: record.pending.weights, next: record.pending.next as RolloutRecord } : undefined;
}
