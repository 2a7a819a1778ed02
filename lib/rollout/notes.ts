import type { RolloutNote } from '../plan/types';
import type { RolloutDecision } from './decide';
import { dueAt, recordWeights } from './machine';
import { formatWeights } from './route-weights';
import type { RolloutRecord } from './types';

/** `step 2 of 3 (25%)`. */
export function stepLabel(record: RolloutRecord): string {
  const steps = record.spec.steps;
  return record.step < steps.length ? `step ${record.step + 1} of ${steps.length} (${steps[record.step]}%)` : 'the declared weights';
}

/** Where one rollout stands, in a sentence. */
export function describeRecord(record: RolloutRecord, now: Date): string {
  switch (record.status) {
    case 'in-progress': {
      const due = dueAt(record);
      const next = record.step + 1 < record.spec.steps.length ? `step ${record.step + 2} (${record.spec.steps[record.step + 1]}%)` : `the declared weights (${formatWeights(record.to)})`;
      const when = due.getTime() <= now.getTime() ? 'at the next tick' : `after ${due.toISOString()}`;
      return `rolling out: ${stepLabel(record)}, weights ${formatWeights(recordWeights(record))}; ${next} ${when} unless ${record.spec.alarms.join(', ')} ${record.spec.alarms.length > 1 ? 'go' : 'goes'} into ALARM`;
    }
    case 'rolled-back':
      return record.endedBy === 'alarm' && record.alarm
        ? `rolled back at ${record.endedAt}: alarm ${record.alarm.name} was in ALARM (${record.alarm.reason}); it keeps ${formatWeights(record.from)} until a new commit changes the route`
        : `rolled back at ${record.endedAt} (${record.history.at(-1)?.note ?? 'aborted'}); it keeps ${formatWeights(record.from)} until a new commit changes the route`;
    case 'completed':
      return `completed at ${record.endedAt}${record.endedBy === 'promoted' ? ` (${record.history.at(-1)?.note ?? 'promoted'})` : ''}: ${formatWeights(record.to)}`;
    case 'superseded':
      return `superseded at ${record.endedAt}: ${record.history.at(-1)?.note ?? 'a new commit changed the route'}`;
  }
}

export function rolloutNotes(decisions: RolloutDecision[], now: Date): RolloutNote[] {
  return decisions.map((d) => {
    const superseded = 'supersedes' in d && d.supersedes ? ` (the rollout that was ${d.supersedes.status === 'superseded' ? 'running' : d.supersedes.status} ends: a new commit changed the route)` : '';
    switch (d.action) {
      case 'start': {
        const r = d.record;
        return { id: d.id, action: d.action, message: `starts a rollout: ${formatWeights(r.from)} → ${formatWeights(r.to)} in steps of ${r.spec.steps.join('%, ')}% every ${r.spec.interval}, watching ${r.spec.alarms.join(', ')}; this apply sets step 1: ${formatWeights(d.weights)}${superseded}` };
      }
      case 'continue':
      case 'held-back':
      case 'completed':
        return { id: d.id, action: d.action, message: describeRecord(d.record, now) };
      case 'at-once':
        return { id: d.id, action: d.action, message: `no rollout: ${d.reason}${superseded}` };
      case 'superseded':
        return { id: d.id, action: d.action, message: `the rollout ends: ${d.reason}` };
    }
  });
}
