/**
 * Validation diagnostics in the PR comment (each error links to its line at the commit) and in the
 * terminal (`file:line:column: error: path: message`).
 */
import type { Style } from './ansi';
import { linksFor, markdownLink, type Diagnostic, type MarkdownContext } from './context';
import { code, markdownText, terminalText } from './escape';
import { plural } from './labels';

function sorted(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  // Repo-level ones first, then by file and position (the order a person fixes them in).
  return diagnostics
    .map((d, i) => [d, i] as const)
    .sort(([a, i], [b, j]) => {
      if ((a.file === undefined) !== (b.file === undefined)) return a.file === undefined ? -1 : 1;
      if ((a.file ?? '') !== (b.file ?? '')) return (a.file ?? '') < (b.file ?? '') ? -1 : 1;
      return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || i - j;
    })
    .map(([d]) => d);
}

function where(d: Diagnostic): string | undefined {
  if (d.file === undefined) return undefined;
  return [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((p) => p !== undefined).join(':');
}

function markdownItem(d: Diagnostic, context: MarkdownContext): string {
  const parts: string[] = [];
  const at = where(d);
  if (at !== undefined) {
    const url = linksFor(context).blob(d.file!, d.line);
    parts.push(url ? `**${markdownLink(markdownText(at), url)}**` : `**${markdownText(at)}**`);
  }
  if (d.path) parts.push(code(d.path));
  parts.push(markdownText(d.message));
  return `- ${parts.join(' · ')}`;
}

/** Errors (then warnings) as Markdown lists; empty when there are none. */
export function diagnosticsMarkdown(diagnostics: readonly Diagnostic[], context: MarkdownContext): string[] {
  const errors = sorted(diagnostics.filter((d) => d.severity === 'error'));
  const warnings = sorted(diagnostics.filter((d) => d.severity === 'warning'));
  const out: string[] = [];
  if (errors.length) {
    out.push(`### ❌ The repository is not valid: ${plural(errors.length, 'error')}`, '', 'No plan was made. Fix these and push again; the plan is posted here once the repository is valid.', '');
    out.push(...errors.map((d) => markdownItem(d, context)), '');
  }
  if (warnings.length) {
    out.push(`### ⚠️ ${plural(warnings.length, 'validation warning')}`, '');
    out.push(...warnings.map((d) => markdownItem(d, context)), '');
  }
  return out;
}

/** One line per diagnostic, like a compiler. */
export function diagnosticsText(diagnostics: readonly Diagnostic[], style: Style): string[] {
  return sorted(diagnostics)
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
    .map((d) => {
      const at = where(d);
      const severity = d.severity === 'error' ? style.red(style.bold('error')) : style.yellow(style.bold('warning'));
      const path = d.path ? `${terminalText(d.path)}: ` : '';
      return `${at !== undefined ? `${style.bold(terminalText(at))}: ` : ''}${severity}: ${path}${terminalText(d.message)} ${style.dim(`[${terminalText(d.code)}]`)}`;
    });
}
