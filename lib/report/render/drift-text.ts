/**
 * A drift report for the terminal: per class, each resource with why and since when, its
 * differences (live → Git), how to fix it, and the summary line last.
 */
import type { DriftReport } from '../../resources/results';
import { styleFor } from './ansi';
import type { TextOptions } from './context';
import { DRIFT_CLASSES, DRIFT_TEXT, driftLine } from './drift-classes';
import { terminalText } from './escape';
import { ADVICE } from './advice';
import { diffTextLines } from './field-diff';
import { formatTime, qualifiedName, shortSha } from './labels';

export function renderDriftText(report: DriftReport, options: TextOptions): string {
  const style = styleFor(options.color);
  const out: string[] = [style.dim(`Checked ${formatTime(report.checkedAt)}${report.sha ? ` at commit ${shortSha(terminalText(report.sha))}` : ''}`), ''];
  for (const cls of DRIFT_CLASSES) {
    const items = report.items.filter((i) => i.class === cls);
    if (!items.length) continue;
    const text = DRIFT_TEXT[cls];
    const paint = cls === 'changed' || cls === 'missing' ? style.red : style.yellow;
    out.push(style.bold(paint(`${text.heading} (${items.length})`)));
    for (const i of items) {
      const since = i.firstSeen ? style.dim(`  (first seen ${formatTime(i.firstSeen)})`) : '';
      out.push(`${paint(text.symbol.padStart(3))} ${i.kind} ${style.bold(terminalText(qualifiedName(i)))}${since}`);
      out.push(`      ${style.dim(`# ${terminalText(i.reason)}`)}`);
      if (i.diff.length) {
        out.push(`      ${style.dim('live → Git:')}`);
        out.push(...diffTextLines(i.diff, style, '      '));
      }
    }
    out.push(`  ${style.dim(`To fix: ${ADVICE.cli.driftFix[cls].replace(/`/g, '')}`)}`, '');
  }
  out.push(style.dim(`Drift plan fingerprint ${report.fingerprint.slice(0, 12)}`));
  out.push(style.bold(report.items.length ? style.yellow(driftLine(report)) : style.green(driftLine(report))));
  return out.join('\n');
}
