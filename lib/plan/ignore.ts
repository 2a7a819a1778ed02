import { documentShapes } from '../api-model';
import type { JsonObject, JsonValue } from '../resources/json';
import { isJsonObject, parseJsonPointer } from '../resources/json';

import type { ResourceKey } from '../resources/resource-key';
import type { IgnoreRule } from '../resources/types';
import { SET_LISTS } from './normalize';
import type { ResourceBody } from './types';

/**
 * `*` matches any run of characters, `?` one character, anything else itself. Matched by the
 * greedy two-pointer walk (at most one backtrack point: the last star), so the cost is bounded by
 * the product of the two lengths whatever the pattern: a regex built from the glob backtracks
 * exponentially on patterns like `**********!`, and anyone who edits meshops.yaml writes globs.
 */
export function globMatch(glob: string, value: string): boolean {
  let g = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    if (g < glob.length && (glob[g] === '?' || (glob[g] !== '*' && glob[g] === value[v]))) {
      g++;
      v++;
    } else if (g < glob.length && glob[g] === '*') {
      while (glob[g] === '*') g++; // a run of stars is one star
      star = g;
      resume = v;
    } else if (star >= 0) {
      g = star;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}

/** Whether a JSON pointer resolves to nothing in a document. */
export function missingAt(doc: ResourceBody, pointer: string): boolean {
  let cur: JsonValue | undefined = { spec: doc.spec, tags: doc.tags } as JsonObject;
  for (const seg of parseJsonPointer(pointer)) {
    cur = cur === undefined ? undefined : step(cur, seg);
    if (cur === undefined) return true;
  }
  return false;
}

export function ignoredPointers(rules: readonly IgnoreRule[], key: ResourceKey): string[] {
  return rules
    .filter((r) => (r.kind === '*' || r.kind === key.kind) && globMatch(r.name, key.name) && (r.mesh === undefined || (key.mesh !== undefined && globMatch(r.mesh, key.mesh))))
    .map((r) => r.path);
}

/**
 * Replaces what the ignore rules cover in the declared document with the live values, so ignored
 * differences are neither reported nor changed (an update sends the live value back). Pointers
 * use list indices as written in Git; in set-like lists the live element is found by its key.
 */
export function applyIgnores(specShape: string, desired: ResourceBody, live: ResourceBody, pointers: readonly string[]): ResourceBody {
  if (pointers.length === 0) return desired;
  const doc = structuredClone({ spec: desired.spec, tags: desired.tags }) as JsonObject;
  const liveDoc = { spec: live.spec, tags: live.tags } as JsonObject;
  for (const pointer of pointers) {
    let segments: string[];
    try {
      segments = parseJsonPointer(pointer);
    } catch {
      continue;
    }
    copyFromLive(doc, liveDoc, segments, specShape);
  }
  return { spec: doc.spec as JsonObject, tags: doc.tags as Record<string, string> };
}

function copyFromLive(doc: JsonObject, liveDoc: JsonObject, segments: string[], specShape: string): void {
  if (segments.length === 0) return;
  let target: JsonValue = doc;
  let source: JsonValue | undefined = liveDoc;
  let shapeName: string | undefined;
  // `shapeName` is the shape of `target`: none for the document itself, the spec's below `spec`.
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i];
    const next = step(target, seg);
    if (next === undefined) return; // the declared document has nothing there: nothing to keep
    source = correspondingLive(target, source, seg, shapeName);
    shapeName = i === 0 ? (seg === 'spec' ? specShape : undefined) : childShape(shapeName, seg);
    target = next;
  }
  const last = segments[segments.length - 1];
  const liveValue = correspondingLive(target, source, last, shapeName);
  if (Array.isArray(target)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index >= target.length) return;
    if (liveValue === undefined) target.splice(index, 1);
    else target[index] = structuredClone(liveValue);
  } else if (isJsonObject(target)) {
    if (liveValue === undefined) delete target[last];
    else target[last] = structuredClone(liveValue);
  }
}

function step(value: JsonValue, seg: string): JsonValue | undefined {
  if (Array.isArray(value)) {
    const i = Number(seg);
    return Number.isInteger(i) ? value[i] : undefined;
  }
  if (isJsonObject(value)) return value[seg];
  return undefined;
}

/** The live value at `seg` below `liveParent`, where `declaredParent` is the declared value at the same place. */
function correspondingLive(declaredParent: JsonValue, liveParent: JsonValue | undefined, seg: string, shapeName: string | undefined): JsonValue | undefined {
  if (liveParent === undefined) return undefined;
  if (Array.isArray(declaredParent) && Array.isArray(liveParent)) {
    const keyOf = shapeName ? SET_LISTS[shapeName] : undefined;
    const declared = declaredParent[Number(seg)];
    if (keyOf && declared !== undefined) return liveParent.find((l) => keyOf(l) === keyOf(declared));
    return liveParent[Number(seg)];
  }
  return step(liveParent, seg);
}

function childShape(shapeName: string | undefined, seg: string): string | undefined {
  if (!shapeName) return undefined;
  const shape = documentShapes[shapeName];
  if (!shape) return undefined;
  if (shape.type === 'structure') return shape.members?.[seg]?.shape;
  if (shape.type === 'list') return shape.member?.shape;
  if (shape.type === 'map') return shape.value?.shape;
  return undefined;
}


