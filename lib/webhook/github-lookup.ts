import type { GitHubClient as Octokit } from '../github/client';
import { GitHubLookupError } from './errors';

export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface PullRequestHead {
  number: number;
  state: string;
  headSha: string;
  headRepoFullName: string | null;
  baseRef: string;
}

/** What the webhook asks GitHub before turning a `/meshops plan` comment into a job. */
export interface GitHubLookup {
  permission(owner: string, repo: string, username: string): Promise<RepoPermission>;
  pullRequest(owner: string, repo: string, number: number): Promise<PullRequestHead | undefined>;
}

/** Write access or more: who may ask for a plan (it spends API calls and posts a comment). */
export function mayRequestPlan(permission: RepoPermission): boolean {
  return permission === 'admin' || permission === 'maintain' || permission === 'write';
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

export function octokitLookup(octokit: Octokit): GitHubLookup {
  return {
    async permission(owner, repo, username) {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { owner, repo, username });
        // `role_name` distinguishes maintain and triage, which `permission` folds into write and
        // read; a custom role reports its own name there and its base role in `permission`.
        const role = data.role_name;
        if (role === 'admin' || role === 'maintain' || role === 'write' || role === 'triage' || role === 'read') return role;
        const base = data.permission;
        if (base === 'admin' || base === 'write' || base === 'read') return base;
        return 'none';
      } catch (err) {
        // 404: not a collaborator (or no such user): no access.
        if (statusOf(err) === 404) return 'none';
        throw new GitHubLookupError(`reading ${username}'s permission on ${owner}/${repo}: ${(err as Error).message}`, { cause: err });
      }
    },
    async pullRequest(owner, repo, number) {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: number });
        return {
          number: data.number,
          state: data.state,
          headSha: data.head.sha,
          // Typed as non-null, but GitHub sends null when the fork was deleted.
          headRepoFullName: (data.head.repo as { full_name?: string } | null)?.full_name ?? null,
          baseRef: data.base.ref,
        };
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw new GitHubLookupError(`reading pull request #${number} of ${owner}/${repo}: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}
