/**
 * The plan for the terminal, Terraform-like: grouped by mesh in the order apply runs, a symbol per
 * action, field diffs indented, the traffic view, warnings and errors, the summary line last.
 */
import { changeReason, changeSource } from '../../plan/change-facts';
import type { Action, Plan, ShownChange, ShownPlan } from '../../plan/types';
import { rolloutLinesText } from './rollouts';
import { styleFor, type Style } from './ansi';
import type { PlanTextOptions } from './context';
import { diagnosticsText } from './diagnostics';
import { terminalText } from './escape';
import { listenerChangeView } from './listener-change';
import { diffTextLines } from './field-diff';
import { ACTION_SYMBOL, groupChanges, interruptionWarning, kindLabel, nameInGroup, plural, qualifiedName, shortFingerprint, summaryLine } from './labels';
import { latticeText, shownInLatticeSections } from './lattice';
import { shiftText, shifts, trafficText } from './traffic';

const LEGEND: Record<Action, string> = {
  create: 'create',
  update: 'update',
  adopt: 'adopt',
  delete: 'delete',
  replace: 'replace (delete, then create)',
  conflict: 'conflict',
  unmanaged: 'unmanaged',
};

export function actionPaint(action: Action, style: Style): (s: string) => string {
  switch (action) {
    case 'create':
      return style.green;
    case 'update':
    case 'adopt':
      return style.yellow;
    case 'delete':
    case 'replace':
      return style.red;
    case 'conflict':
      return (s) => style.bold(style.red(s));
    case 'unmanaged':
      return style.dim;
  }
}

function legend(plan: Plan, style: Style): string[] {
  const present = new Set(plan.changes.map((c) => c.action));
  const parts: string[] = [];
  for (const action of ['create', 'update', 'adopt', 'delete', 'replace', 'conflict', 'unmanaged'] as const) {
    if (present.has(action)) parts.push(`${actionPaint(action, style)(ACTION_SYMBOL[action])} ${LEGEND[action]}`);
  }
  return parts.length ? [`Symbols: ${parts.join('   ')}`, ''] : [];
}

function changeLines(plan: ShownPlan, change: ShownChange, style: Style): string[] {
  const paint = actionPaint(change.action, style);
  const source = changeSource(change);
  const reason = changeReason(change);
  const where = source ? `  ${style.dim(`(${terminalText(`${source.file}:${source.line}`)})`)}` : '';
  const out = [`${paint(`${ACTION_SYMBOL[change.action].padStart(3)} ${change.action}`)} ${kindLabel(change.kind)} ${style.bold(terminalText(nameInGroup(change)))}${where}`];
  // Re-created by a listener change: the listener and route type that change, then only the other fields.
  const relisted = listenerChangeView(plan, change);
  if (relisted) {
    const list = (l: string[]) => (l.length ? l.join(', ') : 'none');
    out.push(`      ${style.dim(`# ${terminalText(`${relisted.parent.kind} ${relisted.parent.name} changes its listeners (${list(relisted.listenersBefore)} → ${list(relisted.listenersAfter)}): deleted before that change, re-created after it`)}`)}`);
    if (relisted.typeBefore !== relisted.typeAfter) out.push(`      ${style.yellow('~')} route type: ${style.red(terminalText(relisted.typeBefore ?? 'none'))} → ${style.green(terminalText(relisted.typeAfter ?? 'none'))}`);
    out.push(...diffTextLines(relisted.rest, style, '      '));
    return out;
  }
  if (reason) out.push(`      ${style.dim(`# ${terminalText(reason)}`)}`);
  out.push(...diffTextLines(change.diff, style, '      '));
  return out;
}

export function renderPlanText(plan: Plan | undefined, options: PlanTextOptions): string {
  const style = styleFor(options.color);
  const diagnostics = options.diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const out: string[] = [];
  if (diagnostics.length) out.push(...diagnosticsText(diagnostics, style), '');
  if (errors.length || !plan) {
    out.push(style.red(style.bold(errors.length ? `No plan: the repository is not valid (${plural(errors.length, 'error')}).` : 'No plan was made.')));
    return out.join('\n');
  }

  out.push(...legend(plan, style));
  for (const g of groupChanges(plan, (c) => c.action !== 'unmanaged')) {
    out.push(style.bold(terminalText(g.title)));
    for (const { change } of g.changes) out.push(...changeLines(plan, change, style));
    out.push('');
  }

  if (plan.traffic.length) {
    out.push(style.bold('Traffic'));
    for (const s of shifts(plan.traffic)) out.push(`  ${shiftText(s, style)}`);
    out.push('', ...trafficText(plan.traffic, style, '  '), '');
  }

  out.push(...rolloutLinesText(plan, style));
  out.push(...latticeText(plan, style));

  const unmanaged = plan.changes.filter((c) => c.action === 'unmanaged');
  if (unmanaged.length) {
    out.push(style.bold('Unmanaged (left alone)'));
    for (const c of unmanaged) out.push(`${style.dim(`${ACTION_SYMBOL.unmanaged.padStart(3)} ${c.kind} ${terminalText(qualifiedName(c))}  # ${terminalText(c.reason ?? '')}`)}`);
    out.push('');
  }

  const deletes = plan.changes.filter((c) => c.action === 'delete');
  const interruption = interruptionWarning(plan);
  const warnings = [
    ...(deletes.length ? [`deletes ${plural(deletes.length, 'resource')}: ${deletes.map((c) => `${c.kind} ${terminalText(qualifiedName(c))}`).join(', ')}`] : []),
    ...(interruption ? [`traffic gap: ${terminalText(interruption)}`] : []),
    ...plan.warnings.filter((w) => !shownInLatticeSections(w.code)).map((w) => terminalText(w.message)),
  ];
  if (warnings.length) {
    out.push(style.yellow(style.bold('Warnings')));
    for (const w of warnings) out.push(`  ${style.yellow('!')} ${w}`);
    out.push('');
  }
  if (plan.errors.length) {
    out.push(style.red(style.bold(`Errors: this plan cannot be applied`)));
    for (const e of plan.errors) out.push(`  ${style.red('✗')} ${terminalText(e.message)}`);
    out.push('');
  }
  out.push(style.dim(`Plan fingerprint ${shortFingerprint(plan.fingerprint)} · region ${terminalText(plan.region)} · owner ${terminalText(plan.owner)}`));
  out.push(style.bold(summaryLine(plan.summary)));
  return out.join('\n');
}
