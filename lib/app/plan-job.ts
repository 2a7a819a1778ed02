/**
 * The plan job: a pull request's head commit → validate → plan against live → one sticky comment,
 * a `meshops/plan` check run on the head SHA, and the plan record the apply after the merge
 * compares with.
 */
import { unreachable } from '../plan/change-facts';
import type { Change, FieldDiff, Plan, RedactedChange, ShownPlan, TrafficView } from '../plan/types';
import { resourceId } from '../resources/resource-key';
import { PLAN_CHECK, PLAN_MARKER, withRetries } from '../report/github';
import { renderCheckSummary, renderPlanMarkdown } from '../report/render';
import { planDesired } from './plan-desired';
import { widenedPolicies } from '../model/policy-changes';
import { githubStatus, markdownContext, readRepoAt, readSettingsAt, shortSha, withoutMarker, type JobOutcome, type JobScope } from './reconcile-job';

/**
 * Why a fork's plan shows less. A fork's author controls the desired state of the PR, so they can
 * declare any name in any mesh and read the answer in the comment (public on a public repository):
 * the comment must not become a window onto the account. Shown: the changes (action, kind, name),
 * the field paths, the values the PR itself sets, and the traffic shares (the substance of the
 * review; the default branch already shows the routing of the repo's own meshes). Hidden: live
 * values (they can hold hostnames, certificate ARNs and anything else that never was in Git),
 * resources not declared in Git (other teams' resources), the names of other owners, and every
 * ARN and account id left in a message.
 */
export const FORK_NOTE =
  'This pull request comes from a fork, so live details are not shown: values resources have now, resources not declared in Git, other owners, ARNs and account ids. A maintainer sees the full plan by running meshops plan on a checkout of this branch.';

export const HIDDEN_VALUE = '(live value hidden: pull request from a fork)';

const ARN = /\barn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(?:\d{12})?:[^\s"',)\]]+/gi;
const ACCOUNT_ID = /\b\d{12}\b/g;
const OTHER_OWNER = /owned by "(?:[^"\\]|\\.)*"/g;

export function maskLiveText(text: string): string {
  return text.replace(ARN, 'arn:(hidden)').replace(OTHER_OWNER, 'owned by another owner').replace(ACCOUNT_ID, '(account id)');
}

/** A live-side key inside a diff path (`weightedTargets[virtualNode=search-v3]`) hidden. */
function maskKeys(path: string): string {
  return path.replace(/\[[^\]]*\]/g, '[…]');
}

/**
 * The plan as a fork's PR may see it (see FORK_NOTE): only what the fork declares, by name. Deletes
 * (resources it does not declare) are counted, not named; removed fields keep no live key; the
 * traffic view keeps the shares the fork sets and the routes and nodes it declares, with no live
 * share. The fingerprint stays the real plan's.
 */
export function forkSafePlan(plan: Plan, declared: ReadonlySet<string>): ShownPlan {
  const kept: number[] = [];
  const remap = new Map<number, number>();
  plan.changes.forEach((c, i) => {
    if (c.action === 'unmanaged' || c.action === 'delete' || !declared.has(c.id)) return;
    remap.set(i, kept.length);
    kept.push(i);
  });
  const changes = kept.map((i) => withoutLiveSide(plan.changes[i]!));
  const hiddenDeletes = plan.changes.filter((c) => c.action === 'delete').length;
  const traffic = plan.traffic
    .filter((v) => declared.has(`VirtualService/${v.mesh}/${v.virtualService}`))
    .map((v): TrafficView => ({
      // What the fork's own documents say (its virtual service's provider, its routes' targets),
      // shown as they will be: the live side is not shown, so nothing appears to move.
      mesh: v.mesh,
      virtualService: v.virtualService,
      ...(v.providerAfter !== undefined ? { providerBefore: v.providerAfter, providerAfter: v.providerAfter } : {}),
      routes: v.routes
        .filter((r) => r.status !== 'removed' && (declared.has(`Route/${v.mesh}/${r.route}`) || declared.has(`VirtualNode/${v.mesh}/${r.route}`)))
        .map((r) => ({ ...r, status: 'unchanged' as const, targets: r.targets.filter((t) => t.after !== undefined).map((t) => ({ virtualNode: t.virtualNode, before: t.after!, after: t.after! })) })),
      gatewayRoutes: v.gatewayRoutes.filter((g) => declared.has(`GatewayRoute/${v.mesh}/${g}`)),
    }));
  return {
    ...plan,
    changes,
    summary: { ...plan.summary, unmanaged: 0 },
    traffic,
    steps: plan.steps.map((step) => step.filter((op) => remap.has(op.change)).map((op) => ({ ...op, change: remap.get(op.change)! }))).filter((step) => step.length > 0),
    errors: plan.errors.map((e) => ({ code: e.code, message: maskLiveText(e.message) })),
    warnings: [
      ...(hiddenDeletes ? [{ code: 'fork-deletes' as const, message: `deletes ${hiddenDeletes} resources this pull request no longer declares (names hidden: pull request from a fork)` }] : []),
      ...plan.warnings.filter((w) => w.id === undefined || declared.has(w.id)).map((w) => ({ code: w.code, message: maskLiveText(w.message) })),
    ],
  };
}

