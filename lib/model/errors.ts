import type { Diagnostic } from './diagnostics';

/**
 * The repository is wrong (the user's mistake, not ours): carries every diagnostic so a caller
 * can render them (PR comment, CLI) instead of crashing.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly diagnostics: Diagnostic[],
    options?: { cause?: unknown },
  ) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const where = first?.file ? `${first.file}${first.line !== undefined ? `:${first.line}:${first.column ?? 1}` : ''}: ` : '';
    super(
      first
        ? `the mesh repository has ${errors.length} error${errors.length === 1 ? '' : 's'}; first: ${where}${first.path ? `${first.path}: ` : ''}${first.message}`
        : 'the mesh repository is invalid',
      options,
    );
  }
}
