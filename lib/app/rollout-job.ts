/**
 * The rollout job: one tick of a repository's rollouts, queued by the rollout schedule on the
 * repository's FIFO group (so it never runs beside an apply or a drift check of that repository)
 * → the alarms, then a step, the end or a rollback (see runRollouts) → a comment on the pull
 * request per step and at the end, and the `meshops/apply` check of the commit kept in progress
 * until the rollout ends.
 */
import { createHash } from 'node:crypto';
import { APPLY_CHECK } from '../report/github';
import { renderRolloutMarkdown, rolloutTitle } from '../report/render/rollout-markdown';
import { stepLabel } from '../rollout/notes';
import type { RolloutEvent, RolloutRecord } from '../rollout/types';
import { rolloutPorts } from './rollout-ports';
import { DEFAULT_LOCK_TIMEOUT_MS, shortSha, type JobOutcome, type JobScope } from './reconcile-job';
import { runRollouts } from './tick-rollouts';

/** The sha a rollout job carries: it ticks what the records say, not a commit. */
export const ROLLOUT_JOB_SHA = '0'.repeat(40);

export async function runRolloutJob(scope: JobScope): Promise<JobOutcome> {
  const { deps, log, run } = scope;
  const book = await deps.store.getRollouts(scope.repo);
  const active = (book?.rollouts ?? []).filter((r) => r.status === 'in-progress' || r.pending);
  if (!active.length) return { status: 'skipped', detail: 'no rollout in progress' };
  const engine = deps.engine(active[0]!.region ?? deps.defaultRegion ?? 'us-east-1');
  // An apply holding the lock is applying this repository now; the next scheduled tick comes in a minute.
  const result = await runRollouts(engine, rolloutPorts(engine), { kind: 'tick' }, { repo: scope.repo, holder: `lambda:${run.requestId}`, lockTimeoutMs: deps.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, lockWaitMs: 0, at: deps.clock() });
  if (result.status === 'locked') {
    log.info('rollout tick skipped: the repository is locked', { message: result.message });
    return { status: 'skipped', detail: 'locked' };
  }
  const moved = result.outcomes.filter((o) => o.transition);
  for (const o of moved) await reportRollout(scope, o.record, o.transition!.event);
  log.info('rollout tick', { moved: moved.map((o) => `${o.id} ${o.transition!.event.event}`), held: result.outcomes.filter((o) => o.hold).map((o) => `${o.id} ${o.hold!.reason}`) });
  return { status: moved.length ? 'reported' : 'skipped', detail: moved.length ? moved.map((o) => `${o.id}: ${o.record.status}`).join(', ') : 'nothing due' };
}

/** A comment per event (its own marker, so a redelivered job edits the same comment), and the commit's check. */
export async function reportRollout(scope: JobScope, record: RolloutRecord, event: RolloutEvent): Promise<void> {
  const id = createHash('sha256').update(`${record.id} ${record.startedAt}`).digest('hex').slice(0, 12);
  if (record.pullRequest !== undefined) {
    await scope.commenter.upsert(record.pullRequest, renderRolloutMarkdown(record, event), `<!-- meshops:rollout:${id}:${record.history.length} -->`, { route: record.id, status: record.status });
  }
  if (record.sha) await scope.checks.set(record.sha, APPLY_CHECK, rolloutCheck(record));
  scope.log.info(`rollout ${record.status}`, { route: record.id, sha: record.sha ? shortSha(record.sha) : undefined, pullRequest: record.pullRequest });
}

/** The apply check while a rollout of that commit runs (in progress) and once it ends. */
export function rolloutCheck(record: RolloutRecord): { status: 'in_progress' | 'completed'; conclusion?: 'success' | 'failure' | 'neutral'; title: string; summary: string } {
  const title = rolloutTitle(record);
  const summary = record.status === 'rolled-back' && record.alarm ? `Alarm \`${record.alarm.name}\` was in ALARM: ${record.alarm.reason}` : record.status === 'in-progress' ? `${record.id}: ${stepLabel(record)}; meshops steps forward every ${record.spec.interval} while ${record.spec.alarms.join(', ')} stay out of ALARM.` : `${record.id}: ${title}`;
  if (record.status === 'in-progress') return { status: 'in_progress', title, summary };
  return { status: 'completed', conclusion: record.status === 'completed' ? 'success' : record.status === 'rolled-back' ? 'failure' : 'neutral', title, summary };
}
