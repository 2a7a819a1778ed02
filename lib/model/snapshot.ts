/**
 * What the source stage hands to the model: the repository's files at one commit. Defined here
 * (the pure side) so lib/model can name it without importing lib/source; lib/source/types.ts
 * re-exports it as the source's output type.
 */
export interface SnapshotFile {
  /** POSIX path relative to the repository root, e.g. `mesh/search/nodes.yaml`. */
  path: string;
  content: Uint8Array;
}

/** Why a source left a file (or a whole folder) out of the snapshot. The model reports each as an error. */
export type RefusalReason = 'file-too-large' | 'too-many-files' | 'symlink-outside-repo' | 'unsafe-path' | 'unreadable';

export interface RefusedPath {
  /** Repository-relative path of the file or folder that was refused. */
  path: string;
  reason: RefusalReason;
  /** A sentence a person can act on, e.g. "mesh/big.yaml is 2.3 MiB; resource files may be at most 1 MiB". */
  message: string;
}

export interface RepoSnapshot {
  /** `owner/name` for GitHub, the directory for a local source. */
  repo: string;
  sha?: string;
  /** `meshops.yaml` and every resource file below the settings' `path`. */
  files: SnapshotFile[];
  /** Files the source refused to read (limits, unsafe paths); each becomes an error diagnostic. */
  refused?: RefusedPath[];
  /** Hidden YAML files below the resource path (`mesh/.nodes.yaml`): not read; each becomes a warning. */
  hidden?: string[];
}
