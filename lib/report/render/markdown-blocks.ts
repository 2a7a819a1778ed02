/**
 * Markdown building blocks shared by the plan, apply and drift renderers (GitHub flavour).
 */
import type { PolicyChange } from '../../model/policy-changes';
import { changeReason, changeSource } from '../../plan/change-facts';
import type { ShownChange, ShownPlan } from '../../plan/types';
import { linksFor, markdownLink, type MarkdownContext } from './context';
import { code, fenced, markdownText } from './escape';
import { diffBlockLines, type DiffEntry } from './field-diff';
import { kindWord, type Kind } from '../../resources/kinds';
import { ACTION_EMOJI, kindLabel, nameInGroup, plural, shortFingerprint, shortSha } from './labels';
import { fallbackForRoute, fallbackSentence } from './traffic';
import { listenerChangeView, type ListenerChangeView } from './listener-change';

export type AlertKind = 'NOTE' | 'IMPORTANT' | 'WARNING' | 'CAUTION';

/** A GitHub alert (`> [!WARNING]`): lines are Markdown already escaped. */
export function alert(kind: AlertKind, lines: string[]): string[] {
  return [`> [!${kind}]`, ...lines.map((l) => (l ? `> ${l}` : '>')), ''];
}

/** The caller's note, at the top and loud. */
export function noteBlock(note: string | undefined): string[] {
  return note ? alert('IMPORTANT', [markdownText(note)]) : [];
}

/** Settings a pull request widens, loud and above the plan: a reviewer approves them too. */
export function policyBlock(changes: readonly PolicyChange[] | undefined): string[] {
  if (!changes?.length) return [];
  return alert('WARNING', [
    `**This pull request widens what merging can do** (${code('meshops.yaml')}):`,
    '',
    ...changes.map((c) => `- ${code(c.setting)}: ${code(c.before)} → ${code(c.after)}: ${markdownText(c.effect)}.`),
  ]);
}

/** A collapsible section; `body` is Markdown (a blank line after the summary lets GitHub parse it). */
export function details(summary: string, body: string[]): string[] {
  return [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

/** A field diff as a ```diff block, or nothing when there is no field to show. */
export function diffBlock(diff: readonly DiffEntry[]): string[] {
  const lines = diffBlockLines(diff);
  return lines.length ? [fenced(lines.join('\n'), 'diff')] : [];
}

/** `Declared in mesh/routes.yaml:12` with a link to the line at the commit. */
export function sourceLine(change: ShownChange, context: MarkdownContext): string[] {
  const source = changeSource(change);
  if (!source) return [];
  const text = markdownText(`${source.file}:${source.line}`);
  const url = linksFor(context).blob(source.file, source.line);
  return [`Declared in ${url ? markdownLink(text, url) : text}.`, ''];
}

/** The summary line of a change's `<details>`: `🟡 <b>update</b> Route <code>search-router/canary</code> · 2 fields`. */
export function changeSummary(change: ShownChange): string {
  const counted = change.action === 'update' || change.action === 'adopt' || change.action === 'conflict';
  const fields = counted && change.diff.length ? ` · ${plural(change.diff.length, 'field')}` : '';
  return `${ACTION_EMOJI[change.action]} <b>${change.action}</b> ${kindLabel(change.kind)} ${code(nameInGroup(change))}${fields}`;
}

/** The body of a change's `<details>`: why, where it is declared, what runs (`ops`: its steps), the field diff. */
export function changeBody(plan: ShownPlan, index: number, ops: readonly { step: number; type: string }[], context: MarkdownContext): string[] {
  const change = plan.changes[index];
  const out: string[] = [];
  const relisted = listenerChangeView(plan, change);
  if (relisted) out.push(...listenerChangeLines(relisted, change));
  else if (changeReason(change)) out.push(`**Why:** ${markdownText(changeReason(change)!)}`, '');
  // A deleted route: where the requests it matched go now.
  const fallback = change.action === 'delete' && change.mesh !== undefined && change.parent !== undefined ? fallbackForRoute(plan.traffic, change.mesh, change.parent, change.name) : undefined;
  if (fallback) out.push(`**Its traffic:** ${markdownText(fallbackSentence(fallback))}.`, '');
  out.push(...sourceLine(change, context));
  if (ops.length) out.push(`Runs as ${ops.map((o) => `${o.type} in step ${o.step}`).join(', then ')} of ${plan.steps.length}.`, '');
  if (relisted) {
    const rest = diffBlock(relisted.rest);
    out.push(...(rest.length ? rest : ['_Nothing else in it changes._']));
    while (out[out.length - 1] === '') out.pop();
    return out;
  }
  const diff = diffBlock(change.diff);
  if (diff.length) out.push(...diff);
  else if (change.action === 'replace') out.push('_No field differs: it is re-created for the reason above._');
  while (out[out.length - 1] === '') out.pop();
  return out;
}

/** Why a route is re-created by its parent's listener change, and what that changes in it. */
function listenerChangeLines(view: ListenerChangeView, change: ShownChange): string[] {
  const list = (l: string[]) => (l.length ? l.map(code).join(', ') : 'none');
  const what = kindWord(change.kind);
  const out = [
    `**Why:** ${kindLabel(view.parent.kind as Kind)} ${code(view.parent.name)} changes its listeners (${list(view.listenersBefore)} → ${list(view.listenersAfter)}) and this ${what} does not fit them: it is deleted before that change and re-created after it.`,
    '',
  ];
  if (view.typeBefore !== view.typeAfter) out.push(`**What changes:** the ${what} type, ${code(view.typeBefore ?? 'none')} → ${code(view.typeAfter ?? 'none')}${view.rest.length ? ', and:' : '.'}`, '');
  else if (view.rest.length) out.push('**What changes:**', '');
  return out;
}

/** The footer line: fingerprint (short and full), commit, region, owner. */
export function planFooter(plan: ShownPlan | undefined, context: MarkdownContext, sha: string | undefined): string {
  const parts: string[] = ['meshops'];
  if (plan) parts.push(`plan ${code(shortFingerprint(plan.fingerprint))}`);
  if (sha) parts.push(`commit ${markdownLink(code(shortSha(sha)), linksFor(context).commit(sha))}`);
  if (plan) parts.push(`region ${code(plan.region)}`, `owner ${code(plan.owner)}`);
  const full = plan ? `<br/>fingerprint ${code(plan.fingerprint)}` : '';
  return `<sub>${parts.join(' · ')}${full}</sub>`;
}
