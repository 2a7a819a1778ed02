import { AwsCallError } from '../aws/errors';
import type { LatticeApi } from '../aws/lattice-api';
import {
  actionInput, authTypeInput, healthCheckInput, listenerProtocolInput, listenerSpec, matchInput, ruleSpec, serviceNetworkSpec, serviceSpec,
  targetGroupConfigInput, targetGroupSpec, targetGroupTypeInput, vpcAssociationSpec, type TargetGroupNames,
} from '../aws/lattice-specs';
import type { Change, Operation } from '../plan/types';
import { canonicalJson, type JsonObject } from '../resources/json';
import { isLatticeKind } from '../resources/kinds';
import { registeredTargets } from '../live/read-lattice';
import { resourceId, resourceLabel } from '../resources/resource-key';
import type { LiveResource, Tags } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import { LatticeStatusError, StalePlanError } from './errors';

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
  ownedTags(change: Change): Tags;
  checkFresh(change: Change, current: { spec: object; tags: Tags } | undefined): void;
  specChanged(change: Change): boolean;
  syncTags(arn: string, change: Change, api: { tag(arn: string, tags: Tags): Promise<void>; untag(arn: string, keys: string[]): Promise<void> }): Promise<void>;
  written(arn: string, deleted?: boolean): void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

interface LatticeTargetSpec {
  id: string;
  port: number;
}

/** `registration: cloudmap` puts the targets in the target group's spec; without it, they are someone else's. */
function managesTargets(change: Change): boolean {
  return Array.isArray(change.desired?.spec.targets) || Array.isArray(change.live?.spec.targets);
}

function targetList(spec: JsonObject | undefined): LatticeTargetSpec[] {
  return Array.isArray(spec?.targets) ? (spec.targets as JsonObject[]).map((t) => ({ id: String(t.id), port: Number(t.port) })) : [];
}

interface Known {
  id: string;
  arn: string;
}

interface Current {
  spec: JsonObject;
  tags: Tags;
  arn: string;
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

