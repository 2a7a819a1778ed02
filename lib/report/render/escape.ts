/**
 * Escaping of user-controlled strings (resource names, values, messages) for each place they land.
 * A resource name must never open or close HTML (`</details><script>`), start Markdown syntax, ping
 * someone (`@team`), link an issue (`#12`), or break out of a code fence, a table cell or a Mermaid
 * label; in a terminal it must not carry escape sequences.
 */

// Kept as typed: letters, digits and punctuation that means nothing to CommonMark/GFM mid-line.
const MARKDOWN_SAFE = /[A-Za-z0-9 .,:;/=%"'()!?+-]/;

function visibleControl(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text for Markdown prose, table cells and HTML (`<summary>`, `<code>`): everything ASCII that is
 * not obviously inert becomes a numeric character reference. References are decoded both where
 * GitHub parses Markdown and inside raw HTML blocks, so one escaping serves both contexts (a
 * backslash escape would show literally inside an HTML block). Not for code spans or fences.
 */
export function markdownText(value: string): string {
  let out = '';
  // A line break would end a table row or an HTML block: prose is kept on one line.
  for (const ch of value.replace(/[ \t]*\r?\n[ \t]*/g, ' ').replace(/\t/g, ' ')) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += markdownText(visibleControl(code));
    else if (code >= 0x80 || MARKDOWN_SAFE.test(ch)) out += ch;
    else out += `&#${code};`;
  }
  return out;
}

/** A user string shown as code inside Markdown or HTML: `<code>` with escaped content (never backticks, which cannot escape). */
export function code(value: string): string {
  return `<code>${markdownText(value)}</code>`;
}

/** Our own prose with `code` spans (never user input): the spans become `<code>`, the rest is escaped. */
export function prose(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? code(part) : markdownText(part)))
    .join('');
}

/** A fenced code block whose fence is longer than any backtick run in the content, so the content cannot close it. */
export function fenced(content: string, info = ''): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content}\n${fence}`;
}

/** Text inside code fences: only control characters are made visible (a fence shows everything else literally). */
export function fenceText(value: string): string {
  return terminalText(value);
}

// Mermaid entity codes (`#35;`) escape a label; a `%` before another is escaped too (`%%{...}%%` is a directive).
const MERMAID_SAFE = /[A-Za-z0-9 .,/=_%-]/;

/** Text for a quoted Mermaid label. */
export function mermaidText(value: string): string {
  let out = '';
  const chars = [...value];
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += mermaidText(visibleControl(code));
    else if (ch === '%' && chars[i + 1] === '%') out += '#37;';
    else if (code >= 0x80 || MERMAID_SAFE.test(ch)) out += ch;
    else out += `#${code};`;
  });
  return out;
}

/** Text for a terminal: control characters (ANSI escapes, carriage returns, newlines) are shown, not obeyed. */
export function terminalText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => visibleControl(ch.charCodeAt(0)));
}
