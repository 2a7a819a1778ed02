import { AwsCallError } from '../aws/errors';
import type { LatticeApi } from '../aws/lattice-api';
import {
  actionInput, authTypeInput, healthCheckInput, listenerProtocolInput, listenerSpec, matchInput, ruleSpec, serviceNetworkSpec, serviceSpec,
  targetGroupConfigInput, targetGroupSpec, targetGroupTypeInput, vpcAssociationSpec, type TargetGroupNames,
} from '../aws/lattice-specs';
import type { ChangeWithLive, OperationTask } from '../plan/operation-task';
import type { AdoptChange, Change, CreateChange, DeleteChange, Operation, ReplaceChange, UpdateChange, WritingChange } from '../plan/types';
import { canonicalJson, type JsonObject } from '../resources/json';
import { isLatticeKind, KIND_INFO, type LatticeKind } from '../resources/kinds';
import { registeredTargets } from '../live/read-lattice';
import { resourceId, resourceLabel } from '../resources/resource-key';
import type { LiveResource, Tags } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import { LatticeStatusError, StalePlanError } from './errors';
import { priorityBatches, type PriorityWrite } from './lattice-rule-priorities';

/** How long a Lattice resource may stay in progress before an apply gives up on it, and how often it is polled. */
export interface LatticeWaitOptions {
  timeoutMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

const DEFAULT_WAIT: Required<LatticeWaitOptions> = { timeoutMs: 10 * 60_000, firstDelayMs: 100, maxDelayMs: 5_000 };

/** What the Lattice writer borrows from the executor: the rules shared by every target. */
export interface WriterContext {
  owner: string;
  token(op: Operation): string;
  ownedTags(change: WritingChange): Tags;
  checkFresh(change: ChangeWithLive, current: { spec: object; tags: Tags } | undefined): void;
  specChanged(change: Change): boolean;
  syncTags(arn: string, change: UpdateChange | AdoptChange, api: { tag(arn: string, tags: Tags): Promise<void>; untag(arn: string, keys: string[]): Promise<void> }): Promise<void>;
  written(arn: string, deleted?: boolean): void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

interface LatticeTargetSpec {
  id: string;
  port: number;
}

/** `registration: cloudmap` puts the targets in the target group's spec; without it, they are someone else's. */
function managesTargets(change: OperationTask['change']): boolean {
  const desired = change.action === 'delete' ? undefined : change.desired.spec;
  const live = change.action === 'create' ? undefined : change.live.spec;
  return Array.isArray(desired?.targets) || Array.isArray(live?.targets);
}

function targetList(spec: JsonObject | undefined): LatticeTargetSpec[] {
  return Array.isArray(spec?.targets) ? (spec.targets as JsonObject[]).map((t) => ({ id: String(t.id), port: Number(t.port) })) : [];
}

interface Known {
  id: string;
  arn: string;
}

function pick<T extends { id?: string; arn?: string }>(items: T[], match: (t: T) => boolean): Known | undefined {
  const hit = items.find(match);
  return hit?.id && hit.arn ? { id: hit.id, arn: hit.arn } : undefined;
}

interface Current {
  spec: JsonObject;
  tags: Tags;
  arn: string;
}

/** A kept rule whose priority changes (a kind whose priority is unique on its parent): it is written with the other moves of its listener. */
function movesPriority(change: Change): change is UpdateChange | AdoptChange {
  return KIND_INFO[change.kind].uniquePriority === true && (change.action === 'update' || change.action === 'adopt') && Number(change.live.spec.priority) !== Number(change.desired.spec.priority);
}

interface ReadyMove {
  change: UpdateChange | AdoptChange;
  id: string;
}

/**
 * The priority moves of one listener. Every move's operation runs in the same step; each arrives
 * here once its rule is read and checked (or has failed), and the last one to arrive sends the
 * batches. If one could not be checked, none is sent: a half-done swap is what this avoids.
 */
class ListenerMoves {
  private readonly arrived = new Map<string, ReadyMove | Error>();
  private resolve!: (outcome: Map<string, Error | undefined>) => void;
  readonly outcome = new Promise<Map<string, Error | undefined>>((resolve) => (this.resolve = resolve));

  constructor(
    readonly members: Set<string>,
    private readonly send: (ready: ReadyMove[]) => Promise<Map<string, Error | undefined>>,
  ) {}

