import { randomUUID } from 'node:crypto';
import type { ResourceKey } from '../resources/resource-key';
import type { WeightedRouteTarget } from '../rollout/ports';
import { routeWeights, sameWeights, withRouteWeights } from '../rollout/route-weights';
import type { TargetWeight } from '../rollout/types';
import type { AppMeshApi } from './app-mesh-api';

/** Rollout weights on App Mesh: DescribeRoute, then UpdateRoute with only the weights changed. */
export class AppMeshRouteWeights implements WeightedRouteTarget {
  readonly name = 'appmesh';
  constructor(private readonly api: AppMeshApi) {}

  async read(route: ResourceKey): Promise<TargetWeight[] | undefined> {
    const live = await this.api.describe(route);
    return live ? routeWeights(live.spec) : undefined;
  }

  async write(route: ResourceKey, weights: TargetWeight[]): Promise<void> {
    const live = await this.api.describe(route);
    if (!live) throw new Error(`setting the weights of ${route.kind} ${[route.mesh, route.parent, route.name].join('/')}: the route does not exist`);
    const spec = withRouteWeights(live.spec, weights);
    const now = routeWeights(live.spec);
    if (now && sameWeights(now, routeWeights(spec)!)) return;
    await this.api.update(route, spec, randomUUID());
  }
}
