/**
 * buildPlan(desired, live) → Plan: match live resources to declared ones by identity, classify
 * each (docs/design.md §2), order the operations, and compute the traffic view. Pure.
 */
import { KIND_INFO, KINDS_BY_CREATE_RANK, type Kind } from '../resources/kinds';
import { referencesOf } from '../resources/references';
import { compareKeys, resourceId, resourceLabel, type ResourceKey } from '../resources/resource-key';
import { isAwsTag } from '../resources/tags';
import type { DesiredResource, DesiredState, LastApplied, LiveResource, LiveState, Tags } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import { diffSpecs, diffTags, sameJson } from './diff';
import { digest } from './fingerprint';
import { applyIgnores, ignoredPointers, missingAt } from './ignore';
import { immutableDifferences } from './immutable';
import { listenersOf, routeFitsListeners, sameListeners } from '../resources/routes';
import { normalizeSpec, normalizeTags, SERVER_FILLED_WHEN_OMITTED } from './normalize';
import { latticeTrafficViews } from './lattice-traffic';
import { trafficViews, type World } from './traffic';
import type { Action, Change, Decommission, FieldDiff, LatticePlanReport, LiveRef, Operation, Plan, PlanProblem, PlanSummary, ResourceBody } from './types';
import { ACTIONS } from './types';

export interface PlanInput {
  desired: DesiredState;
  live: LiveState;
  /** The last successful apply, when there was one (a namespace's VPC is only known from it). */
  lastApplied?: LastApplied;
  /** `apply --max-deletes N`: overrides the settings' maxDeletes for one run. */
  maxDeletes?: number;
}

/** Work-in-progress change with the scheduling facts the step builder needs. */
interface Draft extends Change {
  /** Delete before the parent's listener update (route no longer fits the new listeners). */
  earlyDelete?: boolean;
  /** Update before the parent's listener update (fits old and new listeners). */
  earlyUpdate?: boolean;
  /** Replace whose delete runs in the first phase (Cloud Map). */
  cascade?: boolean;
}

/** User tags of a live resource: without our ownership tag and AWS's own tags. */
export function userTags(tags: Tags): Tags {
  const out: Tags = {};
  for (const [k, v] of Object.entries(tags)) if (k !== OWNER_TAG && !isAwsTag(k)) out[k] = v;
  return out;
}

function liveRef(live: LiveResource): LiveRef {
  return {
    arn: live.arn,
    ...(live.id !== undefined ? { id: live.id } : {}),
    ...(live.version !== undefined ? { version: live.version } : {}),
    ...(live.lastUpdatedAt !== undefined ? { lastUpdatedAt: live.lastUpdatedAt } : {}),
    digest: liveDigest(live),
  };
}

/** What a stale-plan check compares: the live spec and tags as read. */
export function liveDigest(live: Pick<LiveResource, 'spec' | 'tags'>): string {
  return digest({ spec: live.spec, tags: normalizeTags(live.tags) });
}

function keyOf(r: ResourceKey): ResourceKey {
  return { kind: r.kind, name: r.name, ...(r.mesh !== undefined ? { mesh: r.mesh } : {}), ...(r.parent !== undefined ? { parent: r.parent } : {}) };
}

