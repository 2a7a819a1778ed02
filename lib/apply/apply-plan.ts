import type { AppMeshApi } from '../aws/app-mesh-api';
import type { CloudMapApi } from '../aws/cloud-map-api';
import { awsErrorName, AwsCallError } from '../aws/errors';
import { liveDigest, normalizeTags } from '../plan';
import { operationTask, type ChangeWithLive } from '../plan/operation-task';
import type { AdoptChange, Change, CreateChange, DeleteChange, Operation, Plan, ReplaceChange, UpdateChange, WritingChange } from '../plan/types';
import { resourceLabel, type ResourceKey } from '../resources/resource-key';
import type { ApplyResult, OperationResult } from '../resources/results';
import type { LiveState, Tags } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import { ApplyRefusedError, StalePlanError } from './errors';
import { LatticeWriter, type LatticeWaitOptions } from './lattice-writer';
import type { LatticeApi } from '../aws/lattice-api';
import { isLatticeKind, KIND_INFO } from '../resources/kinds';
import { idempotencyToken } from './tokens';

export interface ApplyDeps {
  appMesh: AppMeshApi;
  cloudMap: CloudMapApi;
  /** The live state the plan was built from (Cloud Map ids of namespaces the plan does not change). */
  live: LiveState;
  now?: () => Date;
  /** Called after every step with the results so far: the caller journals them (a killed apply leaves a record). */
  onStep?: (results: OperationResult[]) => Promise<void>;
  /** Called before each operation (progress output; tests use it to interrupt an apply). */
  beforeOperation?: (operation: Operation, change: Change) => void | Promise<void>;
  /** Called when each operation has finished, done or failed (progress output). */
  afterOperation?: (operation: Operation, outcome: 'done' | 'failed') => void;
  /** Called after each write to a resource: the caller refreshes its read cache. */
  onWritten?: (written: WrittenResource) => void;
  /** VPC Lattice: needed when the plan has Lattice changes. */
  lattice?: LatticeApi;
  latticeWait?: LatticeWaitOptions;
}

/** A resource an apply wrote (its spec or tags may have just changed), or deleted. */
export interface WrittenResource {
  arn: string;
  deleted?: boolean;
}

export interface ApplyOptions {
  sha?: string;
}

/**
 * Executes a plan step by step; the operations of a step run concurrently (bounded by the call
 * policy). Before changing or deleting a resource it re-reads it and refuses if it moved since the
 * plan (stale plan) or is no longer ours. On the first failure it finishes the step in flight,
 * runs nothing more, and reports what was done and what was not; a re-run converges because
 * creates carry idempotency tokens derived from the plan and deletes of what is gone succeed.
 */
export async function applyPlan(plan: Plan, deps: ApplyDeps, options: ApplyOptions = {}): Promise<ApplyResult> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const base = { fingerprint: plan.fingerprint, ...(options.sha ? { sha: options.sha } : {}), startedAt };
  const results: OperationResult[] = plan.steps.flatMap((step, i) => step.map((op) => ({ step: i, type: op.type, kind: op.kind, id: op.id, status: 'not-run' as const })));
  if (plan.errors.length > 0) {
    const refusal = new ApplyRefusedError(plan.errors.map((e) => e.message).join('; '));
    return { ...base, status: 'refused', finishedAt: now().toISOString(), operations: results, error: { code: 'plan-errors', message: refusal.message } };
  }
  if (results.length === 0) return { ...base, status: 'nothing-to-do', finishedAt: now().toISOString(), operations: [] };

  const namespaceIds = new Map<string, string>();
  for (const r of deps.live.resources) if (isNamespace(r) && r.id) namespaceIds.set(r.name, r.id);
  const executor = new OperationExecutor(plan, deps, namespaceIds);

  let failure: { code: string; message: string } | undefined;
  let journalFailure: Error | undefined;
  let index = 0;
  for (let s = 0; s < plan.steps.length && !failure; s++) {
    // The journal (lock refresh, audit) failed: go on only while a replace is half done (its
    // delete ran, its create did not), so that a full disk never leaves a router without its route.
    if (journalFailure && !halfDoneReplace(plan, results)) break;
    const step = plan.steps[s];
    const slots = step.map((_, i) => results[index + i]);
    index += step.length;
    const outcomes = await Promise.allSettled(
      step.map(async (op) => {
        try {
          await deps.beforeOperation?.(op, plan.changes[op.change]);
        } catch (err) {
          executor.abandon(op, err as Error);
          throw err;
        }
        try {
          await executor.run(op);
        } catch (err) {
          deps.afterOperation?.(op, 'failed');
          throw err;
        }
        deps.afterOperation?.(op, 'done');
      }),
    );
    outcomes.forEach((outcome, i) => {
      const slot = slots[i];
      if (outcome.status === 'fulfilled') {
        slot.status = 'done';
        return;
      }
      const err = outcome.reason as Error;
      slot.status = 'failed';
      slot.error = { name: err instanceof AwsCallError ? err.awsName : err.name || awsErrorName(err), message: err.message };
      failure ??= { code: err instanceof StalePlanError ? 'stale-plan' : 'operation-failed', message: err.message };
    });
    try {
      await deps.onStep?.(results);
    } catch (err) {
      journalFailure ??= err as Error;
    }
  }
  if (journalFailure && !failure) {
    const notRun = results.filter((r) => r.status === 'not-run').length;
    const finishedReplace = notRun > 0 ? `it stopped with no replace left half done (${notRun} of ${results.length} operations not run)` : `every operation ran`;
    failure = { code: 'state-store-failed', message: `the apply's record could not be written (${journalFailure.message}); ${finishedReplace}. Free the space or fix the state store, then apply again` };
  }
  return { ...base, status: failure ? 'failed' : 'applied', finishedAt: now().toISOString(), operations: results, ...(failure ? { error: failure } : {}) };
}

