import type { ShapeIssue } from '../api-model';
import type { SpecRuleIssue } from '../api-model/spec-rules';
import { formatPath, type Diagnostic, type DiagnosticCode, type PathSegment } from './diagnostics';
import type { ParsedDocument } from './yaml/parse-file';

/**
 * Places a validator issue in the source: an unknown field at its key, a missing member at the
 * field that should hold it, anything else at the offending value.
 */
export function diagnosticAt(doc: ParsedDocument, path: readonly PathSegment[], message: string, code: DiagnosticCode, severity: 'error' | 'warning' = 'error', atKey = false, container = false): Diagnostic {
  const at = atKey ? doc.positions.locate(path, true) : container ? doc.positions.locateContainer(path) : doc.positions.locate(path);
  return {
    severity,
    code,
    message,
    file: doc.file,
    ...(at ? { line: at.line, column: at.column } : { line: doc.start.line, column: doc.start.column }),
    ...(path.length ? { path: formatPath(path) } : {}),
  };
}

export function issueToDiagnostic(doc: ParsedDocument, issue: ShapeIssue | SpecRuleIssue): Diagnostic {
  const code = 'rule' in issue ? issue.rule : issue.code;
  const container = issue.code === 'required' || issue.code === 'union';
  return diagnosticAt(doc, issue.path, issue.message, code, issue.severity, issue.atKey ?? false, container);
}
