/**
 * The apply job: a push to the default branch → (only if that commit is still the branch's head)
 * lock, re-plan at that SHA, apply, record → the result on the pull request the commit came from,
 * and a `meshops/apply` check run on the commit. If what ran is not the plan last posted on that
 * pull request, the comment says so at the top.
 */
import type { Plan } from '../plan/types';
import { APPLY_CHECK, APPLY_MARKER, defaultBranchHead, findPullRequestForCommit, withRetries, type CommitPullRequest } from '../report/github';
import { renderApplyMarkdown, renderCheckSummary, type MarkdownContext } from '../report/render';
import { diagnosticsMarkdown } from '../report/render/diagnostics';
import { code, markdownText } from '../report/render/escape';
import type { ApplyResult } from '../resources/results';
import type { Diagnostic } from '../model';
import { applyDesired } from './apply-desired';
import { rolloutCheck } from './rollout-job';
import {
  DEFAULT_LOCK_TIMEOUT_MS,
  DEFAULT_LOCK_WAIT_MS,
  isTransientApplyFailure,
  JobRetryError,
  markdownContext,
  readRepoAt,
  shortSha,
  withoutMarker,
  type JobOutcome,
  type JobScope,
} from './reconcile-job';

export async function runApplyJob(scope: JobScope): Promise<JobOutcome> {
  const { job, deps, log, ref, run } = scope;
  const retry = deps.githubRetry ?? {};
  const context = markdownContext(scope, job.sha);

  // A push redelivered (or retried) after newer commits landed must not roll live back: only the
  // branch's head is applied, and every push has its own job.
  const head = await defaultBranchHead(deps.octokit, ref, retry);
  if (head.sha !== job.sha) {
    const audit = await deps.store.listAudit(scope.repo, { limit: 50 });
    if (audit.some((e) => e.sha === job.sha)) {
      log.info(`apply job skipped: ${head.branch} moved on to ${shortSha(head.sha)}, and this commit was handled before`);
      return { status: 'skipped', detail: `${head.branch} is at ${shortSha(head.sha)}` };
    }
    // Never applied: say so where its author looks, without touching a result posted before.
    const pr = await findPullRequestForCommit(deps.octokit, ref, job.sha, retry);
    const earlier = pr ? await scope.commenter.readLast(pr.number, APPLY_MARKER) : undefined;
    if (earlier?.meta.sha === job.sha) {
      log.info(`apply job skipped: ${head.branch} moved on to ${shortSha(head.sha)}, and this commit's result is already posted`);
      return { status: 'skipped', detail: `${head.branch} is at ${shortSha(head.sha)}` };
    }
    const note = `Not applied on its own: by the time this job ran, ${head.branch} had moved on to ${shortSha(head.sha)}. meshops applies only the head of ${head.branch}, so the apply of ${shortSha(head.sha)} (its own push) brings live up to date.`;
    const posted = pr ? await scope.commenter.upsert(pr.number, skippedMarkdown(context, note), APPLY_MARKER, { sha: job.sha, skipped: true }) : undefined;
    await scope.checks.set(job.sha, APPLY_CHECK, { status: 'completed', conclusion: 'skipped', title: `Skipped: ${head.branch} is at ${shortSha(head.sha)}`, summary: markdownText(note), ...(posted ? { detailsUrl: posted.url } : {}) });
    log.info(`apply job skipped: ${head.branch} moved on to ${shortSha(head.sha)}`, { pullRequest: pr?.number });
    return { status: 'skipped', detail: `${head.branch} is at ${shortSha(head.sha)}`, ...(posted ? { url: posted.url } : {}) };
  }
  const last = await deps.store.getLastApplied(scope.repo);
  if (last?.sha === job.sha) {
    log.info(`apply job skipped: ${shortSha(job.sha)} was applied at ${last.appliedAt} (a redelivered push)`);
    await finishOpenCheck(scope);
    await postLostComment(scope);
    return { status: 'skipped', detail: `already applied at ${last.appliedAt}` };
  }

  const pr = await findPullRequestForCommit(deps.octokit, ref, job.sha, retry);
  await scope.checks.set(job.sha, APPLY_CHECK, { status: 'in_progress', title: 'Applying', summary: `meshops is applying ${shortSha(job.sha)}.` });

  const repo = await readRepoAt(scope, job.sha);
  if (!repo.valid) {
    const now = deps.clock().toISOString();
    const result: ApplyResult = { status: 'refused', fingerprint: '', sha: job.sha, startedAt: now, finishedAt: now, operations: [], error: { code: 'invalid-repository', message: `The repository is not valid at ${shortSha(job.sha)}: nothing was applied.` } };
    const posted = pr ? await scope.commenter.upsert(pr.number, invalidMarkdown(result, repo.diagnostics, context), APPLY_MARKER, { sha: job.sha }) : undefined;
    const check = renderCheckSummary(undefined, { diagnostics: repo.diagnostics, context });
    await scope.checks.set(job.sha, APPLY_CHECK, { status: 'completed', conclusion: 'failure', title: `Not applied: ${check.title}`, summary: check.summary, ...(posted ? { detailsUrl: posted.url } : {}) });
    log.warn('apply job: the repository is not valid; nothing was applied', { pullRequest: pr?.number });
    return { status: 'reported', detail: 'invalid repository', ...(posted ? { url: posted.url } : {}) };
  }

  const engine = deps.engine(repo.desired.settings.region);
  const { plan, result, rollouts } = await applyDesired(repo.desired, engine, {
    repo: scope.repo,
    sha: job.sha,
    ...(pr ? { pullRequest: pr.number } : {}),
    holder: `lambda:${run.requestId}`,
    ...(job.requestedBy ? { actor: job.requestedBy } : {}),
    lockTimeoutMs: deps.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    lockWaitMs: deps.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
  });
  if (!plan && result.error?.code === 'locked') {
    // Another apply (a CLI run, another deployment) holds the lock: not the user's mistake, and
    // the merged commit must still be applied, so SQS delivers the job again; after its last
    // receive it lands in the dead-letter queue, where someone looks.
    await scope.checks.set(job.sha, APPLY_CHECK, { status: 'in_progress', title: 'Waiting for the lock', summary: `${markdownText(result.error.message)}\n\nmeshops tries again shortly.` });
    throw new JobRetryError(`applying ${shortSha(job.sha)}: ${result.error.message}`);
  }

  const note = plan && pr ? await planDifference(scope, pr, plan) : undefined;
  const markdown = renderApplyMarkdown(result, plan, { ...context, ...(note ? { note } : {}) });
  const posted = pr ? await scope.commenter.upsert(pr.number, withoutMarker(markdown, APPLY_MARKER), APPLY_MARKER, { fingerprint: result.fingerprint, sha: job.sha }) : undefined;
  const check = renderCheckSummary(result, plan ? { plan } : {});
  // A rollout this commit started keeps the check in progress until it ends (the rollout job completes it).
  const started = result.status === 'applied' || result.status === 'nothing-to-do' ? rollouts?.decisions.find((d) => d.action === 'start') : undefined;
  if (started && started.action === 'start') await scope.checks.set(job.sha, APPLY_CHECK, { ...rolloutCheck(started.record), ...(posted ? { detailsUrl: posted.url } : {}) });
  else await scope.checks.set(job.sha, APPLY_CHECK, { status: 'completed', conclusion: check.conclusion, title: check.title, summary: note ? `**${markdownText(note)}**\n\n${check.summary}` : check.summary, ...(posted ? { detailsUrl: posted.url } : {}) });
  log.info(`apply job: ${result.status}`, { fingerprint: result.fingerprint, pullRequest: pr?.number, operations: result.operations.length, error: result.error, differsFromPlan: note !== undefined, url: posted?.url });

  if (isTransientApplyFailure(result)) {
    throw new JobRetryError(`applying ${shortSha(job.sha)} failed on a transient error (${result.error?.message ?? 'see the operations'}); the next delivery re-plans and finishes it`);
  }
  return { status: 'reported', detail: result.status, ...(posted ? { url: posted.url } : {}) };
}

