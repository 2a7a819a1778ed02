import { KIND_INFO } from '../resources/kinds';
import type { Settings } from '../resources/types';
import type { Change, Decommission } from './types';

/** `targets` no longer lists appmesh while owned App Mesh resources are live: the plan decommissions them. */
export function decommissionOf(settings: Pick<Settings, 'targets' | 'owner'>, changes: ReadonlyMap<string, Change>): Decommission | undefined {
  if (settings.targets.includes('appmesh')) return undefined;
  const deletes = [...changes.values()].filter((c) => KIND_INFO[c.kind].service === 'appmesh' && (c.action === 'delete' || c.action === 'unmanaged') && c.liveOwner === settings.owner).length;
  return deletes > 0 ? { target: 'appmesh', deletes } : undefined;
}
