import { readFileSync } from 'node:fs';

/**
 * GitHub's published OpenAPI description (@octokit/openapi, api.github.com) and a validator for the
 * JSON Schema subset its response schemas use: $ref, type, nullable, required, properties,
 * additionalProperties, items, enum, allOf/anyOf/oneOf, and the date-time and uri formats.
 * Other keywords (pattern, min/max, maxLength) are not checked.
 */
type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SchemaViolation {
  path: string;
  message: string;
}

let loaded: Schema | undefined;

export function githubOpenApi(): Schema {
  if (!loaded) {
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    loaded = JSON.parse(readFileSync(file, 'utf8')) as Schema;
  }
  return loaded;
}

function resolveRef(spec: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = spec;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Schema)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node as Schema;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function validateSchema(spec: Schema, schema: Schema, value: unknown, path = '$'): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  validateInto(spec, schema, value, path, out, 0);
  return out;
}

function validateInto(spec: Schema, schema: Schema, value: unknown, path: string, out: SchemaViolation[], depth: number): void {
  if (depth > 64) throw new Error(`schema nesting too deep at ${path}`);
  if (schema.$ref) return validateInto(spec, resolveRef(spec, schema.$ref), value, path, out, depth + 1);
  if (value === null) {
    if (schema.nullable === true) return;
    if (Array.isArray(schema.enum) && schema.enum.includes(null)) return;
    // A composition may allow null through one of its branches.
    const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
    if (branches && branches.some((b) => validateSchema(spec, b, null, path).length === 0)) return;
    if (schema.type || schema.properties || schema.enum || branches || schema.allOf) out.push({ path, message: 'is null but not nullable' });
    return;
  }
  if (schema.allOf) for (const sub of schema.allOf as Schema[]) validateInto(spec, sub, value, path, out, depth + 1);
  if (schema.anyOf) {
    const results = (schema.anyOf as Schema[]).map((sub) => validateSchema(spec, sub, value, path));
    if (!results.some((r) => r.length === 0)) out.push({ path, message: `matches none of anyOf: ${results.map((r) => r[0]?.message).join(' | ')}` });
  }
  if (schema.oneOf) {
    const results = (schema.oneOf as Schema[]).map((sub) => validateSchema(spec, sub, value, path));
    const matching = results.filter((r) => r.length === 0).length;
    if (matching !== 1) out.push({ path, message: matching === 0 ? `matches none of oneOf: ${results.map((r) => `${r[0]?.path} ${r[0]?.message}`).join(' | ')}` : `matches ${matching} branches of oneOf` });
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) out.push({ path, message: `${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}` });
  const actual = typeOf(value);
  if (schema.type) {
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer');
    if (!ok) {
      out.push({ path, message: `is ${actual}, expected ${schema.type}` });
      return;
    }
  }
  if (actual === 'string' && schema.format === 'date-time' && !DATE_TIME.test(value as string)) out.push({ path, message: `"${value}" is not a date-time` });
  if (actual === 'string' && schema.format === 'uri' && value !== '') {
    try {
      new URL(value as string);
    } catch {
      out.push({ path, message: `"${value}" is not a URI` });
    }
  }
  if (actual === 'object' && (schema.type === 'object' || schema.properties || schema.required)) {
    const obj = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) if (obj[key] === undefined) out.push({ path: `${path}.${key}`, message: 'is required' });
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [key, sub] of Object.entries(obj)) {
      if (sub === undefined) continue;
      if (properties[key]) validateInto(spec, properties[key]!, sub, `${path}.${key}`, out, depth + 1);
      else if (schema.additionalProperties === false) out.push({ path: `${path}.${key}`, message: 'is not allowed' });
      else if (typeof schema.additionalProperties === 'object') validateInto(spec, schema.additionalProperties as Schema, sub, `${path}.${key}`, out, depth + 1);
    }
  }
  if (actual === 'array' && schema.items) (value as unknown[]).forEach((item, i) => validateInto(spec, schema.items as Schema, item, `${path}[${i}]`, out, depth + 1));
}

/** The response schema GitHub documents for an operation and status, or why there is none. */
export function responseSchema(spec: Schema, method: string, pathTemplate: string, status: number): { schema?: Schema; documented: boolean } {
  const operation = spec.paths?.[pathTemplate]?.[method.toLowerCase()];
  if (!operation) throw new Error(`the OpenAPI description has no operation ${method} ${pathTemplate}`);
  let response = operation.responses?.[String(status)] as Schema | undefined;
  if (!response) return { documented: false };
  if (response.$ref) response = resolveRef(spec, response.$ref);
  const schema = response.content?.['application/json']?.schema as Schema | undefined;
  return schema ? { schema, documented: true } : { documented: true };
}

export function operationId(spec: Schema, method: string, pathTemplate: string): string | undefined {
  return spec.paths?.[pathTemplate]?.[method.toLowerCase()]?.operationId as string | undefined;
}
