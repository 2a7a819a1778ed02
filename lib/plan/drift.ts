/**
 * Drift: a plan of Git's default branch against live, each difference classified with the
 * last-applied record (docs/design.md §4): `changed` (edited outside Git), `missing` (deleted outside Git),
 * `unmanaged` (created outside Git in a managed mesh), `pending` (Git is ahead of the last apply).
 */
import { canonicalJson } from '../resources/json';
import { KIND_INFO, targetOf } from '../resources/kinds';
import { unreachable } from './change-facts';
import { changeOrigin } from './origin';
import type { DriftClass, DriftItem, DriftReport } from '../resources/results';
import type { AppliedResource, LastApplied } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import { normalizeSpec, normalizeTags } from './normalize';
import type { Change, Plan } from './types';
import { naturalCompare } from '../resources/natural-order';

function sameBody(kind: Change['kind'], a: { spec: object; tags: Record<string, string> }, b: { spec: object; tags: Record<string, string> }): boolean {
  const strip = (t: Record<string, string>) => normalizeTags(Object.fromEntries(Object.entries(t).filter(([k]) => k !== OWNER_TAG)));
  return (
    canonicalJson(normalizeSpec(kind, a.spec as never)) === canonicalJson(normalizeSpec(kind, b.spec as never)) &&
    canonicalJson(strip(a.tags)) === canonicalJson(strip(b.tags))
  );
}

function classify(change: Change, applied: AppliedResource | undefined): { cls: DriftClass; reason: string } | undefined {
  switch (change.action) {
    case 'create':
      return applied
        ? { cls: 'missing', reason: 'was applied from Git but no longer exists' }
        : { cls: 'pending', reason: 'declared in Git, not applied yet' };
    case 'update':
    case 'replace':
      if (!applied) return { cls: 'pending', reason: 'changed in Git since the last apply' };
      if (!sameBody(change.kind, change.live, applied)) return { cls: 'changed', reason: 'edited outside Git since the last apply' };
      return { cls: 'pending', reason: 'changed in Git since the last apply' };
    case 'adopt':
      return applied
        ? { cls: 'changed', reason: `its ${OWNER_TAG} tag was removed outside Git` }
        : { cls: 'pending', reason: 'declared in Git; exists without an owner tag and will be adopted by the next apply' };
    case 'conflict':
      return { cls: 'changed', reason: `declared in Git but ${change.reason}` };
    case 'delete':
      return applied
        ? { cls: 'pending', reason: 'removed from Git, not deleted yet' }
        : { cls: 'unmanaged', reason: `created outside Git with this repo's ${OWNER_TAG} tag` };
    case 'unmanaged':
      // Another repo's resources and ones kept on purpose (prune off) are not drift.
      if (change.liveOwner !== undefined) return undefined;
      return { cls: 'unmanaged', reason: 'created outside Git, in a mesh this repo manages' };
    default:
      return unreachable(change);
  }
}

export function detectDrift(plan: Plan, lastApplied: LastApplied | undefined, checkedAt: string, sha?: string): DriftReport {
  const applied = new Map((lastApplied?.resources ?? []).map((r) => [[r.kind, r.mesh, r.parent, r.name].filter((s) => s !== undefined).join('/'), r]));
  const items: DriftItem[] = [];
  for (const change of plan.changes) {
    const c = classify(change, applied.get(change.id));
    if (!c) continue;
    const source = changeOrigin(change);
    items.push({
      class: c.cls,
      target: targetOf(change.kind),
      ...(source !== undefined ? { source } : {}),
      kind: change.kind,
      name: change.name,
      ...(change.mesh !== undefined ? { mesh: change.mesh } : {}),
      ...(change.parent !== undefined ? { parent: change.parent } : {}),
      id: change.id,
      diff: change.diff,
      reason: c.reason,
    });
  }
  items.sort((a, b) => KIND_INFO[a.kind].createRank - KIND_INFO[b.kind].createRank || naturalCompare(a.id, b.id));
  const summary: Record<DriftClass, number> = { changed: 0, missing: 0, unmanaged: 0, pending: 0, rollout: 0 };
  for (const i of items) summary[i.class]++;
  if (!summary.rollout) delete (summary as Partial<typeof summary>).rollout;
  return { checkedAt, ...(sha ? { sha } : {}), items, summary, fingerprint: plan.fingerprint };
}
