import type { ShapeIssueCode } from '../api-model/validate-shape';
import type { SpecRuleId } from '../api-model/spec-rules';
import type { RefusalReason } from './snapshot';

/**
 * Every code a diagnostic can carry: the shape validator's, the spec rules' ids, and the codes of
 * the repository, YAML, settings and cross-reference checks below. A new check adds its code here
 * (and a broken-repository fixture, docs/contributing.md).
 */
export type DiagnosticCode = ShapeIssueCode | SpecRuleId | RepositoryDiagnosticCode;

export type RepositoryDiagnosticCode =
  // reading the repository
  | 'repo-unreadable'
  | 'repo-not-allowed'
  | 'owner-not-writable'
  | RefusalReason
  | 'hidden-file'
  | 'no-resources'
  | 'path-empty'
  // YAML
  | 'not-utf8'
  | 'byte-order-mark'
  | 'line-endings'
  | 'yaml-syntax'
  | 'yaml-version'
  | 'yaml-warning'
  | 'yaml-leading-zero'
  | 'yaml-alias'
  | 'yaml-alias-bomb'
  | 'yaml-key'
  | 'yaml-merge-key'
  | 'yaml-tag'
  | 'yaml-too-deep'
  | 'duplicate-key'
  // documents
  | 'document-type'
  | 'unknown-kind'
  | 'field-not-for-kind'
  | 'name'
  | 'tag-reserved'
  | 'duration'
  | 'rollout-steps'
  | 'rollout-interval'
  | 'rollout-alarms'
  // settings
  | 'settings-missing'
  | 'settings-empty'
  | 'settings-multiple-documents'
  | 'owner-missing'
  | 'settings-version'
  | 'settings-path'
  | 'settings-duplicate-target'
  | 'settings-duplicate-vpc'
  | 'owner-invalid'
  | 'owner-not-allowed'
  | 'ignore-pointer'
  | 'ignore-never-matches'
  | 'lattice-mapping'
  // cross-references and quotas
  | 'duplicate-resource'
  | 'mesh-missing'
  | 'parent-missing'
  | 'route-target-missing'
  | 'provider-missing'
  | 'gateway-route-target-missing'
  | 'backend-missing'
  | 'cloud-map-namespace-external'
  | 'cloud-map-service-missing'
  | 'route-protocol-mismatch'
  | 'route-port-required'
  | 'route-port-mismatch'
  | 'target-port-mismatch'
  | 'service-namespace-type'
  | 'reference-missing'
  | 'quota';

/**
 * What validation reports: one problem, where it is, and how bad. `path` is the field path inside
 * the document in the style `spec.listeners[0].portMapping.port`.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable identifier for machines and tests: `unknown-field`, `yaml-syntax`, `route-target-missing`, a spec rule id, ... */
  code: DiagnosticCode;
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