export function buildPlan(input: PlanInput): Plan {
  const { desired, live, lastApplied } = input;
  const { settings } = desired;
  const owner = settings.owner;
  const errors: PlanProblem[] = [];
  const warnings: PlanProblem[] = [];
  if (!owner) errors.push({ code: 'owner-missing', message: 'no owner is set: add `owner:` to meshops.yaml (the value of the meshops:owner tag on every resource meshops manages)' });

  if (owner && desired.resources.length === 0 && !settings.allowEmpty) {
    const owned = live.resources.filter((r) => r.tags[OWNER_TAG] === owner).length;
    if (owned > 0) {
      errors.push({
        code: 'empty-repository',
        message: `the repository declares no resource while ${owned} resources owned by ${JSON.stringify(owner)} are live: this plan would delete all of them; declare them, or set allowEmpty: true in meshops.yaml to delete everything on purpose`,
      });
    }
  }

  const liveById = new Map(live.resources.map((r) => [resourceId(r), r]));
  const desiredById = new Map(desired.resources.map((r) => [resourceId(r), r]));
  // The last-applied record only answers for what the API never returns: a namespace's VPC.
  const appliedVpcs = new Map((lastApplied?.resources ?? []).filter((r) => r.kind === 'CloudMapNamespace').map((r) => [resourceId(r), r.spec.vpc]));
  const namespaceTypes = {
    desired: new Map(desired.resources.filter((r) => r.kind === 'CloudMapNamespace').map((r) => [r.name, String(r.spec.type)])),
    live: new Map(live.resources.filter((r) => r.kind === 'CloudMapNamespace').map((r) => [r.name, String(r.spec.type)])),
  };
  const drafts = new Map<string, Draft>();

  for (const [id, d] of [...desiredById].sort(([, a], [, b]) => compareKeys(a, b))) {
    const draft = classifyDeclared(id, d, liveById.get(id));
    if (draft) drafts.set(id, draft);
  }
  // Only the undeclared are sorted (a stable sort of the subset keeps the order it had in the whole).
  const undeclared = [...liveById].filter(([id]) => !desiredById.has(id));
  for (const [id, l] of undeclared.sort(([, a], [, b]) => compareKeys(a, b))) drafts.set(id, classifyUndeclared(id, l));

  function classifyDeclared(id: string, d: DesiredResource, l: LiveResource | undefined): Draft | undefined {
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
    const body = applyIgnores(shape, declaredBody, liveBody, [...ignoredPointers(settings.ignore, d), ...serverFilled]);
    const nsName = d.kind === 'CloudMapService' ? d.parent : undefined;
    const desiredNamespaceType = nsName ? namespaceTypes.desired.get(nsName) : undefined;
    const liveNamespaceType = nsName ? namespaceTypes.live.get(nsName) : undefined;
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
    const withLive = () => ({ ...base, desired: body, live: { ...liveBody, ref: liveRef(l) }, ...(liveOwner !== undefined ? { liveOwner } : {}) });
    if (liveOwner !== undefined && liveOwner !== owner) {
      return { ...withLive(), action: 'conflict', diff, reason: `owned by ${JSON.stringify(liveOwner)} (tag ${OWNER_TAG}), not ${JSON.stringify(owner)}` };
    }
    const appliedVpc = appliedVpcs.get(id);
    const immutable = immutableDifferences(d.kind, normalizedLive, normalizedDesired, body.spec, typeof appliedVpc === 'string' ? appliedVpc : undefined);
    if (immutable.length > 0) {
      if (liveOwner === undefined) {
        return { ...withLive(), action: 'conflict', diff, reason: `cannot adopt: ${immutable.join(', ')} cannot change in place, and meshops never deletes a resource it does not own` };
      }
      return { ...withLive(), action: 'replace', diff: diff.length ? diff : immutable.map((path) => ({ path })), reason: `${immutable.join(', ')} cannot change in place` };
    }
    if (liveOwner === undefined) {
      return { ...withLive(), action: 'adopt', diff: [...diff, { path: `tags["${OWNER_TAG}"]`, after: owner }], reason: `exists without a ${OWNER_TAG} tag: meshops takes it over` };
    }
    if (diff.length === 0) return undefined;
    return { ...withLive(), action: 'update', diff };
  }

  function classifyUndeclared(id: string, l: LiveResource): Draft {
    const liveOwner = l.tags[OWNER_TAG];
    const liveBody: ResourceBody = { spec: l.spec, tags: userTags(l.tags) };
    const base = { ...keyOf(l), id, live: { ...liveBody, ref: liveRef(l) }, ...(liveOwner !== undefined ? { liveOwner } : {}) };
    if (liveOwner !== undefined && liveOwner === owner && owner) {
      if (settings.prune) return { ...base, action: 'delete', diff: wholeDocument(liveBody, 'before'), reason: 'removed from Git' };
      return { ...base, action: 'unmanaged', diff: [], reason: 'removed from Git, but prune is off' };
    }
    return { ...base, action: 'unmanaged', diff: [], reason: liveOwner !== undefined ? `owned by ${JSON.stringify(liveOwner)}` : `not tagged ${OWNER_TAG} (created outside meshops)` };
  }

  handleNamespaceReplaces(drafts, live, desiredById, errors);
  handleListenerChanges(drafts, live, errors);

  const after = afterWorld(liveById, drafts);
  checkDeletes(drafts, after, liveById, errors);

  for (const c of drafts.values()) {
    if (c.action === 'conflict') errors.push({ code: 'conflict', id: c.id, message: `${resourceLabel(c)} is ${c.reason}` });
  }

  const deletions = [...drafts.values()].filter((c) => c.action === 'delete' || c.action === 'replace').length;
  const maxDeletes = input.maxDeletes ?? settings.maxDeletes;
  if (deletions > maxDeletes) {
    errors.push({
      code: 'max-deletes',
      message: `this plan deletes ${deletions} resources, more than maxDeletes (${maxDeletes}); review the deletions, then apply with --max-deletes ${deletions} (or raise maxDeletes in meshops.yaml)`,
    });
  }
  warnings.push(...quotaWarnings(live, drafts));
  for (const c of drafts.values()) {
    if (c.action === 'replace') warnings.push({ code: 'replace', id: c.id, message: `${resourceLabel(c)} will be deleted and re-created: ${c.reason}` });
  }

  handleRulePriorities(drafts);
  const lattice = latticeReport(desired, errors, warnings);
  const decommission = decommissionOf(desired, drafts);

  const { changes, steps } = schedule(drafts);
  const before: World = liveById;
  const latticeTraffic = latticeTrafficViews(before, after, new Set(changes.filter((c) => c.action !== 'unmanaged' && c.action !== 'conflict').map((c) => c.id)));
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, changes.filter((c) => c.action === a).length])) as unknown as PlanSummary;
  const plan: Omit<Plan, 'fingerprint'> = {
    formatVersion: 1,
    owner,
    region: settings.region,
    summary,
    changes,
    steps,
    traffic: trafficViews(before, after),
    warnings,
    errors,
    deletions,
    maxDeletes,
    ...(lattice ? { lattice } : {}),
    ...(latticeTraffic.length ? { latticeTraffic } : {}),
    ...(decommission ? { decommission } : {}),
  };
  return { ...plan, fingerprint: planFingerprint(plan) };
}

