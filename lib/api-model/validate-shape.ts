import type { Shape, ShapeTable } from './types';

export type PathSegment = string | number;

export type ShapeIssueCode =
  | 'type'
  | 'unknown-field'
  | 'required'
  | 'enum'
  | 'range'
  | 'length'
  | 'pattern'
  | 'size'
  | 'union'
  | 'deprecated';

export interface ShapeIssue {
  /** Path of the offending value; for `unknown-field` it ends with the unknown key. */
  path: PathSegment[];
  code: ShapeIssueCode;
  message: string;
  /** The error is about a key (unknown field), not its value: point at the key in the source. */
  atKey?: boolean;
  /** Deprecated members are accepted but reported. */
  severity: 'error' | 'warning';
}

const SURROGATE = /[\uD800-\uDFFF]/;

const patternCache = new Map<string, RegExp>();
function compiledPattern(pattern: string, fullMatch: boolean): RegExp {
  const key = fullMatch ? `^(?:${pattern})$` : pattern;
  let re = patternCache.get(key);
  if (!re) {
    // AWS patterns are written for Java; without the `u` flag JS reads them the same way
    // (e.g. `[a-zA-Z0-9-_]` keeps `-` literal after a range).
    re = new RegExp(key);
    patternCache.set(key, re);
  }
  return re;
}

export interface ValidateOptions {
  /**
   * Match string patterns against the whole value, as services whose models carry unanchored
   * patterns (VPC Lattice: `[a-z0-9-]+` for names) enforce them; otherwise a pattern only has to
   * occur somewhere in the value.
   */
  fullMatchPatterns?: boolean;
}

export function describeValueType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(truncate(value))}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return typeof value;
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectedTypeName(shape: Shape): string {
  switch (shape.type) {
    case 'structure':
      return 'a mapping';
    case 'list':
      return 'a list';
    case 'map':
      return 'a mapping';
    case 'string':
      return 'a string';
    case 'integer':
    case 'long':
      return 'an integer';
    case 'double':
    case 'float':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'timestamp':
      return 'a timestamp';
    case 'blob':
      return 'a base64 string';
  }
}

