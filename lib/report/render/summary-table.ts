/**
 * The plan at a glance: per mesh (Cloud Map namespace, VPC Lattice) and kind, how many resources
 * are created, updated, replaced and deleted. Rows in the order apply first reaches them.
 */
import type { Action, ShownPlan } from '../../plan/types';
import type { Kind } from '../../resources/kinds';
import { markdownText } from './escape';
import { ACTION_SYMBOL, groupKey, kindLabel } from './labels';

/** Columns always shown, then those shown only when the plan has any. */
const ALWAYS: Action[] = ['create', 'update', 'replace', 'delete'];
const WHEN_ANY: Action[] = ['adopt', 'conflict'];

export function summaryTableMarkdown(plan: ShownPlan): string[] {
  // Places in the order apply first reaches them, kinds likewise within a place.
  const places = new Map<string, { title: string; kinds: Map<string, Map<Action, number>> }>();
  for (const c of plan.changes) {
    if (c.action === 'unmanaged') continue;
    const group = groupKey(c);
    if (!places.has(group.key)) places.set(group.key, { title: group.title, kinds: new Map() });
    const kinds = places.get(group.key)!.kinds;
    if (!kinds.has(c.kind)) kinds.set(c.kind, new Map());
    const counts = kinds.get(c.kind)!;
    counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  }
  if (!places.size) return [];
  const columns = [...ALWAYS, ...WHEN_ANY.filter((a) => plan.summary[a] > 0)];
  const cell = (n: number | undefined) => (n ? String(n) : '·');
  const lines: string[] = [];
  for (const place of places.values()) {
    // The place is named on its first row only.
    [...place.kinds].forEach(([kind, counts], i) => {
      lines.push(`| ${i === 0 ? markdownText(place.title) : ''} | ${kindLabel(kind as Kind)} | ${columns.map((a) => cell(counts.get(a))).join(' | ')} |`);
    });
  }
  return [`| Where | Kind | ${columns.map((a) => `${ACTION_SYMBOL[a]} ${a}`).join(' | ')} |`, `|---|---|${columns.map(() => '--:').join('|')}|`, ...lines, ''];
}
