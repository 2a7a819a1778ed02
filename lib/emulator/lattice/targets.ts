import { isIPv4, isIPv6 } from 'node:net';
import type { OperationInput } from '../wire/rest-json';
import type { LatticeContext } from './context';
import { conflict, notFound } from './errors';
import { paginate } from './pagination';
import { checkQuota, LATTICE_QUOTAS } from './quotas';
import { serviceArnsOfTargetGroup } from './references';
import type { TargetGroupRecord, TargetRecord } from './state';

/** Target health as ListTargets reports it. */
export type TargetStatus = 'DRAINING' | 'UNAVAILABLE' | 'HEALTHY' | 'UNHEALTHY' | 'INITIAL' | 'UNUSED';

interface TargetInput {
  id: string;
  port?: number;
}

/** What a target id must look like for each target group type; undefined when it fits. */
function targetProblem(tg: TargetGroupRecord, target: TargetInput): string | undefined {
  switch (tg.type) {
    case 'IP': {
      const v6 = tg.config?.ipAddressType === 'IPV6';
      if (v6 ? !isIPv6(target.id) : !isIPv4(target.id)) return `${target.id} is not an ${v6 ? 'IPv6' : 'IPv4'} address`;
      break;
    }
    case 'INSTANCE':
      if (!/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(target.id)) return `${target.id} is not an EC2 instance id`;
      break;
    case 'LAMBDA':
      if (!/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/.test(target.id)) return `${target.id} is not a Lambda function ARN`;
      if (target.port !== undefined) return 'a Lambda target has no port';
      break;
    case 'ALB':
      if (!/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/.+$/.test(target.id)) return `${target.id} is not an Application Load Balancer ARN`;
      break;
  }
  return undefined;
}

const portOf = (tg: TargetGroupRecord, target: TargetInput): number | undefined => (tg.type === 'LAMBDA' ? undefined : (target.port ?? (tg.config?.port as number)));

function requireUsable(ctx: LatticeContext, identifier: string): TargetGroupRecord {
  const tg = ctx.require('TargetGroup', identifier);
  if (tg.pending?.phase === 'DELETE') throw conflict('TARGET_GROUP', tg.id, `Target group ${tg.id} is ${ctx.status(tg)}`);
  return tg;
}

const sameTarget = (t: TargetRecord, id: string, port: number | undefined) => t.id === id && t.port === port;

/**
 * Registers targets (a target is an id and a port; the port defaults to the target group's).
 * A target already registered stays as it is; one draining is registered again. Malformed ids
 * are answered per target in `unsuccessful`; going over the per-group quota fails the call.
 */
export function registerTargets(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const tg = requireUsable(ctx, input.targetGroupIdentifier as string);
  const successful: TargetInput[] = [];
  const unsuccessful: Record<string, unknown>[] = [];
  const added: TargetRecord[] = [];
  const revived: TargetRecord[] = [];
  for (const target of input.targets as TargetInput[]) {
    const problem = targetProblem(tg, target);
    const port = portOf(tg, target);
    if (problem) {
      unsuccessful.push({ id: target.id, port: target.port, failureCode: 'InvalidTarget', failureMessage: problem });
      continue;
    }
    const existing = tg.targets.find((t) => sameTarget(t, target.id, port)) ?? added.find((t) => sameTarget(t, target.id, port));
    if (existing?.drainingUntil !== undefined && ctx.now < existing.drainingUntil) revived.push(existing);
    else if (!existing) added.push({ id: target.id, ...(port !== undefined ? { port } : {}), registeredAt: ctx.now, healthyAt: ctx.now + ctx.env.latticeDelayMs } as TargetRecord);
    successful.push(port === undefined ? { id: target.id } : { id: target.id, port });
  }
  const live = tg.targets.filter((t) => t.drainingUntil === undefined || ctx.now < t.drainingUntil).length;
  checkQuota(ctx, LATTICE_QUOTAS.targetsPerTargetGroup, live + added.length, 'TARGET', `in target group ${tg.id}`);
  for (const t of revived) {
    delete t.drainingUntil;
    t.registeredAt = ctx.now;
    t.healthyAt = ctx.now + ctx.env.latticeDelayMs;
  }
  tg.targets.push(...added);
  return { successful, unsuccessful };
}

