import { decideRollouts } from '../../lib/rollout/decide';
import { routeWeights } from '../../lib/rollout/route-weights';
import type { JsonObject } from '../../lib/resources/json';
import { declared, liveOf, liveState, state } from '../support/builders';

const NOW = new Date('2026-12-01T10:00:00Z');
const ROLLOUT = { steps: [10, 50], interval: '5m', intervalMs: 300_000, alarms: ['a'] };
const spec = (v1: number, v2: number, prefix = '/'): JsonObject => ({ httpRoute: { match: { prefix }, action: { weightedTargets: [{ virtualNode: 'v1', weight: v1 }, { virtualNode: 'v2', weight: v2 }] } } });
const route = (s: JsonObject, rollout = true) => ({ ...declared('Route', 'canary', s, { parent: 'r' }), ...(rollout ? { rollout: ROLLOUT } : {}) });

describe('decideRollouts (which changes start a rollout)', () => {
  it('a change of weights only starts a rollout from live: the apply sets the first step', () => {
    const live = liveState([liveOf(route(spec(100, 0)))]);
    const out = decideRollouts({ desired: state([route(spec(0, 100))]), live, now: NOW, sha: 'abc' });
    expect(out.decisions.map((d) => d.action)).toEqual(['start']);
    expect(routeWeights(out.effective.resources[0]!.spec)).toEqual([{ target: 'v1', weight: 90 }, { target: 'v2', weight: 10 }]);
    expect(out.book.rollouts[0]).toMatchObject({ status: 'in-progress', step: 0, sha: 'abc', from: [{ target: 'v1', weight: 100 }, { target: 'v2', weight: 0 }] });
    // The same document again: the rollout's weights, not Git's.
    const again = decideRollouts({ desired: state([route(spec(0, 100))]), live, book: out.book, now: NOW });
    expect([again.decisions[0]!.action, again.changed]).toEqual(['continue', false]);
  });

  it('a change of matches (or targets) applies at once and says why; so does a new route; no rollout field: nothing', () => {
    const live = liveState([liveOf(route(spec(100, 0)))]);
    const matches = decideRollouts({ desired: state([route(spec(0, 100, '/v2'))]), live, now: NOW });
    expect(matches.decisions).toEqual([expect.objectContaining({ action: 'at-once', reason: expect.stringContaining('matches or other fields change too') })]);
    expect(routeWeights(matches.effective.resources[0]!.spec)).toEqual([{ target: 'v1', weight: 0 }, { target: 'v2', weight: 100 }]);
    expect(decideRollouts({ desired: state([route(spec(0, 100))]), live: liveState([]), now: NOW }).decisions[0]).toMatchObject({ action: 'at-once', reason: expect.stringContaining('does not exist yet') });
    expect(decideRollouts({ desired: state([route(spec(0, 100), false)]), live, now: NOW }).decisions).toEqual([]);
  });

  it('a new commit of the route supersedes the rollout and starts from the live weights; a rolled-back one holds its old weights until then', () => {
    const first = decideRollouts({ desired: state([route(spec(0, 100))]), live: liveState([liveOf(route(spec(100, 0)))]), now: NOW });
    const rolledBack = { ...first.book, rollouts: first.book.rollouts.map((r) => ({ ...r, status: 'rolled-back' as const })) };
    const held = decideRollouts({ desired: state([route(spec(0, 100))]), live: liveState([liveOf(route(spec(100, 0)))]), book: rolledBack, now: NOW });
    expect(held.decisions[0]!.action).toBe('held-back');
    expect(routeWeights(held.effective.resources[0]!.spec)).toEqual([{ target: 'v1', weight: 100 }, { target: 'v2', weight: 0 }]);
    const next = decideRollouts({ desired: state([route(spec(50, 50))]), live: liveState([liveOf(route(spec(90, 10)))]), book: first.book, now: NOW });
    expect(next.decisions[0]).toMatchObject({ action: 'start', supersedes: { status: 'superseded' }, record: { from: [{ target: 'v1', weight: 90 }, { target: 'v2', weight: 10 }] } });
    const removed = decideRollouts({ desired: state([]), live: liveState([]), book: first.book, now: NOW });
    expect(removed.decisions).toEqual([expect.objectContaining({ action: 'superseded', reason: 'the route was removed from Git' })]);
  });
});