  arrive(key: string, ready: ReadyMove | Error): void {
    if (!this.members.has(key) || this.arrived.has(key)) return;
    this.arrived.set(key, ready);
    if (this.arrived.size < this.members.size) return;
    const failed = [...this.arrived].filter((e): e is [string, Error] => e[1] instanceof Error);
    if (failed.length) {
      const why = failed.map(([k, err]) => `${k.split('/').slice(1).join('/')} (${err.message})`).join('; ');
      this.resolve(new Map([...this.arrived.keys()].map((k) => [k, new Error(`not updated: it changes priority together with other rules of its listener, and rule ${why} could not be updated`)])));
      return;
    }
    this.send([...this.arrived.values()] as ReadyMove[]).then(this.resolve, (err: Error) => this.resolve(new Map([...this.arrived.keys()].map((k) => [k, err]))));
  }
}

/** The calls of one Lattice kind: what the writer does per kind, everything else is shared. */
interface LatticeKindCalls {
  current(change: OperationTask['change'], id: string): Promise<Current | undefined>;
  create(change: CreateChange | ReplaceChange, spec: JsonObject, tags: Tags, clientToken: string): Promise<{ id?: string; arn?: string }>;
  /** After the create has settled. */
  created?(change: CreateChange | ReplaceChange, id: string, spec: JsonObject): Promise<void>;
  find(change: Change): Promise<Known | undefined>;
  update(change: UpdateChange | AdoptChange, id: string, spec: JsonObject, now: Current, converging: boolean): Promise<void>;
  delete(change: Change, id: string): Promise<unknown>;
  /** For the kinds whose writes are asynchronous: the resource, with its status, or undefined when gone. */
  status?(id: string): Promise<{ status?: string } | undefined>;
}

/**
 * Carries out the Lattice operations of a plan. Names in specs become ids here: the ids of what
 * the plan read, and of what this apply creates, step by step (a target group before the rules
 * that forward to it). Lattice has no waiters, so a create or delete that runs asynchronously is
 * polled until it settles, within a bound, with an error that says where it stopped.
 */
export class LatticeWriter {
  private readonly known = new Map<string, Known>();
  private readonly wait: Required<LatticeWaitOptions>;
  /** Priority moves by listener (`<service>/<listener>`). */
  private readonly moves = new Map<string, ListenerMoves>();

  constructor(
    private readonly api: LatticeApi,
    live: readonly LiveResource[],
    private readonly ctx: WriterContext,
    wait: LatticeWaitOptions = {},
    /** The plan's changes: the rules whose priorities move are written together, per listener. */
    changes: readonly Change[] = [],
  ) {
    for (const r of live) if (isLatticeKind(r.kind) && r.id) this.known.set(resourceId(r), { id: r.id, arn: r.arn });
    this.wait = { ...DEFAULT_WAIT, ...wait };
    for (const c of changes) {
      if (!movesPriority(c)) continue;
      const group = this.moves.get(c.parent!) ?? new ListenerMoves(new Set(), (ready) => this.sendMoves(ready));
      group.members.add(resourceId(c));
      this.moves.set(c.parent!, group);
    }
  }

  /** An operation of the plan that will not run (the apply stopped before it): its listener's moves go without it. */
  abandon(change: Change, why: Error): void {
    if (movesPriority(change)) this.moves.get(change.parent!)?.arrive(resourceId(change), why);
  }

