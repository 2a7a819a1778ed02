/**
 * Input limits and the rules that decide which repository files are resource files. Shared by
 * every source (local directory, GitHub) and re-checked by the model, so a snapshot built by any
 * source is held to the same bounds.
 */

export const SETTINGS_FILE = 'meshops.yaml';
export const DEFAULT_RESOURCE_PATH = 'mesh';

/** At most this many resource files are read from a repository. */
export const MAX_RESOURCE_FILES = 5000;
/** Each file (settings or resource) may be at most 1 MiB. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Collections may nest at most this deep in a YAML document. */
export const MAX_NESTING_DEPTH = 64;
/** Aliases (`*name`) allowed per YAML document. */
export const MAX_ALIAS_COUNT = 100;
/** Nodes a YAML document may hold once its aliases are expanded (alias-bomb guard). */
export const MAX_EXPANDED_NODES = 100_000;

/**
 * A repository-relative POSIX path in canonical form, or undefined if it is absolute, leaves the
 * repository (`..`), or holds characters that have no business in a path (NUL, backslash).
 * `.` segments and doubled slashes are removed; `''` or `.` is the repository root (`''`).
 */
export function normalizeRepoPath(path: string): string | undefined {
  if (path.startsWith('/') || path.includes('\0') || path.includes('\\') || /^[A-Za-z]:/.test(path)) return undefined;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') return undefined;
    segments.push(segment);
  }
  return segments.join('/');
}

export function isYamlFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !name.startsWith('.');
}

/**
 * Whether a repository file is a resource file: a `.yaml`/`.yml` file below `resourcePath`
 * (already normalized; `''` means the whole repository), not inside a hidden folder (`.github/`,
 * `.vscode/`: tooling, not mesh), and not the settings file itself.
 */
export function isResourceFile(path: string, resourcePath: string): boolean {
  return normalizeRepoPath(path) === path && placedAsResourceFile(path, resourcePath);
}

/**
 * A file placed where a resource file would be, whose path is not a plain repository path (a
 * backslash or a drive letter in a name: Git and Linux allow both). Every source refuses it as
 * `unsafe-path` rather than skipping it: a skipped file would let prune delete what it declares.
 */
export function isUnsafeResourceFile(path: string, resourcePath: string): boolean {
  return normalizeRepoPath(path) !== path && placedAsResourceFile(path, resourcePath);
}

/** The message of an `unsafe-path` refusal, the same from every source and from the model's own re-check. */
export function unsafePathMessage(path: string): string {
  return `${JSON.stringify(path)} is not a plain path inside the repository (no backslash, drive letter, "..", NUL or absolute path); it is not read. Rename it`;
}

/** Below `resourcePath`, outside hidden folders, a `.yaml`/`.yml` name, not the settings file: judged by its `/` segments alone. */
function placedAsResourceFile(path: string, resourcePath: string): boolean {
  if (path === SETTINGS_FILE) return false;
  if (resourcePath !== '' && !path.startsWith(`${resourcePath}/`)) return false;
  const below = resourcePath === '' ? path : path.slice(resourcePath.length + 1);
  const segments = below.split('/');
  const name = segments.pop()!;
  if (segments.some((s) => s.startsWith('.'))) return false;
  return isYamlFileName(name);
}

/**
 * A `.yaml`/`.yml` file below `resourcePath` (not in a hidden folder) whose own name starts with
 * `.` (`mesh/.nodes.yaml`, `mesh/..yaml`): not read, like every hidden file, but the model warns,
 * since what it declares would otherwise plan as deletes without a word.
 */
export function isHiddenResourceFile(path: string, resourcePath: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!name.startsWith('.') || !/\.ya?ml$/i.test(name)) return false;
  // Where it is decides, as for any resource file: the same folder with a plain name.
  return isResourceFile(`${path.slice(0, path.length - name.length)}x.yaml`, resourcePath);
}

/** "1.0 MiB", "812 KiB", "17 bytes": sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
