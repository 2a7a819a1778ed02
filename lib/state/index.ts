// lib/state: the state store: last-applied record, audit log, drift history, plan records, read
// cache and the per-repo lock, behind one interface (StateStore) with two implementations: an S3
// bucket (client injected) and a local folder (`.meshops/`). Does I/O (node:fs, S3 through the
// injected client). Imports only lib/resources types and @aws-sdk/client-s3; nothing imports a
// client from here at module scope.
export type { StateStore, AuditEntry, AuditStatus, ListedAuditEntry, PlanRecord, ReadCache, ReadCacheEntry, LockRequest, LockHandle, TakenOverLock } from './types';
export { LocalStateStore, type LocalStateStoreOptions } from './local-state-store';
export { S3StateStore, type S3StateStoreOptions } from './s3-state-store';
export type { StoreRuntime } from './object-state-store';
export { StateError, StateAccessError, CorruptStateError, StateKeyError, LockHeldError, LockLostError } from './errors';
export { keys as stateKeys, repoPath } from './keys';
