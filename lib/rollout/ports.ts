import type { ResourceKey } from '../resources/resource-key';
import type { AlarmReading } from './machine';
import type { TargetWeight } from './types';

/**
 * The weights of one weighted route on one target, which is all a rollout drives: App Mesh route
 * weights, Lattice rule weights. `name` is what records list in `targets`.
 */
export interface WeightedRouteTarget {
  readonly name: string;
  /** The route's weights there; undefined when the target has no such route. */
  read(route: ResourceKey): Promise<TargetWeight[] | undefined>;
  /** Sets the weights (targets not named keep theirs); a no-op when they already are. */
  write(route: ResourceKey, weights: TargetWeight[]): Promise<void>;
}

/** CloudWatch alarms by name; names with no alarm come back without `state`. */
export interface AlarmReader {
  read(names: string[]): Promise<AlarmReading[]>;
}
