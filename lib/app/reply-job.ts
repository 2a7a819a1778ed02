/**
 * The reply job: a short answer on a pull request when meshops will not act on it (a comment
 * command it refuses, a fork's pull request waiting for a collaborator's `/meshops plan`). One
 * notice comment per pull request, updated in place, so repeating a refused command adds nothing.
 */
import { NOTICE_MARKER } from '../report/render/markers';
import { markdownText } from '../report/render/escape';
import type { JobOutcome, JobScope } from './reconcile-job';

export async function runReplyJob(scope: JobScope): Promise<JobOutcome> {
  const { job, log } = scope;
  if (job.pullRequest === undefined || !job.message) return { status: 'skipped', detail: 'a reply names no pull request or message' };
  const body = [`**meshops:** ${markdownText(job.message)}.`, '', '<sub>Comment `/meshops plan` (write access needed) to plan this pull request.</sub>', ''].join('\n');
  const posted = await scope.commenter.upsert(job.pullRequest, body, NOTICE_MARKER);
  log.info('reply posted', { pullRequest: job.pullRequest, url: posted.url });
  return { status: 'reported', detail: 'reply', url: posted.url };
}
