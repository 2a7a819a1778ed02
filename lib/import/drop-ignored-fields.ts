import { checkSpecRules } from '../api-model/spec-rules';
import { isKind, type JsonObject } from '../resources';
import type { ImportedDocument } from './imported-document';

/**
 * Fields the API accepted and ignored (a `path` on a grpc health check) are dead configuration that
 * repository validation refuses; what App Mesh ran is the same without them, so they are dropped,
 * each with a note at its line. Only fields the rules call unknown and the API does not enforce.
 */
export function dropIgnoredFields(documents: ImportedDocument[], notes: string[]): void {
  for (const d of documents) {
    const kind = d.value.kind;
    const spec = d.value.spec;
    if (!isKind(kind) || typeof spec !== 'object' || spec === null || Array.isArray(spec)) continue;
    for (const issue of checkSpecRules(kind, spec)) {
      if (issue.code !== 'unknown-field' || issue.apiEnforced) continue;
      const parent = issue.path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], spec);
      const key = issue.path[issue.path.length - 1];
      if (typeof parent !== 'object' || parent === null || !(key in parent)) continue;
      delete (parent as JsonObject)[key as string];
      const at = d.positions.locate(['spec', ...issue.path], true) ?? d.start;
      notes.push(`${d.file}:${at.line}: ${issue.message}: dropped (the API ignored it)`);
    }
  }
}
