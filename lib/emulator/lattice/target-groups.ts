import type { OperationInput } from '../wire/rest-json';
import type { LatticeContext } from './context';
import { conflict, invalidField } from './errors';
import { arnOf } from './ids';
import { rememberCreate, replayCreate } from './idempotency';
import { paginate, seqKey } from './pagination';
import { checkQuota, LATTICE_QUOTAS } from './quotas';
import { firstUserOfTargetGroup, serviceArns, serviceArnsOfTargetGroup, servicesByTargetGroup } from './references';
import type { TargetGroupRecord } from './state';
import { tagsFromInput } from './tags';

type Config = Record<string, unknown>;
type HealthCheck = Record<string, unknown>;

/**
 * The health check a target group gets for what the request leaves out: on for HTTP/1.1 target
 * groups, off for HTTP/2, gRPC and TCP ones (Lattice health checks speak HTTP only); every 30 s,
 * 5 s timeout, 5 healthy / 2 unhealthy, `GET /` answered with 200.
 */
export function defaultHealthCheck(config: Config): HealthCheck {
  const protocol = config.protocol as string;
  const on = protocol !== 'TCP' && (config.protocolVersion ?? 'HTTP1') === 'HTTP1';
  return {
    enabled: on,
    protocol: protocol === 'TCP' ? 'HTTP' : protocol,
    protocolVersion: 'HTTP1',
    path: '/',
    healthCheckIntervalSeconds: 30,
    healthCheckTimeoutSeconds: 5,
    healthyThresholdCount: 5,
    unhealthyThresholdCount: 2,
    matcher: { httpCode: '200' },
  };
}

/** Ranges the service enforces beyond the model's (which allows 0 everywhere). */
function checkHealthCheck(hc: HealthCheck, field: string): void {
  const range = (key: string, min: number, max: number) => {
    const v = hc[key] as number | undefined;
    if (v !== undefined && (v < min || v > max)) throw invalidField(`${field}.${key}`, `must be between ${min} and ${max} (got ${v})`);
  };
  range('healthCheckIntervalSeconds', 5, 300);
  range('healthCheckTimeoutSeconds', 1, 120);
  range('healthyThresholdCount', 2, 10);
  range('unhealthyThresholdCount', 2, 10);
  const interval = hc.healthCheckIntervalSeconds as number | undefined;
  const timeout = hc.healthCheckTimeoutSeconds as number | undefined;
  if (interval !== undefined && timeout !== undefined && timeout >= interval) throw invalidField(`${field}.healthCheckTimeoutSeconds`, `must be less than healthCheckIntervalSeconds (${timeout} >= ${interval})`);
}

/**
 * The config as stored: LAMBDA target groups take only `lambdaEventStructureVersion`; the
 * others need port, protocol and VPC, and get IPV4 / HTTP1 / the default health check where the
 * request leaves them out (TCP target groups have no protocol version).
 */
function storedConfig(type: string, config: Config | undefined): Config | undefined {
  if (type === 'LAMBDA') {
    const extra = Object.keys(config ?? {}).filter((k) => k !== 'lambdaEventStructureVersion');
    if (extra.length > 0) throw invalidField(`config.${extra[0]}`, 'a LAMBDA target group takes only lambdaEventStructureVersion');
    return { lambdaEventStructureVersion: config?.lambdaEventStructureVersion ?? 'V1' };
  }
  if (!config) throw invalidField('config', `a ${type} target group needs a config`);
  for (const key of ['port', 'protocol', 'vpcIdentifier']) if (config[key] === undefined) throw invalidField(`config.${key}`, `a ${type} target group needs ${key}`);
  if (config.lambdaEventStructureVersion !== undefined) throw invalidField('config.lambdaEventStructureVersion', 'only LAMBDA target groups take it');
  if (type === 'ALB' && config.protocol === 'TCP') throw invalidField('config.protocol', 'an ALB target group forwards HTTP or HTTPS');
  if (config.protocol === 'TCP' && config.protocolVersion !== undefined) throw invalidField('config.protocolVersion', 'a TCP target group has no protocol version');
  if (config.protocolVersion === 'GRPC' && config.protocol !== 'HTTPS' && config.protocol !== 'HTTP') throw invalidField('config.protocolVersion', 'GRPC needs an HTTP or HTTPS target group');
  const out: Config = { ...config };
  if (type === 'IP' && out.ipAddressType === undefined) out.ipAddressType = 'IPV4';
  if (out.protocol !== 'TCP' && out.protocolVersion === undefined) out.protocolVersion = 'HTTP1';
  if (type !== 'ALB') {
    const given = (config.healthCheck as HealthCheck | undefined) ?? {};
    checkHealthCheck(given, 'config.healthCheck');
    out.healthCheck = { ...defaultHealthCheck(out), ...given };
  }
  return out;
}