/** The fingerprint covers what will run and what it was planned against, not where in Git it was written. */
export function planFingerprint(plan: Omit<Plan, 'fingerprint'>): string {
  return digest({ ...plan, changes: plan.changes.map(({ source: _source, ...rest }) => rest) });
}

function wholeDocument(body: ResourceBody, side: 'before' | 'after'): FieldDiff[] {
  const out: FieldDiff[] = [{ path: 'spec', [side]: body.spec }];
  if (Object.keys(body.tags).length) out.push({ path: 'tags', [side]: body.tags });
  return out;
}

/**
 * A namespace cannot be deleted while it holds services, so re-creating one re-creates its declared
 * services and deletes its undeclared owned ones first.
 */
function handleNamespaceReplaces(drafts: Map<string, Draft>, live: LiveState, desiredById: Map<string, DesiredResource>, errors: PlanProblem[]): void {
  for (const ns of [...drafts.values()].filter((c) => c.kind === 'CloudMapNamespace' && c.action === 'replace')) {
    for (const svc of live.resources.filter((r) => r.kind === 'CloudMapService' && r.parent === ns.name)) {
      const id = resourceId(svc);
      const existing = drafts.get(id);
      const declared = desiredById.get(id);
      if (existing?.action === 'delete') {
        existing.cascade = true;
        continue;
      }
      if (existing && existing.action !== 'update' && existing.action !== 'replace') {
        errors.push({ code: 'blocked-replace', id: ns.id, message: `${resourceLabel(ns)} must be re-created, but it holds ${resourceLabel(svc)}, which meshops may not delete (${existing.reason ?? existing.action})` });
        continue;
      }
      if (!declared) continue;
      const replaced: Draft = existing
        ? { ...existing, action: 'replace', cascade: true, reason: `its namespace ${ns.name} is re-created` }
        : {
            ...keyOf(svc), id, action: 'replace', cascade: true, diff: [], source: declared.source, reason: `its namespace ${ns.name} is re-created`,
            desired: { spec: declared.spec, tags: declared.tags },
            live: { spec: svc.spec, tags: userTags(svc.tags), ref: liveRef(svc) },
            ...(svc.tags[OWNER_TAG] !== undefined ? { liveOwner: svc.tags[OWNER_TAG] } : {}),
          };
      drafts.set(id, replaced);
    }
    ns.cascade = true;
  }
}

