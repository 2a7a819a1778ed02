import { parseCommentCommand } from './comment-command';
import type { JobDraft } from './job';
import { readIssueCommentEvent, readPullRequestEvent, readPushEvent } from './payloads';

/** What an event asks for, decided from the payload alone (pure). */
export type Routing =
  | { kind: 'ping' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'job'; draft: JobDraft }
  /** Not acted on, and the pull request gets a short reply saying why (a `reply` job). */
  | { kind: 'refused'; reason: string; pullRequest: number }
  /** `/meshops plan`: needs GitHub (the commenter's permission, the pull request's head) before it becomes a job. */
  | { kind: 'plan-command'; pullRequest: number; commenter: string; defaultBranch: string };

/**
 * Draft pull requests are planned like any other: a plan is read-only, and early feedback on a
 * draft is what its author wants. `ready_for_review` plans again so the reviewers' first look
 * is at a fresh comment.
 */
const PLAN_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review']);
const ZERO_SHA = '0'.repeat(40);

export function routeEvent(event: string, payload: Record<string, unknown>): Routing {
  switch (event) {
    case 'ping':
      return { kind: 'ping' };
    case 'pull_request':
      return routePullRequest(payload);
    case 'push':
      return routePush(payload);
    case 'issue_comment':
      return routeIssueComment(payload);
    default:
      return { kind: 'ignored', reason: `event ${event} is not handled` };
  }
}

function sameRepo(a: string | null, b: string): boolean {
  return a !== null && a.toLowerCase() === b.toLowerCase();
}

function routePullRequest(payload: Record<string, unknown>): Routing {
  const pr = readPullRequestEvent(payload);
  if (!PLAN_ACTIONS.has(pr.action)) return { kind: 'ignored', reason: `pull_request action ${pr.action} is not handled` };
  if (pr.state !== 'open') return { kind: 'ignored', reason: `pull request #${pr.number} is ${pr.state}` };
  // Only a merge into the default branch is ever applied; a plan for another base would promise
  // changes that merging it never makes.
  if (pr.baseRef !== pr.repository.defaultBranch) {
    return { kind: 'ignored', reason: `pull request #${pr.number} targets ${pr.baseRef}, not the default branch ${pr.repository.defaultBranch}` };
  }
  // A fork's pull request is not planned on its own: its author controls what is declared, and a
  // plan spends API calls and posts a public comment. A collaborator with write access asks for
  // it with `/meshops plan` (and the plan then hides live details). Nothing from a fork is ever
  // applied: apply jobs come only from pushes to the allowlisted repository's default branch.
  if (!sameRepo(pr.headRepoFullName, pr.repository.fullName)) {
    return { kind: 'refused', pullRequest: pr.number, reason: `pull request #${pr.number} comes from a fork: meshops plans it when a collaborator with write access comments /meshops plan` };
  }
  return { kind: 'job', draft: { type: 'plan', sha: pr.headSha, pullRequest: pr.number, ...(pr.author ? { requestedBy: pr.author } : {}) } };
}

function routePush(payload: Record<string, unknown>): Routing {
  const push = readPushEvent(payload);
  if (!push.ref.startsWith('refs/heads/')) return { kind: 'ignored', reason: `push to ${push.ref} is not a branch` };
  const branch = push.ref.slice('refs/heads/'.length);
  if (branch !== push.repository.defaultBranch) return { kind: 'ignored', reason: `push to ${branch}, not the default branch ${push.repository.defaultBranch}` };
  if (push.deleted || push.after === ZERO_SHA) return { kind: 'ignored', reason: `push deleted ${branch}` };
  return { kind: 'job', draft: { type: 'apply', sha: push.after, ...(push.pusher ? { requestedBy: push.pusher } : {}) } };
}

function routeIssueComment(payload: Record<string, unknown>): Routing {
  const comment = readIssueCommentEvent(payload);
  // Editing an old comment into a command would replay it; only new comments count.
  if (comment.action !== 'created') return { kind: 'ignored', reason: `issue_comment action ${comment.action} is not handled` };
  const command = parseCommentCommand(comment.body);
  if (!command) return { kind: 'ignored', reason: 'comment is not a meshops command' };
  if (!comment.isPullRequest) return { kind: 'ignored', reason: `#${comment.issueNumber} is an issue, not a pull request` };
  if (command.command === 'unknown') return { kind: 'refused', pullRequest: comment.issueNumber, reason: `unknown command "${command.text.slice(0, 80)}"; the only comment command is /meshops plan` };
  if (comment.issueState !== 'open') return { kind: 'refused', pullRequest: comment.issueNumber, reason: `pull request #${comment.issueNumber} is ${comment.issueState}: there is nothing to plan` };
  return { kind: 'plan-command', pullRequest: comment.issueNumber, commenter: comment.commenter, defaultBranch: comment.repository.defaultBranch };
}
