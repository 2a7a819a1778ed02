/**
 * A change's field differences as lines: for a ```diff block in Markdown (`- before` / `+ after`
 * per path) and for the terminal (`~ path: before → after`).
 */
import type { Style } from './ansi';
import { fenceText, terminalText } from './escape';
import { renderValue } from './values';

/** A field difference as the plan and drift report carry it. */
export interface DiffEntry {
  path: string;
  before?: unknown;
  after?: unknown;
}

type Side = { inline: string } | { block: string[] };

function sides(d: DiffEntry): { before?: Side; after?: Side } {
  const has = (k: 'before' | 'after') => Object.prototype.hasOwnProperty.call(d, k) && d[k] !== undefined;
  let before: Side | undefined = has('before') ? renderValue(d.path, d.before) : undefined;
  let after: Side | undefined = has('after') ? renderValue(d.path, d.after) : undefined;
  // One side as a block: both are, so the two read line against line.
  if (before && after && ('block' in before || 'block' in after)) {
    before = 'block' in before ? before : { block: [before.inline] };
    after = 'block' in after ? after : { block: [after.inline] };
  }
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/** Lines for a Markdown ```diff block (unescaped: fence the result with `fenced`). */
export function diffBlockLines(diff: readonly DiffEntry[]): string[] {
  const out: string[] = [];
  for (const d of diff) {
    const path = fenceText(d.path);
    const { before, after } = sides(d);
    if (!before && !after) {
      out.push(`  ${path}: (differs)`);
      continue;
    }
    if ((before && 'block' in before) || (after && 'block' in after)) {
      if (before && after) out.push(`  ${path}:`);
      for (const [sign, side] of [['-', before], ['+', after]] as const) {
        if (!side) continue;
        if (!(before && after)) out.push(`${sign} ${path}:`);
        for (const line of 'block' in side ? side.block : [side.inline]) out.push(`${sign}   ${fenceText(line)}`);
      }
      continue;
    }
    if (before && 'inline' in before) out.push(`- ${path}: ${fenceText(before.inline)}`);
    if (after && 'inline' in after) out.push(`+ ${path}: ${fenceText(after.inline)}`);
  }
  return out;
}

/** Terminal lines, indented by `indent`, coloured with `style`. */
export function diffTextLines(diff: readonly DiffEntry[], style: Style, indent: string): string[] {
  const out: string[] = [];
  for (const d of diff) {
    const path = terminalText(d.path);
    const { before, after } = sides(d);
    if (!before && !after) {
      out.push(`${indent}${style.yellow('~')} ${path} ${style.dim('(differs)')}`);
      continue;
    }
    if (before && after && 'inline' in before && 'inline' in after) {
      out.push(`${indent}${style.yellow('~')} ${path}: ${style.red(terminalText(before.inline))} → ${style.green(terminalText(after.inline))}`);
      continue;
    }
    if (before && after) {
      out.push(`${indent}${style.yellow('~')} ${path}:`);
      for (const line of 'block' in before ? before.block : []) out.push(`${indent}    ${style.red(`- ${terminalText(line)}`)}`);
      for (const line of 'block' in after ? after.block : []) out.push(`${indent}    ${style.green(`+ ${terminalText(line)}`)}`);
      continue;
    }
    const [sign, side, paint] = after ? (['+', after, style.green] as const) : (['-', before!, style.red] as const);
    if ('inline' in side) {
      out.push(`${indent}${paint(sign)} ${path}: ${paint(terminalText(side.inline))}`);
      continue;
    }
    out.push(`${indent}${paint(sign)} ${path}:`);
    for (const line of side.block) out.push(`${indent}${paint(`${sign}   ${terminalText(line)}`)}`);
  }
  return out;
}