  /**
   * Sends a listener's priority moves (see lattice-rule-priorities.ts). Every rule gets its
   * outcome: a rule Lattice lists as `unsuccessful` fails with its reason, and so does every rule
   * whose last write was not sent; nothing is reported done that was not written.
   */
  private async sendMoves(ready: ReadyMove[]): Promise<Map<string, Error | undefined>> {
    const outcome = new Map<string, Error | undefined>();
    const byKey = new Map(ready.map((r) => [resourceId(r.change), r]));
    const { serviceId, listenerId } = this.listenerOf(ready[0].change);
    const moves = ready.map((r) => ({ key: resourceId(r.change), from: Number(r.change.live.spec.priority), to: Number(r.change.desired.spec.priority) }));
    const held = moves.length > 1 ? (await this.api.listRules(serviceId, listenerId)).flatMap((r) => (typeof r.priority === 'number' ? [r.priority] : [])) : [];
    const batches = priorityBatches(moves, held);
    const parked: PriorityWrite[] = [];
    const label = (key: string) => `rule ${byKey.get(key)!.change.name}`;
    const stopped = (why: string) => {
      const left = parked.filter((p) => !outcome.has(p.key));
      const where = left.length ? `; ${left.map((p) => `${label(p.key)} was left at priority ${p.priority}`).join(', ')} until the next apply` : '';
      for (const m of moves) if (!outcome.has(m.key)) outcome.set(m.key, new Error(`not updated: ${why}${where}`));
    };
    for (const batch of batches) {
      let out: Awaited<ReturnType<LatticeApi['batchUpdateRule']>>;
      try {
        out = await this.api.batchUpdateRule({
          serviceIdentifier: serviceId,
          listenerIdentifier: listenerId,
          rules: batch.map((w) => {
            const { change, id } = byKey.get(w.key)!;
            const spec = change.desired.spec;
            return w.final ? { ruleIdentifier: id, priority: w.priority, match: matchInput(spec.match), action: actionInput(spec.action, this.names) } : { ruleIdentifier: id, priority: w.priority };
          }),
        });
      } catch (err) {
        for (const w of batch) outcome.set(w.key, err as Error);
        stopped(`the batch with ${batch.map((w) => label(w.key)).join(', ')} failed (${(err as Error).message})`);
        return outcome;
      }
      const refusedIds = new Map(out.unsuccessful.map((f) => [f.ruleIdentifier, f]));
      for (const w of batch) {
        const { id } = byKey.get(w.key)!;
        const failure = refusedIds.get(id);
        if (failure) {
          const cause = Object.assign(new Error(failure.failureMessage ?? 'refused'), { name: failure.failureCode ?? 'RuleUpdateFailure' });
          outcome.set(w.key, new AwsCallError(`updating ${label(w.key)} (priority ${w.priority}) in BatchUpdateRule on listener ${listenerId}`, cause));
        } else if (w.final) outcome.set(w.key, undefined);
        else parked.push(w);
      }
      if (refusedIds.size) {
        stopped(`Lattice refused part of a batch of its listener's priority changes`);
        return outcome;
      }
    }
    return outcome;
  }

  private readonly names: TargetGroupNames = {
    nameOf: (id) => [...this.known].find(([key, k]) => key.startsWith('TargetGroup/') && k.id === id)?.[0].slice('TargetGroup/'.length) ?? id,
    idOf: (name) => this.known.get(`TargetGroup/${name}`)?.id,
  };

  private need(key: string, what: string): Known {
    const k = this.known.get(key);
    if (!k) throw new StalePlanError(`${what} ${key.split('/').slice(1).join('/')} does not exist; it was deleted after the plan was made, or an earlier step did not create it. Re-plan.`);
    return k;
  }

  /** The id of a listener's service (`parent` = service). */
  private serviceOf(change: Change): string {
    return this.need(`LatticeService/${change.parent}`, 'Lattice service').id;
  }

  /** Service and listener ids of a rule (`parent` = service/listener). */
  private listenerOf(change: Change): { serviceId: string; listenerId: string } {
    const [service] = change.parent!.split('/');
    return { serviceId: this.need(`LatticeService/${service}`, 'Lattice service').id, listenerId: this.need(`Listener/${change.parent}`, 'listener').id };
  }

  private networkOf(change: Change): string {
    return this.need(`ServiceNetwork/${change.parent}`, 'service network').id;
  }

