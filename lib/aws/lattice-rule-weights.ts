import { SOURCE_TAG } from '../resources/kinds';
import { resourceLabel, type ResourceKey } from '../resources/resource-key';
import type { WeightedRouteTarget } from '../rollout/ports';
import type { TargetWeight } from '../rollout/types';
import type { LatticeApi } from './lattice-api';

/** One forward action that carries a route's weights: a listener rule, or a listener's default action. */
interface WeightedAction {
  serviceId: string;
  listenerId: string;
  /** Absent: the listener's default action (the route is a catch-all). */
  ruleId?: string;
  targetGroups: { targetGroupIdentifier: string; weight: number; target: string }[];
}

/**
 * Rollout weights on VPC Lattice. The mapping makes a Route into one rule per Lattice service its
 * router provides (tagged `meshops:source = Route <mesh>/<router>/<route>`), or, for a catch-all
 * route, into the default action of the router's listeners (tagged with the router); each forward
 * target group is tagged with its virtual node. Writes send UpdateRule (UpdateListener for a default
 * action) with the same target groups and only the weights changed; nothing when they already match.
 */
export class LatticeRuleWeights implements WeightedRouteTarget {
  readonly name = 'lattice';
  constructor(private readonly api: LatticeApi) {}

  async read(route: ResourceKey): Promise<TargetWeight[] | undefined> {
    const [first] = await this.actions(route);
    return first ? weightsOf(first) : undefined;
  }

  async write(route: ResourceKey, weights: TargetWeight[]): Promise<void> {
    const actions = await this.actions(route, weights);
    if (!actions.length) throw new Error(`setting the Lattice weights of ${resourceLabel(route)}: no listener rule or default action carries this route`);
    const byTarget = new Map(weights.map((w) => [w.target, w.weight]));
    for (const action of actions) {
      const targetGroups = action.targetGroups.map((t) => ({ targetGroupIdentifier: t.targetGroupIdentifier, weight: byTarget.get(t.target) ?? t.weight }));
      if (targetGroups.every((t, i) => t.weight === action.targetGroups[i]!.weight)) continue;
      const forward = { forward: { targetGroups } };
      if (action.ruleId) await this.api.updateRule({ serviceIdentifier: action.serviceId, listenerIdentifier: action.listenerId, ruleIdentifier: action.ruleId, action: forward });
      else await this.api.updateListener({ serviceIdentifier: action.serviceId, listenerIdentifier: action.listenerId, defaultAction: forward });
    }
  }

  /**
   * The rules tagged with the route; when there are none, the forward default actions of the
   * router's listeners whose targets are exactly the route's (`weights`, when given), since a
   * catch-all route is carried by its listener, which is tagged with the router rather than the route.
   */
  private async actions(route: ResourceKey, weights?: TargetWeight[]): Promise<WeightedAction[]> {
    const routeLabel = resourceLabel(route);
    const routerLabel = resourceLabel({ kind: 'VirtualRouter', name: route.parent ?? '', ...(route.mesh !== undefined ? { mesh: route.mesh } : {}) });
    const nodes = new Map<string, Promise<{ node?: string; port?: number }>>();
    const nodeOf = (id: string) => {
      let found = nodes.get(id);
      if (!found) {
        found = (async () => {
          const group = await this.api.getTargetGroup(id);
          if (!group?.arn) return {};
          const source = (await this.api.listTags(group.arn))[SOURCE_TAG] ?? '';
          const prefix = `VirtualNode ${route.mesh ?? ''}/`;
          return source.startsWith(prefix) ? { node: source.slice(prefix.length), ...(group.config?.port !== undefined ? { port: group.config.port } : {}) } : {};
        })();
        nodes.set(id, found);
      }
      return found;
    };
    const resolve = async (serviceId: string, listenerId: string, ruleId: string | undefined, forward: { targetGroupIdentifier?: string; weight?: number }[]): Promise<WeightedAction | undefined> => {
      const found = await Promise.all(forward.map(async (t) => ({ id: t.targetGroupIdentifier ?? '', weight: t.weight ?? 0, ...(await nodeOf(t.targetGroupIdentifier ?? '')) })));
      // A target group that is not one of this mesh's virtual nodes: not a route meshops mapped.
      if (found.some((t) => t.node === undefined)) return undefined;
      const named = new Set((weights ?? []).map((w) => w.target));
      const twice = new Set(found.filter((t, i) => found.findIndex((u) => u.node === t.node) !== i).map((t) => t.node));
      const targetGroups = found.map((t) => {
        const withPort = `${t.node}:${t.port}`;
        const target = named.has(withPort) || (!named.has(t.node!) && twice.has(t.node)) ? withPort : t.node!;
        return { targetGroupIdentifier: t.id, weight: t.weight, target };
      });
      return { serviceId, listenerId, ...(ruleId ? { ruleId } : {}), targetGroups };
    };

    const rules: WeightedAction[] = [];
    const defaults: WeightedAction[] = [];
    for (const service of await this.api.listServices()) {
      const serviceId = service.id!;
      for (const listener of await this.api.listListeners(serviceId)) {
        const listenerId = listener.id!;
        if ((await this.api.listTags(listener.arn!))[SOURCE_TAG] !== routerLabel) continue;
        for (const rule of await this.api.listRules(serviceId, listenerId)) {
          if (rule.isDefault || (await this.api.listTags(rule.arn!))[SOURCE_TAG] !== routeLabel) continue;
          const forward = (await this.api.getRule(serviceId, listenerId, rule.id!))?.action?.forward?.targetGroups;
          const action = forward && (await resolve(serviceId, listenerId, rule.id!, forward));
          if (action) rules.push(action);
        }
        const forward = (await this.api.getListener(serviceId, listenerId))?.defaultAction?.forward?.targetGroups;
        const action = forward && (await resolve(serviceId, listenerId, undefined, forward));
        if (action) defaults.push(action);
      }
    }
    if (rules.length) return rules;
    // Only the default actions that forward to exactly the route's targets carry it.
    const targets = (a: WeightedAction) => a.targetGroups.map((t) => t.target).sort().join(',');
    return weights ? defaults.filter((a) => targets(a) === weights.map((w) => w.target).sort().join(',')) : defaults;
  }
}

function weightsOf(action: WeightedAction): TargetWeight[] {
  return action.targetGroups.map(({ target, weight }) => ({ target, weight })).sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}
