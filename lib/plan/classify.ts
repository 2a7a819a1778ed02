/**
 * Step 1 of a plan: match live resources to declared ones by identity and classify each
 * (docs/design.md §2). One change per resource that is not already as declared.
 */
import { KIND_INFO } from '../resources/kinds';
import { compareKeys, resourceId, type ResourceKey } from '../resources/resource-key';
import type { DesiredResource, DesiredState, LastApplied, LiveResource, LiveState } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import { diffSpecs, diffTags, sameJson } from './diff';
import { applyIgnores, ignoredPointers, missingAt } from './ignore';
import { immutableDifferences } from './immutable';
import { liveRef, userTags } from './live-side';
import { normalizeSpec, normalizeTags, SERVER_FILLED_WHEN_OMITTED } from './normalize';
import type { Change, FieldDiff, ResourceBody } from './types';

/** The identity members of a key, in the order plans write them. */
export function keyOf(r: ResourceKey): ResourceKey {
  return { kind: r.kind, name: r.name, ...(r.mesh !== undefined ? { mesh: r.mesh } : {}), ...(r.parent !== undefined ? { parent: r.parent } : {}) };
}

/** A whole document as a diff: what a create adds or a delete removes. */
export function wholeDocument(body: ResourceBody, side: 'before' | 'after'): FieldDiff[] {
  const out: FieldDiff[] = [{ path: 'spec', [side]: body.spec }];
  if (Object.keys(body.tags).length) out.push({ path: 'tags', [side]: body.tags });
  return out;
}

/** What classification reads besides the two states. */
export interface ClassifyInput {
  desired: DesiredState;
  live: LiveState;
  lastApplied?: LastApplied;
}

/**
 * Changes by resource id: the declared resources in key order, then the undeclared live ones in key
 * order. Resources already as declared have no entry.
 */
export function classifyChanges({ desired, live, lastApplied }: ClassifyInput): Map<string, Change> {
  const { settings } = desired;
  const owner = settings.owner;
  const liveById = new Map(live.resources.map((r) => [resourceId(r), r]));
  const desiredById = new Map(desired.resources.map((r) => [resourceId(r), r]));
  const namespaces = namespaceFacts(desired, live, lastApplied);
  const changes = new Map<string, Change>();
  for (const [id, d] of [...desiredById].sort(([, a], [, b]) => compareKeys(a, b))) {
    const change = classifyDeclared(id, d, liveById.get(id), { owner, ignore: settings.ignore, namespaces });
    if (change) changes.set(id, change);
  }
  // Only the undeclared are sorted (a stable sort of the subset keeps the order it had in the whole).
  const undeclared = [...liveById].filter(([id]) => !desiredById.has(id));
  for (const [id, l] of undeclared.sort(([, a], [, b]) => compareKeys(a, b))) changes.set(id, classifyUndeclared(id, l, owner, settings.prune));
  return changes;
}

/**
 * What a Cloud Map service's comparison needs from its namespace: the namespace's type on each side
 * (normalization depends on it) and the VPC of the last apply (the API never returns it).
 */
interface NamespaceFacts {
  desiredType: Map<string, string>;
  liveType: Map<string, string>;
  appliedVpc: Map<string, unknown>;
}

/** The kind whose resources are the parents of namespaced services: read from the registry. */
const NAMESPACE_KINDS = new Set(Object.values(KIND_INFO).filter((k) => k.parent?.field === 'namespace').map((k) => k.parent!.kind));

function namespaceFacts(desired: DesiredState, live: LiveState, lastApplied: LastApplied | undefined): NamespaceFacts {
  const isNamespace = (r: ResourceKey) => NAMESPACE_KINDS.has(r.kind);
  return {
    desiredType: new Map(desired.resources.filter(isNamespace).map((r) => [r.name, String(r.spec.type)])),
    liveType: new Map(live.resources.filter(isNamespace).map((r) => [r.name, String(r.spec.type)])),
    // The last-applied record only answers for what the API never returns: a namespace's VPC.
    appliedVpc: new Map((lastApplied?.resources ?? []).filter(isNamespace).map((r) => [resourceId(r), r.spec.vpc])),
  };
}

interface DeclaredContext {
  owner: string;
  ignore: DesiredState['settings']['ignore'];
  namespaces: NamespaceFacts;
}

