import { createHash } from 'node:crypto';

/** `reply`: a short answer on a pull request (a refused comment command, a fork waiting for a plan). */
export type JobType = 'plan' | 'apply' | 'drift' | 'rollout' | 'reply';

/** A `reply` job names no commit: the null commit id stands in. */
export const NO_COMMIT = '0'.repeat(40);
export const MAX_REPLY_LENGTH = 1000;

export interface JobRepo {
  owner: string;
  name: string;
  /** `owner/name` as GitHub spells it. */
  fullName: string;
}

/**
 * One unit of work for the reconcile function. Plain JSON: it travels as an SQS message body.
 * `sha` is always an exact 40-hex commit: a job never names a branch, so what runs is what was seen.
 */
export interface Job {
  id: string;
  type: JobType;
  repo: JobRepo;
  sha: string;
  pullRequest?: number;
  /** GitHub's `X-GitHub-Delivery` id (or a synthetic one for scheduled drift jobs); the FIFO dedup id. */
  deliveryId: string;
  /** GitHub login of who caused the job (PR author, pusher, commenter). */
  requestedBy?: string;
  /**
   * The plan is for a pull request whose head lives in a fork. Its content is untrusted input
   * (parsed, never executed); reconcile may use this to keep live details out of the comment.
   */
  fromFork?: boolean;
  /** `reply` jobs: the plain-text answer to post. */
  message?: string;
  /** ISO 8601. */
  createdAt: string;
}

export const SHA_PATTERN = /^[0-9a-f]{40}$/;

/**
 * Deterministic from the delivery id: GitHub's redelivery of the same event yields the same job id,
 * which is what the logs, the queue's dedup and the audit trail key on.
 */
export function jobIdFor(deliveryId: string): string {
  return `job-${createHash('sha256').update(`meshops-job:${deliveryId}`).digest('hex').slice(0, 32)}`;
}

export function jobRepo(fullName: string): JobRepo {
  const [owner, name, ...rest] = fullName.split('/');
  if (!owner || !name || rest.length > 0) throw new Error(`a repository is named owner/name, got "${fullName}"`);
  return { owner, name, fullName };
}

export interface JobDraft {
  type: JobType;
  sha: string;
  pullRequest?: number;
  requestedBy?: string;
  fromFork?: boolean;
  message?: string;
}

export function makeJob(draft: JobDraft, repoFullName: string, deliveryId: string, now: Date): Job {
  const job: Job = {
    id: jobIdFor(deliveryId),
    type: draft.type,
    repo: jobRepo(repoFullName),
    sha: draft.sha,
    deliveryId,
    createdAt: now.toISOString(),
  };
  if (draft.pullRequest !== undefined) job.pullRequest = draft.pullRequest;
  if (draft.requestedBy !== undefined) job.requestedBy = draft.requestedBy;
  if (draft.fromFork) job.fromFork = true;
  if (draft.message !== undefined) job.message = draft.message.slice(0, MAX_REPLY_LENGTH);
  return job;
}
