/**
 * Step 2 of a plan: a Cloud Map namespace cannot be deleted while it holds services, so
 * re-creating one re-creates its declared services and deletes its undeclared owned ones first.
 */
import { KIND_INFO } from '../resources/kinds';
import { resourceId, resourceLabel } from '../resources/resource-key';
import type { DesiredResource, LiveState } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import { changeReason } from './change-facts';
import { keyOf } from './classify';
import { liveSide } from './live-side';
import type { Timing } from './timing';
import type { Change, PlanProblem, ReplaceChange } from './types';

/** The kinds held by a parent that refuses to be deleted while they exist: read from the registry. */
const HELD_KINDS = new Set(Object.values(KIND_INFO).filter((k) => k.parent?.field === 'namespace').map((k) => k.kind));
/** Their parents' kinds (a Cloud Map namespace). */
const HOLDER_KINDS = new Set([...HELD_KINDS].map((k) => KIND_INFO[k].parent!.kind));

export interface CascadeResult {
  changes: Map<string, Change>;
  timings: Map<string, Timing>;
  errors: PlanProblem[];
}

export function cascadeNamespaceReplaces(changes: ReadonlyMap<string, Change>, live: LiveState, desiredById: ReadonlyMap<string, DesiredResource>): CascadeResult {
  const out = new Map(changes);
  const timings = new Map<string, Timing>();
  const errors: PlanProblem[] = [];
  const replacedParents = [...changes.values()].filter((c): c is ReplaceChange => c.action === 'replace' && HOLDER_KINDS.has(c.kind));
  for (const ns of replacedParents) {
    for (const held of live.resources.filter((r) => HELD_KINDS.has(r.kind) && KIND_INFO[r.kind].parent!.kind === ns.kind && r.parent === ns.name)) {
      const id = resourceId(held);
      const existing = out.get(id);
      const declared = desiredById.get(id);
      if (existing?.action === 'delete') {
        timings.set(id, 'first');
        continue;
      }
      if (existing && existing.action !== 'update' && existing.action !== 'replace') {
        errors.push({ code: 'blocked-replace', id: ns.id, message: `${resourceLabel(ns)} must be re-created, but it holds ${resourceLabel(held)}, which meshops may not delete (${changeReason(existing) ?? existing.action})` });
        continue;
      }
      if (!declared) continue;
      const reason = `its namespace ${ns.name} is re-created`;
      const replaced: ReplaceChange = existing
        ? { ...existing, action: 'replace', reason }
        : {
            ...keyOf(held), id, action: 'replace', diff: [], source: declared.source, reason,
            desired: { spec: declared.spec, tags: declared.tags },
            live: liveSide(held),
            ...(held.tags[OWNER_TAG] !== undefined ? { liveOwner: held.tags[OWNER_TAG] } : {}),
          };
      out.set(id, replaced);
      timings.set(id, 'first');
    }
    timings.set(ns.id, 'first');
  }
  return { changes: out, timings, errors };
}