  /**
   * The Lattice calls of each kind, keyed by kind so that a kind without its calls does not
   * compile. Closures read `this` when called, never while the table is built.
   */
  private readonly byKind: Record<LatticeKind, LatticeKindCalls> = {
    ServiceNetwork: {
      current: async (_change, id) => {
        const out = await this.api.getServiceNetwork(id);
        return this.withTags(out && serviceNetworkSpec(out), out?.arn);
      },
      create: (change, spec, tags, clientToken) => this.api.createServiceNetwork({ name: change.name, authType: authTypeInput(spec.authType), tags, clientToken }),
      find: async (change) => pick(await this.api.listServiceNetworks(), (n) => n.name === change.name),
      update: async (_change, id, spec) => {
        await this.api.updateServiceNetwork(id, authTypeInput(spec.authType));
      },
      delete: (_change, id) => this.api.deleteServiceNetwork(id),
    },
    ServiceNetworkVpcAssociation: {
      current: async (_change, id) => {
        const out = await this.api.getVpcAssociation(id);
        return this.withTags(out && vpcAssociationSpec(out), out?.arn);
      },
      create: (change, spec, tags, clientToken) =>
        this.api.createVpcAssociation({
          serviceNetworkIdentifier: this.networkOf(change),
          vpcIdentifier: change.name,
          ...(Array.isArray(spec.securityGroupIds) ? { securityGroupIds: spec.securityGroupIds as string[] } : {}),
          tags,
          clientToken,
        }),
      find: async (change) => pick(await this.api.listVpcAssociations(this.networkOf(change)), (v) => v.vpcId === change.name),
      update: async (change, id, spec) => {
        await this.api.updateVpcAssociation(id, (spec.securityGroupIds as string[] | undefined) ?? []);
        await this.settle(change, id);
      },
      delete: (_change, id) => this.api.deleteVpcAssociation(id),
      status: (id) => this.api.getVpcAssociation(id),
    },
    TargetGroup: {
      current: async (change, id) => {
        const [out, targets] = await Promise.all([this.api.getTargetGroup(id), managesTargets(change) ? this.api.listTargets(id) : undefined]);
        const spec = out && targetGroupSpec(out);
        if (spec && targets) spec.targets = registeredTargets(targets);
        return this.withTags(spec, out?.arn);
      },
      create: (change, spec, tags, clientToken) => this.api.createTargetGroup({ name: change.name, type: targetGroupTypeInput(spec.type), config: targetGroupConfigInput(spec.config), tags, clientToken }),
      // Targets go in once the target group is ACTIVE (`registration: cloudmap`).
      created: async (change, id, spec) => {
        if (managesTargets(change)) await this.syncTargets(id, [], targetList(spec));
      },
      find: async (change) => pick(await this.api.listTargetGroups(), (g) => g.name === change.name),
      update: async (change, id, spec, now, converging) => {
        const healthCheck = (spec.config as JsonObject).healthCheck;
        if (converging || canonicalJson(healthCheck ?? null) !== canonicalJson((now.spec.config as JsonObject | undefined)?.healthCheck ?? null)) {
          await this.api.updateTargetGroup({ targetGroupIdentifier: id, healthCheck: healthCheckInput(healthCheck) });
        }
        // Against what is registered now, so a target that changed since the plan is not registered twice.
        if (managesTargets(change)) await this.syncTargets(id, targetList(now.spec), targetList(spec));
      },
      delete: (_change, id) => this.api.deleteTargetGroup(id),
      status: (id) => this.api.getTargetGroup(id),
    },
    LatticeService: {
      current: async (_change, id) => {
        const out = await this.api.getService(id);
        return this.withTags(out && serviceSpec(out), out?.arn);
      },
      create: (change, spec, tags, clientToken) =>
        this.api.createService({ name: change.name, ...(typeof spec.customDomainName === 'string' ? { customDomainName: spec.customDomainName } : {}), authType: authTypeInput(spec.authType), tags, clientToken }),
      find: async (change) => pick(await this.api.listServices(), (s) => s.name === change.name),
      update: async (_change, id, spec) => {
        await this.api.updateService(id, authTypeInput(spec.authType));
      },
      delete: (_change, id) => this.api.deleteService(id),
      status: (id) => this.api.getService(id),
    },
    ServiceNetworkServiceAssociation: {
      current: async (_change, id) => {
        const out = await this.api.getServiceAssociation(id);
        return this.withTags(out && {}, out?.arn);
      },
      create: (change, _spec, tags, clientToken) =>
        this.api.createServiceAssociation({
          serviceNetworkIdentifier: this.networkOf(change),
          serviceIdentifier: this.need(`LatticeService/${change.name}`, 'Lattice service').id,
          tags,
          clientToken,
        }),
      find: async (change) => pick(await this.api.listServiceAssociations(this.networkOf(change)), (a) => a.serviceName === change.name),
      // No Update call: only its tags change in place.
      update: async () => {},
      delete: (_change, id) => this.api.deleteServiceAssociation(id),
      status: (id) => this.api.getServiceAssociation(id),
    },
    Listener: {
      current: async (change, id) => {
        const out = await this.api.getListener(this.serviceOf(change), id);
        return this.withTags(out && listenerSpec(out, this.names), out?.arn);
      },
      create: (change, spec, tags, clientToken) =>
        this.api.createListener({ serviceIdentifier: this.serviceOf(change), name: change.name, protocol: listenerProtocolInput(spec.protocol), port: Number(spec.port), defaultAction: actionInput(spec.defaultAction, this.names), tags, clientToken }),
      find: async (change) => pick(await this.api.listListeners(this.serviceOf(change)), (l) => l.name === change.name),
      update: async (change, id, spec) => {
        await this.api.updateListener({ serviceIdentifier: this.serviceOf(change), listenerIdentifier: id, defaultAction: actionInput(spec.defaultAction, this.names) });
      },
      delete: (change, id) => this.api.deleteListener(this.serviceOf(change), id),
    },
    Rule: {
      current: async (change, id) => {
        const s = this.listenerOf(change);
        const out = await this.api.getRule(s.serviceId, s.listenerId, id);
        return this.withTags(out && ruleSpec(out, this.names), out?.arn);
      },
      create: async (change, spec, tags, clientToken) => {
        // A new rule may take a priority that a kept rule leaves.
        await this.moves.get(change.parent!)?.outcome;
        const s = this.listenerOf(change);
        return this.api.createRule({ serviceIdentifier: s.serviceId, listenerIdentifier: s.listenerId, name: change.name, priority: Number(spec.priority), match: matchInput(spec.match), action: actionInput(spec.action, this.names), tags, clientToken });
      },
      find: async (change) => {
        const s = this.listenerOf(change);
        return pick(await this.api.listRules(s.serviceId, s.listenerId), (r) => r.name === change.name);
      },
      update: async (change, id, spec) => {
        const s = this.listenerOf(change);
        await this.api.updateRule({ serviceIdentifier: s.serviceId, listenerIdentifier: s.listenerId, ruleIdentifier: id, priority: Number(spec.priority), match: matchInput(spec.match), action: actionInput(spec.action, this.names) });
      },
      delete: (change, id) => {
        const s = this.listenerOf(change);
        return this.api.deleteRule(s.serviceId, s.listenerId, id);
      },
    },
  };

