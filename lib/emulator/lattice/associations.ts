import type { OperationInput } from '../wire/rest-json';
import type { LatticeContext } from './context';
import { conflict, validation } from './errors';
import { arnOf, idOfIdentifier } from './ids';
import { rememberCreate, replayCreate } from './idempotency';
import { paginate, seqKey } from './pagination';
import { checkQuota, LATTICE_QUOTAS } from './quotas';
import type { ServiceNetworkServiceAssociationRecord as Snsa, ServiceNetworkVpcAssociationRecord as Snva } from './state';
import { tagsFromInput } from './tags';

/** A list filter given as an id or an ARN: the id, or undefined when the ARN is not this account's. */
function filterId(ctx: LatticeContext, identifier: string | undefined, arnPart: string): string | undefined {
  if (identifier === undefined) return undefined;
  if (!identifier.startsWith('arn:')) return identifier;
  return identifier.startsWith(`arn:aws:vpc-lattice:${ctx.env.region}:${ctx.account}:${arnPart}/`) ? idOfIdentifier(identifier) : '';
}

// ---- service network ↔ service ----

function snsaView(ctx: LatticeContext, a: Snsa) {
  const sn = ctx.find('ServiceNetwork', a.serviceNetworkId);
  const svc = ctx.find('Service', a.serviceId);
  return {
    arn: a.arn,
    id: a.id,
    status: ctx.status(a),
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    serviceArn: svc?.arn,
    serviceId: a.serviceId,
    serviceName: svc?.name,
    customDomainName: svc?.customDomainName,
    dnsEntry: svc?.dnsEntry,
    serviceNetworkArn: sn?.arn,
    serviceNetworkId: a.serviceNetworkId,
    serviceNetworkName: sn?.name,
  };
}

/**
 * One association per (service network, service); a custom domain name can be used by only one
 * service in a service network.
 */
export function createServiceNetworkServiceAssociation(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const replay = replayCreate(ctx, 'ServiceNetworkServiceAssociation', 'SERVICE_NETWORK_SERVICE_ASSOCIATION', 'CreateServiceNetworkServiceAssociation', input);
  if (replay !== undefined) return replay as Record<string, unknown>;
  const sn = ctx.require('ServiceNetwork', input.serviceNetworkIdentifier as string);
  const svc = ctx.require('Service', input.serviceIdentifier as string);
  if (svc.pending?.phase === 'DELETE') throw conflict('SERVICE', svc.id, `Service ${svc.id} is ${ctx.status(svc)}`);
  const id = ctx.newId('ServiceNetworkServiceAssociation');
  const arn = arnOf.serviceNetworkServiceAssociation(ctx.env, id);
  const tags = tagsFromInput(input, arn);
  const inNetwork = ctx.all('ServiceNetworkServiceAssociation', (a) => a.serviceNetworkId === sn.id);
  const same = inNetwork.find((a) => a.serviceId === svc.id);
  if (same) throw conflict('SERVICE_NETWORK_SERVICE_ASSOCIATION', same.id, `Service ${svc.id} is already associated with service network ${sn.id} (${same.id})`);
  if (svc.customDomainName) {
    const clash = inNetwork.map((a) => ctx.find('Service', a.serviceId)).find((other) => other?.customDomainName === svc.customDomainName);
    if (clash) throw conflict('SERVICE_NETWORK_SERVICE_ASSOCIATION', clash.id, `Service ${clash.id} in service network ${sn.id} already uses the custom domain name ${svc.customDomainName}`);
  }
  checkQuota(ctx, LATTICE_QUOTAS.serviceAssociationsPerServiceNetwork, inNetwork.length + 1, 'SERVICE_NETWORK_SERVICE_ASSOCIATION', `in service network ${sn.id}`);
  const record: Snsa = { kind: 'ServiceNetworkServiceAssociation', ...ctx.recordBase(id, arn, tags), serviceNetworkId: sn.id, serviceId: svc.id, createdBy: ctx.account, pending: ctx.pending('CREATE') };
  const response = { arn, id, status: 'CREATE_IN_PROGRESS', createdBy: ctx.account, customDomainName: svc.customDomainName, dnsEntry: svc.dnsEntry };
  rememberCreate(record, 'CreateServiceNetworkServiceAssociation', input, response);
  ctx.put(record);
  return response;
}

