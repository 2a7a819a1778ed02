import type { GitHubClient as Octokit } from '../github/client';
import { isRetryable } from '../github/rate-limit';
import { SourceError } from './errors';
import { DEFAULT_RESOURCE_PATH, MAX_FILE_BYTES, MAX_RESOURCE_FILES, SETTINGS_FILE, formatBytes, isHiddenResourceFile, isResourceFile, isUnsafeResourceFile, isYamlFileName, normalizeRepoPath, settingsPath, unsafePathMessage } from './limits';
import { ArchiveError, readTarGz, type ArchiveEntryType, type ArchiveLimits } from './tarball';
import type { RefusedPath, RepoSnapshot, SnapshotFile } from './types';

export interface GitHubSnapshotRequest {
  owner: string;
  repo: string;
  /** The exact commit: 40 hex digits. A branch or tag name is refused (what runs must be what was seen). */
  sha: string;
}

export interface GitHubSnapshotOptions {
  archiveLimits?: Partial<ArchiveLimits>;
  /** YAML files held while `meshops.yaml` (which says where resources live) has not been read yet. */
  maxCandidateFiles?: number;
  maxCandidateBytes?: number;
}

export interface GitHubSnapshotStats {
  /** REST calls made (the tarball endpoint, whose redirect the HTTP client follows). */
  apiCalls: number;
  compressedBytes: number;
  uncompressedBytes: number;
  entries: number;
}

export interface GitHubSnapshot extends RepoSnapshot {
  sha: string;
  stats: GitHubSnapshotStats;
}

/** GitHub refused or failed the download. `retryable` for 5xx, rate limits and the network. */
export class GitHubSourceError extends SourceError {
  override name = 'GitHubSourceError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const SHA = /^[0-9a-fA-F]{40}$/;

/**
 * Reads a mesh repository from GitHub at one exact commit with one API call (the tarball
 * endpoint), streaming: the archive is gunzipped and parsed as it arrives, the top folder
 * stripped, and only `meshops.yaml` and the YAML files below the settings' `path` are kept.
 *
 * The archive is read in one pass, but `meshops.yaml` (which names the path) is not necessarily
 * first (`git archive` writes `mesh/` before `meshops.yaml`), so until it is read every YAML file
 * is held as a candidate (bounded), and candidates outside the path are dropped once it is known.
 *
 * Same rules as the local reader: files over 1 MiB, more than 5,000 resource files, and links or
 * other non-regular entries where a resource file would be are listed in `refused` (the model
 * reports each as an error); an archive that is damaged, hostile (paths leaving the top folder) or
 * over the archive limits is refused whole with an ArchiveError. A missing `meshops.yaml` is left
 * to the model, which reports it like any other mistake in the pull request.
 */
export async function fetchGitHubSnapshot(octokit: Octokit, request: GitHubSnapshotRequest, options: GitHubSnapshotOptions = {}): Promise<GitHubSnapshot> {
  const { owner, repo } = request;
  if (!SHA.test(request.sha)) throw new SourceError(`reading ${owner}/${repo}: "${request.sha}" is not a commit SHA (40 hex digits); meshops reads repositories only at exact commits`);
  const sha = request.sha.toLowerCase();
  const where = `${owner}/${repo}@${sha.slice(0, 7)}`;

  let body: unknown;
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/tarball/{ref}', { owner, repo, ref: sha, request: { parseSuccessResponseBody: false } });
    body = response.data;
  } catch (err) {
    const status = (err as { status?: number }).status;
    const message =
      status === 404
        ? `commit ${sha} of ${owner}/${repo} was not found (or the token cannot read the repository)`
        : `downloading ${where}: ${status ? `${status} ` : ''}${(err as Error).message}`;
    // A rate limit (403 with GitHub's rate-limit headers) passes; a refusal does not.
    throw new GitHubSourceError(message, status, status === undefined || isRetryable(err), { cause: err });
  }

