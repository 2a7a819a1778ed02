import type { Shape, ShapeTable } from './types';

export type JsonSchema = Record<string, unknown>;

/** JSON Schema (draft 2020-12) `$defs` for `roots` and every shape they reach, from the same table the validator uses. */
export function shapeDefinitions(table: ShapeTable, roots: string[]): Record<string, JsonSchema> {
  const defs: Record<string, JsonSchema> = {};
  const pending = [...roots];
  while (pending.length) {
    const name = pending.pop()!;
    if (defs[name]) continue;
    const shape = table[name];
    if (!shape) throw new Error(`unknown shape ${name}`);
    defs[name] = shapeSchema(shape, (ref) => {
      pending.push(ref);
      return { $ref: `#/$defs/${ref}` };
    });
  }
  return Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
}

function shapeSchema(shape: Shape, ref: (name: string) => JsonSchema): JsonSchema {
  switch (shape.type) {
    case 'structure': {
      const properties: Record<string, JsonSchema> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        properties[name] = member.deprecated ? { ...ref(member.shape), deprecated: true } : ref(member.shape);
      }
      const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
      if (shape.required?.length) schema.required = shape.required;
      if (shape.union) {
        schema.minProperties = 1;
        schema.maxProperties = 1;
      }
      return schema;
    }
    case 'list':
      return withBounds({ type: 'array', items: ref(shape.member!.shape) }, shape, 'minItems', 'maxItems');
    case 'map':
      return withBounds(
        { type: 'object', propertyNames: ref(shape.key!.shape), additionalProperties: ref(shape.value!.shape) },
        shape,
        'minProperties',
        'maxProperties',
      );
    case 'string':
      if (shape.enum) return { type: 'string', enum: shape.enum };
      return withBounds({ type: 'string', ...(shape.pattern ? { pattern: shape.pattern } : {}) }, shape, 'minLength', 'maxLength');
    case 'integer':
    case 'long':
      return withBounds({ type: 'integer' }, shape, 'minimum', 'maximum');
    case 'double':
    case 'float':
      return withBounds({ type: 'number' }, shape, 'minimum', 'maximum');
    case 'boolean':
      return { type: 'boolean' };
    case 'timestamp':
      return { type: ['string', 'number'] };
    case 'blob':
      return { type: 'string' };
  }
}

function withBounds(schema: JsonSchema, shape: Shape, minKey: string, maxKey: string): JsonSchema {
  if (shape.min !== undefined) schema[minKey] = shape.min;
  if (shape.max !== undefined) schema[maxKey] = shape.max;
  return schema;
}
