import type { JsonObject, JsonValue } from '../resources/json';
import { canonicalJson, isJsonObject } from '../resources/json';
import type { TargetWeight } from './types';

/**
 * The weights of a Route document's spec (App Mesh's shape: one of httpRoute, http2Route,
 * grpcRoute, tcpRoute, each with `action.weightedTargets`). Every target derives its weighted
 * routing from these documents (App Mesh routes as they are; Lattice rules carry the same
 * weights), so the rollout reads and sets weights here, once.
 */
export const ROUTE_TYPES = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const;

function weightedTargets(spec: JsonObject): JsonObject[] | undefined {
  for (const type of ROUTE_TYPES) {
    const route = spec[type];
    if (!isJsonObject(route)) continue;
    const action = route.action;
    if (!isJsonObject(action) || !Array.isArray(action.weightedTargets)) return undefined;
    return action.weightedTargets.filter(isJsonObject);
  }
  return undefined;
}

/** `search-v2`, or `search-v2:8080` when the target names a port (the same node may be targeted on two ports). */
export function targetName(target: JsonObject): string {
  return target.port === undefined ? String(target.virtualNode) : `${String(target.virtualNode)}:${String(target.port)}`;
}

/** The route's weights, sorted by target; undefined when the spec has no weighted targets. */
export function routeWeights(spec: JsonObject): TargetWeight[] | undefined {
  const targets = weightedTargets(spec);
  if (!targets) return undefined;
  return targets.map((t) => ({ target: targetName(t), weight: Number(t.weight) })).sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

/** A copy of the spec with the given weights (targets not named keep theirs). */
export function withRouteWeights(spec: JsonObject, weights: TargetWeight[]): JsonObject {
  const copy = structuredClone(spec);
  const targets = weightedTargets(copy);
  if (!targets) return copy;
  const byTarget = new Map(weights.map((w) => [w.target, w.weight]));
  for (const t of targets) {
    const w = byTarget.get(targetName(t));
    if (w !== undefined) t.weight = w;
  }
  return copy;
}

/** The spec with every weight set to 0: two specs equal here differ at most in their weights. */
function withoutWeights(spec: JsonObject): JsonValue {
  const copy = structuredClone(spec);
  for (const t of weightedTargets(copy) ?? []) t.weight = 0;
  const targets = weightedTargets(copy);
  if (targets) targets.sort((a, b) => (targetName(a) < targetName(b) ? -1 : 1));
  return copy;
}

export function sameWeights(a: TargetWeight[], b: TargetWeight[]): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Why a change from `live` to `declared` is not a change of weights only (so it applies at once),
 * or undefined when only weights differ. Both specs are in normalized document form.
 */
export function notOnlyWeights(live: JsonObject, declared: JsonObject): string | undefined {
  const before = routeWeights(live);
  const after = routeWeights(declared);
  if (!before || !after) return 'the route has no weighted targets';
  const names = (w: TargetWeight[]) => w.map((x) => x.target).join(',');
  if (names(before) !== names(after)) return 'its weighted targets change (a target is added or removed)';
  if (canonicalJson(withoutWeights(live)) !== canonicalJson(withoutWeights(declared))) return 'its matches or other fields change too, not only its weights';
  return undefined;
}

/**
 * The weights `percent`% of the way from `from` to `to` (same targets, same order): each exact
 * value rounded down, then the units the rounding lost (the rounded exact total minus the floors)
 * given one each to the largest remainders (ties: target name). So weights are integers, the
 * total is the exact total rounded, every weight lies between its `from` and `to` (never below
 * zero, never above 100), and 0% and 100% give `from` and `to` exactly.
 */
export function interpolateWeights(from: TargetWeight[], to: TargetWeight[], percent: number): TargetWeight[] {
  const toByTarget = new Map(to.map((w) => [w.target, w.weight]));
  const exact = from.map((w) => {
    const end = toByTarget.get(w.target) ?? w.weight;
    return { target: w.target, value: w.weight + ((end - w.weight) * percent) / 100 };
  });
  const total = Math.round(exact.reduce((s, e) => s + e.value, 0) + 1e-9);
  const floors = exact.map((e) => ({ target: e.target, weight: Math.floor(e.value + 1e-9), rest: e.value - Math.floor(e.value + 1e-9) }));
  let missing = total - floors.reduce((s, f) => s + f.weight, 0);
  const order = [...floors].filter((f) => f.rest > 1e-9).sort((a, b) => b.rest - a.rest || (a.target < b.target ? -1 : 1));
  for (const f of order) {
    if (missing <= 0) break;
    f.weight++;
    missing--;
  }
  return floors.map(({ target, weight }) => ({ target, weight }));
}

/** `search-v1 90 · search-v2 10`. */
export function formatWeights(weights: TargetWeight[]): string {
  return weights.map((w) => `${w.target} ${w.weight}`).join(' · ');
}
