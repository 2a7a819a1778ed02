/**
 * The rollout schedule (every minute): one rollout job per allowlisted repository that has a
 * rollout in progress, onto the FIFO queue (message group = the repository), which the reconcile
 * function runs like any job. So a tick never runs beside an apply or a drift check of the same
 * repository. It reads only each repository's rollout records (one small S3 object each).
 */
import type { JobQueue } from '../queue/job-queue';
import type { StateStore } from '../state/types';
import type { RepoAllowlist } from '../webhook/allowlist';
import { makeJob } from '../webhook/job';
import type { Logger } from './logger';
import { ROLLOUT_JOB_SHA } from './rollout-job';

export interface RolloutScheduleDeps {
  allowlist: RepoAllowlist;
  queue: JobQueue;
  store: Pick<StateStore, 'getRollouts'>;
  logger: Logger;
}

/** One tick per repository and minute: a redelivered schedule event yields the same dedup ids. */
export function rolloutDeliveryId(repo: string, at: Date): string {
  return `rollout:${repo.toLowerCase()}:${at.toISOString().slice(0, 16)}`;
}

export async function scheduleRolloutTicks(at: Date, deps: RolloutScheduleDeps): Promise<{ queued: string[] }> {
  const queued: string[] = [];
  const failed: { repo: string; err: unknown }[] = [];
  for (const repo of deps.allowlist.repositories()) {
    try {
      const book = await deps.store.getRollouts(repo);
      if (!book?.rollouts.some((r) => r.status === 'in-progress' || r.pending)) continue;
      const job = makeJob({ type: 'rollout', sha: ROLLOUT_JOB_SHA, requestedBy: 'schedule' }, repo, rolloutDeliveryId(repo, at), at);
      await deps.queue.enqueue(job);
      queued.push(repo);
      deps.logger.info('rollout tick queued', { repo, jobId: job.id });
    } catch (err) {
      failed.push({ repo, err });
      deps.logger.error('queuing a rollout tick failed', { repo, err });
    }
  }
  if (failed.length) throw new Error(`queuing rollout ticks failed for ${failed.map((f) => f.repo).join(', ')}`, { cause: failed[0]!.err });
  return { queued };
}
