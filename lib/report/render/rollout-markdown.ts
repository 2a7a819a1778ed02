/**
 * A rollout's step on its pull request: one comment per step and one at the end (completed, or
 * rolled back with the alarm and its reason). Pure.
 */
import type { RolloutEvent, RolloutRecord } from '../../rollout/types';
import { formatWeights } from '../../rollout/route-weights';
import { stepLabel } from '../../rollout/notes';
import { dueAt } from '../../rollout/machine';
import { code, markdownText } from './escape';

export function rolloutTitle(record: RolloutRecord): string {
  switch (record.status) {
    case 'in-progress':
      return `Rolling out ${record.route.name}: ${stepLabel(record)}`;
    case 'completed':
      return `Rolled out ${record.route.name}: ${formatWeights(record.to)}`;
    case 'rolled-back':
      return record.alarm ? `Rolled back ${record.route.name}: alarm ${record.alarm.name}` : `Rolled back ${record.route.name}`;
    case 'superseded':
      return `Rollout of ${record.route.name} superseded`;
  }
}

export function renderRolloutMarkdown(record: RolloutRecord, event: RolloutEvent): string {
  const icon = record.status === 'completed' ? '✅' : record.status === 'rolled-back' ? '↩️' : '🚦';
  const out = [`## meshops rollout: ${icon} ${markdownText(rolloutTitle(record))}`, '', `${code(record.id)}${record.sha ? ` at ${code(record.sha.slice(0, 12))}` : ''}`, ''];
  out.push('| | weights |', '|---|---|', `| before the rollout | ${markdownText(formatWeights(record.from))} |`, `| now | **${markdownText(formatWeights(event.weights))}** |`, `| declared | ${markdownText(formatWeights(record.to))} |`, '');
  if (record.status === 'rolled-back' && record.alarm) {
    out.push('> [!WARNING]', `> Alarm ${code(record.alarm.name)} was in ALARM: ${markdownText(record.alarm.reason || '(no reason given)')}`, `> The route is back on its old weights and stays there until a new commit changes it (or \`meshops rollout promote\`).`, '');
  } else if (record.status === 'rolled-back') {
    out.push(`Rolled back: ${markdownText(event.note ?? 'aborted')}. The route keeps its old weights until a new commit changes it.`, '');
  } else if (record.status === 'completed') {
    out.push(`Completed${record.endedBy === 'promoted' ? ` (${markdownText(event.note ?? 'promoted')})` : ` after ${record.spec.steps.length} steps`}: the declared weights are live.`, '');
  } else {
    const next = record.step + 1 < record.spec.steps.length ? `step ${record.step + 2} (${record.spec.steps[record.step + 1]}%)` : 'the declared weights';
    out.push(`Next: ${next} after ${markdownText(dueAt(record).toISOString())}, unless ${record.spec.alarms.map(code).join(', ')} ${record.spec.alarms.length > 1 ? 'go' : 'goes'} into ALARM (then back to the old weights).`, '');
  }
  out.push('---', '', `<sub>meshops · steps ${record.spec.steps.join('%, ')}% every ${markdownText(record.spec.interval)} · ${markdownText(event.at)}</sub>`);
  return `${out.join('\n')}\n`;
}
