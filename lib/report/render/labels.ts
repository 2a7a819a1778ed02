/**
 * Words, symbols and groupings shared by every renderer, so the PR comment, the CLI and the check
 * run say the same thing the same way.
 */
import { isListenerRecreation } from '../../plan/change-facts';
import type { Action, PlanSummary, ShownChange, ShownPlan } from '../../plan/types';
import { isLatticeKind, KIND_INFO, type Kind } from '../../resources/kinds';
import type { ResourceKey } from '../../resources/resource-key';

/** Terraform-like symbols (CLI and diff summaries). */
export const ACTION_SYMBOL: Record<Action, string> = {
  create: '+',
  update: '~',
  adopt: '~',
  delete: '-',
  replace: '-/+',
  conflict: '!',
  unmanaged: '?',
};

/** Markers for the PR comment, readable at a glance in a long list. */
export const ACTION_EMOJI: Record<Action, string> = {
  create: '🟢',
  update: '🟡',
  adopt: '🔵',
  delete: '🔴',
  replace: '🟠',
  conflict: '⛔',
  unmanaged: '⚪',
};

const ACTIONABLE = ['create', 'update', 'adopt', 'delete', 'replace'] as const;

/** `Plan: 1 to create, 2 to update, 0 to adopt, 0 to delete, 0 to replace, 1 conflict.` */
export function summaryLine(summary: PlanSummary): string {
  const changes = ACTIONABLE.reduce((n, a) => n + summary[a], 0);
  const extra: string[] = [];
  if (summary.conflict) extra.push(`${summary.conflict} ${summary.conflict === 1 ? 'conflict' : 'conflicts'}`);
  if (changes === 0 && summary.conflict === 0) {
    const unmanaged = summary.unmanaged ? ` (${summary.unmanaged} unmanaged ${summary.unmanaged === 1 ? 'resource' : 'resources'} left alone)` : '';
    return `No changes: live matches Git${unmanaged}.`;
  }
  if (summary.unmanaged) extra.push(`${summary.unmanaged} unmanaged`);
  return `Plan: ${ACTIONABLE.map((a) => `${summary[a]} to ${a}`).join(', ')}${extra.map((e) => `, ${e}`).join('')}.`;
}

/**
 * How a kind is named to people (`VirtualNode`, `TargetGroup`): the one place renderers get a
 * kind's display word from.
 */
export function kindLabel(kind: Kind): string {
  return kind;
}

/** Where a change is listed: its mesh, or its Cloud Map namespace. */
export interface Group {
  key: string;
  title: string;
  changes: { change: ShownChange; index: number }[];
}

export function groupKey(key: ResourceKey): { key: string; title: string } {
  if (isLatticeKind(key.kind)) return { key: 'lattice', title: 'VPC Lattice' };
  const scope = KIND_INFO[key.kind].scope;
  if (scope === 'mesh') return { key: `mesh/${key.name}`, title: `Mesh ${key.name}` };
  if (key.mesh !== undefined) return { key: `mesh/${key.mesh}`, title: `Mesh ${key.mesh}` };
  const ns = scope === 'namespace' ? key.name : (key.parent ?? '');
  return { key: `namespace/${ns}`, title: `Cloud Map namespace ${ns}` };
}

/** The resource's name inside its group: `search-router/canary` (router/route), `search` (Cloud Map service). */
export function nameInGroup(key: ResourceKey): string {
  if (isLatticeKind(key.kind)) return key.parent !== undefined ? `${key.parent}/${key.name}` : key.name;
  if (KIND_INFO[key.kind].scope) return key.name;
  if (key.mesh !== undefined && key.parent !== undefined) return `${key.parent}/${key.name}`;
  return key.name;
}

/** `watches/search-router/canary`: the resource's path without its kind. */
export function qualifiedName(key: ResourceKey): string {
  return [key.mesh, key.parent, key.name].filter((s) => s !== undefined).join('/');
}

/** Changes grouped by mesh (or namespace), groups in the order their first change runs, changes in apply order. */
export function groupChanges(plan: ShownPlan, include: (c: ShownChange) => boolean): Group[] {
  const groups = new Map<string, Group>();
  plan.changes.forEach((change, index) => {
    if (!include(change)) return;
    const { key, title } = groupKey(change);
    if (!groups.has(key)) groups.set(key, { key, title, changes: [] });
    groups.get(key)!.changes.push({ change, index });
  });
  return [...groups.values()];
}

/** For each change (by index), the steps (1-based) and operation types that carry it out. */
export function operationsByChange(plan: ShownPlan): Map<number, { step: number; type: string }[]> {
  const out = new Map<number, { step: number; type: string }[]>();
  plan.steps.forEach((step, i) => {
    for (const op of step) {
      if (!out.has(op.change)) out.set(op.change, []);
      out.get(op.change)!.push({ step: i + 1, type: op.type });
    }
  });
  return out;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 12);
}

/** `2026-11-25T10:15:03.120Z` → `2026-11-25 10:15 UTC`; anything else as given. */
export function formatTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]00:?00)$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Formats a share: `50%`, `33.3%`, `–` when the node is not a target on that side. */
export function share(value: number | undefined): string {
  return value === undefined ? '–' : `${value}%`;
}

/**
 * Routes a listener change deletes and re-creates: between the two, requests they would match have
 * no route (App Mesh has no atomic swap), so the reviewer is told.
 */
export function interruptionWarning(plan: ShownPlan): string | undefined {
  const recreated = plan.changes.filter(isListenerRecreation);
  if (!recreated.length) return undefined;
  const names = recreated.map((c) => `${c.kind} ${qualifiedName(c)}`).join(', ');
  return `${recreated.length === 1 ? 'This route is' : 'These routes are'} deleted before the listener change and re-created after it; requests they match get no route in between: ${names}`;
}
