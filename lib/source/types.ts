// The source stage's output. The types are defined in lib/model/snapshot.ts because the model
// (a pure module) consumes them and may not import lib/source; they are re-exported here so
// sources and their callers name them from the source module.
export type { RefusalReason, RefusedPath, RepoSnapshot, SnapshotFile } from '../model/snapshot';
