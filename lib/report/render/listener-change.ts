/**
 * A route (gateway route) re-created because its router's (gateway's) listeners change: what
 * changed is the listener and, with it, the route type (`httpRoute` → `http2Route`). Shown as that
 * plus the differences inside the route, instead of the whole spec removed and added again.
 */
import { documentShapes } from '../../api-model';
import { diffValues, diffTags } from '../../plan/diff';
import { desiredBody } from '../../plan/change-facts';
import type { FieldDiff, ShownChange, ShownPlan } from '../../plan/types';
import { isJsonObject, type JsonObject } from '../../resources/json';
import { KIND_INFO } from '../../resources/kinds';
import { resourceId } from '../../resources/resource-key';


export interface ListenerChangeView {
  parent: { kind: string; name: string };
  /** `8080/http` per listener, before and after. */
  listenersBefore: string[];
  listenersAfter: string[];
  typeBefore?: string;
  typeAfter?: string;
  /** What else differs, with the route type's contents compared to each other. */
  rest: FieldDiff[];
}

function listeners(spec: JsonObject | undefined): string[] {
  const list = spec && Array.isArray(spec.listeners) ? spec.listeners : [];
  return list.flatMap((l) => {
    const pm = isJsonObject(l) && isJsonObject(l.portMapping) ? l.portMapping : undefined;
    return pm ? [`${String(pm.port)}/${String(pm.protocol)}`] : [];
  });
}

function routeType(spec: JsonObject, members: readonly string[]): string | undefined {
  return members.find((t) => spec[t] !== undefined);
}

export function listenerChangeView(plan: ShownPlan, change: ShownChange): ListenerChangeView | undefined {
  // A fork's pull request sees no live side: then there is nothing to compare.
  if (change.action !== 'replace' || !change.listenerChange || !('live' in change) || change.parent === undefined) return undefined;
  // Routes and gateway routes: the kinds with route members, under a router or gateway.
  const { routeMembers, parent: parentOf } = KIND_INFO[change.kind];
  const parentKind = routeMembers && parentOf?.kind;
  if (!parentKind) return undefined;
  const parentId = resourceId({ kind: parentKind, ...(change.mesh !== undefined ? { mesh: change.mesh } : {}), name: change.parent });
  const parent = plan.changes.find((c) => c.id === parentId);
  const parentLive = parent && 'live' in parent ? parent.live.spec : undefined;
  const before = change.live.spec;
  const after = change.desired.spec;
  const typeBefore = routeType(before, routeMembers);
  const typeAfter = routeType(after, routeMembers);
  const specShape = documentShapes[KIND_INFO[change.kind].specShape];
  const memberShape = (t: string) => (specShape?.type === 'structure' ? specShape.members?.[t]?.shape : undefined);
  const rest: FieldDiff[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== typeBefore && k !== typeAfter).sort();
  for (const k of keys) rest.push(...diffValues(memberShape(k), before[k], after[k], `spec.${k}`));
  if (typeAfter) rest.push(...diffValues(memberShape(typeAfter), typeBefore ? before[typeBefore] : undefined, after[typeAfter], `spec.${typeAfter}`));
  rest.push(...diffTags(change.live.tags, change.desired.tags));
  return {
    parent: { kind: parentKind, name: change.parent },
    listenersBefore: listeners(parentLive),
    listenersAfter: listeners((parent && desiredBody(parent)?.spec) ?? parentLive),
    ...(typeBefore ? { typeBefore } : {}),
    ...(typeAfter ? { typeAfter } : {}),
    rest,
  };
}
