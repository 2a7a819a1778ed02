/**
 * The body of the sticky drift issue: per class a table with first-seen times, the differences in
 * `<details>`, and how to fix it. The hidden state block (first-seen times) is the GitHub adapter's.
 */
import type { DriftItem, DriftReport } from '../../resources/results';
import { ADVICE } from './advice';
import { linksFor, markdownLink, type MarkdownContext } from './context';
import { code, markdownText, prose } from './escape';
import { DRIFT_CLASSES, DRIFT_TEXT, driftLine, driftTitle } from './drift-classes';
import { formatTime, plural, qualifiedName, shortFingerprint, shortSha } from './labels';
import { DRIFT_MARKER } from './markers';
import { details, diffBlock, noteBlock } from './markdown-blocks';

function firstSeen(item: DriftItem, report: DriftReport): string {
  if (!item.firstSeen) return '';
  return `${markdownText(formatTime(item.firstSeen))}${item.firstSeen === report.checkedAt ? ' 🆕' : ''}`;
}

function classSection(items: DriftItem[], report: DriftReport): string[] {
  const cls = items[0].class;
  const text = DRIFT_TEXT[cls];
  const out = [`### ${text.emoji} ${text.heading} (${items.length})`, '', markdownText(text.meaning), ''];
  out.push('| Resource | Why | First seen |', '|---|---|---|');
  for (const i of items) out.push(`| ${i.kind} ${code(qualifiedName(i))} | ${markdownText(i.reason)} | ${firstSeen(i, report)} |`);
  out.push('');
  for (const i of items) {
    const diff = diffBlock(i.diff);
    if (!diff.length) continue;
    const fields = i.diff.filter((d) => d.path !== 'spec' && d.path !== 'tags').length;
    const what = fields ? plural(fields, 'field') : i.class === 'missing' || i.class === 'pending' ? 'as declared in Git' : 'the whole resource';
    out.push(...details(`${i.kind} ${code(qualifiedName(i))} · ${what}`, ['`-` live · `+` Git', '', ...diff]));
  }
  out.push(`**To fix:** ${prose(ADVICE.github.driftFix[cls])}`, '');
  return out;
}

export function renderDriftMarkdown(report: DriftReport, context: MarkdownContext): string {
  const sha = report.sha ?? context.sha;
  const commit = sha ? ` at ${markdownLink(code(shortSha(sha)), linksFor(context).commit(sha))}` : '';
  const out: string[] = [
    DRIFT_MARKER,
    `## ${markdownText(context.title ?? 'meshops drift')}: ${markdownText(driftTitle(report))}`,
    '',
    `${markdownText(context.repo)}${commit} · checked ${markdownText(formatTime(report.checkedAt))}`,
    '',
    ...noteBlock(context.note),
    `**${markdownText(driftLine(report))}**`,
    '',
  ];
  if (!report.items.length) {
    out.push('Live matches the default branch. This issue is closed while there is no drift and reopened when drift comes back.', '');
  }
  for (const cls of DRIFT_CLASSES) {
    const items = report.items.filter((i) => i.class === cls);
    if (items.length) out.push(...classSection(items, report));
  }
  const legend = report.items.some((i) => i.firstSeen === report.checkedAt) ? ' · 🆕 first seen in this check' : '';
  out.push('---', '', `<sub>meshops · drift plan ${code(shortFingerprint(report.fingerprint))}${legend}</sub>`);
  return `${out.join('\n')}\n`;
}
