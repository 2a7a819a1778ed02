import fc from 'fast-check';
import { abort, isTransition, promote, recordWeights, stepWeights, tick, withPending, type AlarmReading } from '../../lib/rollout/machine';
import { settled } from '../../lib/rollout/decide';
import type { RolloutRecord } from '../../lib/rollout/types';

const T0 = Date.parse('2026-12-01T10:00:00Z');

function started(steps: number[], intervalMs: number): RolloutRecord {
  const record: RolloutRecord = {
    id: 'Route/watches/search-router/canary',
    route: { kind: 'Route', mesh: 'watches', parent: 'search-router', name: 'canary' },
    status: 'in-progress',
    from: [{ target: 'search-v1', weight: 100 }, { target: 'search-v2', weight: 0 }],
    to: [{ target: 'search-v1', weight: 0 }, { target: 'search-v2', weight: 100 }],
    spec: { steps, interval: `${intervalMs / 1000}s`, intervalMs, alarms: ['search-v2-5xx', 'search-v2-latency'] },
    step: 0,
    startedAt: new Date(T0).toISOString(),
    stepStartedAt: new Date(T0).toISOString(),
    documentDigest: 'd',
    targets: ['appmesh'],
    history: [],
  };
  return record;
}

const stepsArb = fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 5 }).map((s) => s.sort((a, b) => a - b));
const tickArb = fc.record({ advanceMs: fc.integer({ min: 0, max: 120_000 }), alarm: fc.constantFrom<AlarmReading['state']>('OK', 'OK', 'OK', 'INSUFFICIENT_DATA', 'ALARM', undefined) });

describe('the rollout state machine', () => {
  it('idle → step k → … → completed, or → rolled-back; never backwards, never out of a final state', () => {
    fc.assert(
      fc.property(stepsArb, fc.integer({ min: 1, max: 60 }), fc.array(tickArb, { maxLength: 30 }), (steps, intervalS, ticks) => {
        let record = started(steps, intervalS * 1000);
        let now = T0;
        for (const t of ticks) {
          now += t.advanceMs;
          const readings: AlarmReading[] = [{ name: 'search-v2-5xx', ...(t.alarm ? { state: t.alarm, reason: 'Threshold Crossed' } : {}) }, { name: 'search-v2-latency', state: 'OK', reason: '' }];
          const before = record;
          const result = tick(record, readings, new Date(now));
          if (!isTransition(result)) {
            if (before.status === 'in-progress' && t.alarm === 'ALARM') throw new Error('an alarm in ALARM must roll back');
            if (before.status === 'in-progress' && t.alarm !== undefined) expect(now).toBeLessThan(Date.parse(before.stepStartedAt) + before.spec.intervalMs);
            continue;
          }
          expect(before.status).toBe('in-progress');
          record = result.record;
          expect(result.weights).toEqual(recordWeights(record));
          if (t.alarm === 'ALARM') {
            expect(record.status).toBe('rolled-back');
            expect(result.weights).toEqual(before.from);
            expect(record.alarm).toEqual({ name: 'search-v2-5xx', reason: 'Threshold Crossed' });
          } else {
            expect(now - Date.parse(before.stepStartedAt)).toBeGreaterThanOrEqual(before.spec.intervalMs);
            expect(record.step).toBe(before.step + 1);
            if (record.status === 'completed') expect(result.weights).toEqual(record.to);
            else expect(result.weights).toEqual(stepWeights(record, record.step));
          }
        }
        // Final states stay final.
        if (record.status !== 'in-progress') expect(isTransition(tick(record, [], new Date(now + 10 ** 9)))).toBe(false);
      }),
    );
  });

  it('completes after exactly one interval per step when no alarm fires', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        let record = started(steps, 60_000);
        for (let i = 1; i <= steps.length; i++) {
          expect(isTransition(tick(record, [{ name: 'search-v2-5xx', state: 'OK' }, { name: 'search-v2-latency', state: 'OK' }], new Date(T0 + i * 60_000 - 1)))).toBe(false);
          const r = tick(record, [{ name: 'search-v2-5xx', state: 'OK' }, { name: 'search-v2-latency', state: 'OK' }], new Date(T0 + i * 60_000));
          if (!isTransition(r)) throw new Error('expected a step');
          record = r.record;
        }
        expect(record.status).toBe('completed');
        expect(record.history.map((e) => e.event)).toEqual([...steps.slice(1).map(() => 'step'), 'completed']);
      }),
    );
  });

  it('holds while an alarm does not exist', () => {
    const result = tick(started([10], 1000), [{ name: 'search-v2-5xx', state: 'OK' }, { name: 'search-v2-latency' }], new Date(T0 + 5000));
    expect(result).toMatchObject({ reason: 'alarm-missing' });
  });

  it('promote jumps to the declared weights, abort back to the old ones', () => {
    const record = started([10, 50], 60_000);
    const p = promote(record, new Date(T0), 'alice');
    const a = abort(record, new Date(T0), 'bob');
    if (!isTransition(p) || !isTransition(a)) throw new Error('expected transitions');
    expect([p.record.status, p.weights]).toEqual(['completed', record.to]);
    expect([a.record.status, a.weights, a.record.endedBy]).toEqual(['rolled-back', record.from, 'aborted']);
    expect(isTransition(abort(a.record, new Date(T0), 'bob'))).toBe(false);
    // A rolled-back rollout can still be promoted by someone on call.
    expect(isTransition(promote(a.record, new Date(T0), 'alice'))).toBe(true);
  });

  it('a record written with its transition pending reads as the record it was moving to', () => {
    fc.assert(
      fc.property(stepsArb, fc.integer({ min: 0, max: 10 }), (steps, n) => {
        let record = started(steps, 1000);
        for (let i = 0; i < n && record.status === 'in-progress'; i++) {
          const r = tick(record, [{ name: 'search-v2-5xx', state: 'OK' }, { name: 'search-v2-latency', state: 'OK' }], new Date(T0 + (i + 1) * 1000));
          if (!isTransition(r)) break;
          expect(settled(withPending(record, r))).toEqual(r.record);
          record = r.record;
        }
        expect(settled(record)).toBe(record);
      }),
    );
  });
});
