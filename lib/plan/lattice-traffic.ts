/**
 * The traffic view on VPC Lattice: per Lattice service and listener, the share each target group
 * gets from each rule (the default action included), before and after the plan. Only services
 * whose listeners or rules change are shown. Pure.
 */
import type { JsonObject, JsonValue } from '../resources/json';
import { isJsonObject } from '../resources/json';
import { makesReference } from '../resources/kinds';
import type { World } from './traffic';
import type { LatticeTraffic, LatticeTrafficRule, LatticeTrafficTarget } from './types';
import { naturalCompare } from '../resources/natural-order';

function shares(action: JsonValue | undefined): Map<string, number> | undefined {
  if (!isJsonObject(action)) return undefined;
  const groups = isJsonObject(action.forward) && Array.isArray(action.forward.targetGroups) ? action.forward.targetGroups.filter(isJsonObject) : [];
  const weight = (g: JsonObject) => (typeof g.weight === 'number' ? g.weight : 1);
  const total = groups.reduce((n, g) => n + weight(g), 0);
  return new Map(groups.map((g) => [String(g.targetGroup), total > 0 ? Math.round((weight(g) / total) * 1000) / 10 : 0]));
}

function targets(before: Map<string, number> | undefined, after: Map<string, number> | undefined): LatticeTrafficTarget[] {
  const names = [...new Set([...(after?.keys() ?? []), ...(before?.keys() ?? [])])];
  return names.map((targetGroup) => ({ targetGroup, ...(before?.has(targetGroup) ? { before: before.get(targetGroup) } : {}), ...(after?.has(targetGroup) ? { after: after.get(targetGroup) } : {}) }));
}

function status(before: unknown, after: unknown, changed: boolean): LatticeTrafficRule['status'] {
  if (before === undefined) return 'added';
  if (after === undefined) return 'removed';
  return changed ? 'changed' : 'unchanged';
}

export function latticeTrafficViews(before: World, after: World, changedIds: ReadonlySet<string>): LatticeTraffic[] {
  const touched = new Set<string>();
  for (const id of changedIds) {
    const r = after.get(id) ?? before.get(id);
    // A listener's parent is its service; a rule's is service/listener.
    if (r && makesReference(r.kind, 'forward-target')) touched.add(r.parent!.split('/')[0]);
  }
  const out: LatticeTraffic[] = [];
  for (const service of [...touched].sort(naturalCompare)) {
    const svc = after.get(`LatticeService/${service}`) ?? before.get(`LatticeService/${service}`);
    const domain = svc && typeof svc.spec.customDomainName === 'string' ? svc.spec.customDomainName : undefined;
    const listenerIds = [...new Set([...before.keys(), ...after.keys()].filter((id) => id.startsWith(`Listener/${service}/`)))].sort(naturalCompare);
    const listeners = listenerIds.map((id) => {
      const b = before.get(id);
      const a = after.get(id);
      const listener = (a ?? b)!.name;
      const ruleIds = [...new Set([...before.keys(), ...after.keys()].filter((r) => r.startsWith(`Rule/${service}/${listener}/`)))];
      const rules: LatticeTrafficRule[] = ruleIds.map((rid) => {
        const rb = before.get(rid);
        const ra = after.get(rid);
        const priority = (ra ?? rb)!.spec.priority;
        return {
          rule: (ra ?? rb)!.name,
          ...(typeof priority === 'number' ? { priority } : {}),
          status: status(rb, ra, changedIds.has(rid)),
          targets: targets(shares(rb?.spec.action), shares(ra?.spec.action)),
        };
      });
      rules.sort((x, y) => (x.priority ?? 0) - (y.priority ?? 0) || naturalCompare(x.rule, y.rule));
      rules.push({ rule: 'default action', status: status(b, a, changedIds.has(id)), targets: targets(shares(b?.spec.defaultAction), shares(a?.spec.defaultAction)) });
      return { listener, rules };
    });
    out.push({ service, ...(domain ? { domain } : {}), listeners });
  }
  return out;
}