  private callsOf(change: Change): LatticeKindCalls {
    if (!isLatticeKind(change.kind)) throw new Error(`${change.kind} is not a Lattice kind`);
    return this.byKind[change.kind];
  }

  private async withTags(spec: JsonObject | undefined, arn: string | undefined): Promise<Current | undefined> {
    return spec && arn ? { spec, arn, tags: await this.api.listTags(arn) } : undefined;
  }

  async run(op: Operation, task: OperationTask): Promise<void> {
    switch (task.type) {
      case 'create':
        return this.create(op, task.change);
      case 'update':
        return this.update(task.change);
      case 'delete':
        return this.delete(task.change);
    }
  }

  /** The resource as it is now, in plan form: for stale-plan checks. */
  private current(change: OperationTask['change'], id: string): Promise<Current | undefined> {
    return this.callsOf(change).current(change, id);
  }

  private async create(op: Operation, change: CreateChange | ReplaceChange): Promise<void> {
    const spec = change.desired.spec;
    const tags = this.ctx.ownedTags(change);
    const clientToken = this.ctx.token(op);
    const key = resourceId(change);
    let created: { id?: string; arn?: string };
    try {
      created = await this.callsOf(change).create(change, spec, tags, clientToken);
    } catch (err) {
      // Created by an earlier, interrupted apply of another plan: converge when it is ours.
      if (!(err instanceof AwsCallError) || err.awsName !== 'ConflictException') throw err;
      const existing = await this.find(change);
      if (!existing || (await this.api.listTags(existing.arn))[OWNER_TAG] !== this.ctx.owner) throw err;
      this.known.set(key, existing);
      const now = await this.current(change, existing.id);
      await this.update({ ...change, action: 'update', live: { spec: now!.spec, tags: Object.fromEntries(Object.entries(now!.tags).filter(([k]) => k !== OWNER_TAG)), ref: { arn: existing.arn, id: existing.id, digest: '' } } }, true);
      return;
    }
    this.known.set(key, { id: String(created.id), arn: String(created.arn) });
    this.ctx.written(String(created.arn));
    await this.settle(change, String(created.id));
    await this.callsOf(change).created?.(change, String(created.id), spec);
  }

  /** Registers the desired targets that are missing and deregisters the ones no longer desired. */
  private async syncTargets(id: string, current: LatticeTargetSpec[], desired: LatticeTargetSpec[]): Promise<void> {
    const key = (t: LatticeTargetSpec) => `${t.id}:${t.port}`;
    const have = new Set(current.map(key));
    const want = new Set(desired.map(key));
    const gone = current.filter((t) => !want.has(key(t)));
    const added = desired.filter((t) => !have.has(key(t)));
    if (gone.length) await this.api.deregisterTargets(id, gone);
    if (added.length) await this.api.registerTargets(id, added);
  }