export function getServiceNetworkServiceAssociation(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  return snsaView(ctx, ctx.require('ServiceNetworkServiceAssociation', input.serviceNetworkServiceAssociationIdentifier as string));
}

export function deleteServiceNetworkServiceAssociation(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const a = ctx.require('ServiceNetworkServiceAssociation', input.serviceNetworkServiceAssociationIdentifier as string);
  if (a.pending?.phase !== 'DELETE') {
    a.pending = ctx.pending('DELETE');
    a.lastUpdatedAt = ctx.now;
  }
  return { arn: a.arn, id: a.id, status: 'DELETE_IN_PROGRESS' };
}

/** Needs a service network or a service to list by (the API refuses an unfiltered list). */
export function listServiceNetworkServiceAssociations(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const sn = filterId(ctx, input.serviceNetworkIdentifier as string | undefined, 'servicenetwork');
  const svc = filterId(ctx, input.serviceIdentifier as string | undefined, 'service');
  if (sn === undefined && svc === undefined) throw validation('You must specify a serviceNetworkIdentifier or a serviceIdentifier', 'fieldValidationFailed', [{ name: 'serviceNetworkIdentifier', message: 'either serviceNetworkIdentifier or serviceIdentifier is required' }]);
  const matching = ctx.all('ServiceNetworkServiceAssociation', (a) => (sn === undefined || a.serviceNetworkId === sn) && (svc === undefined || a.serviceId === svc));
  const page = paginate(matching, (a) => seqKey(a.seq), { maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined, scope: `ListServiceNetworkServiceAssociations:${sn ?? ''}:${svc ?? ''}` });
  return { items: page.items.map((a) => snsaView(ctx, a)), nextToken: page.nextToken };
}

// ---- service network ↔ VPC ----

function snvaView(ctx: LatticeContext, a: Snva) {
  const sn = ctx.find('ServiceNetwork', a.serviceNetworkId);
  return {
    arn: a.arn,
    id: a.id,
    status: ctx.status(a),
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    lastUpdatedAt: a.lastUpdatedAt,
    vpcId: a.vpcId,
    securityGroupIds: a.securityGroupIds,
    privateDnsEnabled: a.privateDnsEnabled,
    dnsOptions: a.dnsOptions,
    serviceNetworkArn: sn?.arn,
    serviceNetworkId: a.serviceNetworkId,
    serviceNetworkName: sn?.name,
  };
}

