/**
 * Splits a Markdown comment into parts of at most `limit` characters (GitHub refuses comment
 * bodies above 65,536), cutting only between lines and never leaving a construct broken: a fenced
 * code block, a `<details>` block or a table open at a cut is closed at the end of the part and
 * re-opened at the start of the next (the fence with its info string, the details with its summary
 * marked "continued", the table with its header row). A ```mermaid block is never cut: GitHub
 * cannot render a graph whose continuation has no `flowchart` header, so the part ends before the
 * block, and a block too big for any part is replaced by a one-line note. Prefers a blank line at
 * the top level near the end of a part. Lengths are UTF-16 code units, which over-count (never under-count) GitHub's
 * characters. Pure.
 */

type Frame =
  | { kind: 'fence'; open: string; close: string; line: number; atomic: boolean }
  | { kind: 'details'; open: string; summaryPending: boolean }
  | { kind: 'table'; header: string };

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const DETAILS_OPEN = /<details(\s[^>]*)?>/gi;
const DETAILS_CLOSE = /<\/details\s*>/gi;

export const GITHUB_COMMENT_LIMIT = 65536;

/** What stands in for a diagram that no comment part can hold whole. */
export const DIAGRAM_TOO_BIG = '_The diagram is left out: it does not fit in one comment part._';

/** Fenced blocks that are only readable whole: diagrams. */
function isAtomic(info: string): boolean {
  return /^mermaid\b/i.test(info.trim());
}

function isClosingFence(line: string, frame: { close: string }): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return m !== null && m[1]![0] === frame.close[0] && m[1]!.length >= frame.close.length;
}

/** The stack of open constructs before each line (index n = after the last line). */
function contexts(lines: string[], glued: boolean[]): Frame[][] {
  const out: Frame[][] = [];
  let stack: Frame[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(stack);
    // The rest of a line cut by hardWrap is not a line of its own.
    if (glued[i]) continue;
    const line = lines[i]!;
    const next = [...stack];
    const top = next[next.length - 1];
    if (top?.kind === 'fence') {
      if (isClosingFence(line, top)) next.pop();
      stack = next;
      continue;
    }
    if (top?.kind === 'table' && !TABLE_ROW.test(line)) next.pop();
    const fence = FENCE_OPEN.exec(line);
    if (fence && !(fence[2]![0] === '`' && fence[3]!.includes('`'))) {
      next.push({ kind: 'fence', open: line, close: fence[2]!, line: i, atomic: isAtomic(fence[3]!) });
      stack = next;
      continue;
    }
    const current = next[next.length - 1];
    if (current?.kind === 'details' && current.summaryPending && /^\s*<summary/i.test(line)) {
      next[next.length - 1] = { kind: 'details', open: `${current.open}\n${line}`, summaryPending: false };
    }
    const opens = line.match(DETAILS_OPEN)?.length ?? 0;
    const closes = line.match(DETAILS_CLOSE)?.length ?? 0;
    if (opens > closes) {
      for (let k = 0; k < opens - closes; k++) next.push({ kind: 'details', open: line, summaryPending: !/<summary/i.test(line) });
    } else if (closes > opens) {
      for (let k = 0; k < closes - opens; k++) {
        while (next.length > 0 && next[next.length - 1]!.kind === 'table') next.pop();
        if (next[next.length - 1]?.kind === 'details') next.pop();
      }
    } else if (TABLE_SEPARATOR.test(line) && line.includes('-') && i > 0 && TABLE_ROW.test(lines[i - 1]!) && next[next.length - 1]?.kind !== 'table') {
      next.push({ kind: 'table', header: `${lines[i - 1]}\n${line}` });
    }
    stack = next;
  }
  out.push(stack);
  return out;
}

function reopen(stack: Frame[]): string {
  return stack
    .map((f) => {
      if (f.kind === 'fence') return `${f.open}\n`;
      if (f.kind === 'table') return `${f.header}\n`;
      return `${f.open.replace(/<\/summary>/i, ' (continued)</summary>')}\n`;
    })
    .join('');
}