/** Deregistered targets drain (DRAINING) for the Lattice delay, then are gone. */
export function deregisterTargets(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const tg = ctx.require('TargetGroup', input.targetGroupIdentifier as string);
  const successful: TargetInput[] = [];
  const unsuccessful: Record<string, unknown>[] = [];
  for (const target of input.targets as TargetInput[]) {
    const port = portOf(tg, target);
    const existing = tg.targets.find((t) => sameTarget(t, target.id, port) && (t.drainingUntil === undefined || ctx.now < t.drainingUntil));
    if (!existing) {
      unsuccessful.push({ id: target.id, port, failureCode: 'TargetNotFound', failureMessage: `${target.id}${port !== undefined ? `:${port}` : ''} is not registered in target group ${tg.id}` });
      continue;
    }
    if (existing.drainingUntil === undefined) existing.drainingUntil = ctx.now + ctx.env.latticeDelayMs;
    successful.push(port === undefined ? { id: target.id } : { id: target.id, port });
  }
  return { successful, unsuccessful };
}

/**
 * A target's health: DRAINING after deregistration; a status forced from outside; UNUSED while
 * no service forwards to the group; UNAVAILABLE with health checks off; INITIAL until the first
 * checks pass (the Lattice delay), then HEALTHY. The emulator sends no traffic, so a target
 * turns UNHEALTHY only when told to (`setTargetHealth`).
 */
export function targetStatus(ctx: LatticeContext, tg: TargetGroupRecord, t: TargetRecord, used: boolean): { status: TargetStatus; reasonCode?: string } {
  if (t.drainingUntil !== undefined) return { status: 'DRAINING', reasonCode: 'DeregistrationInProgress' };
  if (t.forcedStatus) return t.forcedStatus as { status: TargetStatus; reasonCode?: string };
  if (!used) return { status: 'UNUSED', reasonCode: 'TargetGroupNotInUse' };
  const hc = tg.config?.healthCheck as { enabled?: boolean } | undefined;
  if (!hc || hc.enabled === false) return { status: 'UNAVAILABLE', reasonCode: 'HealthCheckDisabled' };
  if (ctx.now < t.healthyAt) return { status: 'INITIAL', reasonCode: 'RegistrationInProgress' };
  return { status: 'HEALTHY' };
}

export function listTargets(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const tg = ctx.require('TargetGroup', input.targetGroupIdentifier as string);
  const filter = (input.targets as TargetInput[] | undefined) ?? [];
  const used = serviceArnsOfTargetGroup(ctx, tg.id).length > 0;
  const key = (t: TargetRecord) => `${t.id}:${String(t.port ?? 0).padStart(5, '0')}`;
  const targets = tg.targets
    .filter((t) => t.drainingUntil === undefined || ctx.now < t.drainingUntil)
    .filter((t) => filter.length === 0 || filter.some((f) => f.id === t.id && (f.port === undefined || f.port === t.port)))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const page = paginate(targets, key, { maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined, scope: `ListTargets:${tg.id}` });
  return { items: page.items.map((t) => ({ id: t.id, port: t.port, ...targetStatus(ctx, tg, t, used) })), nextToken: page.nextToken };
}

/**
 * Forces a registered target's health (UNHEALTHY, say) until cleared with `undefined`: the
 * emulator sends no health checks, so tests and demos say what they would have found.
 */
export function setTargetHealth(ctx: LatticeContext, targetGroupIdentifier: string, target: TargetInput, status: { status: TargetStatus; reasonCode?: string } | undefined): void {
  const tg = ctx.require('TargetGroup', targetGroupIdentifier);
  const port = portOf(tg, target);
  const t = tg.targets.find((x) => sameTarget(x, target.id, port));
  if (!t) throw notFound('TARGET', target.id, `${target.id}${port !== undefined ? `:${port}` : ''} is not registered in target group ${tg.id}`);
  if (status) t.forcedStatus = status;
  else delete t.forcedStatus;
}
