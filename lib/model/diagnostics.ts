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

/**
 * Characters a terminal or a pull request comment shows as nothing (zero-width spaces, joiners,
 * byte order marks, bidirectional controls, control characters) or as an ordinary space (no-break
 * and other Unicode spaces). A name holding one looks right and still does not match.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u115f\u1160\u3164\uffa0]/gu;

/** A message with every invisible character written as `<U+200B>`, so a reader sees why `a​` is not `a`. */
export function showInvisible(message: string): string {
  return message.replace(INVISIBLE, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}