/**
 * A delivery that applied and then failed while reporting (GitHub 5xx on the check run, after its
 * retries) leaves `meshops/apply` in progress, and the redelivery skips the commit as applied: it
 * completes that check from the audit log. A check already completed is left as it is (a push
 * redelivered hours later changes nothing). Best effort: a token that cannot read check runs (a
 * personal access token, reporting through commit statuses) skips it.
 */
async function finishOpenCheck(scope: JobScope): Promise<void> {
  const { job, deps, ref, log } = scope;
  try {
    const { data } = await withRetries(`reading check ${APPLY_CHECK} of ${shortSha(job.sha)}`, () => deps.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner: ref.owner, repo: ref.repo, ref: job.sha, check_name: APPLY_CHECK, filter: 'latest' }), deps.githubRetry);
    if (!data.check_runs.some((run) => run.status !== 'completed')) return;
  } catch (err) {
    log.warn(`could not read check ${APPLY_CHECK} of ${shortSha(job.sha)}`, { err });
    return;
  }
  const entry = (await deps.store.listAudit(scope.repo, { limit: 50 })).find((e) => e.sha === job.sha && e.result);
  if (!entry?.result) return;
  const check = renderCheckSummary(entry.result);
  await scope.checks.set(job.sha, APPLY_CHECK, { status: 'completed', conclusion: check.conclusion, title: check.title, summary: check.summary });
}