  /** The live resource of a change, found by its name (after a conflict on create). */
  private find(change: Change): Promise<Known | undefined> {
    return this.callsOf(change).find(change);
  }

  private async update(change: UpdateChange | AdoptChange, converging = false): Promise<void> {
    const key = resourceId(change);
    const moves = converging || !movesPriority(change) ? undefined : this.moves.get(change.parent!);
    const adopting = change.action === 'adopt';
    let known: Known;
    let now: Current;
    try {
      const k = this.known.get(key) ?? (change.live.ref.id ? { id: change.live.ref.id, arn: change.live.ref.arn } : undefined);
      if (!k) throw new StalePlanError(`${resourceLabel(change)} has no Lattice id in the plan. Re-plan.`);
      known = k;
      const current = await this.current(change, known.id);
      if (!converging) this.ctx.checkFresh(change, current);
      if (!current) throw new StalePlanError(`${resourceLabel(change)} no longer exists. Re-plan.`);
      now = current;
      // An adoption tags first: the deployment's role may only change resources that carry the owner
      // tag (docs/deploying.md, "What each function may do").
      if (adopting) await this.ctx.syncTags(now.arn, change, this.api);
    } catch (err) {
      moves?.arrive(key, err as Error);
      throw err;
    }
    const spec = change.desired.spec;
    if (moves) {
      moves.arrive(key, { change, id: known.id });
      const failed = (await moves.outcome).get(key);
      if (failed) {
        this.ctx.written(now.arn); // it may sit at an interim priority: readers must not cache it
        throw failed;
      }
    } else if (converging || this.ctx.specChanged(change)) {
      await this.callsOf(change).update(change, known.id, spec, now, converging);
    }
    if (!adopting) await this.ctx.syncTags(now.arn, change, this.api);
    this.ctx.written(now.arn);
  }

  private async delete(change: DeleteChange | ReplaceChange): Promise<void> {
    const key = resourceId(change);
    const known = this.known.get(key) ?? (change.live.ref.id ? { id: change.live.ref.id, arn: change.live.ref.arn } : undefined);
    if (!known) return;
    const now = await this.current(change, known.id);
    if (!now) return; // already gone: a re-run after an interrupted delete converges
    this.ctx.checkFresh(change, now);
    await this.callsOf(change).delete(change, known.id);
    // Associations and services are deleted asynchronously, and what holds them cannot be deleted
    // until they are gone; so is the name a replace re-creates.
    await this.settle(change, known.id, 'gone');
    this.known.delete(key);
    this.ctx.written(known.arn, true);
  }

  /** Polls an asynchronous create, update or delete until it settles (Lattice has no waiters). */
  private async settle(change: Change, id: string, want: 'active' | 'gone' = 'active'): Promise<void> {
    const read = this.statusReader(change, id);
    if (!read) return;
    const sleep = this.ctx.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const clock = this.ctx.now ?? Date.now;
    const started = clock();
    let delay = this.wait.firstDelayMs;
    let status: string | undefined;
    for (;;) {
      status = await read();
      if (want === 'gone' ? status === undefined : status === 'ACTIVE') return;
      if (status?.endsWith('_FAILED')) throw new LatticeStatusError(`${resourceLabel(change)} is ${status}`, status);
      if (clock() - started >= this.wait.timeoutMs) {
        throw new LatticeStatusError(`${resourceLabel(change)} is still ${status ?? 'absent'} after ${Math.round(this.wait.timeoutMs / 1000)} s; it was expected to become ${want === 'gone' ? 'deleted' : 'ACTIVE'}. Check it in the console or with the AWS CLI, then apply again`, status ?? 'TIMEOUT');
      }
      await sleep(delay);
      delay = Math.min(this.wait.maxDelayMs, Math.ceil(delay * 1.5));
    }
  }

  /** The status of the resources whose writes are asynchronous; undefined for the others (listeners, rules, networks). */
  private statusReader(change: Change, id: string): (() => Promise<string | undefined>) | undefined {
    const read = this.callsOf(change).status;
    if (!read) return undefined;
    return async () => {
      const out = await read(id);
      return out ? String(out.status ?? 'ACTIVE') : undefined;
    };
  }
}