function close(stack: Frame[]): string {
  const closers = [...stack]
    .reverse()
    .filter((f) => f.kind !== 'table')
    .map((f) => (f.kind === 'fence' ? f.close : '</details>'));
  return closers.length ? `\n${closers.join('\n')}` : '';
}

/** Lines, with any line longer than `max` cut into pieces; `glued[i]` marks a piece that continues line i-1. */
function hardWrap(input: string[], max: number): { lines: string[]; glued: boolean[] } {
  const lines: string[] = [];
  const glued: boolean[] = [];
  for (const line of input) {
    let rest = line;
    let first = true;
    while (rest.length > max) {
      let cut = max;
      // Never split a surrogate pair.
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
      lines.push(rest.slice(0, cut));
      glued.push(!first);
      first = false;
      rest = rest.slice(cut);
    }
    lines.push(rest);
    glued.push(!first);
  }
  return { lines, glued };
}

/** The line where the innermost atomic block open before line `at` starts, if any. */
function atomicStart(stack: Frame[]): number | undefined {
  for (const f of stack) if (f.kind === 'fence' && f.atomic) return f.line;
  return undefined;
}

/** Each atomic block that cannot fit in a part of its own (with what encloses it) becomes a note. */
function dropOversizedAtomicBlocks(text: string, limit: number): string {
  const lines = text.split('\n');
  const stacks = contexts(lines, lines.map(() => false));
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const top = stacks[i + 1]![stacks[i + 1]!.length - 1];
    if (top?.kind !== 'fence' || !top.atomic || top.line !== i) {
      out.push(lines[i]!);
      continue;
    }
    let j = i + 1;
    while (j < lines.length && atomicStart(stacks[j + 1]!) === i) j++;
    const block = lines.slice(i, j + 1).join('\n');
    const around = reopen(stacks[i]!).length + close(stacks[i]!).length;
    out.push(...(around + block.length + 1 > limit ? [DIAGRAM_TOO_BIG] : lines.slice(i, j + 1)));
    i = j;
  }
  return out.join('\n');
}

export function splitComment(markdown: string, limit: number = GITHUB_COMMENT_LIMIT): string[] {
  if (limit < 200) throw new Error(`a comment part must allow at least 200 characters, got ${limit}`);
  const normalized = markdown.replace(/\r\n?/g, '\n');
  if (normalized.length <= limit) return [normalized];
  const text = dropOversizedAtomicBlocks(normalized, limit);
  // A line longer than half a part is cut at character boundaries: the only way to make progress.
  const { lines, glued } = hardWrap(text.split('\n'), Math.floor(limit / 2));
  const stacks = contexts(lines, glued);
  const joined = (from: number, to: number): string => {
    let out = '';
    for (let i = from; i < to; i++) out += (i > from && !glued[i] ? '\n' : '') + lines[i];
    return out;
  };
  const parts: string[] = [];
  let a = 0;
  while (a < lines.length) {
    const prefix = reopen(stacks[a]!);
    let length = prefix.length;
    let b = a;
    let best = -1;
    // Grow the part line by line while it (with its closing lines) fits.
    while (b < lines.length) {
      const add = lines[b]!.length + (b > a && !glued[b] ? 1 : 0);
      const total = length + add + close(stacks[b + 1]!).length;
      if (total > limit) break;
      length += add;
      b++;
      best = b;
    }
    if (best < 0) throw new Error(`cannot fit line ${a + 1} into a comment part of ${limit} characters (its open blocks take ${prefix.length})`);
    let end = best;
    // Never inside a diagram: end the part before it (it fits in the next, see dropOversizedAtomicBlocks).
    const diagram = end < lines.length ? atomicStart(stacks[end]!) : undefined;
    if (diagram !== undefined && diagram > a) end = diagram;
    else if (end < lines.length) {
      // Prefer ending at a top-level blank line in the last quarter of the part.
      for (let k = end; k > a + Math.floor((end - a) * 0.75); k--) {
        if (stacks[k]!.length === 0 && lines[k - 1]!.trim() === '') {
          end = k;
          break;
        }
      }
    }
    parts.push(prefix + joined(a, end) + close(stacks[end]!));
    a = end;
  }
  return parts;
}
