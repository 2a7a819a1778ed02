import fc from 'fast-check';
import { interpolateWeights, notOnlyWeights, routeWeights, withRouteWeights } from '../../lib/rollout/route-weights';
import type { JsonObject } from '../../lib/resources/json';
import type { TargetWeight } from '../../lib/rollout/types';

const pairs = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => fc.tuple(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n })))
  .filter(([a, b]) => a.some((w) => w > 0) && b.some((w) => w > 0))
  .map(([a, b]) => [a.map((weight, i) => ({ target: `v${i}`, weight })), b.map((weight, i) => ({ target: `v${i}`, weight }))] as [TargetWeight[], TargetWeight[]]);
const sum = (w: TargetWeight[]) => w.reduce((s, x) => s + x.weight, 0);

describe('interpolateWeights (the documented rounding)', () => {
  it('gives integers, each between its old and new weight, the total the exact total rounded', () => {
    fc.assert(
      fc.property(pairs, fc.integer({ min: 0, max: 100 }), ([from, to], percent) => {
        const out = interpolateWeights(from, to, percent);
        expect(out.map((w) => w.target)).toEqual(from.map((w) => w.target));
        out.forEach((w, i) => {
          expect(Number.isInteger(w.weight)).toBe(true);
          expect(w.weight).toBeGreaterThanOrEqual(Math.min(from[i]!.weight, to[i]!.weight));
          expect(w.weight).toBeLessThanOrEqual(Math.max(from[i]!.weight, to[i]!.weight));
        });
        expect(sum(out)).toBe(Math.round(sum(from) + ((sum(to) - sum(from)) * percent) / 100 + 1e-9));
      }),
    );
  });

  it('keeps the total when both sides have the same total, and ends exactly at both ends', () => {
    fc.assert(
      fc.property(pairs, fc.integer({ min: 1, max: 99 }), ([from, to], percent) => {
        expect(interpolateWeights(from, to, 0)).toEqual(from);
        expect(interpolateWeights(from, to, 100)).toEqual(to);
        const scaled = to.map((w, i) => ({ ...w, weight: i === 0 ? w.weight + sum(from) - sum(to) : w.weight }));
        if (scaled[0]!.weight >= 0 && scaled[0]!.weight <= 100) expect(sum(interpolateWeights(from, scaled, percent))).toBe(sum(from));
      }),
    );
  });

  it('moves by at most 1% of the change per percent, plus the rounding', () => {
    fc.assert(
      fc.property(pairs, fc.integer({ min: 0, max: 99 }), ([from, to], p) => {
        const a = interpolateWeights(from, to, p);
        const b = interpolateWeights(from, to, p + 1);
        // Each side may be off its exact value by under one unit: two units between neighbours at most.
        a.forEach((w, i) => expect(Math.abs(b[i]!.weight - w.weight)).toBeLessThanOrEqual(Math.abs(to[i]!.weight - from[i]!.weight) / 100 + 2));
      }),
    );
  });

  it('rounds the documented example: 100/0 → 0/100 at 10%, 25%, 33%', () => {
    const from = [{ target: 'search-v1', weight: 100 }, { target: 'search-v2', weight: 0 }];
    const to = [{ target: 'search-v1', weight: 0 }, { target: 'search-v2', weight: 100 }];
    expect(interpolateWeights(from, to, 10)).toEqual([{ target: 'search-v1', weight: 90 }, { target: 'search-v2', weight: 10 }]);
    expect(interpolateWeights([{ target: 'a', weight: 50 }, { target: 'b', weight: 50 }, { target: 'c', weight: 0 }], [{ target: 'a', weight: 0 }, { target: 'b', weight: 0 }, { target: 'c', weight: 100 }], 33)).toEqual([
      { target: 'a', weight: 34 },
      { target: 'b', weight: 33 },
      { target: 'c', weight: 33 },
    ]);
  });
});

describe('route weights in a Route spec', () => {
  const spec: JsonObject = { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'b', weight: 10 }, { virtualNode: 'a', weight: 90, port: 8080 }] } } };
  it('reads and sets weights by target (node and port)', () => {
    expect(routeWeights(spec)).toEqual([{ target: 'a:8080', weight: 90 }, { target: 'b', weight: 10 }]);
    const set = withRouteWeights(spec, [{ target: 'a:8080', weight: 50 }, { target: 'b', weight: 50 }]);
    expect(routeWeights(set)).toEqual([{ target: 'a:8080', weight: 50 }, { target: 'b', weight: 50 }]);
    expect(routeWeights(spec)).toEqual([{ target: 'a:8080', weight: 90 }, { target: 'b', weight: 10 }]);
  });
  it('tells a change of weights only from one of matches or targets', () => {
    const weights = withRouteWeights(spec, [{ target: 'b', weight: 60 }]);
    expect(notOnlyWeights(spec, weights)).toBeUndefined();
    expect(notOnlyWeights(spec, { ...weights, httpRoute: { ...(weights.httpRoute as JsonObject), match: { prefix: '/v2' } } })).toMatch(/matches or other fields/);
    expect(notOnlyWeights(spec, { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'b', weight: 100 }] } } })).toMatch(/a target is added or removed/);
  });
});