const identity = (tg: TargetGroupRecord) => ({ arn: tg.arn, id: tg.id, name: tg.name, type: tg.type });

export function createTargetGroup(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const replay = replayCreate(ctx, 'TargetGroup', 'TARGET_GROUP', 'CreateTargetGroup', input);
  if (replay !== undefined) return replay as Record<string, unknown>;
  const name = input.name as string;
  const type = input.type as string;
  const config = storedConfig(type, input.config as Config | undefined);
  const id = ctx.newId('TargetGroup');
  const arn = arnOf.targetGroup(ctx.env, id);
  const tags = tagsFromInput(input, arn);
  const same = ctx.all('TargetGroup', (tg) => tg.name === name)[0];
  if (same) throw conflict('TARGET_GROUP', same.id, `A target group named ${name} already exists in account ${ctx.account} (${same.id})`);
  checkQuota(ctx, LATTICE_QUOTAS.targetGroups, ctx.all('TargetGroup').length + 1, 'TARGET_GROUP', `in account ${ctx.account}`);
  const record: TargetGroupRecord = {
    kind: 'TargetGroup',
    ...ctx.recordBase(id, arn, tags),
    name,
    type,
    ...(config ? { config } : {}),
    targets: [],
    pending: ctx.pending('CREATE'),
  };
  const response = { ...identity(record), config: record.config, status: 'CREATE_IN_PROGRESS' };
  rememberCreate(record, 'CreateTargetGroup', input, response);
  ctx.put(record);
  return response;
}

export function getTargetGroup(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const tg = ctx.require('TargetGroup', input.targetGroupIdentifier as string);
  return { ...identity(tg), config: tg.config, status: ctx.status(tg), serviceArns: serviceArnsOfTargetGroup(ctx, tg.id), createdAt: tg.createdAt, lastUpdatedAt: tg.lastUpdatedAt };
}

/** Only the health check changes; what the request leaves out gets the default again. */
export function updateTargetGroup(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const tg = ctx.require('TargetGroup', input.targetGroupIdentifier as string);
  if (tg.pending?.phase === 'DELETE') throw conflict('TARGET_GROUP', tg.id, `Target group ${tg.id} is ${ctx.status(tg)}`);
  if (tg.type === 'LAMBDA' || tg.type === 'ALB') throw invalidField('healthCheck', `${tg.type} target groups have no health check`);
  const given = input.healthCheck as HealthCheck;
  checkHealthCheck(given, 'healthCheck');
  tg.config = { ...tg.config, healthCheck: { ...defaultHealthCheck(tg.config!), ...given } };
  tg.lastUpdatedAt = ctx.now;
  return { ...identity(tg), config: tg.config, status: ctx.status(tg) };
}

/** Refused while a listener or rule forwards to the target group. */
export function deleteTargetGroup(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const tg = ctx.require('TargetGroup', input.targetGroupIdentifier as string);
  if (tg.pending?.phase === 'DELETE') return { arn: tg.arn, id: tg.id, status: ctx.status(tg) };
  const user = firstUserOfTargetGroup(ctx, tg.id);
  if (user) throw conflict('TARGET_GROUP', tg.id, `Target group ${tg.id} cannot be deleted while ${user} forwards to it`);
  tg.pending = ctx.pending('DELETE');
  tg.lastUpdatedAt = ctx.now;
  return { arn: tg.arn, id: tg.id, status: 'DELETE_IN_PROGRESS' };
}

export function listTargetGroups(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const type = input.targetGroupType as string | undefined;
  const vpc = input.vpcIdentifier as string | undefined;
  const groups = ctx.all('TargetGroup', (tg) => (type === undefined || tg.type === type) && (vpc === undefined || tg.config?.vpcIdentifier === vpc));
  const page = paginate(groups, (tg) => seqKey(tg.seq), { maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined, scope: `ListTargetGroups:${type ?? ''}:${vpc ?? ''}` });
  const users = servicesByTargetGroup(ctx);
  return {
    items: page.items.map((tg) => ({
      ...identity(tg),
      status: ctx.status(tg),
      port: tg.config?.port,
      protocol: tg.config?.protocol,
      ipAddressType: tg.config?.ipAddressType,
      vpcIdentifier: tg.config?.vpcIdentifier,
      lambdaEventStructureVersion: tg.config?.lambdaEventStructureVersion,
      serviceArns: serviceArns(ctx, users.get(tg.id) ?? []),
      createdAt: tg.createdAt,
      lastUpdatedAt: tg.lastUpdatedAt,
    })),
    nextToken: page.nextToken,
  };
}
