import { isAwsTag } from '../resources/tags';
import type { LiveResource, Tags } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import { digest } from './fingerprint';
import { normalizeTags } from './normalize';
import type { LiveRef, LiveSide } from './types';

/** User tags of a live resource: without our ownership tag and AWS's own tags. */
export function userTags(tags: Tags): Tags {
  const out: Tags = {};
  for (const [k, v] of Object.entries(tags)) if (k !== OWNER_TAG && !isAwsTag(k)) out[k] = v;
  return out;
}

/** What a stale-plan check compares: the live spec and tags as read. */
export function liveDigest(live: Pick<LiveResource, 'spec' | 'tags'>): string {
  return digest({ spec: live.spec, tags: normalizeTags(live.tags) });
}

/** What apply needs to find the live resource again and tell whether it moved since the plan. */
export function liveRef(live: LiveResource): LiveRef {
  return {
    arn: live.arn,
    ...(live.id !== undefined ? { id: live.id } : {}),
    ...(live.version !== undefined ? { version: live.version } : {}),
    ...(live.lastUpdatedAt !== undefined ? { lastUpdatedAt: live.lastUpdatedAt } : {}),
    digest: liveDigest(live),
  };
}

/** The live side of a change: spec, user tags and the ref. */
export function liveSide(live: LiveResource): LiveSide {
  return { spec: live.spec, tags: userTags(live.tags), ref: liveRef(live) };
}
