import { closest, validateShape, documentShapes } from '../api-model';
import { checkSpecRules } from '../api-model/spec-rules';
import { documentParentField, KIND_INFO, KINDS, isKind, makeKey, OWNER_TAG, type DesiredResource, type JsonObject, type ParentField, type ResourceKey, type Tags } from '../resources';
import type { Diagnostic, DiagnosticCode } from './diagnostics';
import {
  ENVELOPE_FIELDS,
  MAX_TAGS,
  DOT_SEGMENT_NAMES,
  NAME_SHAPE,
  envelopeFields,
  envelopeShapes,
  nameShapeOf,
  requiredEnvelopeFields,
  type EnvelopeField,
} from './document-shapes';
import { diagnosticAt, issueToDiagnostic } from './issues';
import { validateRollout } from './validate-rollout';
import type { ParsedDocument } from './yaml/parse-file';

export interface ValidatedDocument {
  /** Present when the document has no errors. */
  resource?: DesiredResource;
  /**
   * The identity the document declares, when its kind and names are readable even if the rest
   * has errors: references to it then do not cascade into "not declared" errors.
   */
  key?: ResourceKey;
  /** With `key` on a document with errors: its spec as written when it is a mapping (references are still checked). */
  spec?: JsonObject;
  diagnostics: Diagnostic[];
}

/** Who uses each envelope field that not every kind has, for "only used by" messages. */
const FIELD_OWNERS: Record<'mesh' | ParentField | 'rollout', string> = {
  rollout: `${KINDS.filter((k) => KIND_INFO[k].rollout).join(', ')} (progressive delivery of its weights)`,
  mesh: 'the App Mesh kinds inside a mesh (every App Mesh kind but Mesh)',
  ...(Object.fromEntries(KINDS.flatMap((k) => (KIND_INFO[k].parent ? [[KIND_INFO[k].parent.field, k]] : []))) as Record<ParentField, string>),
};

/**
 * Validates one resource document (docs/design.md §1): the envelope with messages that name the kind,
 * names, tags, then `spec` against the API's shape (App Mesh, or Cloud Map's document shape) and
 * the semantic spec rules. Cross-references are checked later over the whole repository.
 */
