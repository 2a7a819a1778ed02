// lib/report/github: the GitHub adapters of reporting (I/O through an injected Octokit). The
// Markdown they post is rendered elsewhere (lib/report/render, pure); these only find, create,
// update and delete: the sticky plan comment, check runs, the drift issue, and the look-ups an apply
// needs (the pull request a commit came from, the default branch's head).
export { PullRequestCommenter, type CommenterOptions, type UpsertResult, type StickyComment } from './pull-request-commenter';
export { CheckRuns, type CheckRunReport, type CheckRunResult, type CheckStatus, type CheckConclusion, type CheckRunsOptions } from './check-runs';
export { DriftIssue, type DriftState, type DriftView, type DriftSyncInput, type DriftSyncResult, type DriftIssueSnapshot, type DriftIssueOptions } from './drift-issue';
export { findPullRequestForCommit, defaultBranchHead, type CommitPullRequest } from './commits';
export { type GitHubRepoRef, repoRef, fullName } from './repo-ref';
export { type CommentMeta, markerKey } from './markers';
export { withRetries, type RetryOptions } from './retry';
export { GitHubReportError, isRetryable } from './errors';

export const PLAN_MARKER = '<!-- meshops:plan -->';
export const APPLY_MARKER = '<!-- meshops:apply -->';
export const PLAN_CHECK = 'meshops/plan';
export const APPLY_CHECK = 'meshops/apply';
