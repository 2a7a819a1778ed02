import { closest, type ShapeTable } from '../api-model';
import type { PathSegment } from '../model';
import type { JsonValue } from '../resources';
import type { ImportProblem } from './errors';
import { sourceAt, type DocumentBuilder } from './imported-document';
import type { SourceOrigins } from './source-origins';

/**
 * Converts a value written in another tool's field names into the API's, by walking the API's
 * shapes: a source key names the member whose name (or wire name) is the same but for case
 * (`PortMapping` → `portMapping`, `AWSCloudMap` → `awsCloudMap`, `certificateARN` →
 * `certificateArn`), and scalars take the member's type (`"9080"` → 9080 where the API wants an
 * integer). Nothing is listed per field. Constraints are left to validation, which reports them
 * at the source positions recorded here.
 */
export interface ModelWalk {
  table: ShapeTable;
  origins: SourceOrigins;
  out: DocumentBuilder;
  problems: ImportProblem[];
  /** A source key that names no member: what it stands for, `skip` (with a note made by the hook), or undefined (an error). */
  unknownKey?(shapeName: string, key: string, value: unknown, container: object): { member: string; value: unknown } | 'skip' | undefined;
  /** A value that is not plain data (an unresolved token): the problem to report, or undefined. */
  opaque?(value: unknown): { message: string; flag?: string } | undefined;
}

export function convertByModel(walk: ModelWalk, shapeName: string, value: unknown, outPath: PathSegment[], container: object | undefined, key: PathSegment | undefined): JsonValue | undefined {
  walk.out.place(outPath, sourceAt(walk.origins, container, key));
  const opaque = walk.opaque?.(value);
  if (opaque) {
    const pos = walk.origins.locate(container, key);
    walk.problems.push({ file: walk.origins.file, ...(pos ? { line: pos.line, column: pos.column } : {}), message: opaque.message, ...(opaque.flag ? { flag: opaque.flag } : {}) });
    return undefined;
  }
  const shape = walk.table[shapeName];
  if (!shape || value === null || value === undefined) return value as JsonValue | undefined;
  switch (shape.type) {
    case 'structure': {
      if (!isObject(value)) return value as JsonValue;
      const members = Object.entries(shape.members ?? {});
      const out: Record<string, JsonValue> = {};
      const fromKey = new Map<string, string>();
      for (const [k, v] of Object.entries(value)) {
        let member = members.find(([name, m]) => name === k || m.wireName === k) ?? members.find(([name, m]) => same(name, k) || (m.wireName !== undefined && same(m.wireName, k)));
        let child: unknown = v;
        if (!member) {
          const hooked = walk.unknownKey?.(shapeName, k, v, value);
          if (hooked === 'skip') continue;
          if (hooked) {
            member = members.find(([name]) => name === hooked.member);
            child = hooked.value;
          }
        }
        if (!member) {
          const names = members.map(([name]) => name);
          const suggestion = closest(k, names);
          const pos = walk.origins.locate(value, k, true);
          walk.problems.push({
            file: walk.origins.file,
            ...(pos ? { line: pos.line, column: pos.column } : {}),
            message: `${k} is not a field of the API's ${displayShape(shapeName)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; its fields: ${names.join(', ')}`,
          });
          continue;
        }
        const [name] = member;
        const earlier = fromKey.get(name);
        if (earlier !== undefined) {
          const pos = walk.origins.locate(value, k, true);
          walk.problems.push({ file: walk.origins.file, ...(pos ? { line: pos.line, column: pos.column } : {}), message: `${k} and ${earlier} both set the API's ${name}` });
          continue;
        }
        fromKey.set(name, k);
        const converted = convertByModel(walk, member[1].shape, child, [...outPath, name], value, k);
        if (converted !== undefined) out[name] = converted;
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) return value as JsonValue;
      return value.map((v, i) => convertByModel(walk, shape.member!.shape, v, [...outPath, i], value, i)).filter((v): v is JsonValue => v !== undefined);
    case 'map': {
      if (!isObject(value)) return value as JsonValue;
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value)) {
        const converted = convertByModel(walk, shape.value!.shape, v, [...outPath, k], value, k);
        if (converted !== undefined) out[k] = converted;
      }
      return out;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      // CloudFormation passes every scalar as a string; the API types them.
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      return value as JsonValue;
    case 'boolean':
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return value as JsonValue;
    case 'string':
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return value as JsonValue;
    default:
      return value as JsonValue;
  }
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `CloudMap.DnsConfig` → `DnsConfig`: the shape as the API reference names it. */
function displayShape(name: string): string {
  return name.replace(/^CloudMap\./, '');
}
