/**
 * Check-run output (`meshops/plan`, `meshops/apply`): a short title and a Markdown summary that
 * stays far below GitHub's 65,535-character limit (the PR comment has the details).
 */
import type { PolicyChange } from '../../model/policy-changes';
import type { ShownPlan } from '../../plan/types';
import type { ApplyResult } from '../../resources/results';
import { problemMessage } from './advice';
import { applyCounts, applyLine, applyTitle, operationTarget } from './apply-summary';
import type { Diagnostic, MarkdownContext } from './context';
import { diagnosticsMarkdown } from './diagnostics';
import { code, markdownText } from './escape';
import { ACTION_EMOJI, interruptionWarning, plural, qualifiedName, shortFingerprint, summaryLine } from './labels';
import { shiftMarkdown, shifts } from './traffic';

/** GitHub's limit on a check run's `output.summary`. */
export const CHECK_SUMMARY_LIMIT = 65535;
/** What this renderer aims to stay under, leaving room for the caller's additions. */
const SUMMARY_BUDGET = 60000;
const TITLE_LIMIT = 120;
/** Changes (operations) listed before "and N more". */
const LISTED = 50;

export interface CheckSummary {
  title: string;
  summary: string;
  /**
   * The conclusion this outcome implies. `neutral`: a plan that can be applied but deletes,
   * replaces or leaves a traffic gap, so the check itself asks for a closer look.
   */
  conclusion: 'success' | 'neutral' | 'failure';
}

export interface CheckSummaryOptions {
  /** For an apply result: the plan it ran (traffic shifts). */
  plan?: ShownPlan;
  /** Validation diagnostics; with an error among them the plan check fails without a plan. */
  diagnostics?: readonly Diagnostic[];
  /** For links from diagnostics to their lines. */
  context?: MarkdownContext;
  /** Settings the pull request widens (plans only). */
  policyChanges?: readonly PolicyChange[];
}

function fit(lines: string[]): string {
  let text = lines.join('\n');
  if (text.length <= SUMMARY_BUDGET) return text;
  const note = '\n\n_…cut short: the full report is in the pull request comment._';
  text = text.slice(0, SUMMARY_BUDGET - note.length);
  return text.slice(0, text.lastIndexOf('\n')) + note;
}

function title(text: string): string {
  return text.length <= TITLE_LIMIT ? text : `${text.slice(0, TITLE_LIMIT - 1)}…`;
}

function listed<T>(items: readonly T[], line: (t: T) => string): string[] {
  const out = items.slice(0, LISTED).map(line);
  if (items.length > LISTED) out.push(`- … and ${items.length - LISTED} more`);
  return out;
}

function planSummary(plan: ShownPlan, diagnostics: readonly Diagnostic[], context: MarkdownContext, policy: readonly PolicyChange[]): CheckSummary {
  const lines = [`**${markdownText(summaryLine(plan.summary))}**`, ''];
  if (policy.length) lines.push('**Widens what merging can do:**', '', ...policy.map((c) => `- ${code(c.setting)}: ${code(c.before)} → ${code(c.after)}`), '');
  if (plan.errors.length) lines.push(`**This plan cannot be applied:**`, '', ...listed(plan.errors, (e) => `- ${markdownText(problemMessage(e, plan, 'github'))}`), '');
  if (plan.warnings.length) lines.push('**Warnings:**', '', ...listed(plan.warnings, (w) => `- ${markdownText(w.message)}`), '');
  lines.push(...diagnosticsMarkdown(diagnostics, context));
  const moved = shifts(plan.traffic);
  if (moved.length) lines.push('**Traffic:**', '', ...listed(moved, (s) => `- ${shiftMarkdown(s)}`), '');
  const changes = plan.changes.filter((c) => c.action !== 'unmanaged');
  if (changes.length) lines.push('**Changes, in apply order:**', '', ...listed(changes, (c) => `- ${ACTION_EMOJI[c.action]} ${c.action} ${c.kind} ${code(qualifiedName(c))}`), '');
  lines.push(`Plan ${code(shortFingerprint(plan.fingerprint))}`);
  const t = plan.errors.length ? `Plan cannot be applied: ${plural(plan.errors.length, 'error')}` : summaryLine(plan.summary).replace(/\.$/, '');
  const destructive = plan.summary.delete > 0 || plan.summary.replace > 0 || interruptionWarning(plan) !== undefined;
  return { title: title(t), summary: fit(lines), conclusion: plan.errors.length ? 'failure' : destructive ? 'neutral' : 'success' };
}

function applySummary(result: ApplyResult, plan: ShownPlan | undefined): CheckSummary {
  const c = applyCounts(result);
  const lines = [`**${markdownText(applyLine(result))}**`, ''];
  const failed = result.operations.filter((o) => o.status === 'failed');
  if (result.error && !failed.length) lines.push(markdownText(result.error.message), '');
  if (failed.length) lines.push('**Failed:**', '', ...listed(failed, (o) => `- ${o.type} ${o.kind} ${code(operationTarget(o))}: ${markdownText(o.error ? `${o.error.name}: ${o.error.message}` : 'failed')}`), '');
  if (result.status === 'failed' && c.notRun) lines.push(`${plural(c.notRun, 'operation')} did not run.`, '');
  if (plan && result.status === 'applied') {
    const moved = shifts(plan.traffic);
    if (moved.length) lines.push('**Traffic now:**', '', ...listed(moved, (s) => `- ${shiftMarkdown(s)}`), '');
  }
  if (result.fingerprint) lines.push(`Plan ${code(shortFingerprint(result.fingerprint))}`);
  const ok = result.status === 'applied' || result.status === 'nothing-to-do';
  return { title: title(applyTitle(result)), summary: fit(lines), conclusion: ok ? 'success' : 'failure' };
}

/**
 * The check run's title and summary for a plan (`undefined` when validation failed: the
 * diagnostics say why) or for an apply result.
 */
export function renderCheckSummary(input: ShownPlan | ApplyResult | undefined, options: CheckSummaryOptions = {}): CheckSummary {
  const diagnostics = options.diagnostics ?? [];
  const context = options.context ?? { repo: '' };
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (input && !('formatVersion' in input)) return applySummary(input, options.plan);
  if (errors.length || !input) {
    return {
      title: title(`Invalid repository: ${plural(errors.length, 'error')}`),
      summary: fit(diagnosticsMarkdown(diagnostics, context)),
      conclusion: 'failure',
    };
  }
  return planSummary(input, diagnostics, context, options.policyChanges ?? []);
}
