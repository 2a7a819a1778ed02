import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { RefusedPath, RepoSnapshot, SnapshotFile } from './types';
import { RepoDirectoryError, SettingsFileMissingError, SourceError } from './errors';
import { MAX_FILE_BYTES, MAX_RESOURCE_FILES, SETTINGS_FILE, formatBytes, isHiddenResourceFile, isResourceFile, isUnsafeResourceFile, isYamlFileName, settingsPath, unsafePathMessage } from './limits';

const READ_CONCURRENCY = 16;

/**
 * Reads a mesh repository from a local directory: `meshops.yaml` and every resource file below
 * the settings' `path`. Limits (file count, file size) and symlinks that leave the directory do
 * not throw: they are listed in `refused`, and the model reports each with the file named.
 * Throws `RepoDirectoryError` when `dir` is not a directory and `SettingsFileMissingError` when it
 * has no `meshops.yaml`.
 */
export async function readLocalSnapshot(dir: string): Promise<RepoSnapshot> {
  const given = resolve(dir);
  let root: string;
  try {
    root = await realpath(given);
    if (!(await stat(root)).isDirectory()) throw new RepoDirectoryError(`${dir} is not a directory`);
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw new RepoDirectoryError(`reading repository ${dir}: ${describeFsError(err)}`, { cause: err });
  }
  const reader = new LocalReader(root);
  const settings = await reader.readSettings(dir);
  const files: SnapshotFile[] = settings ? [settings] : [];
  const resourcePath = settings ? settingsPath(settings.content) : undefined;
  if (resourcePath !== undefined) files.push(...(await reader.readResources(resourcePath)));
  return { repo: given, files, refused: reader.refused, ...(reader.hidden.length ? { hidden: reader.hidden } : {}) };
}

const LOOP_MESSAGE = (path: string) => `${path} is a symbolic link loop (its links lead back to themselves); fix or remove the link`;

class LocalReader {
  readonly refused: RefusedPath[] = [];
  readonly hidden: string[] = [];

  constructor(private readonly root: string) {}

  async readSettings(dir: string): Promise<SnapshotFile | undefined> {
    const target = await this.resolveInside(SETTINGS_FILE);
    if (target === 'missing') {
      throw new SettingsFileMissingError(
        `${dir} has no ${SETTINGS_FILE}: a mesh repository keeps its settings in ${SETTINGS_FILE} at its root (start from mesh-repo-template/)`,
      );
    }
    if (target === 'outside') return undefined;
    if (target === 'loop') {
      this.refused.push({ path: SETTINGS_FILE, reason: 'unreadable', message: LOOP_MESSAGE(SETTINGS_FILE) });
      return undefined;
    }
    return this.readOne(SETTINGS_FILE, target);
  }