/**
 * A router's (gateway's) listener change fails while routes depend on the old listeners
 * (docs/aws-behaviour.md §5.3): routes that fit the new listeners stay; owned routes whose new spec fits both old and new
 * listeners are updated first; the rest are deleted before the listener update and re-created after.
 */
function handleListenerChanges(drafts: Map<string, Draft>, live: LiveState, errors: PlanProblem[]): void {
  for (const parent of [...drafts.values()]) {
    if (parent.kind !== 'VirtualRouter' && parent.kind !== 'VirtualGateway') continue;
    if (parent.action !== 'update' && parent.action !== 'adopt') continue;
    const oldListeners = listenersOf(parent.live?.spec);
    const newListeners = listenersOf(parent.desired?.spec);
    if (sameListeners(oldListeners, newListeners)) continue;
    const childKind: Kind = parent.kind === 'VirtualRouter' ? 'Route' : 'GatewayRoute';
    for (const child of live.resources) {
      if (child.kind !== childKind || child.mesh !== parent.mesh || child.parent !== parent.name) continue;
      if (routeFitsListeners(child.spec, newListeners)) continue;
      const id = resourceId(child);
      const c = drafts.get(id);
      if (c?.action === 'delete') {
        c.earlyDelete = true;
        continue;
      }
      if (c && (c.action === 'update' || c.action === 'replace') && c.desired) {
        if (c.action === 'update' && routeFitsListeners(c.desired.spec, oldListeners) && routeFitsListeners(c.desired.spec, newListeners)) {
          c.earlyUpdate = true;
        } else {
          c.action = 'replace';
          c.listenerChange = true;
          c.reason = `${resourceLabel(parent)} changes its listeners and this ${childKind === 'Route' ? 'route' : 'gateway route'} does not fit them until it is re-created`;
        }
        continue;
      }
      const why = !c ? 'it is unchanged in Git' : c.action === 'adopt' ? 'it is not yet owned by meshops (apply the adoption first)' : c.reason ?? c.action;
      errors.push({
        code: 'blocked-listener-change',
        id: parent.id,
        message: `${resourceLabel(parent)} cannot change its listeners: ${resourceLabel(child)} would no longer fit them and meshops cannot re-create it (${why})`,
      });
    }
  }
}

/** Live resources with the plan applied: the world after apply (for the traffic view and delete checks). */
function afterWorld(liveById: Map<string, LiveResource>, drafts: Map<string, Draft>): World {
  const world: World = new Map([...liveById].map(([id, r]) => [id, { ...keyOf(r), spec: r.spec }]));
  for (const c of drafts.values()) {
    if (c.action === 'delete') world.delete(c.id);
    else if ((c.action === 'create' || c.action === 'update' || c.action === 'adopt' || c.action === 'replace') && c.desired) {
      world.set(c.id, { ...keyOf(c), spec: c.desired.spec });
    }
  }
  return world;
}

/** A delete that a remaining resource still depends on would fail half-way through an apply: refuse it now. */
function checkDeletes(drafts: Map<string, Draft>, after: World, liveById: Map<string, LiveResource>, errors: PlanProblem[]): void {
  const deleted = new Set([...drafts.values()].filter((c) => c.action === 'delete').map((c) => c.id));
  if (deleted.size === 0) return;
  for (const r of after.values()) {
    for (const ref of referencesOf(r)) {
      const target = resourceId(ref.target);
      if (!deleted.has(target)) continue;
      // A virtual node's backends need not exist (docs/aws-behaviour.md §5.1); its Cloud Map service must, at run time.
      if (!ref.hard && ref.target.kind !== 'CloudMapService') continue;
      const holder = drafts.get(resourceId(r));
      const managedNote = holder?.action === 'unmanaged' || holder?.action === 'conflict' ? ` (${holder.reason})` : '';
      errors.push({
        code: 'blocked-delete',
        id: target,
        message: `${resourceLabel(ref.target)} cannot be deleted: ${resourceLabel(r)} still refers to it as its ${ref.label}${managedNote}`,
      });
    }
  }
  for (const id of deleted) {
    const l = liveById.get(id);
    if (l?.kind === 'CloudMapService' && (l.instanceCount ?? 0) > 0) {
      errors.push({
        code: 'blocked-delete',
        id,
        message: `${resourceLabel(l)} cannot be deleted: ${l.instanceCount} instance(s) are registered in it (Cloud Map refuses until they are deregistered by whoever registered them)`,
      });
    }
  }
}

