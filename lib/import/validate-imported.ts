import { checkCrossReferences, validateDocument, type Diagnostic, type LocatedResource, type ParsedDocument } from '../model';
import type { DesiredResource, ResourceKey } from '../resources';
import type { ImportedDocument } from './imported-document';

export interface ValidatedImport {
  resources: { resource: DesiredResource; imported: ImportedDocument }[];
  /** Errors and warnings, at the input's files and lines. */
  diagnostics: Diagnostic[];
}

/**
 * Validates imported documents exactly as the repository's validation will (per-kind schemas,
 * spec rules, references across documents), but reports at the input's positions.
 */
export function validateImported(documents: ImportedDocument[]): ValidatedImport {
  const diagnostics: Diagnostic[] = [];
  const located: LocatedResource[] = [];
  const invalid: { key: ResourceKey; doc: ParsedDocument; spec?: Record<string, never> }[] = [];
  const resources: ValidatedImport['resources'] = [];
  const perFile = new Map<string, number>();
  for (const imported of documents) {
    const index = perFile.get(imported.file) ?? 0;
    perFile.set(imported.file, index + 1);
    const doc: ParsedDocument = { file: imported.file, index, value: imported.value, positions: imported.positions, start: imported.start };
    const result = validateDocument(doc);
    diagnostics.push(...result.diagnostics);
    if (result.resource) {
      located.push({ resource: result.resource, doc });
      resources.push({ resource: result.resource, imported });
    } else if (result.key) {
      invalid.push({ key: result.key, doc });
    }
  }
  diagnostics.push(...checkCrossReferences(located, invalid));
  return { resources, diagnostics };
}
