import type { JsonObject } from '../resources/json';
import type { Tags } from '../resources/types';

/**
 * What the live reader remembers between runs, by ARN. A cached Describe is reused only while the
 * list entry's `version` and `lastUpdatedAt` are unchanged, so it never hides a spec change. Tags
 * have no version in the API: they are read again on every run (in bulk, see TagSource); the cached
 * ones only tell which resources' tags changed since, so that those are confirmed one by one.
 */
export interface ReadCacheEntry {
  version?: number;
  lastUpdatedAt?: string;
  /** For resources without a version (Cloud Map): a digest of what the list returned. */
  digest?: string;
  spec?: JsonObject;
  tags?: Tags;
  /** An apply wrote this resource since it was read: its tags are re-read, not taken from the Tagging API. */
  tagsDirty?: boolean;
}

export interface ReadCache {
  version: 1;
  entries: Record<string, ReadCacheEntry>;
}

export function emptyReadCache(): ReadCache {
  return { version: 1, entries: {} };
}

/** The cache scope: cached reads are only valid for the same endpoint and region (the ARN carries the account). */
export function readCacheScope(endpoint: string, region: string): string {
  return `${endpoint}|${region}`;
}