function quotaWarnings(live: LiveState, drafts: Map<string, Draft>): PlanProblem[] {
  const out: PlanProblem[] = [];
  const counts = new Map<string, { kind: Kind; scope: string; live: number; created: number; deleted: number }>();
  const scopeOf = (r: ResourceKey): string | undefined => {
    const q = KIND_INFO[r.kind].quota;
    if (!q) return undefined;
    return q.per === 'account' ? 'the account' : q.per === 'mesh' ? `mesh ${r.mesh}` : `${KIND_INFO[r.kind].parent!.kind} ${r.mesh ? `${r.mesh}/` : ''}${r.parent}`;
  };
  const bucket = (r: ResourceKey) => {
    const scope = scopeOf(r);
    if (!scope) return undefined;
    const k = `${r.kind} ${scope}`;
    if (!counts.has(k)) counts.set(k, { kind: r.kind, scope, live: 0, created: 0, deleted: 0 });
    return counts.get(k)!;
  };
  for (const r of live.resources) {
    const b = bucket(r);
    if (b) b.live++;
  }
  for (const c of drafts.values()) {
    const b = bucket(c);
    if (!b) continue;
    if (c.action === 'create') b.created++;
    if (c.action === 'delete') b.deleted++;
  }
  for (const b of counts.values()) {
    const quota = KIND_INFO[b.kind].quota!;
    const peak = b.live + b.created;
    if (peak > quota.limit && b.created > 0) {
      out.push({
        code: 'quota',
        message: `${b.scope} needs ${peak} ${quota.description.split(' per ')[0]} while this plan applies (creates run before deletes); the default quota is ${quota.limit} (${quota.code}): raise it first or the apply fails with LimitExceededException`,
      });
    }
  }
  return out;
}

/**
 * What the Lattice mapping could not carry over: each entry is a plan error with
 * `unsupported: error` (the plan is still printed whole), a warning with `warn`.
 */
function latticeReport(desired: DesiredState, errors: PlanProblem[], warnings: PlanProblem[]): LatticePlanReport | undefined {
  if (!desired.lattice) return undefined;
  const { unsupported, registration } = desired.settings.lattice;
  for (const n of desired.lattice.notCarried) {
    const problem: PlanProblem = { code: 'lattice-unsupported', message: `${n.file}:${n.line}:${n.column}: ${n.source}${n.path ? ` ${n.path}` : ''}: ${n.feature} is not carried over to VPC Lattice: ${n.reason}` };
    (unsupported === 'error' ? errors : warnings).push(problem);
  }
  if (unsupported === 'error' && desired.lattice.notCarried.length > 0) {
    errors.push({ code: 'lattice-unsupported', message: `${desired.lattice.notCarried.length} App Mesh field(s) or kind(s) have no VPC Lattice counterpart (listed above); remove them, or set lattice.unsupported: warn in meshops.yaml to go ahead without them` });
  }
  return { notCarried: desired.lattice.notCarried, registrations: desired.lattice.registrations, unsupported, registration };
}

/** `targets` no longer lists appmesh while owned App Mesh resources are live: the plan decommissions them. */
function decommissionOf(desired: DesiredState, drafts: Map<string, Draft>): Decommission | undefined {
  if (desired.settings.targets.includes('appmesh')) return undefined;
  const deletes = [...drafts.values()].filter((c) => KIND_INFO[c.kind].service === 'appmesh' && (c.action === 'delete' || c.action === 'unmanaged') && c.liveOwner === desired.settings.owner).length;
  return deletes > 0 ? { target: 'appmesh', deletes } : undefined;
}

/**
 * A Lattice rule's priority is unique on its listener: a deleted rule whose priority a created or
 * re-prioritized rule takes is deleted before its listener's rules are written, not at the end.
 */
function handleRulePriorities(drafts: Map<string, Draft>): void {
  const wanted = new Set<string>();
  for (const c of drafts.values()) {
    if (c.kind !== 'Rule' || !c.desired) continue;
    if (c.action === 'create' || c.action === 'replace' || c.action === 'update' || c.action === 'adopt') wanted.add(`${c.parent} ${String(c.desired.spec.priority)}`);
  }
  for (const c of drafts.values()) {
    if (c.kind === 'Rule' && c.action === 'delete' && c.live && wanted.has(`${c.parent} ${String(c.live.spec.priority)}`)) c.earlyDelete = true;
  }
}

