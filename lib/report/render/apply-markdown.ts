/**
 * The PR comment for an apply: what was done, what failed (with the error), what did not run, an
 * earlier apply that was interrupted, and the traffic the apply moved.
 */
import type { Plan } from '../../plan/types';
import type { ApplyResult, OperationResult } from '../../resources/results';
import { problemMessage } from './advice';
import { applyCounts, applyLine, interruptedLine, nextStep, operationTarget } from './apply-summary';
import { linksFor, markdownLink, type MarkdownContext } from './context';
import { code, markdownText, prose } from './escape';
import { formatTime, shortFingerprint, shortSha } from './labels';
import { APPLY_MARKER, fingerprintMarker } from './markers';
import { alert, details, noteBlock } from './markdown-blocks';
import { rolloutLinesMarkdown } from './rollouts';
import { shiftMarkdown, shifts, trafficMarkdown } from './traffic';

/** Above this many operations the table is collapsed (the failures are listed above it anyway). */
const OPEN_TABLE_LIMIT = 30;

const STATUS: Record<OperationResult['status'], string> = { done: '✅ done', failed: '❌ failed', 'not-run': '⏭️ not run' };

const HEADINGS: Record<ApplyResult['status'], string> = {
  applied: '✅ applied',
  'nothing-to-do': '✅ nothing to do',
  failed: '❌ failed',
  refused: '⛔ refused',
};

function operationLine(op: OperationResult): string {
  return `${op.type} ${op.kind} ${code(operationTarget(op))}`;
}

function operationsTable(result: ApplyResult): string[] {
  const rows = result.operations.map((op) => {
    const error = op.error ? `: ${markdownText(`${op.error.name}: ${op.error.message}`)}` : '';
    return `| ${op.step + 1} | ${op.type} | ${op.kind} ${code(operationTarget(op))} | ${STATUS[op.status]}${error} |`;
  });
  const table = ['| Step | Operation | Resource | Result |', '|--:|---|---|---|', ...rows];
  if (result.operations.length > OPEN_TABLE_LIMIT) {
    const c = applyCounts(result);
    return details(`All ${c.total} operations (${c.done} done, ${c.failed} failed, ${c.notRun} not run)`, table);
  }
  return ['### Operations', '', ...table, ''];
}

function trafficSection(plan: Plan, result: ApplyResult): string[] {
  if (!plan.traffic.length || (result.status !== 'applied' && result.status !== 'failed')) return [];
  const out = result.status === 'applied' ? ['### Traffic now', ''] : ['### Traffic as planned', '', '_The apply stopped part-way: only the steps marked done above are in effect._', ''];
  const moved = shifts(plan.traffic);
  if (moved.length) out.push(...moved.map((s) => `- ${shiftMarkdown(s)}`), '');
  return [...out, ...trafficMarkdown(plan.traffic)];
}

/** `plan` is absent when the apply could not start (its lock was held). */
export function renderApplyMarkdown(result: ApplyResult, plan: Plan | undefined, context: MarkdownContext): string {
  const sha = result.sha ?? context.sha;
  const links = linksFor(context);
  const marker = result.fingerprint ? fingerprintMarker(result.fingerprint) : undefined;
  const where = [markdownText(context.repo), ...(sha ? [`at ${markdownLink(code(shortSha(sha)), links.commit(sha))}`] : [])].join(' ');
  const out: string[] = [APPLY_MARKER, ...(marker ? [marker] : []), `## ${markdownText(context.title ?? 'meshops apply')}: ${HEADINGS[result.status]}`, '', where, '', ...noteBlock(context.note)];

  const failed = result.operations.filter((o) => o.status === 'failed');
  if (result.status === 'failed' || result.status === 'refused') {
    const lines = [`**${markdownText(applyLine(result))}**`];
    // A failed operation carries the error itself; the result's error is shown when none does (refusals).
    if (result.error && !failed.length) lines.push('', markdownText(result.error.message));
    if (failed.length) lines.push('', ...failed.map((op) => `- ${operationLine(op)} (step ${op.step + 1}): ${markdownText(op.error ? `${op.error.name}: ${op.error.message}` : 'failed')}`));
    if (result.status === 'refused' && plan?.errors.length) lines.push('', ...plan.errors.map((e) => `- ${markdownText(problemMessage(e, plan, 'github'))}`));
    const next = nextStep(result, plan, 'github');
    if (next) lines.push('', prose(next));
    out.push(...alert('CAUTION', lines));
  } else {
    out.push(`**${markdownText(applyLine(result))}**`, '');
  }
  if (result.interrupted) out.push(...alert('WARNING', [markdownText(interruptedLine(result.interrupted))]));

  if (result.operations.length && result.status !== 'refused') out.push(...operationsTable(result));
  if (plan) out.push(...trafficSection(plan, result));
  if (result.status === 'applied' || result.status === 'nothing-to-do') out.push(...rolloutLinesMarkdown(plan));

  const footer = ['meshops', ...(result.fingerprint ? [`plan ${code(shortFingerprint(result.fingerprint))}`] : []), `started ${markdownText(formatTime(result.startedAt))}`, `finished ${markdownText(formatTime(result.finishedAt))}`];
  out.push('---', '', `<sub>${footer.join(' · ')}</sub>`);
  return `${out.join('\n')}\n`;
}