/** A declared resource against its live one: create, adopt, update, replace, conflict, or nothing. */
export function classifyDeclared(id: string, d: DesiredResource, l: LiveResource | undefined, ctx: DeclaredContext): Change | undefined {
  const { owner, namespaces } = ctx;
  const shape = KIND_INFO[d.kind].specShape;
  const base = { ...keyOf(d), id, source: d.source };
  if (!l) {
    const body: ResourceBody = { spec: d.spec, tags: d.tags };
    return { ...base, action: 'create', diff: wholeDocument(body, 'after'), desired: body };
  }
  const liveOwner = l.tags[OWNER_TAG];
  const liveBody: ResourceBody = { spec: l.spec, tags: userTags(l.tags) };
  const declaredBody: ResourceBody = { spec: d.spec, tags: d.tags };
  const serverFilled = (SERVER_FILLED_WHEN_OMITTED[d.kind] ?? []).filter((p) => missingAt(declaredBody, p));
  const body = applyIgnores(shape, declaredBody, liveBody, [...ignoredPointers(ctx.ignore, d), ...serverFilled]);
  const nsName = KIND_INFO[d.kind].parent?.field === 'namespace' ? d.parent : undefined;
  const desiredNamespaceType = nsName ? namespaces.desiredType.get(nsName) : undefined;
  const liveNamespaceType = nsName ? namespaces.liveType.get(nsName) : undefined;
  // Most declared specs equal their live spec as read (at quota size, two thirds). Normalization
  // is a function of the spec and the namespace type, so both sides would normalize alike: no
  // spec diff, and no immutable field can differ between them. The specs are then not normalized
  // at all (an empty spec on both sides stands in for the equal pair below).
  const identical = desiredNamespaceType === liveNamespaceType && sameJson(body.spec, l.spec);
  const normalizedDesired = identical ? {} : normalizeSpec(d.kind, body.spec, { namespaceType: desiredNamespaceType });
  const normalizedLive = identical ? normalizedDesired : normalizeSpec(d.kind, l.spec, { namespaceType: liveNamespaceType });
  const diff: FieldDiff[] = [...(identical ? [] : diffSpecs(shape, normalizedLive, normalizedDesired)), ...diffTags(normalizeTags(liveBody.tags), normalizeTags(body.tags))];
  // The live digest (a hash of the live document) is only computed for resources that change:
  // at quota size most of them do not.
  const sides = () => ({ ...base, desired: body, live: { ...liveBody, ref: liveRef(l) } });
  if (liveOwner !== undefined && liveOwner !== owner) {
    return { ...sides(), liveOwner, action: 'conflict', diff, reason: `owned by ${JSON.stringify(liveOwner)} (tag ${OWNER_TAG}), not ${JSON.stringify(owner)}` };
  }
  const appliedVpc = namespaces.appliedVpc.get(id);
  const immutable = immutableDifferences(d.kind, normalizedLive, normalizedDesired, body.spec, typeof appliedVpc === 'string' ? appliedVpc : undefined);
  if (immutable.length > 0) {
    if (liveOwner === undefined) {
      return { ...sides(), action: 'conflict', diff, reason: `cannot adopt: ${immutable.join(', ')} cannot change in place, and meshops never deletes a resource it does not own` };
    }
    return { ...sides(), liveOwner, action: 'replace', diff: diff.length ? diff : immutable.map((path) => ({ path })), reason: `${immutable.join(', ')} cannot change in place` };
  }
  if (liveOwner === undefined) {
    return { ...sides(), action: 'adopt', diff: [...diff, { path: `tags["${OWNER_TAG}"]`, after: owner }], reason: `exists without a ${OWNER_TAG} tag: meshops takes it over` };
  }
  if (diff.length === 0) return undefined;
  return { ...sides(), liveOwner, action: 'update', diff };
}

/** A live resource Git does not declare: deleted when ours and prune is on, else left alone. */
export function classifyUndeclared(id: string, l: LiveResource, owner: string, prune: boolean): Change {
  const liveOwner = l.tags[OWNER_TAG];
  const liveBody: ResourceBody = { spec: l.spec, tags: userTags(l.tags) };
  const base = { ...keyOf(l), id, live: { ...liveBody, ref: liveRef(l) }, ...(liveOwner !== undefined ? { liveOwner } : {}) };
  if (liveOwner !== undefined && liveOwner === owner && owner) {
    if (prune) return { ...base, action: 'delete', diff: wholeDocument(liveBody, 'before'), reason: 'removed from Git' };
    return { ...base, action: 'unmanaged', diff: [], reason: 'removed from Git, but prune is off' };
  }
  return { ...base, action: 'unmanaged', diff: [], reason: liveOwner !== undefined ? `owned by ${JSON.stringify(liveOwner)}` : `not tagged ${OWNER_TAG} (created outside meshops)` };
}
