import { canonicalInput, type CloudMapContext } from './context';
import { CloudMapApiError, invalidInput, resourceInUse, serviceNotFound } from './errors';
import { checkFilters, type FilterInput } from './filters';
import { cloudMapArn, newServiceId, resolveIdOrArn } from './ids';
import { findNamespace, ownerMatches } from './namespaces';
import { inFlight, instancesOf, nextSeq } from './state';
import { inFlightOn, refuseDuplicate, submitOperation } from './operations';
import { paginate } from './pagination';
import { mergedTags } from './tags';
import type {
  DnsConfigRecord,
  DnsRecord,
  HealthCheckConfigRecord,
  NamespaceRecord,
  OperationEffect,
  ServiceRecord,
  ServiceType,
  Tag,
} from './state';

export function findService(ctx: CloudMapContext, idOrArn: string, field = 'Id'): ServiceRecord {
  const id = resolveIdOrArn(ctx.env, idOrArn, 'service', field);
  const service = id === undefined ? undefined : ctx.state.services[id];
  if (!service) throw serviceNotFound(idOrArn);
  return service;
}

/** Service names collide case-insensitively in DNS namespaces (they are DNS labels), exactly in HTTP ones. */
function sameName(ns: NamespaceRecord, a: string, b: string): boolean {
  return ns.type === 'HTTP' ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** The record type sets the API accepts (docs/aws-behaviour.md §10.4). */
const RECORD_TYPE_SETS = ['A', 'AAAA', 'A,AAAA', 'SRV', 'CNAME'];

function recordTypes(records: readonly DnsRecord[]): string {
  return records
    .map((r) => r.Type)
    .sort()
    .join(',');
}

function checkDnsRecords(records: readonly DnsRecord[], path: string): void {
  if (records.length === 0) throw invalidInput(`${path}: give at least one DNS record`);
  const types = recordTypes(records);
  if (new Set(records.map((r) => r.Type)).size !== records.length) throw invalidInput(`${path}: each record type may appear once (got ${types})`);
  if (!RECORD_TYPE_SETS.includes(types)) {
    throw invalidInput(`${path}: the record types must be one of A, AAAA, A and AAAA, SRV, or CNAME (got ${types})`);
  }
}

function checkHealthCheckConfig(ns: NamespaceRecord, config: HealthCheckConfigRecord, path: string): void {
  // Route 53 health checks need a public endpoint: only public DNS and HTTP namespaces take them.
  if (ns.type === 'DNS_PRIVATE') throw invalidInput(`${path}: health checks (HealthCheckConfig) are not supported in private DNS namespaces; use HealthCheckCustomConfig`);
  if (config.Type === 'TCP' && config.ResourcePath !== undefined) throw invalidInput(`${path}.ResourcePath: not allowed when Type is TCP`);
}

interface CreateServiceInput {
  Name: string;
  NamespaceId?: string;
  CreatorRequestId?: string;
  Description?: string;
  DnsConfig?: { NamespaceId?: string; RoutingPolicy?: 'MULTIVALUE' | 'WEIGHTED'; DnsRecords: DnsRecord[] };
  HealthCheckConfig?: HealthCheckConfigRecord;
  HealthCheckCustomConfig?: { FailureThreshold?: number };
  Tags?: Tag[];
  Type?: 'HTTP';
}

function namespaceOfNewService(ctx: CloudMapContext, input: CreateServiceInput): NamespaceRecord {
  const top = input.NamespaceId;
  const legacy = input.DnsConfig?.NamespaceId;
  if (top === undefined && legacy === undefined) throw invalidInput('NamespaceId: required (the namespace to create the service in)');
  const ns = findNamespace(ctx, (top ?? legacy)!, top !== undefined ? 'NamespaceId' : 'DnsConfig.NamespaceId');
  if (top !== undefined && legacy !== undefined && findNamespace(ctx, legacy, 'DnsConfig.NamespaceId').id !== ns.id) {
    throw invalidInput('DnsConfig.NamespaceId: differs from NamespaceId; give only NamespaceId (DnsConfig.NamespaceId is deprecated)');
  }
  return ns;
}

export function createService(ctx: CloudMapContext, input: CreateServiceInput) {
  const { state, env } = ctx;
  const ns = namespaceOfNewService(ctx, input);
  const token = input.CreatorRequestId;
  const canonical = canonicalInput({ ...input, NamespaceId: ns.id, DnsConfig: input.DnsConfig && { ...input.DnsConfig, NamespaceId: undefined } });

  const existing = Object.values(state.services).find((s) => s.namespaceId === ns.id && sameName(ns, s.name, input.Name));
  if (existing) {
    if (token !== undefined && existing.creatorRequestId === token && existing.createInput === canonical) return { Service: serviceOutput(ctx, existing) };
    throw new CloudMapApiError('ServiceAlreadyExists', `A service named ${existing.name} already exists in namespace ${ns.id}: ${existing.id}`, {
      ...(existing.creatorRequestId !== undefined ? { CreatorRequestId: existing.creatorRequestId } : {}),
      ServiceId: existing.id,
      ServiceArn: existing.arn,
    });
  }

  const dns = input.DnsConfig;
  if (dns && input.Type === 'HTTP') throw invalidInput('DnsConfig: not allowed with Type HTTP (instances of an HTTP service are discovered with DiscoverInstances only)');
  if (dns && ns.type === 'HTTP') throw invalidInput(`DnsConfig: not allowed for a service in an HTTP namespace (${ns.id})`);
  if (dns) {
    checkDnsRecords(dns.DnsRecords, 'DnsConfig.DnsRecords');
    const cname = dns.DnsRecords.some((r) => r.Type === 'CNAME');
    if (cname && dns.RoutingPolicy !== 'WEIGHTED') throw invalidInput('DnsConfig.RoutingPolicy: a CNAME record needs the WEIGHTED routing policy');
    if (cname && input.HealthCheckConfig) throw invalidInput('HealthCheckConfig: not allowed with a CNAME record');
  }
  if (input.HealthCheckConfig && input.HealthCheckCustomConfig) {
    throw invalidInput('HealthCheckCustomConfig: give either HealthCheckConfig or HealthCheckCustomConfig, not both');
  }
  if (input.HealthCheckConfig) checkHealthCheckConfig(ns, input.HealthCheckConfig, 'HealthCheckConfig');

  const id = newServiceId(env);
  const arn = cloudMapArn(env, 'service', id);
  const tags = mergedTags([], input.Tags, arn);
  // Type is server-filled (docs/aws-behaviour.md §10.7): DNS_HTTP when instances get DNS records, else HTTP.
  // A DNS-namespace service created without DnsConfig has no records to register, so it is HTTP [unverified].
  const type: ServiceType = dns ? 'DNS_HTTP' : 'HTTP';
  const service: ServiceRecord = {
    id,
    arn,
    name: input.Name,
    namespaceId: ns.id,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    // Route 53 needs a routing policy; MULTIVALUE when none is given (Terraform's default too) [unverified].
    ...(dns ? { dnsConfig: { RoutingPolicy: dns.RoutingPolicy ?? 'MULTIVALUE', DnsRecords: dns.DnsRecords.map((r) => ({ ...r })) } } : {}),
    ...(input.HealthCheckConfig ? { healthCheckConfig: { ...input.HealthCheckConfig } } : {}),
    // FailureThreshold "is no longer supported and is always set to 1".
    ...(input.HealthCheckCustomConfig ? { healthCheckCustomConfig: { FailureThreshold: 1 } } : {}),
    type,
    createdAt: ctx.now,
    ...(token !== undefined ? { creatorRequestId: token } : {}),
    createInput: canonical,
    tags,
    attributes: {},
    revision: 0,
    seq: nextSeq(state),
  };
  state.services[id] = service;
  return { Service: serviceOutput(ctx, service) };
}

/**
 * DnsConfig as the service shows it: the namespace id is filled in (AWS CLI examples show it even
 * when the request gave only the top-level NamespaceId), and a service without DNS records shows
 * an empty `DnsConfig` (get-service example for an HTTP service).
 */
function dnsConfigOutput(service: ServiceRecord, withNamespace: boolean): Partial<DnsConfigRecord> & { NamespaceId?: string } {
  if (!service.dnsConfig) return {};
  return { ...(withNamespace ? { NamespaceId: service.namespaceId } : {}), RoutingPolicy: service.dnsConfig.RoutingPolicy, DnsRecords: service.dnsConfig.DnsRecords };
}

export function serviceOutput(ctx: CloudMapContext, service: ServiceRecord) {
  return {
    Id: service.id,
    Arn: service.arn,
    ResourceOwner: ctx.env.account,
    Name: service.name,
    NamespaceId: service.namespaceId,
    Description: service.description,
    InstanceCount: instancesOf(ctx.state, service.id).length,
    DnsConfig: dnsConfigOutput(service, true),
    HealthCheckConfig: service.healthCheckConfig,
    HealthCheckCustomConfig: service.healthCheckCustomConfig,
    Type: service.type,
    CreateDate: new Date(service.createdAt),
    CreatorRequestId: service.creatorRequestId,
    CreatedByAccount: ctx.env.account,
  };
}

function serviceSummary(ctx: CloudMapContext, service: ServiceRecord) {
  return {
    Id: service.id,
    Arn: service.arn,
    ResourceOwner: ctx.env.account,
    Name: service.name,
    Type: service.type,
    Description: service.description,
    InstanceCount: instancesOf(ctx.state, service.id).length,
    DnsConfig: dnsConfigOutput(service, false),
    HealthCheckConfig: service.healthCheckConfig,
    HealthCheckCustomConfig: service.healthCheckCustomConfig,
    CreateDate: new Date(service.createdAt),
    CreatedByAccount: ctx.env.account,
  };
}

export function getService(ctx: CloudMapContext, input: { Id: string }) {
  return { Service: serviceOutput(ctx, findService(ctx, input.Id)) };
}

const SERVICE_FILTERS = { NAMESPACE_ID: ['EQ'], RESOURCE_OWNER: ['EQ'] } as const;

export function listServices(ctx: CloudMapContext, input: { Filters?: FilterInput[]; MaxResults?: number; NextToken?: string }) {
  const filters = checkFilters(input.Filters, SERVICE_FILTERS);
  const namespaceIds = filters.map((f, i) => (f.name === 'NAMESPACE_ID' ? resolveIdOrArn(ctx.env, f.values[0], 'namespace', `Filters[${i}].Values`) : undefined));
  filters.forEach((f, i) => {
    if (f.name === 'RESOURCE_OWNER' && !['SELF', 'OTHER_ACCOUNTS'].includes(f.values[0])) throw invalidInput(`Filters[${i}].Values: RESOURCE_OWNER takes SELF or OTHER_ACCOUNTS`);
  });
  const all = Object.values(ctx.state.services).sort((a, b) => a.seq - b.seq);
  const { page, nextToken } = paginate(all, { scope: 'ListServices', maxResults: input.MaxResults, nextToken: input.NextToken });
  // Filtered after paging, like ListNamespaces: a page may be empty while NextToken is set.
  const matches = page.filter((s) =>
    filters.every((f, i) => (f.name === 'NAMESPACE_ID' ? namespaceIds[i] !== undefined && s.namespaceId === namespaceIds[i] : ownerMatches(f.values))),
  );
  return { Services: matches.map((s) => serviceSummary(ctx, s)), NextToken: nextToken };
}

interface UpdateServiceInput {
  Id: string;
  Service: { Description?: string; DnsConfig?: { DnsRecords: DnsRecord[] }; HealthCheckConfig?: HealthCheckConfigRecord };
}

/**
 * UpdateService (asynchronous). Omitted DnsConfig and HealthCheckConfig are deleted from the
 * service (API reference: "If you omit any existing DnsRecords or HealthCheckConfig configurations
 * from an UpdateService request, the configurations are deleted"); an omitted Description is kept;
 * record types and the health check type cannot change; HealthCheckCustomConfig cannot be
 * touched. Allowed for services in HTTP namespaces too (description and HealthCheckConfig) [unverified].
 */
export function updateService(ctx: CloudMapContext, input: UpdateServiceInput) {
  const service = findService(ctx, input.Id);
  const ns = ctx.state.namespaces[service.namespaceId];
  const change = input.Service;
  refuseDuplicate(
    inFlightOn(ctx, (op) => op.effect.kind === 'update-service' && op.effect.serviceId === service.id),
    `service ${service.id}`,
  );
  if (change.DnsConfig) {
    if (!service.dnsConfig) throw invalidInput(`Service.DnsConfig: service ${service.id} has no DNS records; record types cannot be added after creation`);
    checkDnsRecords(change.DnsConfig.DnsRecords, 'Service.DnsConfig.DnsRecords');
    const before = recordTypes(service.dnsConfig.DnsRecords);
    const after = recordTypes(change.DnsConfig.DnsRecords);
    if (before !== after) throw invalidInput(`Service.DnsConfig.DnsRecords: record types cannot change (${before} → ${after}); only TTLs can be updated`);
  }
  const hc = change.HealthCheckConfig;
  if (hc) {
    if (service.healthCheckCustomConfig) throw invalidInput('Service.HealthCheckConfig: the service has HealthCheckCustomConfig; the two are mutually exclusive');
    checkHealthCheckConfig(ns, hc, 'Service.HealthCheckConfig');
    if (change.DnsConfig?.DnsRecords.some((r) => r.Type === 'CNAME')) throw invalidInput('Service.HealthCheckConfig: not allowed with a CNAME record');
    if (service.healthCheckConfig && service.healthCheckConfig.Type !== hc.Type) {
      throw invalidInput(`Service.HealthCheckConfig.Type: cannot change (${service.healthCheckConfig.Type} → ${hc.Type})`);
    }
  }
  const op = submitOperation(ctx, {
    type: 'UPDATE_SERVICE',
    targets: { SERVICE: service.id },
    effect: {
      kind: 'update-service',
      serviceId: service.id,
      ...(change.Description !== undefined ? { description: change.Description } : {}),
      ...(change.DnsConfig ? { dnsRecords: change.DnsConfig.DnsRecords.map((r) => ({ ...r })) } : {}),
      ...(hc ? { healthCheckConfig: { ...hc } } : {}),
    },
    input: canonicalInput({ operation: 'UpdateService', Id: service.id, Service: change }),
  });
  return { OperationId: op.id };
}

export function deleteService(ctx: CloudMapContext, input: { Id: string }) {
  const service = findService(ctx, input.Id);
  const registered = instancesOf(ctx.state, service.id).length;
  const registering = inFlight(ctx.state).filter((op) => op.effect.kind === 'register-instance' && op.effect.serviceId === service.id).length;
  if (registered + registering > 0) {
    throw resourceInUse(
      `Service ${service.id} has ${registered} registered instance(s)${registering ? ` and ${registering} registration(s) in progress` : ''}; deregister them first`,
    );
  }
  delete ctx.state.services[service.id];
  delete ctx.state.instances[service.id];
  return {};
}

/** Applies a settled UpdateService; returns why it fails when the service is gone. */
export function applyServiceEffect(ctx: CloudMapContext, effect: Extract<OperationEffect, { kind: 'update-service' }>): string | undefined {
  const service = ctx.state.services[effect.serviceId];
  if (!service) return `Service ${effect.serviceId} no longer exists`;
  if (effect.description !== undefined) service.description = effect.description;
  // Records omitted from the update are deleted; the service keeps its Type (DNS_HTTP) [unverified].
  if (effect.dnsRecords && service.dnsConfig) service.dnsConfig = { ...service.dnsConfig, DnsRecords: effect.dnsRecords };
  else delete service.dnsConfig;
  if (effect.healthCheckConfig) service.healthCheckConfig = effect.healthCheckConfig;
  else delete service.healthCheckConfig;
  return undefined;
}