/** A VPC can be associated with one service network only. */
export function createServiceNetworkVpcAssociation(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const replay = replayCreate(ctx, 'ServiceNetworkVpcAssociation', 'SERVICE_NETWORK_VPC_ASSOCIATION', 'CreateServiceNetworkVpcAssociation', input);
  if (replay !== undefined) return replay as Record<string, unknown>;
  const sn = ctx.require('ServiceNetwork', input.serviceNetworkIdentifier as string);
  const vpcId = input.vpcIdentifier as string;
  const id = ctx.newId('ServiceNetworkVpcAssociation');
  const arn = arnOf.serviceNetworkVpcAssociation(ctx.env, id);
  const tags = tagsFromInput(input, arn);
  const ofVpc = ctx.all('ServiceNetworkVpcAssociation', (a) => a.vpcId === vpcId)[0];
  if (ofVpc) {
    const why = ofVpc.serviceNetworkId === sn.id ? `is already associated with service network ${sn.id}` : `is already associated with service network ${ofVpc.serviceNetworkId}; a VPC can be associated with one service network only`;
    throw conflict('SERVICE_NETWORK_VPC_ASSOCIATION', ofVpc.id, `VPC ${vpcId} ${why} (${ofVpc.id})`);
  }
  checkQuota(ctx, LATTICE_QUOTAS.vpcAssociationsPerServiceNetwork, ctx.all('ServiceNetworkVpcAssociation', (a) => a.serviceNetworkId === sn.id).length + 1, 'SERVICE_NETWORK_VPC_ASSOCIATION', `in service network ${sn.id}`);
  const record: Snva = {
    kind: 'ServiceNetworkVpcAssociation',
    ...ctx.recordBase(id, arn, tags),
    serviceNetworkId: sn.id,
    vpcId,
    securityGroupIds: [...((input.securityGroupIds as string[] | undefined) ?? [])],
    ...(input.privateDnsEnabled !== undefined ? { privateDnsEnabled: input.privateDnsEnabled as boolean } : {}),
    ...(input.dnsOptions !== undefined ? { dnsOptions: input.dnsOptions as Record<string, unknown> } : {}),
    createdBy: ctx.account,
    pending: ctx.pending('CREATE'),
  };
  const response = { arn, id, status: 'CREATE_IN_PROGRESS', createdBy: ctx.account, securityGroupIds: record.securityGroupIds, privateDnsEnabled: record.privateDnsEnabled, dnsOptions: record.dnsOptions };
  rememberCreate(record, 'CreateServiceNetworkVpcAssociation', input, response);
  ctx.put(record);
  return response;
}

export function getServiceNetworkVpcAssociation(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  return snvaView(ctx, ctx.require('ServiceNetworkVpcAssociation', input.serviceNetworkVpcAssociationIdentifier as string));
}

/** Only the security groups change (1–5: an association with groups cannot go back to none). */
export function updateServiceNetworkVpcAssociation(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const a = ctx.require('ServiceNetworkVpcAssociation', input.serviceNetworkVpcAssociationIdentifier as string);
  const status = ctx.status(a);
  if (status !== 'ACTIVE') throw conflict('SERVICE_NETWORK_VPC_ASSOCIATION', a.id, `Service network VPC association ${a.id} is ${status}; wait until it is ACTIVE`);
  a.securityGroupIds = [...(input.securityGroupIds as string[])];
  a.pending = ctx.pending('UPDATE');
  a.lastUpdatedAt = ctx.now;
  return { arn: a.arn, id: a.id, createdBy: a.createdBy, securityGroupIds: a.securityGroupIds, status: 'UPDATE_IN_PROGRESS' };
}

export function deleteServiceNetworkVpcAssociation(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const a = ctx.require('ServiceNetworkVpcAssociation', input.serviceNetworkVpcAssociationIdentifier as string);
  if (a.pending?.phase !== 'DELETE') {
    a.pending = ctx.pending('DELETE');
    a.lastUpdatedAt = ctx.now;
  }
  return { arn: a.arn, id: a.id, status: 'DELETE_IN_PROGRESS' };
}

/** Needs a service network or a VPC to list by. */
export function listServiceNetworkVpcAssociations(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const sn = filterId(ctx, input.serviceNetworkIdentifier as string | undefined, 'servicenetwork');
  const vpc = input.vpcIdentifier as string | undefined;
  if (sn === undefined && vpc === undefined) throw validation('You must specify a serviceNetworkIdentifier or a vpcIdentifier', 'fieldValidationFailed', [{ name: 'serviceNetworkIdentifier', message: 'either serviceNetworkIdentifier or vpcIdentifier is required' }]);
  const matching = ctx.all('ServiceNetworkVpcAssociation', (a) => (sn === undefined || a.serviceNetworkId === sn) && (vpc === undefined || a.vpcId === vpc));
  const page = paginate(matching, (a) => seqKey(a.seq), { maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined, scope: `ListServiceNetworkVpcAssociations:${sn ?? ''}:${vpc ?? ''}` });
  return { items: page.items.map((a) => snvaView(ctx, a)), nextToken: page.nextToken };
}
