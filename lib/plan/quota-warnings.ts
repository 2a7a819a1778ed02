/**
 * Step 5 of a plan: creates run before deletes, so a scope's count peaks at live + created; past
 * the kind's default quota (docs/design.md §9) the apply would fail with LimitExceededException.
 */
import { KIND_INFO, type Kind } from '../resources/kinds';
import type { ResourceKey } from '../resources/resource-key';
import type { LiveState } from '../resources/types';
import type { Change, PlanProblem } from './types';

/** Where a kind's quota counts, in words (`mesh watches`, `VirtualRouter watches/search-router`); none without a quota. */
export function quotaScope(r: ResourceKey): string | undefined {
  const q = KIND_INFO[r.kind].quota;
  if (!q) return undefined;
  return q.per === 'account' ? 'the account' : q.per === 'mesh' ? `mesh ${r.mesh}` : `${KIND_INFO[r.kind].parent!.kind} ${r.mesh ? `${r.mesh}/` : ''}${r.parent}`;
}

export function quotaWarnings(live: LiveState, changes: ReadonlyMap<string, Change>): PlanProblem[] {
  const out: PlanProblem[] = [];
  const counts = new Map<string, { kind: Kind; scope: string; live: number; created: number; deleted: number }>();
  const bucket = (r: ResourceKey) => {
    const scope = quotaScope(r);
    if (!scope) return undefined;
    const k = `${r.kind} ${scope}`;
    if (!counts.has(k)) counts.set(k, { kind: r.kind, scope, live: 0, created: 0, deleted: 0 });
    return counts.get(k)!;
  };
  for (const r of live.resources) {
    const b = bucket(r);
    if (b) b.live++;
  }
  for (const c of changes.values()) {
    const b = bucket(c);
    if (!b) continue;
    if (c.action === 'create') b.created++;
    if (c.action === 'delete') b.deleted++;
  }
  for (const b of counts.values()) {
    const quota = KIND_INFO[b.kind].quota!;
    const peak = b.live + b.created;
    if (peak > quota.limit && b.created > 0) {
      out.push({
        code: 'quota',
        message: `${b.scope} needs ${peak} ${quota.description.split(' per ')[0]} while this plan applies (creates run before deletes); the default quota is ${quota.limit} (${quota.code}): raise it first or the apply fails with LimitExceededException`,
      });
    }
  }
  return out;
}