/** Whether a replaced resource has been deleted and not yet created again. */
function halfDoneReplace(plan: Plan, results: readonly OperationResult[]): boolean {
  const byChange = new Map<number, { deleted: boolean; created: boolean }>();
  let i = 0;
  for (const step of plan.steps) {
    for (const op of step) {
      const r = results[i++];
      if (op.type === 'update') continue;
      const entry = byChange.get(op.change) ?? { deleted: false, created: false };
      if (op.type === 'delete' && r.status === 'done') entry.deleted = true;
      if (op.type === 'create' && r.status === 'done') entry.created = true;
      byChange.set(op.change, entry);
    }
  }
  return [...byChange.entries()].some(([change, e]) => plan.changes[change]?.action === 'replace' && e.deleted && !e.created);
}

class OperationExecutor {
  constructor(
    private readonly plan: Plan,
    private readonly deps: ApplyDeps,
    private readonly namespaceIds: Map<string, string>,
  ) {}

  private get owner(): string {
    return this.plan.owner;
  }

  private latticeWriter?: LatticeWriter;

  private lattice(): LatticeWriter {
    if (!this.deps.lattice) throw new Error('this plan changes VPC Lattice resources, but no Lattice client was given');
    this.latticeWriter ??= new LatticeWriter(this.deps.lattice, this.deps.live.resources, {
      owner: this.owner,
      token: (op) => this.token(op),
      ownedTags: (c) => this.ownedTags(c),
      checkFresh: (c, current) => this.checkFresh(c, current),
      specChanged: (c) => this.specChanged(c),
      syncTags: (arn, c, api) => this.syncTags(arn, c, api),
      written: (arn, deleted) => this.deps.onWritten?.({ arn, ...(deleted ? { deleted } : {}) }),
    }, this.deps.latticeWait, this.plan.changes);
    return this.latticeWriter;
  }

  /** An operation that will not run: the Lattice writer must not wait for it. */
  abandon(op: Operation, why: Error): void {
    const change = this.plan.changes[op.change];
    if (isLatticeKind(change.kind) && this.deps.lattice) this.lattice().abandon(change, why);
  }

  async run(op: Operation): Promise<void> {
    const task = operationTask(op, this.plan.changes[op.change]);
    if (isLatticeKind(task.change.kind)) return this.lattice().run(op, task);
    const cloudMap = KIND_INFO[task.change.kind].service === 'cloudmap';
    switch (task.type) {
      case 'create':
        return cloudMap ? this.createCloudMap(task.change, op) : this.createAppMesh(task.change, op);
      case 'update':
        return cloudMap ? this.updateCloudMap(task.change, op) : this.updateAppMesh(task.change, op);
      case 'delete':
        return cloudMap ? this.deleteCloudMap(task.change) : this.deleteAppMesh(task.change);
    }
  }