/** A change without its live side: no live document, no other owner, removed values hidden. */
function withoutLiveSide(change: Change): RedactedChange {
  const diff = change.diff.map((d): FieldDiff => (d.before !== undefined ? { ...d, path: d.after === undefined ? maskKeys(d.path) : d.path, before: HIDDEN_VALUE } : d));
  switch (change.action) {
    case 'create':
      return { ...change, diff };
    case 'adopt': {
      const { live: _live, ...c } = change;
      return { ...c, diff, reason: maskLiveText(c.reason) };
    }
    case 'update': {
      const { live: _live, liveOwner: _owner, ...c } = change;
      return { ...c, diff };
    }
    case 'replace':
    case 'delete':
    case 'conflict':
    case 'unmanaged': {
      const { live: _live, liveOwner: _owner, ...c } = change;
      return { ...c, diff, reason: maskLiveText(c.reason) };
    }
    default:
      return unreachable(change);
  }
}

export async function runPlanJob(scope: JobScope): Promise<JobOutcome> {
  const { job, deps, log, ref } = scope;
  const number = job.pullRequest;
  if (number === undefined) {
    log.error('a plan job names no pull request; nothing to comment on');
    return { status: 'skipped', detail: 'no pull request' };
  }

  // The head may have moved since the event (a redelivery, a queue backlog): plan only the head,
  // the newer push has its own job. A closed pull request gets no plan.
  let pr;
  try {
    ({ data: pr } = await withRetries(`reading pull request ${scope.repo}#${number}`, () => deps.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: ref.owner, repo: ref.repo, pull_number: number }), deps.githubRetry));
  } catch (err) {
    if (githubStatus(err) === 404) return { status: 'skipped', detail: `pull request #${number} was not found` };
    throw err;
  }
  if (pr.state !== 'open') return skip(scope, `pull request #${number} is ${pr.state}`);
  if (pr.head.sha !== job.sha) return skip(scope, `pull request #${number} moved on to ${shortSha(pr.head.sha)}; its own job plans it`);
  const fromFork = job.fromFork === true || (pr.head.repo?.full_name ?? '').toLowerCase() !== scope.repo.toLowerCase();

  await scope.checks.set(job.sha, PLAN_CHECK, { status: 'in_progress', title: 'Planning', summary: `meshops is planning ${shortSha(job.sha)} against live.` });
  const context = markdownContext(scope, job.sha);
  const repo = await readRepoAt(scope, job.sha);
  if (!repo.valid) {
    const posted = await scope.commenter.upsert(number, withoutMarker(renderPlanMarkdown(undefined, { ...context, diagnostics: repo.diagnostics }), PLAN_MARKER), PLAN_MARKER, { sha: job.sha });
    const check = renderCheckSummary(undefined, { diagnostics: repo.diagnostics, context });
    await scope.checks.set(job.sha, PLAN_CHECK, { status: 'completed', conclusion: 'failure', title: check.title, summary: check.summary, detailsUrl: posted.url });
    log.info('plan job: the repository is not valid', { errors: repo.diagnostics.filter((d) => d.severity === 'error').length, url: posted.url });
    return { status: 'reported', detail: 'invalid repository', url: posted.url };
  }

  // Settings that widen what a merge can do are shown to the reviewers who approve them.
  const baseSettings = pr.base.sha && pr.base.sha !== job.sha ? await readSettingsAt(scope, pr.base.sha) : undefined;
  const policyChanges = baseSettings ? widenedPolicies(baseSettings, repo.desired.settings) : [];

  const engine = deps.engine(repo.desired.settings.region);
  // Fresh tags: a reviewer acts on this plan, and an owner tag edited minutes ago matters.
  const { plan } = await planDesired(repo.desired, engine, { repo: scope.repo });
  const shown = fromFork ? forkSafePlan(plan, new Set(repo.desired.resources.map(resourceId))) : plan;
  const markdown = renderPlanMarkdown(shown, { ...context, diagnostics: repo.warnings, policyChanges, ...(fromFork ? { note: FORK_NOTE } : {}) });
  const posted = await scope.commenter.upsert(number, withoutMarker(markdown, PLAN_MARKER), PLAN_MARKER, { fingerprint: plan.fingerprint, sha: job.sha });
  const check = renderCheckSummary(shown, { diagnostics: repo.warnings, context, policyChanges });
  await scope.checks.set(job.sha, PLAN_CHECK, { status: 'completed', conclusion: check.conclusion, title: check.title, summary: check.summary, detailsUrl: posted.url });
  // Recorded after the comment is up: the record says what reviewers were shown.
  await deps.store.putPlanRecord(scope.repo, number, { fingerprint: plan.fingerprint, sha: job.sha, postedAt: deps.clock().toISOString() });
  log.info('plan job: plan posted', { fingerprint: plan.fingerprint, summary: plan.summary, errors: plan.errors.length, fromFork, policyChanges: policyChanges.map((c) => c.setting), url: posted.url });
  return { status: 'reported', detail: `plan ${plan.fingerprint.slice(0, 12)}`, url: posted.url };
}

function skip(scope: JobScope, detail: string): JobOutcome {
  scope.log.info(`plan job skipped: ${detail}`);
  return { status: 'skipped', detail };
}
