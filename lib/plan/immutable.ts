/**
 * Fields that cannot be changed in place: a difference means delete then create (replace).
 * App Mesh has none beyond names (which are identity); Cloud Map has several (docs/aws-behaviour.md §10.3–§10.4).
 * Which fields, per kind, is the registry's (lib/resources/targets/); how each is compared is here.
 */
import type { JsonObject, JsonValue } from '../resources/json';
import { canonicalJson, valueAt as get } from '../resources/json';
import type { ImmutableCheck } from '../resources/kind-entry';
import { KIND_INFO, type Kind } from '../resources/kinds';

function differs(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return canonicalJson(a ?? null) !== canonicalJson(b ?? null);
}

function recordTypes(records: JsonValue | undefined): string[] {
  return Array.isArray(records) ? records.map((r) => String(get(r, 'type'))).sort() : [];
}

/**
 * Immutable fields (the kind's registry entry, `immutable`) that differ between the normalized live
 * and declared specs, as readable paths. `appliedVpc` is the VPC recorded at the last apply (the API
 * never returns a namespace's VPC).
 */
export function immutableDifferences(kind: Kind, live: JsonObject, desired: JsonObject, rawDesired: JsonObject, appliedVpc?: string): string[] {
  return KIND_INFO[kind].immutable.filter((field) => CHANGED[field.check](field.path, live, desired, rawDesired, appliedVpc)).map((field) => field.label ?? `spec.${field.path.join('.')}`);
}

type Changed = (path: readonly string[], live: JsonObject, desired: JsonObject, rawDesired: JsonObject, appliedVpc: string | undefined) => boolean;

const CHANGED: Record<ImmutableCheck, Changed> = {
  value: (path, live, desired) => differs(get(live, ...path), get(desired, ...path)),
  'record-types': (path, live, desired) => differs(recordTypes(get(live, ...path)), recordTypes(get(desired, ...path))),
  presence: (path, live, desired) => (get(live, ...path) === undefined) !== (get(desired, ...path) === undefined),
  'when-both-set': (path, live, desired) => {
    const was = get(live, ...path);
    const wants = get(desired, ...path);
    return was !== undefined && wants !== undefined && was !== wants;
  },
  'not-emptied': (path, live, desired) => {
    const had = get(live, ...path);
    const wants = get(desired, ...path);
    return Array.isArray(had) && had.length > 0 && (!Array.isArray(wants) || wants.length === 0);
  },
  'applied-vpc': (path, _live, _desired, rawDesired, appliedVpc) => {
    const wants = get(rawDesired, ...path);
    return appliedVpc !== undefined && typeof wants === 'string' && wants !== appliedVpc;
  },
};
