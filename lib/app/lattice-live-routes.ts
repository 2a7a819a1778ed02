import { mapToLattice } from '../mapping';
import { canonicalJson, isJsonObject, type JsonObject, type JsonValue } from '../resources/json';
import { KIND_INFO, makesReference } from '../resources/kinds';
import { resourceId } from '../resources/resource-key';
import type { DesiredResource, LiveState, Settings } from '../resources/types';
import { normalizeSpec } from '../plan/normalize';
import type { LiveRouteView } from '../rollout/decide';
import { routeWeights, withRouteWeights } from '../rollout/route-weights';
import type { TargetWeight } from '../rollout/types';

/** Far above any real weight (0–100): a mapped action showing it carries the probed route's target. */
const PROBE = 1000;

/**
 * On `targets: [lattice]` alone there is no live App Mesh route: a route's live weights are those
 * of the Lattice rules (or listener default action, for a catch-all) mapped from it. Which actions
 * carry a route, and which target group stands for which of its targets, is found by mapping the
 * repository again with that route's weights set to distinct probe values (the mapping is pure and
 * copies weights through unchanged): the actions whose spec changed carry it, and each probe value
 * names its target. A live action that differs from the mapped one in more than weights (or does
 * not exist) means the change is not one of weights only.
 */
export function liveRoutesFromLattice(declared: readonly DesiredResource[], settings: Settings, live: LiveState): Map<string, LiveRouteView> {
  const routes = declared.filter((r) => KIND_INFO[r.kind].rollout && r.rollout);
  const out = new Map<string, LiveRouteView>();
  if (!routes.length) return out;
  const base = new Map(mapToLattice(declared, settings).resources.map((r) => [resourceId(r), r]));
  const liveById = new Map(live.resources.map((r) => [resourceId(r), r]));
  for (const route of routes) {
    const declaredWeights = routeWeights(route.spec);
    if (!declaredWeights) continue;
    const probe = declaredWeights.map((w, i) => ({ target: w.target, weight: PROBE + i }));
    const probed = mapToLattice(declared.map((r) => (r === route ? { ...r, spec: withRouteWeights(r.spec, probe) } : r)), settings).resources;
    const carrying = probed.filter((r) => makesReference(r.kind, 'forward-target') && canonicalJson(r.spec) !== canonicalJson(base.get(resourceId(r))?.spec ?? null));
    if (!carrying.length) continue;
    let view: LiveRouteView | undefined;
    for (const action of carrying) {
      const current = liveById.get(resourceId(action));
      if (!current) {
        view = undefined;
        break;
      }
      const mapped = base.get(resourceId(action))!;
      if (canonicalJson(withoutWeights(normalizeSpec(action.kind, current.spec))) !== canonicalJson(withoutWeights(normalizeSpec(action.kind, mapped.spec)))) {
        view = { changed: `its Lattice ${action.kind} ${action.name} differs in more than weights` };
        break;
      }
      // The first action read gives the weights, as the Lattice writer reads them.
      if (view) continue;
      const liveWeights = new Map(forwardGroups(current.spec).map((g) => [String(g.targetGroup), Number(g.weight ?? 0)]));
      const weights: TargetWeight[] = [];
      for (const g of forwardGroups(action.spec)) {
        const target = probe.find((p) => p.weight === Number(g.weight));
        const weight = liveWeights.get(String(g.targetGroup));
        if (target && weight !== undefined) weights.push({ target: target.target, weight });
      }
      view = { spec: withRouteWeights(route.spec, weights) };
    }
    if (view) out.set(resourceId(route), view);
  }
  return out;
}

function forwardGroups(spec: JsonObject): JsonObject[] {
  const action = isJsonObject(spec.action) ? spec.action : isJsonObject(spec.defaultAction) ? spec.defaultAction : undefined;
  const forward = action && isJsonObject(action.forward) ? action.forward : undefined;
  return forward && Array.isArray(forward.targetGroups) ? forward.targetGroups.filter(isJsonObject) : [];
}

function withoutWeights(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutWeights);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'weight').map(([k, v]) => [k, withoutWeights(v)]));
}
