import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliContext, CommandModule } from '../command';
import { UsageError } from '../command';
import { countDiagnostics, loadDesiredState, renderDiagnostics, renderSummary, summarize, type Diagnostic } from '../../model';
import { readLocalSnapshot, SourceError, type RepoSnapshot } from '../../source';

const USAGE = `Usage: meshops validate [repo-dir] [--json]

Checks a mesh repository without touching AWS: meshops.yaml, every resource file below its
\`path\` (YAML, the API's schemas, semantic rules), and the references between resources.
Prints every problem with file:line:column; on success, a summary of what the repository declares.

Options:
  --json     print { "valid", "errors", "warnings", "summary" } instead of text
  -h, --help show this help

Exit status: 0 when valid (warnings are printed but do not fail), 1 on errors.
`;

export function useColor(ctx: CliContext): boolean {
  if (ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '') return false;
  if (ctx.env.FORCE_COLOR !== undefined && ctx.env.FORCE_COLOR !== '0') return true;
  return ctx.stdout.isTTY === true;
}

export const validateCommand: CommandModule = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
    if (positionals.length > 1) throw new UsageError(`takes one repository directory (got ${positionals.length}: ${positionals.join(' ')})`);
    const shown = positionals[0] ?? '.';
    const dir = resolve(ctx.cwd, shown);

    let snapshot: RepoSnapshot;
    try {
      snapshot = await readLocalSnapshot(dir);
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      const diagnostic: Diagnostic = { severity: 'error', code: err.name === 'SettingsFileMissingError' ? 'settings-missing' : 'repo-unreadable', message: err.message };
      if (values.json) ctx.stdout.write(`${JSON.stringify({ valid: false, errors: [diagnostic], warnings: [], summary: null }, null, 2)}\n`);
      else ctx.stderr.write(`meshops validate: ${err.message}\n`);
      return 1;
    }

    const result = loadDesiredState(snapshot);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    const summary = result.state ? summarize(result.state) : undefined;

    if (values.json) {
      const out = {
        valid: result.state !== undefined,
        errors,
        warnings,
        summary: summary ? { ...summary, files: result.files, documents: result.documents } : null,
      };
      ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return out.valid ? 0 : 1;
    }

    const color = useColor(ctx);
    const rendered = renderDiagnostics(result.diagnostics, { color, files: snapshot.files });
    if (rendered) ctx.stdout.write(`${rendered}\n`);
    if (!result.state || !summary) {
      ctx.stdout.write(`${shown}: invalid — ${countDiagnostics(result.diagnostics)}\n`);
      return 1;
    }
    const counts = warnings.length ? ` (${countDiagnostics(warnings)})` : '';
    ctx.stdout.write(
      `${shown}: valid${counts} — ${summary.resources} resource${summary.resources === 1 ? '' : 's'} in ${result.documents} document${result.documents === 1 ? '' : 's'}, ${result.files} file${result.files === 1 ? '' : 's'}, region ${result.state.settings.region}\n`,
    );
    const lines = renderSummary(summary);
    if (lines) ctx.stdout.write(`${lines}\n`);
    return 0;
  },
};
