/**
 * What every job the reconcile function runs shares: its dependencies, its scope (repo, logger,
 * GitHub reporters), reading the repository at one exact commit, and the line between failures
 * that are the user's (reported, never retried) and failures of the infrastructure (thrown, so SQS
 * delivers the job again and, after its last receive, dead-letters it).
 */
import type { GitHubClient as Octokit } from '../github/client';
import { isRetryable as isRetryableAws } from '../aws/errors';
import { loadDesiredState, parseYamlFile, SETTINGS_FILE, validateSettings, type Diagnostic } from '../model';
import { CheckRuns, PullRequestCommenter, repoRef, type GitHubRepoRef, type RetryOptions } from '../report/github';
import type { MarkdownContext } from '../report/render';
import type { ApplyResult } from '../resources/results';
import { ownerTagAllows } from '../resources/owner-tag-values';
import { OWNER_TAG, type DesiredState, type Settings } from '../resources/types';
import { SourceError } from '../source/errors';
import { fetchGitHubSnapshot, GitHubSourceError } from '../source/github';
import type { RepoSnapshot } from '../source/types';
import type { StateStore } from '../state/types';
import type { Job } from '../webhook/job';
import type { Engine } from './engine';
import type { Logger } from './logger';

export interface JobDeps {
  octokit: Octokit;
  /**
   * The `meshops:owner` value the deployment pins a repository to (its allowlist entry), or
   * undefined when the repository is not allowlisted: such a job is refused, whatever queued it.
   */
  ownerFor: (repo: string) => string | undefined;
  /**
   * The GitHub login meshops writes as (the token's user, or the App's bot): only comments and
   * issues it wrote are found, edited or deleted. Asked once, when first needed.
   */
  identity: () => Promise<string>;
  store: StateStore;
  /** The engine for a region (a repo's `meshops.yaml` names its region); built once per region. */
  engine: (region: string) => Engine;
  logger: Logger;
  clock: () => Date;
  /** Web root for links in comments (`https://github.com`, or a GitHub Enterprise host). */
  githubWebUrl?: string;
  /** Retries of GitHub calls (tests pass a sleep that does not wait). */
  githubRetry?: RetryOptions;
  /** Reporters per repository; memoized by the deps factory so a token's check-run refusal is learnt once. */
  checkRuns?: (repo: GitHubRepoRef) => CheckRuns;
  /** A lock older than this is stale and taken over (default 10 minutes). */
  lockTimeoutMs?: number;
  /** How long an apply waits for a lock another apply holds (default 30 s). */
  lockWaitMs?: number;
  /** Where EMF metric lines go (default stdout). */
  writeMetric?: (line: string) => void;
  /** The region a rollout job uses when its records name none (records written before regions were kept). */
  defaultRegion?: string;
  /** The queue's maxReceiveCount: on the last receive a failure is also reported on GitHub (default 3). */
  maxReceives?: number;
  /**
   * The meshops:owner patterns the deployment's IAM role may write (`ownerTagValues`); a repository
   * whose owner matches none is refused before planning. Undefined: any owner.
   */
  ownerTagValues?: readonly string[];
  /** The job queue: a job that hit GitHub's rate limit is made visible again when it resets. */
  messages?: { changeVisibility(receiptHandle: string, seconds: number): Promise<void> };
}

/** The invocation running the job. */
export interface JobRun {
  /** Lambda's request id: the lock holder is `lambda:<id>`. */
  requestId: string;
  /** SQS ApproximateReceiveCount, 1 on the first delivery. */
  receiveCount: number;
}

