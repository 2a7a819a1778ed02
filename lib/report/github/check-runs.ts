import type { GitHubClient as Octokit } from '../../github/client';
import { statusOf } from './errors';
import type { GitHubRepoRef } from './repo-ref';
import { withRetries, type RetryOptions } from './retry';

export type CheckStatus = 'queued' | 'in_progress' | 'completed';
export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface CheckRunReport {
  status: CheckStatus;
  /** Required when completed. */
  conclusion?: CheckConclusion;
  title: string;
  /** Markdown; GitHub keeps at most 65,535 characters (longer is cut with a note). */
  summary: string;
  text?: string;
  /** Link shown as "Details" (e.g. the plan comment). */
  detailsUrl?: string;
}

export type CheckRunResult =
  | { kind: 'check-run'; id: number; action: 'created' | 'updated' }
  /** Recorded as a commit status because the token may not create check runs (see below). */
  | { kind: 'commit-status'; state: 'pending' | 'success' | 'failure' | 'error' };

export interface CheckRunsOptions extends RetryOptions {
  /** Fall back to commit statuses when check runs are refused with 403. Default true. */
  fallbackToStatus?: boolean;
}

const OUTPUT_LIMIT = 65535;
const TRUNCATED = '\n\n… (truncated: GitHub keeps 65,535 characters here; the pull request comment has everything)';

function fit(text: string): string {
  return text.length <= OUTPUT_LIMIT ? text : text.slice(0, OUTPUT_LIMIT - TRUNCATED.length) + TRUNCATED;
}

/**
 * `meshops/plan` and `meshops/apply` on a commit: created, or updated when a run with that name
 * already exists on that head SHA (so a retried job updates its run instead of adding another).
 *
 * Only GitHub Apps may create check runs; a personal access token gets 403 "Resource not accessible
 * by personal access token". With such a token (the SSM-stored token is usually one) the same
 * outcome is recorded as a commit status with the check's name as its context, which branch
 * protection can require just the same. The first 403 switches this instance to statuses.
 */
export class CheckRuns {
  private useStatuses = false;

  constructor(
    private readonly octokit: Octokit,
    private readonly repo: GitHubRepoRef,
    private readonly options: CheckRunsOptions = {},
  ) {}

  async set(sha: string, name: string, report: CheckRunReport): Promise<CheckRunResult> {
    if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`a check run is set on a 40-hex commit SHA, got "${sha}"`);
    if (report.status === 'completed' && !report.conclusion) throw new Error(`check run ${name}: a completed run needs a conclusion`);
    const action = `setting check ${name} on ${this.repo.owner}/${this.repo.repo}@${sha.slice(0, 7)}`;
    return withRetries(action, async () => {
      if (!this.useStatuses) {
        try {
          return await this.setCheckRun(sha, name, report);
        } catch (err) {
          if (statusOf(err) !== 403 || this.options.fallbackToStatus === false || /rate limit/i.test((err as Error).message)) throw err;
          this.useStatuses = true;
        }
      }
      return this.setStatus(sha, name, report);
    }, this.options);
  }

  private async setCheckRun(sha: string, name: string, report: CheckRunReport): Promise<CheckRunResult> {
    const { owner, repo } = this.repo;
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner, repo, ref: sha, check_name: name, filter: 'latest', per_page: 100 });
    const existing = data.check_runs.find((run) => run.name === name && run.head_sha === sha);
    const output = { title: report.title.slice(0, 255), summary: fit(report.summary), ...(report.text !== undefined ? { text: fit(report.text) } : {}) };
    const fields = {
      status: report.status,
      ...(report.conclusion && report.status === 'completed' ? { conclusion: report.conclusion } : {}),
      ...(report.detailsUrl ? { details_url: report.detailsUrl } : {}),
      output,
    };
    if (existing) {
      try {
        await this.octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner, repo, check_run_id: existing.id, ...fields });
        return { kind: 'check-run', id: Number(existing.id), action: 'updated' };
      } catch (err) {
        // A run with our name made by another app cannot be updated by us: create our own.
        if (statusOf(err) !== 403 && statusOf(err) !== 404) throw err;
      }
    }
    const { data: created } = await this.octokit.request('POST /repos/{owner}/{repo}/check-runs', { owner, repo, name, head_sha: sha, ...fields });
    return { kind: 'check-run', id: Number(created.id), action: 'created' };
  }

  private async setStatus(sha: string, name: string, report: CheckRunReport): Promise<CheckRunResult> {
    const state = report.status !== 'completed' ? 'pending' : report.conclusion === 'success' || report.conclusion === 'neutral' || report.conclusion === 'skipped' ? 'success' : report.conclusion === 'failure' || report.conclusion === 'action_required' ? 'failure' : 'error';
    const description = report.title.length > 140 ? `${report.title.slice(0, 139)}…` : report.title;
    await this.octokit.request('POST /repos/{owner}/{repo}/statuses/{sha}', { owner: this.repo.owner, repo: this.repo.repo, sha, state, context: name, description, ...(report.detailsUrl ? { target_url: report.detailsUrl } : {}) });
    return { kind: 'commit-status', state };
  }
}

