/**
 * Validation diagnostics in the PR comment (each error links to its line at the commit) and in the
 * terminal (`file:line:column: error: path: message`).
 */
import type { Style } from './ansi';
import { linksFor, markdownLink, type Diagnostic, type MarkdownContext } from './context';
import { sortDiagnostics as sorted } from '../../model/diagnostics';
import { code, markdownText, terminalText } from './escape';
import { plural } from './labels';

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
