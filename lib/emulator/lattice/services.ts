import type { OperationInput } from '../wire/rest-json';
import type { LatticeContext } from './context';
import { conflict, invalidField } from './errors';
import { arnOf, serviceDnsEntry } from './ids';
import { removeSubscriptionsOf } from './policies-and-logs';
import { rememberCreate, replayCreate } from './idempotency';
import { paginate, seqKey } from './pagination';
import { checkQuota, LATTICE_QUOTAS } from './quotas';
import type { ServiceRecord } from './state';
import { tagsFromInput } from './tags';

const identity = (s: ServiceRecord) => ({ arn: s.arn, id: s.id, name: s.name });

/** A resource in the middle of being deleted takes no further changes. */
export function refuseIfDeleting(ctx: LatticeContext, s: ServiceRecord, what: string): void {
  if (s.pending?.phase === 'DELETE') throw conflict('SERVICE', s.id, `Service ${s.id} is ${ctx.status(s)}; ${what}`);
}

/** Listeners go on ACTIVE services only: clients poll GetService after CreateService. */
export function requireActiveService(ctx: LatticeContext, identifier: string): ServiceRecord {
  const s = ctx.require('Service', identifier);
  const status = ctx.status(s);
  if (status !== 'ACTIVE') throw conflict('SERVICE', s.id, `Service ${s.id} is ${status}; wait until it is ACTIVE`);
  return s;
}

export function createService(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const replay = replayCreate(ctx, 'Service', 'SERVICE', 'CreateService', input);
  if (replay !== undefined) return replay as Record<string, unknown>;
  const name = input.name as string;
  const customDomainName = input.customDomainName as string | undefined;
  const certificateArn = input.certificateArn as string | undefined;
  if (certificateArn && !customDomainName) throw invalidField('certificateArn', 'a certificate is for a custom domain name: set customDomainName too');
  const id = ctx.newId('Service');
  const arn = arnOf.service(ctx.env, id);
  const tags = tagsFromInput(input, arn);
  const same = ctx.all('Service', (s) => s.name === name)[0];
  if (same) throw conflict('SERVICE', same.id, `A service named ${name} already exists in account ${ctx.account} (${same.id})`);
  checkQuota(ctx, LATTICE_QUOTAS.services, ctx.all('Service').length + 1, 'SERVICE', `in account ${ctx.account}`);
  const record: ServiceRecord = {
    kind: 'Service',
    ...ctx.recordBase(id, arn, tags),
    name,
    authType: (input.authType as string | undefined) ?? 'NONE',
    ...(customDomainName ? { customDomainName } : {}),
    ...(certificateArn ? { certificateArn } : {}),
    dnsEntry: serviceDnsEntry(ctx.env, name, id),
    pending: ctx.pending('CREATE'),
  };
  const response = { ...identity(record), authType: record.authType, certificateArn, customDomainName, dnsEntry: record.dnsEntry, status: 'CREATE_IN_PROGRESS' };
  rememberCreate(record, 'CreateService', input, response);
  ctx.put(record);
  return response;
}

export function getService(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const s = ctx.require('Service', input.serviceIdentifier as string);
  return {
    ...identity(s),
    authType: s.authType,
    certificateArn: s.certificateArn,
    customDomainName: s.customDomainName,
    dnsEntry: s.dnsEntry,
    status: ctx.status(s),
    createdAt: s.createdAt,
    lastUpdatedAt: s.lastUpdatedAt,
  };
}

/** `authType` and `certificateArn` can change; the name and custom domain name cannot. */
export function updateService(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const s = ctx.require('Service', input.serviceIdentifier as string);
  refuseIfDeleting(ctx, s, 'it cannot be updated');
  const certificateArn = input.certificateArn as string | undefined;
  if (certificateArn && !s.customDomainName) throw invalidField('certificateArn', `service ${s.id} has no custom domain name, so it takes no certificate`);
  if (input.authType !== undefined) s.authType = input.authType as string;
  if (certificateArn !== undefined) {
    if (certificateArn === '') delete s.certificateArn;
    else s.certificateArn = certificateArn;
  }
  s.lastUpdatedAt = ctx.now;
  return { ...identity(s), authType: s.authType, certificateArn: s.certificateArn, customDomainName: s.customDomainName };
}

/**
 * Refused while the service is associated with a service network. Its listeners, rules, auth
 * policy and access-log subscriptions go with it; the service itself shows DELETE_IN_PROGRESS until the deletion completes.
 */
export function deleteService(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const s = ctx.require('Service', input.serviceIdentifier as string);
  if (s.pending?.phase === 'DELETE') return { ...identity(s), status: ctx.status(s) };
  const association = ctx.all('ServiceNetworkServiceAssociation', (a) => a.serviceId === s.id)[0];
  if (association) {
    throw conflict('SERVICE', s.id, `Service ${s.id} cannot be deleted while it is associated with service network ${association.serviceNetworkId} (${association.id}); delete the association first`);
  }
  for (const r of ctx.all('Rule', (r) => r.serviceId === s.id)) ctx.remove(r);
  for (const l of ctx.all('Listener', (l) => l.serviceId === s.id)) ctx.remove(l);
  removeSubscriptionsOf(ctx, s.id);
  delete s.authPolicy;
  s.pending = ctx.pending('DELETE');
  s.lastUpdatedAt = ctx.now;
  return { ...identity(s), status: 'DELETE_IN_PROGRESS' };
}

export function listServices(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const page = paginate(ctx.all('Service'), (s) => seqKey(s.seq), { maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined, scope: 'ListServices' });
  return {
    items: page.items.map((s) => ({ ...identity(s), customDomainName: s.customDomainName, dnsEntry: s.dnsEntry, status: ctx.status(s), createdAt: s.createdAt, lastUpdatedAt: s.lastUpdatedAt })),
    nextToken: page.nextToken,
  };
}
