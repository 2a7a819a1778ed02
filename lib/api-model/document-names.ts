import type { ShapeTable } from './types';

/**
 * Converts between a document value (members named as in the resource document) and the API's
 * wire value, following `wireName` in the shape table. Members that the document shape does not
 * declare are dropped on the way in from the wire (server-owned fields such as `NamespaceId`).
 */
export function toWireNames(table: ShapeTable, shapeName: string, value: unknown): unknown {
  return convert(table, shapeName, value, 'toWire');
}

export function fromWireNames(table: ShapeTable, shapeName: string, value: unknown): unknown {
  return convert(table, shapeName, value, 'fromWire');
}

function convert(table: ShapeTable, shapeName: string, value: unknown, direction: 'toWire' | 'fromWire'): unknown {
  const shape = table[shapeName];
  if (!shape || value === null || value === undefined) return value;
  if (shape.type === 'structure' && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    const members = Object.entries(shape.members ?? {});
    for (const [docName, member] of members) {
      const wire = member.wireName ?? docName;
      const [from, to] = direction === 'toWire' ? [docName, wire] : [wire, docName];
      const child = (value as Record<string, unknown>)[from];
      if (child !== undefined) out[to] = convert(table, member.shape, child, direction);
    }
    return out;
  }
  if (shape.type === 'list' && Array.isArray(value)) return value.map((v) => convert(table, shape.member!.shape, v, direction));
  if (shape.type === 'map' && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, convert(table, shape.value!.shape, v, direction)]));
  }
  return value;
}
