/**
 * What validation reports: one problem, where it is, and how bad. `path` is the field path inside
 * the document in the style `spec.listeners[0].portMapping.port`.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable identifier for machines and tests: `unknown-field`, `yaml-syntax`, `route-target-missing`, a spec rule id, ... */
  code: string;
  message: string;
  /** Repository-relative POSIX path. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based, in characters. */
  column?: number;
  path?: string;
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['spec', 'listeners', 0, 'portMapping', 'port']` → `spec.listeners[0].portMapping.port`; odd keys are quoted: `tags["team:x"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Repo-level diagnostics (no file) first, then by file, line, column; stable otherwise. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => [d, i] as const)
    .sort(([a, i], [b, j]) => {
      if ((a.file === undefined) !== (b.file === undefined)) return a.file === undefined ? -1 : 1;
      if (a.file !== b.file) return (a.file ?? '') < (b.file ?? '') ? -1 : 1;
      const line = (a.line ?? 0) - (b.line ?? 0);
      if (line) return line;
      const column = (a.column ?? 0) - (b.column ?? 0);
      if (column) return column;
      return i - j;
    })
    .map(([d]) => d);
}
