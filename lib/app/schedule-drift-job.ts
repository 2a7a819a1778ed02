/**
 * The drift schedule's use-case: one drift job per allowlisted repository onto the FIFO queue
 * (message group = the repository), which the reconcile function runs like any other job. So a
 * repository's drift check never runs during its apply, and many repositories spread over
 * Lambda's concurrency. It fans out only: it reads neither the mesh nor GitHub.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueue } from '../queue/job-queue';
import { SqsJobQueue } from '../queue/sqs-job-queue';
import type { RepoAllowlist } from '../webhook/allowlist';
import { makeJob } from '../webhook/job';
import { requireSetting, type AppConfig } from './config';
import type { Logger } from './logger';

/**
 * The null commit id (git's own "no commit"): a drift job resolves the default branch's head when
 * it runs, because an apply queued ahead of it in the repository's group may have moved live on
 * by then; planning the head as it was at scheduling time would report that apply as drift.
 */
export const DRIFT_JOB_SHA = '0'.repeat(40);

export interface DriftScheduleDeps {
  allowlist: RepoAllowlist;
  queue: JobQueue;
  logger: Logger;
}

export interface ScheduledDrift {
  queued: string[];
  /** `owner/*` entries: not enumerated (see scheduleDriftJobs). */
  wildcards: number;
}

/** One scheduled period, to the minute: a redelivered event (same time) yields the same dedup ids. */
export function driftDeliveryId(repo: string, at: Date): string {
  return `drift:${repo.toLowerCase()}:${at.toISOString().slice(0, 16)}`;
}

/**
 * Queues the drift jobs of one scheduled run. Only exact `owner/name` entries are scheduled: an
 * `owner/*` entry lets that owner's webhooks in, but listing an owner's repositories would need
 * the GitHub token here and would schedule repositories that are not mesh repositories at all.
 * Every repository is attempted; if any enqueue failed the run throws after the others, and
 * EventBridge's retry re-sends them all (the ones already queued are dropped as duplicates).
 */
export async function scheduleDriftJobs(at: Date, deps: DriftScheduleDeps): Promise<ScheduledDrift> {
  const repos = deps.allowlist.repositories();
  const wildcards = deps.allowlist.size - repos.length;
  if (wildcards > 0) deps.logger.warn(`${wildcards} owner/* allowlist entries are not scheduled for drift checks; list those repositories by name in MESHOPS_ALLOWED_REPOS`);
  const queued: string[] = [];
  const failed: { repo: string; err: unknown }[] = [];
  for (const repo of repos) {
    const job = makeJob({ type: 'drift', sha: DRIFT_JOB_SHA, requestedBy: 'schedule' }, repo, driftDeliveryId(repo, at), at);
    try {
      await deps.queue.enqueue(job);
      queued.push(repo);
      deps.logger.info('drift job queued', { repo, jobId: job.id, deliveryId: job.deliveryId });
    } catch (err) {
      failed.push({ repo, err });
      deps.logger.error('queuing a drift job failed', { repo, jobId: job.id, err });
    }
  }
  if (failed.length) throw new Error(`queuing drift jobs failed for ${failed.map((f) => f.repo).join(', ')}`, { cause: failed[0]!.err });
  return { queued, wildcards };
}

export function createDriftScheduleDeps(config: AppConfig, logger: Logger, clients: { sqs?: Pick<SQSClient, 'send'> } = {}): DriftScheduleDeps {
  const queueUrl = requireSetting(config, 'queueUrl');
  const sqs = clients.sqs ?? new SQSClient(config.region ? { region: config.region } : {});
  return { allowlist: config.allowlist, queue: new SqsJobQueue(sqs, queueUrl), logger };
}