  private token(op: Operation): string {
    return idempotencyToken(this.plan.fingerprint, `${op.type}:${op.id}`);
  }

  private ownedTags(change: WritingChange): Tags {
    return { ...change.desired.tags, [OWNER_TAG]: this.owner };
  }

  /**
   * Re-reads the resource and compares it with what the plan saw. `expectOwner`: the owner tag it
   * must carry now (ours, or none for an adoption).
   */
  private checkFresh(change: ChangeWithLive, current: { spec: object; tags: Tags; version?: number } | undefined): void {
    const planned = change.live.ref;
    if (!current) throw new StalePlanError(`${resourceLabel(change)} no longer exists; it was deleted after the plan was made. Re-plan.`);
    const owner = current.tags[OWNER_TAG];
    const expectedOwner = change.action === 'adopt' ? undefined : this.owner;
    if (owner !== expectedOwner) {
      throw new StalePlanError(`${resourceLabel(change)} is now ${owner === undefined ? 'untagged' : `owned by ${JSON.stringify(owner)}`}; the plan expected ${expectedOwner === undefined ? 'no owner tag' : `owner ${JSON.stringify(expectedOwner)}`}. Re-plan.`);
    }
    if (liveDigest({ spec: current.spec as never, tags: current.tags }) !== planned.digest) {
      const versions = planned.version !== undefined && current.version !== undefined ? ` (version ${planned.version} → ${current.version})` : '';
      throw new StalePlanError(`${resourceLabel(change)} changed since the plan was made${versions}. Re-plan and review the new plan.`);
    }
  }

  /** Whether the plan found a spec difference (an adoption or a tags-only update sends no spec). */
  private specChanged(change: Change): boolean {
    return change.diff.some((d) => d.path === 'spec' || d.path.startsWith('spec.') || d.path.startsWith('spec['));
  }

  private async syncTags(arn: string, change: UpdateChange | AdoptChange, api: { tag(arn: string, tags: Tags): Promise<void>; untag(arn: string, keys: string[]): Promise<void> }): Promise<void> {
    // `change.live.tags` are the user tags; the owner tag is there unless this is an adoption.
    const current = normalizeTags({ ...change.live.tags, ...(change.action !== 'adopt' ? { [OWNER_TAG]: this.owner } : {}) });
    const wanted = normalizeTags(this.ownedTags(change));
    const set: Tags = {};
    for (const [k, v] of Object.entries(wanted)) if (current[k] !== v || change.action === 'adopt') set[k] = v;
    // Tags in Git are the full set of user tags: others are removed; `aws:` tags and ours are never touched here.
    const remove = Object.keys(current).filter((k) => !(k in wanted) && k !== OWNER_TAG);
    await api.tag(arn, set);
    await api.untag(arn, remove);
  }

  // ---- App Mesh ----

  private async createAppMesh(change: CreateChange | ReplaceChange, op: Operation): Promise<void> {
    const { appMesh } = this.deps;
    try {
      const created = await appMesh.create(change, change.desired.spec, this.ownedTags(change), this.token(op));
      this.deps.onWritten?.({ arn: created.arn });
    } catch (err) {
      // Created by an earlier, interrupted apply of another plan (different token): converge if it is ours.
      if (!(err instanceof AwsCallError) || err.awsName !== 'ConflictException') throw err;
      const existing = await appMesh.describe(change);
      if (!existing) throw err;
      const tags = await appMesh.listTags(existing.arn);
      if (tags[OWNER_TAG] !== this.owner) throw err;
      const updated = await appMesh.update(change, change.desired.spec, this.token({ ...op, type: 'update' }));
      this.deps.onWritten?.({ arn: updated.arn });
      await this.syncTags(existing.arn, { ...change, action: 'update', live: { spec: existing.spec, tags, ref: { arn: existing.arn, digest: '' } } }, appMesh);
    }
  }

  private async updateAppMesh(change: UpdateChange | AdoptChange, op: Operation): Promise<void> {
    const { appMesh } = this.deps;
    const current = await appMesh.describe(change);
    const tags = current ? await appMesh.listTags(current.arn) : {};
    this.checkFresh(change, current && { spec: current.spec, tags, version: current.version });
    // An adoption tags first: the deployment's role may only change resources that carry the owner tag.
    const adopting = change.action === 'adopt';
    if (adopting) await this.syncTags(current!.arn, change, appMesh);
    if (this.specChanged(change)) await appMesh.update(change, change.desired.spec, this.token(op));
    this.deps.onWritten?.({ arn: current!.arn });
    if (!adopting) await this.syncTags(current!.arn, change, appMesh);
  }

