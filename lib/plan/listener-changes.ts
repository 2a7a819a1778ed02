/**
 * Step 3 of a plan: a router's (gateway's) listener change fails while routes depend on the old
 * listeners (docs/aws-behaviour.md §5.3). Routes that fit the new listeners stay; owned routes whose
 * new spec fits both old and new listeners are updated first; the rest are deleted before the
 * listener update and re-created after.
 */
import { KIND_INFO, KINDS_BY_CREATE_RANK, kindWord } from '../resources/kinds';
import { resourceId, resourceLabel } from '../resources/resource-key';
import { listenersOf, routeFitsListeners, sameListeners } from '../resources/routes';
import type { LiveState } from '../resources/types';
import { changeReason } from './change-facts';
import type { Timing } from './timing';
import type { Change, PlanProblem } from './types';

/** Kinds whose spec must fit the listeners of their parent (the registry's `parent-listeners` check): routes, gateway routes. */
const LISTENER_BOUND_KINDS = KINDS_BY_CREATE_RANK.filter((k) => KIND_INFO[k].crossChecks.includes('parent-listeners'));

/** The parent kinds whose listeners their children must fit, with that child kind. */
const CHILD_OF_LISTENER_PARENT = new Map(LISTENER_BOUND_KINDS.map((child) => [KIND_INFO[child].parent!.kind, child]));

export interface ListenerChangeResult {
  changes: Map<string, Change>;
  timings: Map<string, Timing>;
  errors: PlanProblem[];
}

export function reorderForListenerChanges(changes: ReadonlyMap<string, Change>, live: LiveState): ListenerChangeResult {
  const out = new Map(changes);
  const timings = new Map<string, Timing>();
  const errors: PlanProblem[] = [];
  for (const parent of [...changes.values()]) {
    const childKind = CHILD_OF_LISTENER_PARENT.get(parent.kind);
    if (!childKind) continue;
    if (parent.action !== 'update' && parent.action !== 'adopt') continue;
    const oldListeners = listenersOf(parent.live.spec);
    const newListeners = listenersOf(parent.desired.spec);
    if (sameListeners(oldListeners, newListeners)) continue;
    for (const child of live.resources) {
      if (child.kind !== childKind || child.mesh !== parent.mesh || child.parent !== parent.name) continue;
      if (routeFitsListeners(child.spec, newListeners)) continue;
      const id = resourceId(child);
      const c = out.get(id);
      if (c?.action === 'delete') {
        timings.set(id, 'before-parent');
        continue;
      }
      if (c && (c.action === 'update' || c.action === 'replace')) {
        if (c.action === 'update' && routeFitsListeners(c.desired.spec, oldListeners) && routeFitsListeners(c.desired.spec, newListeners)) {
          timings.set(id, 'before-parent');
        } else {
          const reason = `${resourceLabel(parent)} changes its listeners and this ${kindWord(childKind)} does not fit them until it is re-created`;
          out.set(id, { ...c, action: 'replace', listenerChange: true, reason });
          timings.set(id, 'before-parent');
        }
        continue;
      }
      errors.push({
        code: 'blocked-listener-change',
        id: parent.id,
        message: `${resourceLabel(parent)} cannot change its listeners: ${resourceLabel(child)} would no longer fit them and meshops cannot re-create it (${whyNotRecreated(c)})`,
      });
    }
  }
  return { changes: out, timings, errors };
}

function whyNotRecreated(c: Change | undefined): string {
  if (!c) return 'it is unchanged in Git';
  if (c.action === 'adopt') return 'it is not yet owned by meshops (apply the adoption first)';
  return changeReason(c) ?? c.action;
}