export function validateDocument(doc: ParsedDocument): ValidatedDocument {
  const diagnostics: Diagnostic[] = [];
  const at = (path: (string | number)[], message: string, code: DiagnosticCode, options: { atKey?: boolean; container?: boolean; severity?: 'error' | 'warning' } = {}) =>
    diagnostics.push(diagnosticAt(doc, path, message, code, options.severity ?? 'error', options.atKey ?? false, options.container ?? false));

  const value = doc.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    at([], `a resource document is a mapping with kind, name and spec (got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)})`, 'document-type');
    return { diagnostics };
  }
  const fields = value as Record<string, unknown>;

  // kind first: every other message depends on it.
  const kind = fields.kind;
  if (kind === undefined) {
    at([], `missing "kind": one of ${KINDS.join(', ')}`, 'required', { container: true });
    return { diagnostics };
  }
  if (!isKind(kind)) {
    const hint = typeof kind === 'string' ? closest(kind, [...KINDS]) : undefined;
    at(['kind'], `unknown kind ${JSON.stringify(kind)}${hint ? ` (did you mean ${hint}?)` : ''}; the kinds are ${KINDS.join(', ')}`, 'unknown-kind');
    return { diagnostics };
  }
  const info = KIND_INFO[kind];
  const allowed = envelopeFields(kind);

  for (const key of Object.keys(fields)) {
    if ((allowed as string[]).includes(key)) continue;
    if ((ENVELOPE_FIELDS as readonly string[]).includes(key)) {
      const owner = FIELD_OWNERS[key as keyof typeof FIELD_OWNERS];
      const why = key === 'mesh' && info.scope === 'mesh' ? ' (a mesh is not inside a mesh)' : key === 'mesh' ? ` (${kind} is not an App Mesh resource)` : '';
      at([key], `"${key}" is only used by ${owner}, not by ${kind}${why}`, 'field-not-for-kind', { atKey: true });
      continue;
    }
    const hint = closest(key, allowed);
    at([key], `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; a ${kind} document has ${allowed.join(', ')}`, 'unknown-field', { atKey: true });
  }
  for (const field of requiredEnvelopeFields(kind)) {
    if (fields[field] === undefined || fields[field] === null) {
      const hint = field === 'mesh' ? ' (the mesh it belongs to)' : field === 'spec' ? ` (the API's ${info.specShape})` : info.parent?.field === field ? ` (the name of its ${info.parent.kind})` : '';
      at(fields[field] === null ? [field] : [], `missing "${field}"${hint}`, 'required', { container: true });
    }
  }

  // Names: the resource's own, and the names of the mesh / parent it lives in.
  const checkName = (field: EnvelopeField, shape: string) => {
    const v = fields[field];
    if (v === undefined || v === null) return;
    for (const issue of validateShape(envelopeShapes, shape, v, [field])) {
      if (issue.code === 'pattern' && shape === NAME_SHAPE && DOT_SEGMENT_NAMES.includes(v as string)) {
        at([field], `${JSON.stringify(v)} cannot be a name: a URL path resolves "." and ".." (the API would address another resource)`, 'name');
      } else if (issue.code === 'pattern' && shape === NAME_SHAPE) {
        at([field], `${JSON.stringify(v)} may use only letters, digits, ".", "_" and "-" (a meshops rule: names become parts of ARNs and API URL paths)`, 'name');
      } else if (issue.code === 'pattern') {
        at([field], `${JSON.stringify(v)} is not a valid Cloud Map service name: DNS labels of letters, digits, "-" and "_" separated by ".", at most 127 characters`, 'name');
      } else {
        diagnostics.push(issueToDiagnostic(doc, issue));
      }
    }
  };
  checkName('name', nameShapeOf(kind));
  if (info.inMesh) checkName('mesh', NAME_SHAPE);
  const parentField = isKind(kind) ? documentParentField(kind) : undefined;
  if (parentField) checkName(parentField, NAME_SHAPE);

  // spec
  const spec = fields.spec ?? (info.specOptional ? {} : undefined);
  if (spec !== undefined && spec !== null) {
    const shapeIssues = validateShape(documentShapes, info.specShape, spec, ['spec']);
    for (const issue of shapeIssues) diagnostics.push(issueToDiagnostic(doc, issue));
    // Rules assume well-typed input where they look; they skip what the shapes already refused.
    for (const issue of checkSpecRules(kind, spec, { basePath: ['spec'] })) diagnostics.push(issueToDiagnostic(doc, issue));
  }
  // A Cloud Map namespace's name follows the API's pattern for its type [aws §10.3].
  if (info.nameShapeByType && typeof fields.name === 'string') {
    const type = (spec as { type?: unknown } | undefined)?.type;
    const shape = typeof type === 'string' ? info.nameShapeByType[type] : undefined;
    if (shape) {
      for (const issue of validateShape(documentShapes, shape, fields.name, ['name'])) {
        at(['name'], `${JSON.stringify(fields.name)} is not a valid ${type} namespace name: ${issue.message}`, 'name');
      }
    }
  }

  const tags = validateTags(doc, fields.tags, diagnostics);
  const rollout = info.rollout ? validateRollout(doc, fields.rollout, diagnostics) : undefined;

  const identityFields: EnvelopeField[] = ['name', ...(info.inMesh ? (['mesh'] as const) : []), ...(parentField ? [parentField] : [])];
  const key = identityFields.every((f) => typeof fields[f] === 'string')
    ? makeKey(kind, fields.name as string, info.inMesh ? (fields.mesh as string) : undefined, info.parent ? (fields[info.parent.field] as string) : undefined)
    : undefined;
  if (diagnostics.some((d) => d.severity === 'error') || !key) {
    const rawSpec = typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as JsonObject) : undefined;
    return { diagnostics, ...(key ? { key, ...(rawSpec ? { spec: rawSpec } : {}) } : {}) };
  }
  const resource: DesiredResource = {
    ...key,
    spec: ((fields.spec as JsonObject | undefined) ?? {}) as JsonObject,
    tags,
    source: { file: doc.file, line: doc.start.line, column: doc.start.column },
    ...(rollout ? { rollout } : {}),
  };
  return { resource, key, diagnostics };
}

function validateTags(doc: ParsedDocument, tags: unknown, diagnostics: Diagnostic[]): Tags {
  if (tags === undefined || tags === null) return {};
  const issues = validateShape(envelopeShapes, 'Meshops.Tags', tags, ['tags']);
  for (const issue of issues) {
    const key = issue.path[1];
    if (issue.code === 'pattern' && typeof key === 'string') {
      const message =
        key === OWNER_TAG
          ? `the tag ${OWNER_TAG} is set by meshops (from the settings' owner); remove it here`
          : `tag keys starting "aws:" are reserved by AWS ("${key}")`;
      diagnostics.push(diagnosticAt(doc, issue.path, message, 'tag-reserved', 'error', true));
    } else if (issue.code === 'type' && issue.path.length === 2) {
      const v = (tags as Record<string, unknown>)[key as string];
      const hint = typeof v === 'number' || typeof v === 'boolean' ? ` (quote it: "${String(v)}")` : '';
      diagnostics.push(diagnosticAt(doc, issue.path, `tag values are strings${hint}`, 'type'));
    } else if (issue.code === 'size') {
      diagnostics.push(diagnosticAt(doc, issue.path, `at most ${MAX_TAGS} tags per resource (AWS's limit; got ${Object.keys(tags as object).length})`, 'size'));
    } else {
      diagnostics.push(issueToDiagnostic(doc, issue));
    }
  }
  return issues.length ? {} : (tags as Tags);
}
