import type { DriftItem, DriftReport } from '../resources/results';
import type { RolloutDecision } from './decide';
import { describeRecord } from './notes';
import { formatWeights } from './route-weights';

/**
 * Drift of routes a rollout drives: their weights are the rollout's, not Git's, on purpose. Each
 * route in a rollout (in progress, or rolled back and waiting for a new commit) is reported as
 * class `rollout`, never `changed`, whatever else the plan said about it.
 */
export function withRolloutDrift(report: DriftReport, decisions: RolloutDecision[], now: Date): DriftReport {
  const driving = decisions.filter((d): d is Extract<RolloutDecision, { action: 'continue' | 'held-back' }> => d.action === 'continue' || d.action === 'held-back');
  if (!driving.length) return report;
  const ids = new Set(driving.map((d) => d.id));
  const items: DriftItem[] = report.items.filter((i) => !ids.has(i.id));
  for (const d of driving) {
    const r = d.record;
    const earlier = report.items.find((i) => i.id === d.id);
    items.push({
      class: 'rollout',
      // On `targets: [lattice]` alone the route's weights live on its Lattice rules only.
      target: r.targets && !r.targets.includes('appmesh') ? 'lattice' : 'appmesh',
      kind: 'Route',
      name: r.route.name,
      ...(r.route.mesh !== undefined ? { mesh: r.route.mesh } : {}),
      ...(r.route.parent !== undefined ? { parent: r.route.parent } : {}),
      id: d.id,
      diff: earlier?.diff ?? [{ path: 'weights', before: formatWeights(d.weights), after: formatWeights(r.to) }],
      reason: describeRecord(r, now),
    });
  }
  const order = new Map(report.items.map((i, n) => [i.id, n]));
  items.sort((a, b) => (order.get(a.id) ?? -1) - (order.get(b.id) ?? -1) || (a.id < b.id ? -1 : 1));
  const summary = { ...report.summary, rollout: 0 };
  for (const k of Object.keys(summary) as (keyof typeof summary)[]) summary[k] = 0;
  for (const i of items) summary[i.class] = (summary[i.class] ?? 0) + 1;
  return { ...report, items, summary };
}