  async readResources(resourcePath: string): Promise<SnapshotFile[]> {
    const start = resourcePath === '' ? 'root' : await this.resolveInside(resourcePath);
    if (start === 'loop') {
      this.refused.push({ path: resourcePath, reason: 'unreadable', message: LOOP_MESSAGE(resourcePath) });
      return [];
    }
    if (start === 'missing' || start === 'outside') return [];
    const found: { path: string; real: string }[] = [];
    const tooMany = await this.walk(start === 'root' ? this.root : start, resourcePath, resourcePath, found, new Set());
    if (tooMany) {
      this.refused.push({
        path: resourcePath === '' ? '.' : resourcePath,
        reason: 'too-many-files',
        message: `${resourcePath === '' ? 'the repository' : `${resourcePath}/`} holds more than ${MAX_RESOURCE_FILES} resource files; at most ${MAX_RESOURCE_FILES} are read (split the mesh over several repositories)`,
      });
      return [];
    }
    const out: (SnapshotFile | undefined)[] = new Array(found.length);
    let next = 0;
    const worker = async () => {
      while (next < found.length) {
        const i = next++;
        out[i] = await this.readOne(found[i].path, found[i].real);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, found.length) }, worker));
    return out.filter((f): f is SnapshotFile => f !== undefined);
  }

  /** Depth-first, names sorted; returns true (and stops) once more than MAX_RESOURCE_FILES are found. */
  private async walk(dirReal: string, dirPath: string, resourcePath: string, found: { path: string; real: string }[], visited: Set<string>): Promise<boolean> {
    if (visited.has(dirReal)) return false; // a symlink loop inside the repository
    visited.add(dirReal);
    let entries;
    try {
      entries = await readdir(dirReal, { withFileTypes: true });
    } catch (err) {
      this.refused.push({ path: dirPath || '.', reason: 'unreadable', message: `cannot read folder ${dirPath || '.'}: ${describeFsError(err)}` });
      return false;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = dirPath ? `${dirPath}/${entry.name}` : entry.name;
      if (entry.name.startsWith('.')) {
        // Hidden files and folders are tooling, not mesh; a hidden YAML file is named for the
        // model to warn about (docs/repository-format.md), since what it declares is not read.
        if (!entry.isDirectory() && isHiddenResourceFile(path, resourcePath)) this.hidden.push(path);
        continue;
      }
      if (isUnsafeResourceFile(path, resourcePath) && !entry.isDirectory()) {
        this.refused.push({ path, reason: 'unsafe-path', message: unsafePathMessage(path) });
        continue;
      }
      let real = join(dirReal, entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        const target = await this.resolveInside(path, real);
        if (target === 'missing') {
          // A dangling link named like a resource file is refused, not skipped: skipping it would
          // let prune delete what it declared. Other dangling links (folders) hold nothing.
          if (isYamlFileName(entry.name) && isResourceFile(path, resourcePath)) {
            this.refused.push({ path, reason: 'unreadable', message: `${path} is a symbolic link to nothing; fix or remove the link` });
          }
          continue;
        }
        if (target === 'loop') {
          if (isYamlFileName(entry.name) && isResourceFile(path, resourcePath)) this.refused.push({ path, reason: 'unreadable', message: LOOP_MESSAGE(path) });
          continue;
        }
        if (target === 'outside') continue;
        real = target;
        isDir = (await stat(real)).isDirectory();
      }
      if (isDir) {
        if (await this.walk(real, path, resourcePath, found, visited)) return true;
      } else if (isYamlFileName(entry.name) && isResourceFile(path, resourcePath)) {
        // Not only regular files: a FIFO, socket or device named like a resource file is refused
        // by readOne (which never opens it) rather than skipped, as the GitHub source does; a
        // silently skipped file would let prune delete what it declares.
        found.push({ path, real });
        if (found.length > MAX_RESOURCE_FILES) return true;
      }
    }
    return false;
  }

  /**
   * The real path of a repository path, if it stays inside the repository. A symlink that leaves
   * it is recorded as refused (never followed: a repository must not make meshops read
   * `/etc/passwd` or another checkout).
   */
  private async resolveInside(path: string, absolute = join(this.root, ...path.split('/'))): Promise<string | 'missing' | 'outside' | 'loop'> {
    try {
      await lstat(absolute);
    } catch {
      return 'missing';
    }
    let real: string;
    try {
      real = await realpath(absolute);
    } catch (err) {
      // A chain of links that comes back to itself is not "a link to nothing": say what it is.
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') return 'loop';
      return 'missing';
    }
    const rel = relative(this.root, real);
    if (rel === '..' || rel.startsWith(`..${sep}`) || resolve(this.root, rel) !== real) {
      this.refused.push({ path, reason: 'symlink-outside-repo', message: `${path} is a symbolic link that leads outside the repository; it is not read` });
      return 'outside';
    }
    return real;
  }

  private async readOne(path: string, real: string): Promise<SnapshotFile | undefined> {
    try {
      const s = await stat(real);
      if (!s.isFile()) {
        this.refused.push({ path, reason: 'unreadable', message: `${path} is not a regular file` });
        return undefined;
      }
      if (s.size > MAX_FILE_BYTES) {
        this.refused.push({ path, reason: 'file-too-large', message: `${path} is ${formatBytes(s.size)}; files may be at most ${formatBytes(MAX_FILE_BYTES)}` });
        return undefined;
      }
      const content = await readFile(real);
      // The file may have grown between stat and read.
      if (content.byteLength > MAX_FILE_BYTES) {
        this.refused.push({ path, reason: 'file-too-large', message: `${path} is ${formatBytes(content.byteLength)}; files may be at most ${formatBytes(MAX_FILE_BYTES)}` });
        return undefined;
      }
      return { path, content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength) };
    } catch (err) {
      this.refused.push({ path, reason: 'unreadable', message: `cannot read ${path}: ${describeFsError(err)}` });
      return undefined;
    }
  }
}

function describeFsError(err: unknown): string {
  const code = (err as { code?: string })?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return (err as Error)?.message ?? String(err);
  }
}