export interface JobOutcome {
  /** `reported`: the result is on GitHub (whatever it was); `skipped`: nothing to do for this job. */
  status: 'reported' | 'skipped';
  detail: string;
  url?: string;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_LOCK_WAIT_MS = 30_000;
export const DEFAULT_MAX_RECEIVES = 3;

/** The job could not finish for a reason that may pass (a held lock, a 5xx, throttling): SQS should deliver it again. */
export class JobRetryError extends Error {
  override name = 'JobRetryError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface JobScope {
  job: Job;
  deps: JobDeps;
  run: JobRun;
  log: Logger;
  ref: GitHubRepoRef;
  /** `owner/name`: the state store's key and the default owner. */
  repo: string;
  checks: CheckRuns;
  commenter: PullRequestCommenter;
}

export function jobScope(job: Job, deps: JobDeps, run: JobRun): JobScope {
  const ref = repoRef(job.repo.fullName);
  const retry = deps.githubRetry ?? {};
  return {
    job,
    deps,
    run,
    ref,
    repo: job.repo.fullName,
    log: deps.logger.child({ repo: job.repo.fullName, sha: job.sha, jobId: job.id, deliveryId: job.deliveryId, jobType: job.type, receiveCount: run.receiveCount }),
    checks: deps.checkRuns?.(ref) ?? new CheckRuns(deps.octokit, ref, retry),
    commenter: new PullRequestCommenter(deps.octokit, ref, { ...retry, botLogin: deps.identity }),
  };
}

export function markdownContext(scope: JobScope, sha: string): MarkdownContext & { sha: string } {
  return { repo: scope.repo, sha, ...(scope.deps.githubWebUrl ? { serverUrl: scope.deps.githubWebUrl } : {}) };
}

export type RepoAtCommit =
  | { valid: true; desired: DesiredState; warnings: Diagnostic[] }
  | { valid: false; diagnostics: Diagnostic[] };

/**
 * The repository at one exact commit, validated. A repository that cannot be read for the user's
 * reasons (too large, a hostile archive, a commit the token cannot see) comes back as one error
 * diagnostic to report; a download that failed for GitHub's reasons (5xx, rate limit, network)
 * throws for SQS to retry.
 */
export async function readRepoAt(scope: JobScope, sha: string): Promise<RepoAtCommit> {
  const pinnedOwner = scope.deps.ownerFor(scope.repo);
  if (pinnedOwner === undefined) {
    return { valid: false, diagnostics: [{ severity: 'error', code: 'repo-not-allowed', message: `${scope.repo} is not on this meshops deployment's allowlist: nothing is planned or applied for it` }] };
  }
  const snapshot = await snapshotAt(scope, sha, 'the repository could not be read');
  if (snapshot instanceof SourceError) return { valid: false, diagnostics: [{ severity: 'error', code: 'repo-unreadable', message: snapshot.message }] };
  const loaded = loadDesiredState(snapshot, { defaultOwner: scope.repo, pinnedOwner });
  if (!loaded.state) return { valid: false, diagnostics: loaded.diagnostics };
  const writable = scope.deps.ownerTagValues;
  const owner = loaded.state.settings.owner;
  if (writable && !ownerTagAllows(writable, owner)) {
    const message = `this meshops deployment's AWS role may only write resources whose ${OWNER_TAG} tag matches ${writable.map((p) => JSON.stringify(p)).join(', ')} (its ownerTagValues), and ${JSON.stringify(owner)} does not: AWS would refuse every change, so nothing is planned. Ask the deployment's operators to add it (the values are case-sensitive)`;
    return { valid: false, diagnostics: [{ severity: 'error', code: 'owner-not-writable', message }] };
  }
  return { valid: true, desired: loaded.state, warnings: loaded.diagnostics };
}

/**
 * The settings at a commit, for comparing a pull request's policy with its base's. Undefined when
 * that commit has no valid `meshops.yaml` (a first pull request): nothing to compare with.
 */
export async function readSettingsAt(scope: JobScope, sha: string): Promise<Settings | undefined> {
  const snapshot = await snapshotAt(scope, sha, 'the base commit could not be read to compare its settings');
  if (snapshot instanceof SourceError) return undefined;
  const file = snapshot.files.find((f) => f.path === SETTINGS_FILE);
  if (!file) return undefined;
  return validateSettings(parseYamlFile(SETTINGS_FILE, file.content), { defaultOwner: scope.repo }).settings;
}

/**
 * The repository at a commit. A GitHub failure that a later try can fix retries the job; any other
 * failure to read it is logged and returned, for the caller to report as it sees fit.
 */
async function snapshotAt(scope: JobScope, sha: string, unreadable: string): Promise<RepoSnapshot | SourceError> {
  try {
    return await fetchGitHubSnapshot(scope.deps.octokit, { owner: scope.ref.owner, repo: scope.ref.repo, sha });
  } catch (err) {
    if (err instanceof GitHubSourceError && err.retryable) throw new JobRetryError(err.message, { cause: err });
    if (!(err instanceof SourceError)) throw err;
    scope.log.warn(unreadable, { err });
    return err;
  }
}

/** The renderers start their output with the marker the commenter adds itself: keep one. */
export function withoutMarker(markdown: string, marker: string): string {
  return markdown.startsWith(`${marker}\n`) ? markdown.slice(marker.length + 1) : markdown;
}

/**
 * An apply that failed only on throttling, 5xx or a plan gone stale (live moved between plan and
 * apply): running the job again re-plans and finishes it, so SQS should retry. A failure on the
 * user's input (a spec AWS rejects, a quota) would fail the same way again: it is reported only.
 */
export function isTransientApplyFailure(result: ApplyResult): boolean {
  if (result.status !== 'failed') return false;
  if (result.error?.code === 'stale-plan') return true;
  const failed = result.operations.filter((o) => o.status === 'failed');
  return failed.length > 0 && failed.every((o) => o.error !== undefined && isRetryableAws({ name: o.error.name }));
}

/** The HTTP status of a failed GitHub call (Octokit's error, or our wrapper around it). */
export function githubStatus(err: unknown): number | undefined {
  const status = (err as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
