import type { GitHubClient as Octokit } from '../../github/client';
import type { GitHubRepoRef } from './repo-ref';
import { withRetries, type RetryOptions } from './retry';

export interface CommitPullRequest {
  number: number;
  title: string;
  url: string;
  headSha: string;
  merged: boolean;
}

/**
 * The pull request a commit on the default branch came from: the one whose merge commit it is
 * (merge and squash), else a merged one containing it (rebase merges), else an open one whose head
 * it is. Undefined for a direct push.
 */
export async function findPullRequestForCommit(octokit: Octokit, repo: GitHubRepoRef, sha: string, options: RetryOptions = {}): Promise<CommitPullRequest | undefined> {
  const pulls = await withRetries(
    `finding the pull request of ${repo.owner}/${repo.repo}@${sha.slice(0, 7)}`,
    () => octokit.paginate('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { owner: repo.owner, repo: repo.repo, commit_sha: sha, per_page: 100 }),
    options,
  );
  const pick = pulls.find((p) => p.merge_commit_sha === sha && p.merged_at) ?? pulls.find((p) => p.merged_at) ?? pulls.find((p) => p.state === 'open' && p.head.sha === sha);
  if (!pick) return undefined;
  return { number: pick.number, title: pick.title, url: pick.html_url, headSha: pick.head.sha, merged: Boolean(pick.merged_at) };
}

/** The default branch and the SHA at its head: what a drift job plans. Two calls. */
export async function defaultBranchHead(octokit: Octokit, repo: GitHubRepoRef, options: RetryOptions = {}): Promise<{ branch: string; sha: string }> {
  return withRetries(`reading the default branch of ${repo.owner}/${repo.repo}`, async () => {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}', { owner: repo.owner, repo: repo.repo });
    const { data: ref } = await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner: repo.owner, repo: repo.repo, ref: `heads/${data.default_branch}` });
    return { branch: data.default_branch, sha: ref.object.sha };
  }, options);
}
