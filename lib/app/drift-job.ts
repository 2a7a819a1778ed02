/**
 * The drift job: the default branch's head, resolved when the job runs (not when it was
 * scheduled: an apply queued ahead of it may have moved live on) → plan against live → classify →
 * the sticky drift issue, `latest.json` and history in S3, one EMF metric line, and with
 * `drift.remediate: true` an apply of Git when something was changed or deleted outside it.
 */
import { defaultBranchHead, DriftIssue, withRetries, type DriftState, type DriftSyncResult } from '../report/github';
import { renderApplyMarkdown, renderDriftMarkdown, DRIFT_MARKER } from '../report/render';
import { DRIFT_TEXT, driftTitle } from '../report/render/drift-classes';
import { code, markdownText } from '../report/render/escape';
import type { DriftItem, DriftReport } from '../resources/results';
import { applyDesired } from './apply-desired';
import { detectDriftDesired } from './detect-drift';
import { driftMetric, writeMetric } from './metrics';
import { DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_LOCK_WAIT_MS, isTransientApplyFailure, JobRetryError, markdownContext, readRepoAt, shortSha, type JobOutcome, type JobScope } from './reconcile-job';

/** The drift issue's key for an item: stable across runs, so first-seen times carry over. */
export function driftItemKey(item: Pick<DriftItem, 'class' | 'id'>): string {
  return `${item.class} ${item.id}`;
}

/** The report with the first-seen times the issue has kept (the issue is what people were told). */
function withIssueTimes(report: DriftReport, state: DriftState): DriftReport {
  return { ...report, items: report.items.map((i) => ({ ...i, firstSeen: state.items[driftItemKey(i)]?.firstSeen ?? i.firstSeen ?? report.checkedAt })) };
}

function announcement(report: DriftReport, newKeys: string[]): string {
  const fresh = new Set(newKeys);
  const lines = report.items.filter((i) => fresh.has(driftItemKey(i))).map((i) => `- ${DRIFT_TEXT[i.class].emoji} ${i.class}: ${i.kind} ${code([i.mesh, i.parent, i.name].filter(Boolean).join('/'))}: ${markdownText(i.reason)}`);
  return [`**New drift** found by the check of ${markdownText(report.checkedAt)}:`, '', ...lines].join('\n');
}

export async function runDriftJob(scope: JobScope): Promise<JobOutcome> {
  const { deps, ref, run } = scope;
  const head = await defaultBranchHead(deps.octokit, ref, deps.githubRetry ?? {});
  const log = scope.log.child({ sha: head.sha, branch: head.branch });
  const repo = await readRepoAt(scope, head.sha);
  if (!repo.valid) {
    // The apply of that commit reported the errors on its check run; drift of an invalid
    // repository means nothing, and the next valid head is checked on the next schedule.
    log.warn('drift job skipped: the default branch head is not a valid repository', { errors: repo.diagnostics.filter((d) => d.severity === 'error').length });
    return { status: 'skipped', detail: `${head.branch} at ${shortSha(head.sha)} is not valid` };
  }
  const { settings } = repo.desired;
  const engine = deps.engine(settings.region);
  const { report, newItems } = await detectDriftDesired(repo.desired, engine, { repo: scope.repo, sha: head.sha });
  writeMetric(driftMetric(scope.repo, report, deps.clock()), deps.writeMetric);
  log.info('drift checked', { items: report.items.length, summary: report.summary, newItems: newItems.length });

  let issue: DriftSyncResult | undefined;
  if (settings.drift.report === 'issue') {
    const context = markdownContext(scope, head.sha);
    issue = await new DriftIssue(deps.octokit, ref, { ...deps.githubRetry, botLogin: deps.identity }).sync({
      items: report.items.map(driftItemKey),
      // The check's own time, so items first seen now carry the report's 🆕 mark.
      now: new Date(report.checkedAt),
      render: (view) => {
        const shown = withIssueTimes(report, view.state);
        const body = renderDriftMarkdown(shown, context);
        return { title: `meshops drift: ${driftTitle(shown)}`, body: body.startsWith(`${DRIFT_MARKER}\n`) ? body.slice(DRIFT_MARKER.length + 1) : body };
      },
      announce: (view) => announcement(report, view.newItems),
    });
    log.info(`drift issue ${issue.action}`, { issue: issue.issueNumber, newItems: issue.newItems.length, resolved: issue.resolvedItems.length });
  }

  const repairable = report.items.filter((i) => i.class === 'changed' || i.class === 'missing');
  if (!settings.drift.remediate || repairable.length === 0) {
    return { status: 'reported', detail: `${report.items.length} drift items${issue ? `; issue ${issue.action}` : ''}`, ...(issue?.url ? { url: issue.url } : {}) };
  }

  const { plan, result } = await applyDesired(repo.desired, engine, {
    repo: scope.repo,
    sha: head.sha,
    holder: `lambda:${run.requestId}`,
    actor: 'meshops drift remediation',
    lockTimeoutMs: deps.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    lockWaitMs: deps.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
  });
  if (!plan && result.error?.code === 'locked') {
    // An apply is running; it writes Git's state itself. The next scheduled check looks again.
    log.warn('drift remediation skipped: another apply holds the lock', { error: result.error.message });
    return { status: 'reported', detail: `${report.items.length} drift items; remediation skipped (locked)` };
  }
  log.info(`drift remediation: ${result.status}`, { fingerprint: result.fingerprint, operations: result.operations.length, error: result.error });
  if (issue?.issueNumber !== undefined) {
    const number = issue.issueNumber;
    const body = `**Remediation** (\`drift.remediate: true\`): meshops re-applied ${markdownText(head.branch)} at ${code(shortSha(head.sha))}.\n\n${renderApplyMarkdown(result, plan, { ...markdownContext(scope, head.sha), title: 'meshops remediation' })}`;
    await withRetries(`commenting the remediation on ${scope.repo}#${number}`, () => deps.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: ref.owner, repo: ref.repo, issue_number: number, body }), deps.githubRetry ?? {});
  }
  if (isTransientApplyFailure(result)) throw new JobRetryError(`drift remediation of ${scope.repo} failed on a transient error: ${result.error?.message ?? 'see the operations'}`);
  return { status: 'reported', detail: `${report.items.length} drift items; remediation ${result.status}`, ...(issue?.url ? { url: issue.url } : {}) };
}
