// lib/live: AWS → LiveState. Read-only I/O through the injected adapters in lib/aws.
export { readLive, type LiveReadOptions, type LiveReadResult, type LiveReadStats, type LiveApis } from './read-live';
export { emptyReadCache, readCacheScope, type ReadCache, type ReadCacheEntry } from './read-cache';
