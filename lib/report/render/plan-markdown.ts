/**
 * The sticky PR comment for a plan (the Atlantis model): summary, what blocks or endangers the
 * apply, the traffic that moves, a graph of the routing that changes, every change with its field
 * diff in apply order, unmanaged resources, and how to apply. Pure: a Plan in, Markdown out.
 */
import { changeReason } from '../../plan/change-facts';
import type { Operation, ShownChange, ShownPlan } from '../../plan/types';
import { KIND_INFO } from '../../resources/kinds';
import { hasChanges } from '../../plan/types';
import { linksFor, markdownLink, type PlanMarkdownContext } from './context';
import { diagnosticsMarkdown } from './diagnostics';
import { code, fenced, markdownText } from './escape';
import { ACTION_EMOJI, groupKey, interruptionWarning, kindLabel, operationsByChange, plural, qualifiedName, shortSha, summaryLine } from './labels';
import { summaryTableMarkdown } from './summary-table';
import { fingerprintMarker, PLAN_MARKER } from './markers';
import { problemMessage } from './advice';
import { alert, changeBody, changeSummary, details, noteBlock, planFooter, policyBlock } from './markdown-blocks';
import { routingGraph } from './mermaid';
import { rolloutLinesMarkdown } from './rollouts';
import { latticeMarkdown, shownInLatticeSections } from './lattice';
import { shiftMarkdown, shifts, trafficMarkdown } from './traffic';

/** Deletions named in the warning before the list is cut short. */
const LISTED_DELETES = 20;

function header(context: PlanMarkdownContext, plan: ShownPlan | undefined): string[] {
  const title = markdownText(context.title ?? 'meshops plan');
  const commit = markdownLink(code(shortSha(context.sha)), linksFor(context).commit(context.sha));
  const where = [`${markdownText(context.repo)} at ${commit}`, ...(plan ? [`region ${code(plan.region)}`] : [])];
  return [`## ${title}`, '', where.join(' · '), ''];
}

function problemsBlock(plan: ShownPlan): string[] {
  const out: string[] = [];
  if (plan.errors.length) {
    out.push(
      ...alert('CAUTION', [
        `**This plan cannot be applied** (${plural(plan.errors.length, 'error')}): after a merge meshops re-plans and refuses until ${plan.errors.length === 1 ? 'it is' : 'they are'} fixed.`,
        '',
        ...plan.errors.map((e) => `- ${markdownText(problemMessage(e, plan, 'github'))}`),
      ]),
    );
  }
  const warnings: string[] = [];
  const deletes = plan.changes.filter((c) => c.action === 'delete');
  if (deletes.length) {
    const listed = deletes.slice(0, LISTED_DELETES).map((c) => `${c.kind} ${code(qualifiedName(c))}`);
    const more = deletes.length > LISTED_DELETES ? ` and ${deletes.length - LISTED_DELETES} more` : '';
    warnings.push(`- **Deletes ${plural(deletes.length, 'resource')}:** ${listed.join(', ')}${more}.`);
  }
  const interruption = interruptionWarning(plan);
  if (interruption) warnings.push(`- **Traffic gap:** ${markdownText(interruption)}`);
  for (const w of plan.warnings.filter((x) => !shownInLatticeSections(x.code))) warnings.push(`- ${w.code === 'replace' ? '**Replace:** ' : w.code === 'quota' ? '**Quota:** ' : ''}${markdownText(w.message)}`);
  if (warnings.length) out.push(...alert('WARNING', warnings));
  return out;
}

/**
 * Past this many characters the traffic section's detail (the moves after the first few, and the
 * tables) is collapsed and moved below the changes, so that a long plan's changes still start in
 * the first comment part.
 */
const TRAFFIC_OPEN_CHARS = 4_000;
/** Moves shown above the changes when the traffic section is long. */
const MOVES_SHOWN = 10;

interface TrafficLayout {
  /** Above the changes. */
  top: string[];
  /** Below the changes (empty unless the section is long). */
  bottom: string[];
}

function trafficSection(plan: ShownPlan): TrafficLayout {
  if (!plan.traffic.length) return { top: [], bottom: [] };
  const top = ['### Traffic', ''];
  const bottom: string[] = [];
  const moves = shifts(plan.traffic).map((s) => `- ${shiftMarkdown(s)}`);
  const tables = trafficMarkdown(plan.traffic);
  const length = [...moves, ...tables].reduce((n, l) => n + l.length + 1, 0);
  if (length <= TRAFFIC_OPEN_CHARS) {
    if (moves.length) top.push(...moves, '');
    top.push(...tables);
  } else {
    const shown = moves.slice(0, MOVES_SHOWN);
    const hidden = moves.slice(MOVES_SHOWN);
    if (shown.length) top.push(...shown, '');
    const what = [...(hidden.length ? [plural(hidden.length, 'more move')] : []), `the routes of ${plural(plan.traffic.length, 'virtual service')}`];
    top.push(`_${what.join(' and ')} are in **Traffic in full**, below the changes._`, '');
    while (tables[tables.length - 1] === '') tables.pop();
    bottom.push(...details(`Traffic in full: ${what.join(' and ')}`, [...(hidden.length ? [...hidden, ''] : []), ...tables]));
  }
  const graph = routingGraph(plan);
  // Shown open: GitHub can lay out a Mermaid diagram inside a collapsed <details> at zero size.
  if (graph && 'mermaid' in graph) {
    top.push('Routing that changes (changed edges highlighted, removed ones dashed):', '');
    if (graph.summarised) top.push(`_${markdownText(graph.summarised)}_`, '');
    top.push(fenced(graph.mermaid, 'mermaid'), '');
  } else if (graph) top.push(`_${markdownText(graph.omitted)}_`, '');
  return { top, bottom };
}