  constructor(
    private readonly api: LatticeApi,
    live: readonly LiveResource[],
    private readonly ctx: WriterContext,
    wait: LatticeWaitOptions = {},
  ) {
    for (const r of live) if (isLatticeKind(r.kind) && r.id) this.known.set(resourceId(r), { id: r.id, arn: r.arn });
    this.wait = { ...DEFAULT_WAIT, ...wait };
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

  /** Service and listener ids of a listener (`parent` = service) or rule (`parent` = service/listener). */
  private scope(change: Change): { serviceId: string; listenerId?: string } {
    if (change.kind === 'Listener') return { serviceId: this.need(`LatticeService/${change.parent}`, 'Lattice service').id };
    const [service] = change.parent!.split('/');
    return { serviceId: this.need(`LatticeService/${service}`, 'Lattice service').id, listenerId: this.need(`Listener/${change.parent}`, 'listener').id };
  }

  async run(op: Operation, change: Change): Promise<void> {
    switch (op.type) {
      case 'create':
        return this.create(op, change);
      case 'update':
        return this.update(change);
      case 'delete':
        return this.delete(change);
    }
  }

  /** The resource as it is now, in plan form: for stale-plan checks. */
  private async current(change: Change, id: string): Promise<Current | undefined> {
    const withTags = async (spec: JsonObject | undefined, arn: string | undefined): Promise<Current | undefined> => (spec && arn ? { spec, arn, tags: await this.api.listTags(arn) } : undefined);
    switch (change.kind) {
      case 'ServiceNetwork': {
        const out = await this.api.getServiceNetwork(id);
        return withTags(out && serviceNetworkSpec(out), out?.arn);
      }
      case 'ServiceNetworkVpcAssociation': {
        const out = await this.api.getVpcAssociation(id);
        return withTags(out && vpcAssociationSpec(out), out?.arn);
      }
      case 'ServiceNetworkServiceAssociation': {
        const out = await this.api.getServiceAssociation(id);
        return withTags(out && {}, out?.arn);
      }
      case 'TargetGroup': {
        const [out, targets] = await Promise.all([this.api.getTargetGroup(id), managesTargets(change) ? this.api.listTargets(id) : undefined]);
        const spec = out && targetGroupSpec(out);
        if (spec && targets) spec.targets = registeredTargets(targets);
        return withTags(spec, out?.arn);
      }
      case 'LatticeService': {
        const out = await this.api.getService(id);
        return withTags(out && serviceSpec(out), out?.arn);
      }
      case 'Listener': {
        const out = await this.api.getListener(this.scope(change).serviceId, id);
        return withTags(out && listenerSpec(out, this.names), out?.arn);
      }
      case 'Rule': {
        const s = this.scope(change);
        const out = await this.api.getRule(s.serviceId, s.listenerId!, id);
        return withTags(out && ruleSpec(out, this.names), out?.arn);
      }
      default:
        throw new Error(`${change.kind} is not a Lattice kind`);
    }
  }

  private async create(op: Operation, change: Change): Promise<void> {
    const spec = change.desired!.spec;
    const tags = this.ctx.ownedTags(change);
    const clientToken = this.ctx.token(op);
    const key = resourceId(change);
    let created: { id?: string; arn?: string };
    try {
      created = await this.createOne(change, spec, tags, clientToken);
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
    // Targets go in once the target group is ACTIVE (`registration: cloudmap`).
    if (change.kind === 'TargetGroup' && managesTargets(change)) await this.syncTargets(String(created.id), [], targetList(spec));
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

  private createOne(change: Change, spec: JsonObject, tags: Tags, clientToken: string): Promise<{ id?: string; arn?: string }> {
    switch (change.kind) {
      case 'ServiceNetwork':
        return this.api.createServiceNetwork({ name: change.name, authType: authTypeInput(spec.authType), tags, clientToken });
      case 'ServiceNetworkVpcAssociation':
        return this.api.createVpcAssociation({
          serviceNetworkIdentifier: this.need(`ServiceNetwork/${change.parent}`, 'service network').id,
          vpcIdentifier: change.name,
          ...(Array.isArray(spec.securityGroupIds) ? { securityGroupIds: spec.securityGroupIds as string[] } : {}),
          tags,
          clientToken,
        });
      case 'TargetGroup':
        return this.api.createTargetGroup({ name: change.name, type: targetGroupTypeInput(spec.type), config: targetGroupConfigInput(spec.config), tags, clientToken });
      case 'LatticeService':
        return this.api.createService({ name: change.name, ...(typeof spec.customDomainName === 'string' ? { customDomainName: spec.customDomainName } : {}), authType: authTypeInput(spec.authType), tags, clientToken });
      case 'ServiceNetworkServiceAssociation':
        return this.api.createServiceAssociation({
          serviceNetworkIdentifier: this.need(`ServiceNetwork/${change.parent}`, 'service network').id,
          serviceIdentifier: this.need(`LatticeService/${change.name}`, 'Lattice service').id,
          tags,
          clientToken,
        });
      case 'Listener':
        return this.api.createListener({ serviceIdentifier: this.scope(change).serviceId, name: change.name, protocol: listenerProtocolInput(spec.protocol), port: Number(spec.port), defaultAction: actionInput(spec.defaultAction, this.names), tags, clientToken });
      case 'Rule': {
        const s = this.scope(change);
        return this.api.createRule({ serviceIdentifier: s.serviceId, listenerIdentifier: s.listenerId!, name: change.name, priority: Number(spec.priority), match: matchInput(spec.match), action: actionInput(spec.action, this.names), tags, clientToken });
      }
      default:
        throw new Error(`${change.kind} is not a Lattice kind`);
    }
  }

  /** The live resource of a change, found by its name (after a conflict on create). */
  private async find(change: Change): Promise<Known | undefined> {
    const pick = <T extends { id?: string; arn?: string }>(items: T[], match: (t: T) => boolean): Known | undefined => {
      const hit = items.find(match);
      return hit?.id && hit.arn ? { id: hit.id, arn: hit.arn } : undefined;
    };
    switch (change.kind) {
      case 'ServiceNetwork':
        return pick(await this.api.listServiceNetworks(), (n) => n.name === change.name);
      case 'TargetGroup':
        return pick(await this.api.listTargetGroups(), (g) => g.name === change.name);
      case 'LatticeService':
        return pick(await this.api.listServices(), (s) => s.name === change.name);
      case 'ServiceNetworkVpcAssociation':
        return pick(await this.api.listVpcAssociations(this.need(`ServiceNetwork/${change.parent}`, 'service network').id), (v) => v.vpcId === change.name);
      case 'ServiceNetworkServiceAssociation':
        return pick(await this.api.listServiceAssociations(this.need(`ServiceNetwork/${change.parent}`, 'service network').id), (a) => a.serviceName === change.name);
      case 'Listener':
        return pick(await this.api.listListeners(this.scope(change).serviceId), (l) => l.name === change.name);
      case 'Rule': {
        const s = this.scope(change);
        return pick(await this.api.listRules(s.serviceId, s.listenerId!), (r) => r.name === change.name);
      }
      default:
        return undefined;
    }
  }

  private async update(change: Change, converging = false): Promise<void> {
    const known = this.known.get(resourceId(change)) ?? (change.live?.ref.id ? { id: change.live.ref.id, arn: change.live.ref.arn } : undefined);
    if (!known) throw new StalePlanError(`${resourceLabel(change)} has no Lattice id in the plan. Re-plan.`);
    const now = await this.current(change, known.id);
    if (!converging) this.ctx.checkFresh(change, now);
    if (!now) throw new StalePlanError(`${resourceLabel(change)} no longer exists. Re-plan.`);
    const spec = change.desired!.spec;
    // An adoption tags first: the deployment's role may only change resources that carry the owner
    // tag (docs/deploying.md, "What each function may do").
    const adopting = change.action === 'adopt';
    if (adopting) await this.ctx.syncTags(now.arn, change, this.api);
    if (converging || this.ctx.specChanged(change)) {
      switch (change.kind) {
        case 'ServiceNetwork':
          await this.api.updateServiceNetwork(known.id, authTypeInput(spec.authType));
          break;
        case 'ServiceNetworkVpcAssociation':
          await this.api.updateVpcAssociation(known.id, (spec.securityGroupIds as string[] | undefined) ?? []);
          await this.settle(change, known.id);
          break;
        case 'TargetGroup': {
          const healthCheck = (spec.config as JsonObject).healthCheck;
          if (converging || canonicalJson(healthCheck ?? null) !== canonicalJson((now.spec.config as JsonObject | undefined)?.healthCheck ?? null)) {
            await this.api.updateTargetGroup({ targetGroupIdentifier: known.id, healthCheck: healthCheckInput(healthCheck) });
          }
          // Against what is registered now, so a target that changed since the plan is not registered twice.
          if (managesTargets(change)) await this.syncTargets(known.id, targetList(now.spec), targetList(spec));
          break;
        }
        case 'LatticeService':
          await this.api.updateService(known.id, authTypeInput(spec.authType));
          break;
        case 'Listener':
          await this.api.updateListener({ serviceIdentifier: this.scope(change).serviceId, listenerIdentifier: known.id, defaultAction: actionInput(spec.defaultAction, this.names) });
          break;
        case 'Rule': {
          const s = this.scope(change);
          await this.api.updateRule({ serviceIdentifier: s.serviceId, listenerIdentifier: s.listenerId!, ruleIdentifier: known.id, priority: Number(spec.priority), match: matchInput(spec.match), action: actionInput(spec.action, this.names) });
          break;
        }
        default:
          break;
      }
    }
    if (!adopting) await this.ctx.syncTags(now.arn, change, this.api);
    this.ctx.written(now.arn);
  }

  private async delete(change: Change): Promise<void> {
    const key = resourceId(change);
    const known = this.known.get(key) ?? (change.live?.ref.id ? { id: change.live.ref.id, arn: change.live.ref.arn } : undefined);
    if (!known) return;
    const now = await this.current(change, known.id);
    if (!now) return; // already gone: a re-run after an interrupted delete converges
    this.ctx.checkFresh(change, now);
    switch (change.kind) {
      case 'ServiceNetwork':
        await this.api.deleteServiceNetwork(known.id);
        break;
      case 'ServiceNetworkVpcAssociation':
        await this.api.deleteVpcAssociation(known.id);
        break;
      case 'ServiceNetworkServiceAssociation':
        await this.api.deleteServiceAssociation(known.id);
        break;
      case 'TargetGroup':
        await this.api.deleteTargetGroup(known.id);
        break;
      case 'LatticeService':
        await this.api.deleteService(known.id);
        break;
      case 'Listener':
        await this.api.deleteListener(this.scope(change).serviceId, known.id);
        break;
      case 'Rule': {
        const s = this.scope(change);
        await this.api.deleteRule(s.serviceId, s.listenerId!, known.id);
        break;
      }
      default:
        break;
    }
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
    const status = (out: { status?: string } | undefined) => (out ? String(out.status ?? 'ACTIVE') : undefined);
    switch (change.kind) {
      case 'ServiceNetworkVpcAssociation':
        return async () => status(await this.api.getVpcAssociation(id));
      case 'ServiceNetworkServiceAssociation':
        return async () => status(await this.api.getServiceAssociation(id));
      case 'LatticeService':
        return async () => status(await this.api.getService(id));
      case 'TargetGroup':
        return async () => status(await this.api.getTargetGroup(id));
      default:
        return undefined;
    }
  }
}
