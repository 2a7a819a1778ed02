import type { Diagnostic } from './diagnostics';

export interface RenderOptions {
  /** ANSI colours (for a terminal). */
  color: boolean;
  /** The snapshot's files, to quote the offending line under each diagnostic. */
  files?: readonly { path: string; content: Uint8Array | string }[];
}

const ANSI = {
  bold: (s: string) => `\u001b[1m${s}\u001b[22m`,
  red: (s: string) => `\u001b[31m${s}\u001b[39m`,
  yellow: (s: string) => `\u001b[33m${s}\u001b[39m`,
  cyan: (s: string) => `\u001b[36m${s}\u001b[39m`,
  dim: (s: string) => `\u001b[2m${s}\u001b[22m`,
};
const PLAIN = { bold: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, cyan: (s: string) => s, dim: (s: string) => s };

/**
 * Diagnostics as a compiler prints them: `file:line:col: error: path: message [code]`, then the
 * source line with a caret under the column. One block per diagnostic, separated by blank lines.
 * Pure: the caller passes the files (the snapshot) to quote from.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], options: RenderOptions): string {
  const c = options.color ? ANSI : PLAIN;
  const lines = new Map<string, string[] | undefined>();
  const sourceLines = (file: string): string[] | undefined => {
    if (!lines.has(file)) {
      const content = options.files?.find((f) => f.path === file)?.content;
      const text = content === undefined ? undefined : typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
      lines.set(file, text?.split(/\r?\n/));
    }
    return lines.get(file);
  };
  const blocks = diagnostics.map((d) => {
    const where = d.file ? `${d.file}${d.line !== undefined ? `:${d.line}:${d.column ?? 1}` : ''}: ` : '';
    const severity = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
    const head = `${c.bold(where)}${severity}: ${d.path ? `${c.bold(d.path)}: ` : ''}${d.message} ${c.dim(`[${d.code}]`)}`;
    const source = d.file && d.line !== undefined ? sourceLines(d.file)?.[d.line - 1] : undefined;
    if (source === undefined) return head;
    const gutter = String(d.line);
    const pad = ' '.repeat(gutter.length);
    // Keep tabs under tabs so the caret lines up in any terminal.
    const lead = [...source.slice(0, Math.max(0, (d.column ?? 1) - 1))].map((ch) => (ch === '\t' ? '\t' : ' ')).join('');
    const marker = d.severity === 'error' ? c.red('^') : c.yellow('^');
    return `${head}\n ${c.cyan(`${gutter} |`)} ${source}\n ${c.cyan(`${pad} |`)} ${lead}${marker}`;
  });
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}

/** "2 errors, 1 warning" (or "no problems"). */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const parts = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no problems';
}
