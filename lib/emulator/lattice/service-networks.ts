import type { OperationInput } from '../wire/rest-json';
import type { LatticeContext } from './context';
import { conflict } from './errors';
import { arnOf } from './ids';
import { rememberCreate, replayCreate } from './idempotency';
import { removeSubscriptionsOf } from './policies-and-logs';
import { paginate, seqKey } from './pagination';
import { checkQuota, LATTICE_QUOTAS } from './quotas';
import type { ServiceNetworkRecord } from './state';
import { tagsFromInput } from './tags';

function associationCounts(ctx: LatticeContext, sn: ServiceNetworkRecord) {
  return {
    numberOfAssociatedServices: ctx.all('ServiceNetworkServiceAssociation', (a) => a.serviceNetworkId === sn.id).length,
    numberOfAssociatedVPCs: ctx.all('ServiceNetworkVpcAssociation', (a) => a.serviceNetworkId === sn.id).length,
  };
}

const identity = (sn: ServiceNetworkRecord) => ({ arn: sn.arn, id: sn.id, name: sn.name });

export function createServiceNetwork(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const replay = replayCreate(ctx, 'ServiceNetwork', 'SERVICE_NETWORK', 'CreateServiceNetwork', input);
  if (replay !== undefined) return replay as Record<string, unknown>;
  const name = input.name as string;
  const id = ctx.newId('ServiceNetwork');
  const arn = arnOf.serviceNetwork(ctx.env, id);
  const tags = tagsFromInput(input, arn);
  const same = ctx.all('ServiceNetwork', (sn) => sn.name === name)[0];
  if (same) throw conflict('SERVICE_NETWORK', same.id, `A service network named ${name} already exists in account ${ctx.account} (${same.id})`);
  checkQuota(ctx, LATTICE_QUOTAS.serviceNetworks, ctx.all('ServiceNetwork').length + 1, 'SERVICE_NETWORK', `in account ${ctx.account}`);
  const record: ServiceNetworkRecord = {
    kind: 'ServiceNetwork',
    ...ctx.recordBase(id, arn, tags),
    name,
    authType: (input.authType as string | undefined) ?? 'NONE',
    ...(input.sharingConfig ? { sharingConfig: input.sharingConfig as { enabled?: boolean } } : {}),
  };
  const response = { ...identity(record), authType: record.authType, sharingConfig: record.sharingConfig };
  rememberCreate(record, 'CreateServiceNetwork', input, response);
  ctx.put(record);
  return response;
}

export function getServiceNetwork(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const sn = ctx.require('ServiceNetwork', input.serviceNetworkIdentifier as string);
  return { ...identity(sn), authType: sn.authType, sharingConfig: sn.sharingConfig, createdAt: sn.createdAt, lastUpdatedAt: sn.lastUpdatedAt, ...associationCounts(ctx, sn) };
}

/** Only `authType` can change; the name and sharing are fixed at creation. */
export function updateServiceNetwork(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const sn = ctx.require('ServiceNetwork', input.serviceNetworkIdentifier as string);
  sn.authType = input.authType as string;
  sn.lastUpdatedAt = ctx.now;
  return { ...identity(sn), authType: sn.authType };
}

/** Refused while any service or VPC is associated with the network (in any state); its access-log subscriptions go with it. */
export function deleteServiceNetwork(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const sn = ctx.require('ServiceNetwork', input.serviceNetworkIdentifier as string);
  const { numberOfAssociatedServices: services, numberOfAssociatedVPCs: vpcs } = associationCounts(ctx, sn);
  if (services > 0 || vpcs > 0) {
    throw conflict('SERVICE_NETWORK', sn.id, `Service network ${sn.id} cannot be deleted while it has ${services} service association(s) and ${vpcs} VPC association(s); delete them first`);
  }
  removeSubscriptionsOf(ctx, sn.id);
  ctx.remove(sn);
  return {};
}

export function listServiceNetworks(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const page = paginate(ctx.all('ServiceNetwork'), (sn) => seqKey(sn.seq), { maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined, scope: 'ListServiceNetworks' });
  return {
    items: page.items.map((sn) => ({ ...identity(sn), createdAt: sn.createdAt, lastUpdatedAt: sn.lastUpdatedAt, ...associationCounts(ctx, sn), numberOfAssociatedResourceConfigurations: 0 })),
    nextToken: page.nextToken,
  };
}
