// lib/source: Git → RepoSnapshot. Does I/O (the local file system here; GitHub in github.ts).
// May import lib/model (pure) for the shared limits and the settings' `path`; never lib/plan,
// lib/apply or the SDKs.
export * from './types';
export * from './errors';
export * from './limits';
export { readLocalSnapshot } from './local-dir';
