/**
 * A small JSON Schema (2020-12) evaluator for the keywords meshops' schemas use, so tests can
 * check that what editors are told agrees with what `meshops validate` accepts. Returns the
 * JSON pointers of failing instance locations.
 */
type Schema = Record<string, unknown>;

export function jsonSchemaErrors(root: Schema, instance: unknown): string[] {
  const errors: string[] = [];
  check(root, root, instance, '', errors);
  return errors;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node) throw new Error(`unresolved $ref ${ref}`);
  return node as Schema;
}

const KNOWN = new Set([
  '$schema', '$ref', '$defs', 'title', 'description', 'deprecated', 'type', 'properties', 'additionalProperties', 'required', 'enum',
  'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'items', 'minItems', 'maxItems', 'propertyNames', 'minProperties', 'maxProperties', 'oneOf',
]);

function check(root: Schema, schema: Schema, v: unknown, at: string, errors: string[]): void {
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`unsupported keyword ${k}`);
  const fail = (why: string): void => {
    errors.push(`${at || '/'}: ${why}`);
  };
  if (schema.$ref) check(root, resolve(root, schema.$ref as string), v, at, errors);
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return fail(`type ${t}`);
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(v)) fail('enum');
  if (typeof v === 'number') {
    if (schema.minimum !== undefined && v < (schema.minimum as number)) fail('minimum');
    if (schema.maximum !== undefined && v > (schema.maximum as number)) fail('maximum');
  }
  if (typeof v === 'string') {
    const n = [...v].length;
    if (schema.minLength !== undefined && n < (schema.minLength as number)) fail('minLength');
    if (schema.maxLength !== undefined && n > (schema.maxLength as number)) fail('maxLength');
    if (schema.pattern !== undefined && !new RegExp(schema.pattern as string).test(v)) fail('pattern');
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < (schema.minItems as number)) fail('minItems');
    if (schema.maxItems !== undefined && v.length > (schema.maxItems as number)) fail('maxItems');
    if (schema.items) v.forEach((item, i) => check(root, schema.items as Schema, item, `${at}/${i}`, errors));
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (schema.minProperties !== undefined && keys.length < (schema.minProperties as number)) fail('minProperties');
    if (schema.maxProperties !== undefined && keys.length > (schema.maxProperties as number)) fail('maxProperties');
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in o)) fail(`required ${r}`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const k of keys) {
      if (schema.propertyNames) check(root, schema.propertyNames as Schema, k, `${at}/${k}`, errors);
      if (props[k]) check(root, props[k], o[k], `${at}/${k}`, errors);
      else if (schema.additionalProperties === false) fail(`additional property ${k}`);
      else if (typeof schema.additionalProperties === 'object') check(root, schema.additionalProperties as Schema, o[k], `${at}/${k}`, errors);
    }
  }
  if (schema.oneOf) {
    const passing = (schema.oneOf as Schema[]).filter((s) => {
      const e: string[] = [];
      check(root, s, v, at, e);
      return e.length === 0;
    });
    if (passing.length !== 1) fail(`oneOf matched ${passing.length}`);
  }
}
