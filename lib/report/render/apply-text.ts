/**
 * An apply for the terminal: each operation in the order it ran with its outcome, the error of a
 * failed one, an interrupted earlier apply, the traffic moved, and the outcome line last. The plan
 * itself was printed before the apply (renderPlanText), so it is not repeated.
 */
import type { Plan } from '../../plan/types';
import { rolloutLinesText } from './rollouts';
import type { ApplyResult, OperationResult } from '../../resources/results';
import { styleFor, type Style } from './ansi';
import { applyLine, interruptedLine, nextStep, operationTarget } from './apply-summary';
import type { TextOptions } from './context';
import { terminalText } from './escape';
import { shortFingerprint } from './labels';
import { shiftText, shifts, trafficText } from './traffic';

function operationText(op: OperationResult, width: number, style: Style): string[] {
  const step = `[${op.step + 1}]`.padEnd(width + 2);
  const what = `${op.type} ${op.kind} ${terminalText(operationTarget(op))}`;
  if (op.status === 'done') return [`  ${style.dim(step)} ${style.green('✓')} ${what}`];
  if (op.status === 'not-run') return [`  ${style.dim(step)} ${style.dim(`· ${what} (not run)`)}`];
  const out = [`  ${style.dim(step)} ${style.red('✗')} ${what} ${style.red('failed')}`];
  if (op.error) out.push(`  ${' '.repeat(step.length)}     ${style.red(terminalText(`${op.error.name}: ${op.error.message}`))}`);
  return out;
}

export interface ApplyTextOptions extends TextOptions {
  /** The plan (with its Rollouts section) was printed just before: its rollouts are not repeated. */
  planShown?: boolean;
}

export function renderApplyText(result: ApplyResult, plan: Plan | undefined, options: ApplyTextOptions): string {
  const style = styleFor(options.color);
  const out: string[] = [];
  if (result.interrupted) out.push(`${style.yellow('!')} ${terminalText(interruptedLine(result.interrupted))}`, '');

  if (result.operations.length && result.status !== 'refused') {
    const width = String(Math.max(...result.operations.map((o) => o.step + 1))).length;
    out.push(style.bold('Operations'));
    for (const op of result.operations) out.push(...operationText(op, width, style));
    out.push('');
  }
  if (result.status === 'refused' && plan?.errors.length) {
    out.push(style.red(style.bold('Plan errors')));
    for (const e of plan.errors) out.push(`  ${style.red('✗')} ${terminalText(e.message)}`);
    out.push('');
  }
  if (plan?.traffic.length && (result.status === 'applied' || result.status === 'failed')) {
    out.push(style.bold(result.status === 'applied' ? 'Traffic now' : 'Traffic as planned (the apply stopped part-way: only the operations marked ✓ are in effect)'));
    for (const s of shifts(plan.traffic)) out.push(`  ${shiftText(s, style)}`);
    out.push('', ...trafficText(plan.traffic, style, '  '), '');
  }
  if ((result.status === 'applied' || result.status === 'nothing-to-do') && !options.planShown) out.push(...rolloutLinesText(plan, style));
  const failed = result.operations.some((o) => o.status === 'failed');
  if (result.error && !failed && (result.status === 'failed' || result.status === 'refused')) out.push(style.red(terminalText(result.error.message)));
  const next = nextStep(result, plan, 'cli');
  if (next) out.push(terminalText(next.replace(/`/g, '')));
  if (result.fingerprint) out.push(style.dim(`Plan fingerprint ${shortFingerprint(result.fingerprint)}`));
  const line = applyLine(result);
  out.push(result.status === 'applied' || result.status === 'nothing-to-do' ? style.bold(style.green(line)) : style.bold(style.red(line)));
  return out.join('\n');
}
