import type { Diagnostic } from '../model';
import type { ImportProblem } from './errors';
import type { ImportedDocument } from './imported-document';

/** What one importer makes of its input: documents, notes for the user, and what it refuses. */
export interface SourceImport {
  documents: ImportedDocument[];
  notes: string[];
  problems: ImportProblem[];
  /** CloudFormation: the template's parameter names and logical IDs, to check the flags that name them. */
  declared?: { parameters: string[]; logicalIds: string[] };
}

export function problemFromDiagnostic(d: Diagnostic): ImportProblem {
  return { file: d.file ?? '', ...(d.line !== undefined ? { line: d.line } : {}), ...(d.column !== undefined ? { column: d.column } : {}), message: d.message };
}