/** `create VirtualNode`, `create, update Route`: what a step does. */
function stepTitle(ops: readonly Operation[]): string {
  const types = (['delete', 'create', 'update'] as const).filter((t) => ops.some((o) => o.type === t));
  const kinds = [...new Set(ops.map((o) => kindLabel(o.kind)))];
  return `${types.join(', ')} ${kinds.join(', ')}`;
}

/**
 * Every change under the step apply runs it in (a change whose operations span steps, such as a
 * replace, under its first, and named again where it goes on), then the conflicts, which do not run.
 */
function changesSection(plan: ShownPlan, context: PlanMarkdownContext): string[] {
  const listed = plan.changes.filter((c) => c.action !== 'unmanaged');
  if (!listed.length) return [];
  const ops = operationsByChange(plan);
  // With changes in several meshes (namespaces), each change says where it is.
  const places = new Set(listed.map((c) => groupKey(c).key));
  const where = (c: ShownChange) => (places.size > 1 && !KIND_INFO[c.kind].scope ? ` · ${markdownText(groupKey(c).title)}` : '');
  const out = ['### Changes', '', `_In the order apply runs them: ${plural(plan.steps.length, 'step')}; the operations of a step run at the same time._`, ''];
  const shown = new Set<number>();
  plan.steps.forEach((step, i) => {
    out.push(`#### Step ${i + 1} of ${plan.steps.length}: ${markdownText(stepTitle(step))}`, '');
    const first = [...new Set(step.map((o) => o.change))].filter((c) => !shown.has(c));
    const again = step.filter((o) => shown.has(o.change));
    for (const index of first) {
      shown.add(index);
      out.push(...details(`${changeSummary(plan.changes[index])}${where(plan.changes[index])}`, changeBody(plan, index, ops.get(index) ?? [], context)));
    }
    if (again.length) {
      const names = again.map((o) => `${o.type} ${kindLabel(o.kind)} ${code(qualifiedName(plan.changes[o.change]))}`);
      out.push(`_${first.length ? 'Also' : 'Runs'}: ${names.join(', ')} (each listed under its first step above)._`, '');
    }
  });
  const unscheduled = plan.changes.flatMap((c, index) => (c.action !== 'unmanaged' && !shown.has(index) ? [index] : []));
  if (unscheduled.length) {
    out.push('#### Not applied (apply refuses until these are resolved)', '');
    for (const index of unscheduled) out.push(...details(`${changeSummary(plan.changes[index])}${where(plan.changes[index])}`, changeBody(plan, index, [], context)));
  }
  return out;
}

function unmanagedSection(plan: ShownPlan): string[] {
  const unmanaged = plan.changes.filter((c) => c.action === 'unmanaged');
  if (!unmanaged.length) return [];
  const rows = unmanaged.map((c: ShownChange) => `| ${c.kind} | ${code(qualifiedName(c))} | ${markdownText(changeReason(c) ?? '')} |`);
  return details(`${ACTION_EMOJI.unmanaged} ${plural(unmanaged.length, 'unmanaged resource')}: left alone`, [
    'meshops never changes or deletes these.',
    '',
    '| Kind | Resource | Why |',
    '|---|---|---|',
    ...rows,
  ]);
}

function howTo(plan: ShownPlan | undefined): string[] {
  const lines: string[] = [];
  if (plan && plan.errors.length === 0 && hasChanges(plan)) lines.push('- ▶️ To **apply** this plan, merge this pull request: meshops applies the merge commit and comments the result here.');
  else if (plan && plan.errors.length === 0) lines.push('- ✅ Nothing to apply: merging this pull request changes nothing in AWS.');
  lines.push('- 🔁 To **plan** again, comment `/meshops plan`. This comment is updated on every push.');
  return [...lines, ''];
}

/**
 * The PR comment body. `plan` is undefined when validation failed (the diagnostics then hold an
 * error): the comment lists the errors, linked to their lines at the commit, and no plan.
 */
export function renderPlanMarkdown(plan: ShownPlan | undefined, context: PlanMarkdownContext): string {
  const diagnostics = context.diagnostics ?? [];
  const invalid = diagnostics.some((d) => d.severity === 'error');
  const shown = invalid ? undefined : plan;
  const marker = shown ? fingerprintMarker(shown.fingerprint) : undefined;
  const out: string[] = [PLAN_MARKER, ...(marker ? [marker] : []), ...header(context, shown), ...noteBlock(context.note), ...policyBlock(context.policyChanges)];
  if (!shown) {
    out.push(...diagnosticsMarkdown(diagnostics, context));
    if (!invalid) out.push('_No plan was made._', '');
  } else {
    out.push(`**${markdownText(summaryLine(shown.summary))}**`, '');
    out.push(...summaryTableMarkdown(shown));
    out.push(...problemsBlock(shown));
    out.push(...diagnosticsMarkdown(diagnostics, context));
    const traffic = trafficSection(shown);
    out.push(...traffic.top);
    out.push(...rolloutLinesMarkdown(shown));
    out.push(...latticeMarkdown(shown));
    out.push(...changesSection(shown, context));
    out.push(...traffic.bottom);
    out.push(...unmanagedSection(shown));
  }
  out.push('---', '', ...howTo(shown), planFooter(shown, context, context.sha));
  return `${out.join('\n')}\n`;
}
