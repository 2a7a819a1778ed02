import type { OperationInput } from '../wire/rest-json';
import type { LatticeContext } from './context';
import { conflict, invalidField, notFound } from './errors';
import { arnOf, idOfIdentifier } from './ids';
import { rememberCreate, replayCreate } from './idempotency';
import { paginate, seqKey } from './pagination';
import type { AccessLogSubscriptionRecord, ServiceNetworkRecord, ServiceRecord } from './state';
import { tagsFromInput } from './tags';

/** Auth policies are at most 10 KB (a fixed quota; the model's own limit is larger). */
export const MAX_AUTH_POLICY_BYTES = 10 * 1024;

/**
 * The service network or service a `resourceIdentifier` names (an id or an ARN). Resource
 * configurations (`rcfg-`) are in the model but not emulated, so they are never found.
 */
function requireGoverned(ctx: LatticeContext, identifier: string): ServiceNetworkRecord | ServiceRecord {
  const id = idOfIdentifier(identifier);
  if (id.startsWith('sn-')) return ctx.require('ServiceNetwork', identifier);
  if (id.startsWith('svc-')) return ctx.require('Service', identifier);
  throw notFound('RESOURCE', identifier, `Resource ${identifier} was not found in account ${ctx.account}`);
}

// ---- auth policies ----

/** Active when the resource's authType is AWS_IAM; a policy on a NONE resource is kept but not applied. */
const policyState = (r: ServiceNetworkRecord | ServiceRecord) => (r.authType === 'AWS_IAM' ? 'Active' : 'Inactive');

/** Creates or replaces the policy. It must be a JSON object of at most 10 KB. */
export function putAuthPolicy(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const resource = requireGoverned(ctx, input.resourceIdentifier as string);
  const policy = input.policy as string;
  const size = Buffer.byteLength(policy, 'utf8');
  if (size > MAX_AUTH_POLICY_BYTES) throw invalidField('policy', `an auth policy is at most ${MAX_AUTH_POLICY_BYTES} bytes (got ${size})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidField('policy', 'must be an IAM policy document: a JSON object');
  resource.authPolicy = { policy, createdAt: resource.authPolicy?.createdAt ?? ctx.now, lastUpdatedAt: ctx.now };
  return { policy, state: policyState(resource) };
}

function requirePolicy(ctx: LatticeContext, identifier: string) {
  const resource = requireGoverned(ctx, identifier);
  if (!resource.authPolicy) throw notFound('AUTH_POLICY', identifier, `${resource.kind === 'Service' ? 'Service' : 'Service network'} ${resource.id} has no auth policy`);
  return { resource, policy: resource.authPolicy };
}

export function getAuthPolicy(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const { resource, policy } = requirePolicy(ctx, input.resourceIdentifier as string);
  return { policy: policy.policy, state: policyState(resource), createdAt: policy.createdAt, lastUpdatedAt: policy.lastUpdatedAt };
}

export function deleteAuthPolicy(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const { resource } = requirePolicy(ctx, input.resourceIdentifier as string);
  delete resource.authPolicy;
  return {};
}

// ---- access log subscriptions ----

/** Where access logs can go, by the destination ARN's service. */
const DESTINATIONS: Record<string, RegExp> = {
  logs: /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+(:\*)?$/,
  s3: /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/,
  firehose: /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/.+$/,
};

function destinationType(arn: string, field: string): string {
  const service = arn.split(':')[2];
  if (!DESTINATIONS[service]?.test(arn)) throw invalidField(field, `the destination must be a CloudWatch Logs log group, an S3 bucket or a Firehose delivery stream (got ${JSON.stringify(arn)})`);
  return service;
}

/** A resource has at most one subscription per destination type. */
function refuseSecondOfType(ctx: LatticeContext, resourceId: string, type: string, except?: string): void {
  const same = ctx.all('AccessLogSubscription', (a) => a.resourceId === resourceId && a.id !== except && a.destinationArn.split(':')[2] === type)[0];
  if (same) throw conflict('ACCESS_LOG_SUBSCRIPTION', same.id, `${resourceId} already has an access log subscription to a ${type} destination (${same.id})`);
}

const view = (a: AccessLogSubscriptionRecord) => ({
  arn: a.arn,
  id: a.id,
  resourceArn: a.resourceArn,
  resourceId: a.resourceId,
  destinationArn: a.destinationArn,
  serviceNetworkLogType: a.serviceNetworkLogType,
});

export function createAccessLogSubscription(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const replay = replayCreate(ctx, 'AccessLogSubscription', 'ACCESS_LOG_SUBSCRIPTION', 'CreateAccessLogSubscription', input);
  if (replay !== undefined) return replay as Record<string, unknown>;
  const resource = requireGoverned(ctx, input.resourceIdentifier as string);
  const destinationArn = input.destinationArn as string;
  const type = destinationType(destinationArn, 'destinationArn');
  if (input.serviceNetworkLogType !== undefined && resource.kind !== 'ServiceNetwork') throw invalidField('serviceNetworkLogType', 'only a service network\'s subscription has a log type');
  const id = ctx.newId('AccessLogSubscription');
  const arn = arnOf.accessLogSubscription(ctx.env, id);
  const tags = tagsFromInput(input, arn);
  refuseSecondOfType(ctx, resource.id, type);
  const record: AccessLogSubscriptionRecord = {
    kind: 'AccessLogSubscription',
    ...ctx.recordBase(id, arn, tags),
    resourceId: resource.id,
    resourceArn: resource.arn,
    destinationArn,
    ...(resource.kind === 'ServiceNetwork' ? { serviceNetworkLogType: (input.serviceNetworkLogType as string | undefined) ?? 'SERVICE' } : {}),
  };
  const response = view(record);
  rememberCreate(record, 'CreateAccessLogSubscription', input, response);
  ctx.put(record);
  return response;
}

export function getAccessLogSubscription(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const a = ctx.require('AccessLogSubscription', input.accessLogSubscriptionIdentifier as string);
  return { ...view(a), createdAt: a.createdAt, lastUpdatedAt: a.lastUpdatedAt };
}

/** Only the destination changes, within the per-type rule. */
export function updateAccessLogSubscription(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const a = ctx.require('AccessLogSubscription', input.accessLogSubscriptionIdentifier as string);
  const destinationArn = input.destinationArn as string;
  refuseSecondOfType(ctx, a.resourceId, destinationType(destinationArn, 'destinationArn'), a.id);
  a.destinationArn = destinationArn;
  a.lastUpdatedAt = ctx.now;
  const { serviceNetworkLogType: _type, ...rest } = view(a);
  return rest;
}

export function deleteAccessLogSubscription(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  ctx.remove(ctx.require('AccessLogSubscription', input.accessLogSubscriptionIdentifier as string));
  return {};
}

/** The subscriptions of one service network or service (the filter is required). */
export function listAccessLogSubscriptions(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const resource = requireGoverned(ctx, input.resourceIdentifier as string);
  const page = paginate(
    ctx.all('AccessLogSubscription', (a) => a.resourceId === resource.id),
    (a) => seqKey(a.seq),
    { maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined, scope: `ListAccessLogSubscriptions:${resource.id}` },
  );
  return { items: page.items.map((a) => ({ ...view(a), createdAt: a.createdAt, lastUpdatedAt: a.lastUpdatedAt })), nextToken: page.nextToken };
}

/** What goes with a deleted service network or service. */
export function removeSubscriptionsOf(ctx: LatticeContext, resourceId: string): void {
  for (const a of ctx.all('AccessLogSubscription', (x) => x.resourceId === resourceId)) ctx.remove(a);
}