type Phase = 'first' | 'main' | 'last';

/**
 * Orders the operations (docs/design.md §2): replaced Cloud Map resources are deleted first; then creates and
 * updates in create order (Cloud Map namespace → service → mesh → node → router → route → service →
 * gateway → gateway route), with route deletes and updates that a listener change needs placed just
 * before their router's step; deletes last, in reverse order.
 */
function schedule(drafts: Map<string, Draft>): { changes: Change[]; steps: Operation[][] } {
  const ordered = [...drafts.values()].sort(compareKeys);
  const phases: { phase: Phase; kinds: Kind[]; pick: (c: Draft) => Operation['type'] | undefined }[] = [];
  const reverse = [...KINDS_BY_CREATE_RANK].reverse();
  for (const kind of reverse) {
    phases.push({ phase: 'first', kinds: [kind], pick: (c) => (c.cascade && (c.action === 'replace' || c.action === 'delete') ? 'delete' : undefined) });
  }
  for (const kind of KINDS_BY_CREATE_RANK) {
    // Children that must go (or change) before their parent's step: routes around a listener change,
    // Lattice rules whose priority another rule takes.
    const childKind = CHILD_WITH_EARLY_STEPS[kind];
    if (childKind) {
      phases.push({
        phase: 'main',
        kinds: [childKind],
        pick: (c) => (c.earlyDelete || c.listenerChange ? 'delete' : c.earlyUpdate ? 'update' : undefined),
      });
    }
    phases.push({
      phase: 'main',
      kinds: [kind],
      pick: (c) => {
        if (c.earlyUpdate) return undefined;
        if (c.action === 'create' || c.action === 'replace') return 'create';
        if (c.action === 'update' || c.action === 'adopt') return 'update';
        return undefined;
      },
    });
  }
  for (const kind of reverse) {
    phases.push({ phase: 'last', kinds: [kind], pick: (c) => (c.action === 'delete' && !c.earlyDelete && !c.cascade ? 'delete' : undefined) });
  }
  // Every other replace (Cloud Map: a namespace's type, a service's record types) deletes in the first
  // phase, so that its create, in the main phase, finds the name free.
  for (const c of ordered) if (c.action === 'replace' && !c.listenerChange) c.cascade = true;

  const stepsByDraft: { draft: Draft; type: Operation['type']; step: number }[] = [];
  const steps: { type: Operation['type']; draft: Draft }[][] = [];
  for (const phase of phases) {
    const step: { type: Operation['type']; draft: Draft }[] = [];
    for (const c of ordered) {
      if (!phase.kinds.includes(c.kind)) continue;
      const type = phase.pick(c);
      if (type) step.push({ type, draft: c });
    }
    if (step.length) {
      steps.push(step);
      for (const s of step) stepsByDraft.push({ draft: s.draft, type: s.type, step: steps.length - 1 });
    }
  }
  const firstStep = new Map<string, number>();
  for (const s of stepsByDraft) if (!firstStep.has(s.draft.id)) firstStep.set(s.draft.id, s.step);
  const changeOrder = [...ordered].sort((a, b) => {
    const sa = firstStep.get(a.id) ?? Number.MAX_SAFE_INTEGER;
    const sb = firstStep.get(b.id) ?? Number.MAX_SAFE_INTEGER;
    if (sa !== sb) return sa - sb;
    if (sa === Number.MAX_SAFE_INTEGER) return actionRank(a.action) - actionRank(b.action) || compareKeys(a, b);
    return compareKeys(a, b);
  });
  const index = new Map(changeOrder.map((c, i) => [c.id, i]));
  const changes: Change[] = changeOrder.map(({ earlyDelete: _e, earlyUpdate: _u, cascade: _c, ...c }) => c);
  return {
    changes,
    steps: steps.map((step) => step.map(({ type, draft }) => ({ type, change: index.get(draft.id)!, kind: draft.kind, id: draft.id }))),
  };
}

const CHILD_WITH_EARLY_STEPS: Partial<Record<Kind, Kind>> = { VirtualRouter: 'Route', VirtualGateway: 'GatewayRoute', Listener: 'Rule' };

function actionRank(a: Action): number {
  return a === 'conflict' ? 0 : a === 'unmanaged' ? 1 : 2;
}

