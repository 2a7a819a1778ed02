import { createHash } from 'node:crypto';
import type { Job } from '../webhook/job';

/** Where the webhook and the drift schedule put work for the reconcile function. */
export interface JobQueue {
  enqueue(job: Job): Promise<void>;
}

/**
 * One message group per repository, lower-cased because GitHub names are case-insensitive: the
 * FIFO queue then runs one repository's jobs one at a time (an apply never overlaps a plan or a
 * drift check of the same repository), while different repositories run in parallel.
 */
export function messageGroupId(job: Job): string {
  return job.repo.fullName.toLowerCase();
}

const DEDUP_ALLOWED = /^[\x21-\x7e]{1,128}$/;

/**
 * The delivery id: GitHub's redelivery of the same event carries the same id, so SQS drops it
 * within its 5-minute deduplication window. Hashed only if it does not fit SQS's character rules.
 */
export function deduplicationId(job: Job): string {
  return DEDUP_ALLOWED.test(job.deliveryId) ? job.deliveryId : createHash('sha256').update(job.deliveryId).digest('hex');
}

export function encodeJobMessage(job: Job): string {
  return JSON.stringify(job);
}
