import { changeReason, isListenerRecreation } from '../plan/change-facts';
import { changeOrigin } from '../plan/origin';
import type { Plan } from '../plan/types';
import { targetOf } from '../resources/kinds';
import type { ApplyResult, DriftReport } from '../resources/results';

/** `plan --json` / `apply --json`: the conventions scripts rely on (docs/design.md §5), plus the full detail. */
export function planJson(plan: Plan): Record<string, unknown> {
  return {
    summary: plan.summary,
    changes: plan.changes.map((c) => ({
      action: c.action,
      target: targetOf(c.kind),
      ...(changeOrigin(c) !== undefined ? { source: changeOrigin(c) } : {}),
      kind: c.kind,
      mesh: c.mesh ?? null,
      name: c.name,
      parent: c.parent ?? null,
      diff: c.diff,
      ...(changeReason(c) ? { reason: changeReason(c) } : {}),
      ...(isListenerRecreation(c) ? { listenerChange: true } : {}),
    })),
    fingerprint: plan.fingerprint,
    steps: plan.steps.map((s) => s.map((o) => ({ type: o.type, id: o.id }))),
    traffic: plan.traffic,
    ...(plan.latticeTraffic ? { latticeTraffic: plan.latticeTraffic } : {}),
    warnings: plan.warnings,
    errors: plan.errors,
    deletions: plan.deletions,
    maxDeletes: plan.maxDeletes,
    ...(plan.lattice ? { lattice: plan.lattice } : {}),
    ...(plan.decommission ? { decommission: plan.decommission } : {}),
  };
}

export function applyJson(plan: Plan | undefined, result: ApplyResult): Record<string, unknown> {
  return { ...(plan ? planJson(plan) : { summary: null, changes: [], fingerprint: result.fingerprint }), result };
}

export function driftJson(report: DriftReport): Record<string, unknown> {
  return {
    drift: report.items.map((i) => ({ class: i.class, target: i.target, ...(i.source !== undefined ? { source: i.source } : {}), kind: i.kind, mesh: i.mesh ?? null, name: i.name, parent: i.parent ?? null, diff: i.diff, reason: i.reason, firstSeen: i.firstSeen ?? null })),
    summary: report.summary,
    checkedAt: report.checkedAt,
    fingerprint: report.fingerprint,
  };
}