  const selector = new Selector(options);
  let summary;
  try {
    summary = await readTarGz(toChunks(body), selector, options.archiveLimits);
  } catch (err) {
    if (err instanceof ArchiveError) throw new ArchiveError(err.reason, `reading the archive of ${where}: ${err.message}`, { cause: err });
    if (err instanceof SourceError) throw err;
    throw new GitHubSourceError(`downloading ${where}: ${(err as Error).message}`, undefined, true, { cause: err });
  }
  // git archive records the commit in the archive: a mismatch means we were served something else.
  if (summary.commitSha !== undefined && summary.commitSha.toLowerCase() !== sha) {
    throw new ArchiveError('corrupt', `reading the archive of ${where}: it is the archive of commit ${summary.commitSha.slice(0, 40)}, not ${sha}`);
  }
  const { files, refused, hidden } = selector.result();
  return {
    repo: `${owner}/${repo}`,
    sha,
    files,
    refused,
    ...(hidden.length ? { hidden } : {}),
    stats: { apiCalls: 1, compressedBytes: summary.compressedBytes, uncompressedBytes: summary.uncompressedBytes, entries: summary.entries },
  };
}

async function* toChunks(body: unknown): AsyncGenerator<Uint8Array> {
  if (body instanceof ArrayBuffer) {
    yield new Uint8Array(body);
  } else if (body instanceof Uint8Array) {
    yield body;
  } else if (body && typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    for await (const chunk of body as AsyncIterable<Uint8Array>) yield chunk;
  } else if (body && typeof (body as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    throw new SourceError('the tarball response has no body');
  }
}

const TYPE_WORDS: Record<Exclude<ArchiveEntryType, 'file' | 'directory'>, string> = {
  symlink: 'a symbolic link',
  hardlink: 'a hard link',
  other: 'not a regular file (a device, FIFO or sparse entry)',
};

/** Decides, entry by entry, what the snapshot keeps; see fetchGitHubSnapshot. */
class Selector {
  private resourcePath: string | undefined;
  private readonly candidates = new Map<string, Uint8Array>();
  private candidateBytes = 0;
  private readonly oversized = new Map<string, number>();
  private readonly nonRegular = new Map<string, { type: ArchiveEntryType; target?: string }>();
  private readonly hidden = new Set<string>();
  /** Entries placed like resource files whose paths are not plain (a backslash): refused by name. */
  private readonly unsafe = new Set<string>();
  private settings: Uint8Array | undefined;
  private settingsRefused: RefusedPath | undefined;
  private readonly maxCandidateFiles: number;
  private readonly maxCandidateBytes: number;

  constructor(options: GitHubSnapshotOptions) {
    this.maxCandidateFiles = options.maxCandidateFiles ?? 4 * MAX_RESOURCE_FILES;
    this.maxCandidateBytes = options.maxCandidateBytes ?? 128 * 1024 * 1024;
  }

  /** A hidden YAML file where a resource file could be (reported as a warning, never read). */
  private hiddenHere(path: string): boolean {
    if (normalizeRepoPath(path) !== path) return false;
    return isHiddenResourceFile(path, this.resourcePath ?? '');
  }

  private relevant(path: string): boolean {
    if (this.resourcePath !== undefined) return isResourceFile(path, this.resourcePath);
    const name = path.slice(path.lastIndexOf('/') + 1);
    return normalizeRepoPath(path) === path && isYamlFileName(name);
  }

  entry(info: { path: string; type: ArchiveEntryType; size: number; linkTarget?: string }): 'keep' | 'skip' {
    if (info.type === 'directory') return 'skip';
    if (info.path === SETTINGS_FILE) {
      if (info.type !== 'file') {
        this.settingsRefused = { path: SETTINGS_FILE, reason: 'unreadable', message: `${SETTINGS_FILE} is ${TYPE_WORDS[info.type]} in the repository; it must be a regular file` };
        return 'skip';
      }
      if (info.size > MAX_FILE_BYTES) {
        this.settingsRefused = { path: SETTINGS_FILE, reason: 'file-too-large', message: `${SETTINGS_FILE} is ${formatBytes(info.size)}; files may be at most ${formatBytes(MAX_FILE_BYTES)}` };
        return 'skip';
      }
      return 'keep';
    }
    if (!this.relevant(info.path)) {
      if (this.hiddenHere(info.path)) this.hidden.add(info.path);
      // Before meshops.yaml is read, anywhere a resource file could be; prune() narrows it.
      if (isUnsafeResourceFile(info.path, this.resourcePath ?? '')) this.unsafe.add(info.path);
      return 'skip';
    }
    if (info.type !== 'file') {
      this.nonRegular.set(info.path, { type: info.type, ...(info.linkTarget ? { target: info.linkTarget } : {}) });
      return 'skip';
    }
    if (info.size > MAX_FILE_BYTES) {
      this.oversized.set(info.path, info.size);
      return 'skip';
    }
    if (this.candidates.size >= this.maxCandidateFiles) {
      throw new ArchiveError('limit', `the repository holds more than ${this.maxCandidateFiles} YAML files ahead of ${SETTINGS_FILE}; meshops reads at most ${MAX_RESOURCE_FILES} resource files`);
    }
    this.candidateBytes += info.size;
    if (this.candidateBytes > this.maxCandidateBytes) {
      throw new ArchiveError('limit', `the repository's YAML files add up to more than ${formatBytes(this.maxCandidateBytes)}`);
    }
    return 'keep';
  }

  file(path: string, content: Uint8Array): void {
    if (path === SETTINGS_FILE) {
      this.settings = content;
      this.resourcePath = settingsPath(content);
      this.prune();
      return;
    }
    this.candidates.set(path, content);
  }

  private prune(): void {
    const path = this.resourcePath!;
    for (const [p, content] of this.candidates) {
      if (!isResourceFile(p, path)) {
        this.candidates.delete(p);
        this.candidateBytes -= content.length;
      }
    }
    for (const p of this.oversized.keys()) if (!isResourceFile(p, path)) this.oversized.delete(p);
    for (const p of this.nonRegular.keys()) if (!isResourceFile(p, path)) this.nonRegular.delete(p);
    for (const p of this.hidden) if (!isHiddenResourceFile(p, path)) this.hidden.delete(p);
    for (const p of this.unsafe) if (!isUnsafeResourceFile(p, path)) this.unsafe.delete(p);
  }

  result(): { files: SnapshotFile[]; refused: RefusedPath[]; hidden: string[] } {
    if (this.resourcePath === undefined) {
      this.resourcePath = DEFAULT_RESOURCE_PATH;
      this.prune();
    }
    const refused: RefusedPath[] = [];
    if (this.settingsRefused) refused.push(this.settingsRefused);
    for (const [path, size] of [...this.oversized].sort(byPath)) {
      refused.push({ path, reason: 'file-too-large', message: `${path} is ${formatBytes(size)}; files may be at most ${formatBytes(MAX_FILE_BYTES)}` });
    }
    for (const path of [...this.unsafe].sort()) refused.push({ path, reason: 'unsafe-path', message: unsafePathMessage(path) });
    for (const [path, entry] of [...this.nonRegular].sort(byPath)) {
      const target = entry.target ? ` (to ${entry.target})` : '';
      refused.push({ path, reason: 'unreadable', message: `${path} is ${TYPE_WORDS[entry.type as keyof typeof TYPE_WORDS]}${target}; meshops reads only regular files from a GitHub repository` });
    }
    let resources = [...this.candidates].sort(byPath).map(([path, content]) => ({ path, content }));
    if (resources.length > MAX_RESOURCE_FILES) {
      const where = this.resourcePath === '' ? 'the repository' : `${this.resourcePath}/`;
      refused.push({ path: this.resourcePath || '.', reason: 'too-many-files', message: `${where} holds ${resources.length} resource files; at most ${MAX_RESOURCE_FILES} are read (split the mesh over several repositories)` });
      resources = [];
    }
    const files: SnapshotFile[] = this.settings ? [{ path: SETTINGS_FILE, content: this.settings }, ...resources] : resources;
    return { files, refused, hidden: [...this.hidden].sort() };
  }
}

function byPath<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
