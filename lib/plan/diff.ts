import { documentShapes } from '../api-model';
import type { JsonObject, JsonValue } from '../resources/json';
import { isJsonObject } from '../resources/json';
import { SET_LISTS, setElementLabel } from './normalize';
import type { FieldDiff } from './types';
import { naturalCompare } from '../resources/natural-order';

/**
 * Field-by-field differences between two normalized values of the same shape. Set-like lists are
 * matched by element key (`weightedTargets[virtualNode=search-v2].weight`), other lists by index.
 */
export function diffValues(shapeName: string | undefined, before: JsonValue | undefined, after: JsonValue | undefined, path: string): FieldDiff[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ path, after }];
  if (after === undefined) return [{ path, before }];
  if (sameJson(before, after)) return [];
  const shape = shapeName ? documentShapes[shapeName] : undefined;
  if (isJsonObject(before) && isJsonObject(after)) {
    const out: FieldDiff[] = [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) {
      const member = shape?.type === 'structure' ? shape.members?.[k]?.shape : shape?.type === 'map' ? shape.value?.shape : undefined;
      out.push(...diffValues(member, before[k], after[k], join(path, k)));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && shape?.type === 'list') {
    const itemShape = shape.member!.shape;
    const keyOf = SET_LISTS[shapeName!];
    const itemIsObject = documentShapes[itemShape]?.type === 'structure';
    if (keyOf && itemIsObject) {
      const b = new Map(before.map((v) => [keyOf(v), v]));
      const a = new Map(after.map((v) => [keyOf(v), v]));
      const keys = [...new Set([...b.keys(), ...a.keys()])].sort(naturalCompare);
      const out: FieldDiff[] = [];
      for (const k of keys) {
        const sample = (a.get(k) ?? b.get(k))!;
        out.push(...diffValues(itemShape, b.get(k), a.get(k), `${path}[${setElementLabel(shapeName!, sample)}]`));
      }
      return out;
    }
    if (keyOf) return [{ path, before, after }];
    const out: FieldDiff[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...diffValues(itemShape, before[i], after[i], `${path}[${i}]`));
    return out;
  }
  return [{ path, before, after }];
}

/**
 * Whether two JSON values have the same canonical JSON (key order and undefined members do not
 * matter), without building the strings: diffValues asks at every level of every spec.
 */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    // JSON.stringify writes an undefined list element as null.
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    let count = 0;
    for (const k of Object.keys(a)) {
      if (a[k] === undefined) continue;
      count++;
      if (!sameJson(a[k], b[k])) return false;
    }
    for (const k of Object.keys(b)) if (b[k] !== undefined) count--;
    return count === 0;
  }
  // Numbers that JSON writes alike (NaN and Infinity as null) are not in specs; primitives compare by value.
  return false;
}

function join(path: string, key: string): string {
  const safe = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  if (!path) return safe;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${safe}]`;
}

export function diffTags(before: Record<string, string>, after: Record<string, string>): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (before[k] === after[k]) continue;
    out.push({ path: join('tags', k), ...(k in before ? { before: before[k] } : {}), ...(k in after ? { after: after[k] } : {}) });
  }
  return out;
}

export function diffSpecs(specShape: string, before: JsonObject | undefined, after: JsonObject | undefined): FieldDiff[] {
  return diffValues(specShape, before, after, 'spec');
}