  private async deleteAppMesh(change: DeleteChange | ReplaceChange): Promise<void> {
    const { appMesh } = this.deps;
    const current = await appMesh.describe(change);
    if (!current) return; // already gone: a re-run after an interrupted delete converges
    const tags = await appMesh.listTags(current.arn);
    this.checkFresh(change, { spec: current.spec, tags, version: current.version });
    this.deps.onWritten?.({ arn: current.arn, deleted: true });
    await appMesh.delete(change);
  }

  // ---- Cloud Map ----

  private async createCloudMap(change: CreateChange | ReplaceChange, op: Operation): Promise<void> {
    const { cloudMap } = this.deps;
    const token = this.token(op);
    if (isNamespace(change)) {
      try {
        const id = await cloudMap.createNamespace(change.name, change.desired.spec, this.ownedTags(change), token);
        this.namespaceIds.set(change.name, id);
      } catch (err) {
        if (!(err instanceof AwsCallError) || err.awsName !== 'NamespaceAlreadyExists') throw err;
        const id = String(((err.cause as { NamespaceId?: string }) ?? {}).NamespaceId ?? '');
        const existing = id ? await cloudMap.getNamespace(id) : undefined;
        if (!existing || (await cloudMap.listTags(existing.arn))[OWNER_TAG] !== this.owner) throw err;
        this.namespaceIds.set(change.name, existing.id);
      }
      return;
    }
    const namespaceId = this.namespaceIds.get(change.parent!);
    if (!namespaceId) throw new StalePlanError(`Cloud Map namespace ${change.parent} of ${resourceLabel(change)} does not exist. Re-plan.`);
    try {
      await cloudMap.createService(namespaceId, change.name, change.desired.spec, this.ownedTags(change), token);
    } catch (err) {
      if (!(err instanceof AwsCallError) || err.awsName !== 'ServiceAlreadyExists') throw err;
      const arn = String(((err.cause as { ServiceArn?: string }) ?? {}).ServiceArn ?? '');
      if (!arn || (await cloudMap.listTags(arn))[OWNER_TAG] !== this.owner) throw err;
    }
  }

  private async updateCloudMap(change: UpdateChange | AdoptChange, _op: Operation): Promise<void> {
    const { cloudMap } = this.deps;
    const id = change.live.ref.id;
    if (!id) throw new StalePlanError(`${resourceLabel(change)} has no Cloud Map id in the plan. Re-plan.`);
    const current = isNamespace(change) ? await cloudMap.getNamespace(id) : await cloudMap.getService(id);
    const tags = current ? await cloudMap.listTags(current.arn) : {};
    this.checkFresh(change, current && { spec: current.spec, tags });
    // An adoption tags first: the deployment's role may only change resources that carry the owner tag.
    const adopting = change.action === 'adopt';
    if (adopting) await this.syncTags(current!.arn, change, cloudMap);
    if (this.specChanged(change)) {
      if (isNamespace(change)) await cloudMap.updateNamespace(id, change.name, change.desired.spec, this.token(_op));
      else await cloudMap.updateService(id, change.name, change.desired.spec);
    }
    this.deps.onWritten?.({ arn: current!.arn });
    if (!adopting) await this.syncTags(current!.arn, change, cloudMap);
  }

  private async deleteCloudMap(change: DeleteChange | ReplaceChange): Promise<void> {
    const { cloudMap } = this.deps;
    const id = change.live.ref.id;
    if (!id) return;
    const current = isNamespace(change) ? await cloudMap.getNamespace(id) : await cloudMap.getService(id);
    if (!current) return;
    const tags = await cloudMap.listTags(current.arn);
    this.checkFresh(change, { spec: current.spec, tags });
    this.deps.onWritten?.({ arn: current.arn, deleted: true });
    if (isNamespace(change)) await cloudMap.deleteNamespace(id, change.name);
    else await cloudMap.deleteService(id, change.name);
    if (isNamespace(change)) this.namespaceIds.delete(change.name);
  }
}

/** A Cloud Map namespace (the scope its services live in), as opposed to a service. */
function isNamespace(key: ResourceKey): boolean {
  return KIND_INFO[key.kind].scope === 'namespace';
}
