import { documentShapes, type Shape } from '../api-model';
import { KIND_INFO, KINDS, type Kind } from '../resources';
import { parseJsonPointer } from '../resources/json';
import type { Diagnostic } from './diagnostics';
import { diagnosticAt } from './issues';
import type { ParsedDocument } from './yaml/parse-file';

/**
 * Ignore rules that can never match anything are mistakes that look like settings: a pointer that
 * is not a JSON pointer (`~2`) is an error; a pointer no document of the kind can hold (a field the
 * API does not have), or `mesh` on a kind that lives in no mesh, is a warning.
 */
export function checkIgnoreRules(doc: ParsedDocument, rules: unknown): Diagnostic[] {
  if (!Array.isArray(rules)) return [];
  const out: Diagnostic[] = [];
  rules.forEach((rule: Record<string, unknown> | null, i) => {
    // Paths outside /spec and /tags are refused by the settings' shape already.
    if (typeof rule !== 'object' || rule === null || typeof rule.path !== 'string' || !/^\/(spec|tags)(\/|$)/.test(rule.path)) return;
    const kinds: Kind[] = rule.kind === '*' ? [...KINDS] : (KINDS as readonly string[]).includes(rule.kind as string) ? [rule.kind as Kind] : [];
    if (kinds.length === 0) return;
    let segments: string[];
    try {
      segments = parseJsonPointer(rule.path);
    } catch (err) {
      out.push(diagnosticAt(doc, ['ignore', i, 'path'], (err as Error).message, 'ignore-pointer'));
      return;
    }
    if (!kinds.some((k) => reachable(k, segments))) {
      const what = rule.kind === '*' ? 'no kind' : `no ${String(rule.kind)} document`;
      out.push(diagnosticAt(doc, ['ignore', i, 'path'], `${rule.path} can never match: ${what} has that field (see the API's shape ${rule.kind === '*' ? 'of each kind' : KIND_INFO[rule.kind as Kind].specShape})`, 'ignore-never-matches', 'warning'));
    }
    if (rule.mesh !== undefined && !kinds.some((k) => KIND_INFO[k].inMesh)) {
      out.push(diagnosticAt(doc, ['ignore', i, 'mesh'], `"mesh" can never match: ${String(rule.kind)} is not inside a mesh (remove "mesh" from this rule)`, 'ignore-never-matches', 'warning'));
    }
  });
  return out;
}

/** Whether a document of this kind can hold something at these pointer segments (`spec`/`tags` first). */
function reachable(kind: Kind, segments: string[]): boolean {
  const [top, ...rest] = segments;
  if (top === 'tags') return rest.length <= 1;
  if (top !== 'spec') return false;
  let shapeName: string | undefined = KIND_INFO[kind].specShape;
  for (const seg of rest) {
    const shape: Shape | undefined = shapeName ? documentShapes[shapeName] : undefined;
    if (!shape) return false;
    if (shape.type === 'structure') shapeName = shape.members?.[seg]?.shape;
    else if (shape.type === 'list') shapeName = /^(0|[1-9][0-9]*)$/.test(seg) ? shape.member?.shape : undefined;
    else if (shape.type === 'map') shapeName = shape.value?.shape;
    else return false;
    if (!shapeName) return false;
  }
  return true;
}
