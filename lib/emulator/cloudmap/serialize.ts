import { shapeOf, type Shape, type ShapeTable } from '../../api-model';

/**
 * Shapes a handler's result into the operation's output shape, as awsJson1_1 puts it on the wire:
 * only modelled members, absent ones omitted (never `null`), timestamps (`Date`) as epoch seconds
 * with a millisecond fraction. Handlers return plain objects with `undefined` for absent members.
 */
export function serializeOutput(table: ShapeTable, shapeName: string | undefined, value: unknown): Record<string, unknown> {
  if (!shapeName) return {};
  return (serialize(table, shapeOf(table, shapeName), value) as Record<string, unknown> | undefined) ?? {};
}

function serialize(table: ShapeTable, shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = serialize(table, shapeOf(table, member.shape), (value as Record<string, unknown>)[name]);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => serialize(table, shapeOf(table, shape.member!.shape), v));
    case 'map': {
      const valueShape = shapeOf(table, shape.value!.shape);
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, serialize(table, valueShape, v)]));
    }
    case 'timestamp':
      return value instanceof Date ? value.getTime() / 1000 : value;
    default:
      return value;
  }
}