/**
 * A delivery that applied and then failed before its comment reached the pull request (GitHub
 * down after its retries) is delivered again and skipped as applied: the result is posted from the
 * audit entry, once (a comment for this commit already there is left alone).
 */
async function postLostComment(scope: JobScope): Promise<void> {
  const { job, deps, ref, log } = scope;
  const pr = await findPullRequestForCommit(deps.octokit, ref, job.sha, deps.githubRetry ?? {});
  if (!pr) return;
  const earlier = await scope.commenter.readLast(pr.number, APPLY_MARKER);
  if (earlier?.meta.sha === job.sha) return;
  const entry = (await deps.store.listAudit(scope.repo, { limit: 50 })).find((e) => e.sha === job.sha && e.result);
  if (!entry?.result) return;
  const markdown = renderApplyMarkdown(entry.result, undefined, { ...markdownContext(scope, job.sha), note: 'Posted on redelivery: the first report of this apply did not reach GitHub. Live was not changed again.' });
  const posted = await scope.commenter.upsert(pr.number, withoutMarker(markdown, APPLY_MARKER), APPLY_MARKER, { fingerprint: entry.result.fingerprint, sha: job.sha });
  log.info('apply job: the lost result comment posted from the audit entry', { pullRequest: pr.number, url: posted.url });
}

/** The note at the top of the apply comment when what ran is not what was reviewed. */
async function planDifference(scope: JobScope, pr: CommitPullRequest, plan: Plan): Promise<string | undefined> {
  const record = await scope.deps.store.getPlanRecord(scope.repo, pr.number);
  const ran = `ran ${plan.fingerprint.slice(0, 12)} at ${shortSha(scope.job.sha)}`;
  if (!record) return `No meshops plan was posted on this pull request before it was merged: nobody reviewed what ran (${ran}).`;
  if (record.fingerprint === plan.fingerprint) return undefined;
  return `What ran differs from the last plan posted on this pull request: planned ${record.fingerprint.slice(0, 12)} at ${shortSha(record.sha)}, ${ran}. Live or the default branch changed after that plan; the operations below are what actually ran.`;
}

function skippedMarkdown(context: MarkdownContext & { sha: string }, note: string): string {
  return [`## meshops apply: ⏭️ skipped`, '', `${markdownText(context.repo)} at ${code(shortSha(context.sha))}`, '', '> [!NOTE]', `> ${markdownText(note)}`, ''].join('\n');
}

/** The refusal, then the errors linked to their lines, above the footer. */
function invalidMarkdown(result: ApplyResult, diagnostics: Diagnostic[], context: MarkdownContext): string {
  const markdown = withoutMarker(renderApplyMarkdown(result, undefined, context), APPLY_MARKER);
  const cut = markdown.lastIndexOf('\n---\n');
  const errors = diagnosticsMarkdown(diagnostics, context).join('\n');
  return cut < 0 ? `${markdown}\n${errors}\n` : `${markdown.slice(0, cut)}\n${errors}${markdown.slice(cut)}`;
}
