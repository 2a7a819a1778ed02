import type { LiveResource } from '../resources/types';
import { keyOf } from './classify';
import type { World } from './traffic';
import type { Change } from './types';

/** Live resources with the plan applied: the world after apply (for the traffic view and delete checks). */
export function afterWorld(liveById: ReadonlyMap<string, LiveResource>, changes: ReadonlyMap<string, Change>): World {
  const world: World = new Map([...liveById].map(([id, r]) => [id, { ...keyOf(r), spec: r.spec }]));
  for (const c of changes.values()) {
    if (c.action === 'delete') world.delete(c.id);
    else if (c.action === 'create' || c.action === 'update' || c.action === 'adopt' || c.action === 'replace') world.set(c.id, { ...keyOf(c), spec: c.desired.spec });
  }
  return world;
}