function bounds(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min} ${unit}` : `${min} to ${max} ${unit}`;
  if (min !== undefined) return `at least ${min} ${unit}`;
  return `at most ${max} ${unit}`;
}

export function shapeOf(table: ShapeTable, name: string): Shape {
  const shape = table[name];
  if (!shape) throw new Error(`unknown shape ${name}`);
  return shape;
}

/**
 * Validates `value` against the model shape `shapeName` with the API's own constraints:
 * types, required members, unknown members, enums, numeric ranges, string lengths and patterns,
 * list and map sizes, and unions that take exactly one member.
 */
export function validateShape(table: ShapeTable, shapeName: string, value: unknown, basePath: PathSegment[] = [], options: ValidateOptions = {}): ShapeIssue[] {
  const issues: ShapeIssue[] = [];
  visit(table, shapeOf(table, shapeName), value, basePath, issues, options.fullMatchPatterns === true);
  return issues;
}

function error(issues: ShapeIssue[], path: PathSegment[], code: ShapeIssueCode, message: string, atKey = false): void {
  issues.push({ path, code, message, severity: 'error', ...(atKey ? { atKey } : {}) });
}

function visit(table: ShapeTable, shape: Shape, value: unknown, path: PathSegment[], issues: ShapeIssue[], fullMatch: boolean): void {
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) return error(issues, path, 'type', `must be ${expectedTypeName(shape)} (got ${describeValueType(value)})`);
      const members = shape.members ?? {};
      const present: string[] = [];
      for (const key of Object.keys(value)) {
        const child = value[key];
        const member = Object.prototype.hasOwnProperty.call(members, key) ? members[key] : undefined;
        if (!member) {
          const names = Object.keys(members);
          const hint = closest(key, names);
          const allowed = names.length ? `; allowed: ${names.join(', ')}` : '';
          error(issues, [...path, key], 'unknown-field', `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}${allowed}`, true);
          continue;
        }
        if (child === undefined) continue;
        present.push(key);
        if (member.deprecated) {
          issues.push({ path: [...path, key], code: 'deprecated', message: `"${key}" is deprecated in the AWS API`, severity: 'warning', atKey: true });
        }
        visit(table, shapeOf(table, member.shape), child, [...path, key], issues, fullMatch);
      }
      for (const req of shape.required ?? []) {
        if (value[req] === undefined) error(issues, path, 'required', `missing required field "${req}"`);
      }
      if (shape.union && present.length !== 1) {
        const names = Object.keys(members);
        const got = present.length === 0 ? 'none' : present.join(', ');
        error(issues, path, 'union', `must set exactly one of: ${names.join(', ')} (got ${got})`);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return error(issues, path, 'type', `must be ${expectedTypeName(shape)} (got ${describeValueType(value)})`);
      if ((shape.min !== undefined && value.length < shape.min) || (shape.max !== undefined && value.length > shape.max)) {
        error(issues, path, 'size', `must have ${bounds(shape.min, shape.max, 'items')} (got ${value.length})`);
      }
      const member = shapeOf(table, shape.member!.shape);
      value.forEach((item, i) => visit(table, member, item, [...path, i], issues, fullMatch));
      return;
    }
    case 'map': {
      if (!isPlainObject(value)) return error(issues, path, 'type', `must be ${expectedTypeName(shape)} (got ${describeValueType(value)})`);
      const entries = Object.entries(value);
      if ((shape.min !== undefined && entries.length < shape.min) || (shape.max !== undefined && entries.length > shape.max)) {
        error(issues, path, 'size', `must have ${bounds(shape.min, shape.max, 'entries')} (got ${entries.length})`);
      }
      const keyShape = shapeOf(table, shape.key!.shape);
      const valueShape = shapeOf(table, shape.value!.shape);
      for (const [k, v] of entries) {
        const keyIssues: ShapeIssue[] = [];
        visit(table, keyShape, k, [...path, k], keyIssues, fullMatch);
        for (const i of keyIssues) issues.push({ ...i, message: `key ${i.message}`, atKey: true });
        visit(table, valueShape, v, [...path, k], issues, fullMatch);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') return error(issues, path, 'type', `must be ${expectedTypeName(shape)} (got ${describeValueType(value)})`);
      if (shape.enum) {
        if (!shape.enum.includes(value)) error(issues, path, 'enum', `must be one of: ${shape.enum.join(', ')} (got ${JSON.stringify(truncate(value))})`);
        return;
      }
      if (shape.min === undefined && shape.max === undefined && !shape.pattern) return;
      // Characters as the API counts them (code points): a surrogate pair is one.
      const length = SURROGATE.test(value) ? [...value].length : value.length;
      if ((shape.min !== undefined && length < shape.min) || (shape.max !== undefined && length > shape.max)) {
        return error(issues, path, 'length', `must be ${bounds(shape.min, shape.max, 'characters long')} (got ${length})`);
      }
      if (shape.pattern && !compiledPattern(shape.pattern, fullMatch).test(value)) {
        error(issues, path, 'pattern', `${JSON.stringify(truncate(value))} does not match the pattern ${shape.pattern}`);
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const integral = shape.type === 'integer' || shape.type === 'long';
      if (typeof value !== 'number' || !Number.isFinite(value) || (integral && !Number.isInteger(value))) {
        return error(issues, path, 'type', `must be ${expectedTypeName(shape)} (got ${describeValueType(value)})`);
      }
      if ((shape.min !== undefined && value < shape.min) || (shape.max !== undefined && value > shape.max)) {
        error(issues, path, 'range', `must be ${rangeText(shape.min, shape.max)} (got ${value})`);
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') error(issues, path, 'type', `must be ${expectedTypeName(shape)} (got ${describeValueType(value)})`);
      return;
    case 'timestamp':
      if (typeof value !== 'number' && !(typeof value === 'string' && !Number.isNaN(Date.parse(value))) && !(value instanceof Date)) {
        error(issues, path, 'type', `must be ${expectedTypeName(shape)} (got ${describeValueType(value)})`);
      }
      return;
    case 'blob':
      if (typeof value !== 'string') error(issues, path, 'type', `must be ${expectedTypeName(shape)} (got ${describeValueType(value)})`);
      return;
  }
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return `at most ${max}`;
}

/** The allowed name closest to a misspelt one (edit distance ≤ 2), to suggest it. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
