import { isIPv4, isIPv6 } from 'node:net';
import { canonicalInput, type CloudMapContext } from './context';
import { CloudMapApiError, instanceNotFound, invalidInput, namespaceNotFound, resourceLimitExceeded, serviceNotFound } from './errors';
import { inFlightOn, refuseDuplicate, submitOperation } from './operations';
import { paginate } from './pagination';
import { CLOUD_MAP_QUOTAS, MAX_ATTRIBUTES_CHARS, MAX_CUSTOM_ATTRIBUTES, quotaLimit } from './quotas';
import { findService } from './services';
import { inFlight, instancesOf, nextSeq, servicesIn } from './state';
import type { HealthStatus, InstanceRecord, NamespaceRecord, OperationEffect, OperationRecord, ServiceRecord } from './state';

/** Attribute keys Cloud Map gives a meaning to; any other key is a custom attribute. */
const RESERVED_ATTRIBUTES = new Set([
  'AWS_ALIAS_DNS_NAME',
  'AWS_EC2_INSTANCE_ID',
  'AWS_INIT_HEALTH_STATUS',
  'AWS_INSTANCE_CNAME',
  'AWS_INSTANCE_IPV4',
  'AWS_INSTANCE_IPV6',
  'AWS_INSTANCE_PORT',
]);

function targetInstance(op: OperationRecord, serviceId: string, instanceId: string): boolean {
  const e = op.effect;
  if (e.kind === 'register-instance') return e.serviceId === serviceId && e.instance.id === instanceId;
  if (e.kind === 'deregister-instance') return e.serviceId === serviceId && e.instanceId === instanceId;
  return false;
}

/**
 * The attribute rules of RegisterInstance (API reference, `Attributes`): what the service's DNS
 * records and health check need, the alias and EC2 special cases, and the size limits.
 */
function checkAttributes(service: ServiceRecord, ns: NamespaceRecord, attributes: Record<string, string>): void {
  const has = (k: string) => attributes[k] !== undefined;
  const custom = Object.keys(attributes).filter((k) => !RESERVED_ATTRIBUTES.has(k));
  if (custom.length > MAX_CUSTOM_ATTRIBUTES) throw invalidInput(`Attributes: at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes (got ${custom.length})`);
  const size = Object.entries(attributes).reduce((n, [k, v]) => n + k.length + v.length, 0);
  if (size > MAX_ATTRIBUTES_CHARS) throw invalidInput(`Attributes: keys and values may total at most ${MAX_ATTRIBUTES_CHARS} characters (got ${size})`);

  if (has('AWS_INSTANCE_IPV4') && !isIPv4(attributes.AWS_INSTANCE_IPV4)) throw invalidInput(`Attributes.AWS_INSTANCE_IPV4: ${JSON.stringify(attributes.AWS_INSTANCE_IPV4)} is not an IPv4 address`);
  if (has('AWS_INSTANCE_IPV6') && !isIPv6(attributes.AWS_INSTANCE_IPV6)) throw invalidInput(`Attributes.AWS_INSTANCE_IPV6: ${JSON.stringify(attributes.AWS_INSTANCE_IPV6)} is not an IPv6 address`);
  if (has('AWS_INSTANCE_PORT')) {
    const port = Number(attributes.AWS_INSTANCE_PORT);
    if (!/^\d+$/.test(attributes.AWS_INSTANCE_PORT) || port > 65535) throw invalidInput(`Attributes.AWS_INSTANCE_PORT: ${JSON.stringify(attributes.AWS_INSTANCE_PORT)} is not a port (0-65535)`);
  }
  if (has('AWS_INIT_HEALTH_STATUS') && !['HEALTHY', 'UNHEALTHY'].includes(attributes.AWS_INIT_HEALTH_STATUS)) {
    throw invalidInput('Attributes.AWS_INIT_HEALTH_STATUS: must be HEALTHY or UNHEALTHY');
  }
  if (has('AWS_EC2_INSTANCE_ID') && ns.type !== 'HTTP') throw invalidInput('Attributes.AWS_EC2_INSTANCE_ID: only for instances in HTTP namespaces');

  const dns = service.dnsConfig;
  const types = new Set(dns?.DnsRecords.map((r) => r.Type) ?? []);
  if (has('AWS_ALIAS_DNS_NAME')) {
    if (!dns || dns.RoutingPolicy !== 'WEIGHTED' || !(types.has('A') || types.has('AAAA'))) {
      throw invalidInput('Attributes.AWS_ALIAS_DNS_NAME: the service needs A and/or AAAA records and the WEIGHTED routing policy');
    }
    const instanceKeys = Object.keys(attributes).filter((k) => k.startsWith('AWS_INSTANCE_'));
    if (instanceKeys.length) throw invalidInput(`Attributes: AWS_ALIAS_DNS_NAME excludes the AWS_INSTANCE_ attributes (got ${instanceKeys.join(', ')})`);
    return;
  }
  const ip = has('AWS_INSTANCE_IPV4') || has('AWS_INSTANCE_IPV6');
  if (types.has('A') && types.has('AAAA')) {
    if (!ip) throw invalidInput('Attributes: the service has A and AAAA records; give AWS_INSTANCE_IPV4, AWS_INSTANCE_IPV6 or both');
  } else if (types.has('A') && !has('AWS_INSTANCE_IPV4')) {
    throw invalidInput('Attributes.AWS_INSTANCE_IPV4: required, the service has an A record');
  } else if (types.has('AAAA') && !has('AWS_INSTANCE_IPV6')) {
    throw invalidInput('Attributes.AWS_INSTANCE_IPV6: required, the service has an AAAA record');
  }
  if (types.has('SRV')) {
    if (!has('AWS_INSTANCE_PORT')) throw invalidInput('Attributes.AWS_INSTANCE_PORT: required, the service has an SRV record');
    if (!ip) throw invalidInput('Attributes: the service has an SRV record; give AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6');
  }
  if (types.has('CNAME') && !has('AWS_INSTANCE_CNAME')) throw invalidInput('Attributes.AWS_INSTANCE_CNAME: required, the service has a CNAME record');
  if (service.healthCheckConfig && !has('AWS_INSTANCE_PORT')) throw invalidInput('Attributes.AWS_INSTANCE_PORT: required, the service has a Route 53 health check');
}

interface RegisterInstanceInput {
  ServiceId: string;
  InstanceId: string;
  Attributes: Record<string, string>;
  CreatorRequestId?: string;
}

export function registerInstance(ctx: CloudMapContext, input: RegisterInstanceInput) {
  const { state, env } = ctx;
  const service = findService(ctx, input.ServiceId, 'ServiceId');
  const ns = state.namespaces[service.namespaceId];
  const token = input.CreatorRequestId;
  const canonical = canonicalInput({ operation: 'RegisterInstance', ServiceId: service.id, InstanceId: input.InstanceId, Attributes: input.Attributes });

  const pending = inFlightOn(ctx, (op) => targetInstance(op, service.id, input.InstanceId));
  if (pending && pending.type === 'REGISTER_INSTANCE' && token !== undefined && pending.token === token && pending.input === canonical) {
    return { OperationId: pending.id };
  }
  // One register or deregister per instance at a time (docs/aws-behaviour.md §10.5).
  refuseDuplicate(pending, `instance ${input.InstanceId} of service ${service.id}`);
  const current = state.instances[service.id]?.[input.InstanceId];
  if (current && token !== undefined && current.creatorRequestId === token && current.registerInput === canonical) {
    return { OperationId: current.registerOperationId };
  }
  checkAttributes(service, ns, input.Attributes);

  if (!current) {
    // Re-registering an instance updates it; only new instances count against the quotas.
    const isNewRegistration = (op: OperationRecord) => op.effect.kind === 'register-instance' && !state.instances[op.effect.serviceId]?.[op.effect.instance.id];
    const registering = inFlight(state).filter(isNewRegistration);
    const perService = instancesOf(state, service.id).length + registering.filter((op) => (op.effect as { serviceId: string }).serviceId === service.id).length;
    const serviceLimit = quotaLimit(env, CLOUD_MAP_QUOTAS.instancesPerService);
    if (perService >= serviceLimit) throw resourceLimitExceeded(`Service ${service.id} already has ${perService} instances; the quota is ${serviceLimit} per service`);
    const perNamespace =
      servicesIn(state, ns.id).reduce((n, s) => n + instancesOf(state, s.id).length, 0) +
      registering.filter((op) => (op.effect as { namespaceId: string }).namespaceId === ns.id).length;
    const namespaceLimit = quotaLimit(env, CLOUD_MAP_QUOTAS.instancesPerNamespace);
    if (perNamespace >= namespaceLimit) throw resourceLimitExceeded(`Namespace ${ns.id} already has ${perNamespace} instances; the quota is ${namespaceLimit} per namespace`);
  }

  const instance: InstanceRecord = {
    id: input.InstanceId,
    attributes: { ...input.Attributes },
    ...(token !== undefined ? { creatorRequestId: token } : {}),
    createdByAccount: env.account,
    // AWS_INIT_HEALTH_STATUS sets the first custom health status; HEALTHY when absent.
    ...(service.healthCheckCustomConfig ? { customHealth: (input.Attributes.AWS_INIT_HEALTH_STATUS as 'HEALTHY' | 'UNHEALTHY' | undefined) ?? 'HEALTHY' } : {}),
    registerInput: canonical,
    registerOperationId: '',
    seq: 0,
  };
  const op = submitOperation(ctx, {
    type: 'REGISTER_INSTANCE',
    targets: { NAMESPACE: ns.id, SERVICE: service.id, INSTANCE: input.InstanceId },
    effect: { kind: 'register-instance', serviceId: service.id, namespaceId: ns.id, instance },
    token,
    input: canonical,
  });
  instance.registerOperationId = op.id;
  return { OperationId: op.id };
}

export function deregisterInstance(ctx: CloudMapContext, input: { ServiceId: string; InstanceId: string }) {
  const service = findService(ctx, input.ServiceId, 'ServiceId');
  refuseDuplicate(
    inFlightOn(ctx, (op) => targetInstance(op, service.id, input.InstanceId)),
    `instance ${input.InstanceId} of service ${service.id}`,
  );
  if (!ctx.state.instances[service.id]?.[input.InstanceId]) throw instanceNotFound(service.id, input.InstanceId);
  const op = submitOperation(ctx, {
    type: 'DEREGISTER_INSTANCE',
    targets: { NAMESPACE: service.namespaceId, SERVICE: service.id, INSTANCE: input.InstanceId },
    effect: { kind: 'deregister-instance', serviceId: service.id, instanceId: input.InstanceId },
    input: canonicalInput({ operation: 'DeregisterInstance', ServiceId: service.id, InstanceId: input.InstanceId }),
  });
  return { OperationId: op.id };
}

function findInstance(ctx: CloudMapContext, service: ServiceRecord, instanceId: string): InstanceRecord {
  const instance = ctx.state.instances[service.id]?.[instanceId];
  if (!instance) throw instanceNotFound(service.id, instanceId);
  return instance;
}

// The real GetInstance/ListInstances answers carry no CreatorRequestId (AWS CLI examples).
const instanceOutput = (i: InstanceRecord) => ({ Id: i.id, Attributes: { ...i.attributes }, CreatedByAccount: i.createdByAccount });

export function getInstance(ctx: CloudMapContext, input: { ServiceId: string; InstanceId: string }) {
  const service = findService(ctx, input.ServiceId, 'ServiceId');
  return { Instance: instanceOutput(findInstance(ctx, service, input.InstanceId)), ResourceOwner: ctx.env.account };
}

export function listInstances(ctx: CloudMapContext, input: { ServiceId: string; MaxResults?: number; NextToken?: string }) {
  const service = findService(ctx, input.ServiceId, 'ServiceId');
  const { page, nextToken } = paginate(instancesOf(ctx.state, service.id), {
    scope: `ListInstances:${service.id}`,
    maxResults: input.MaxResults,
    nextToken: input.NextToken,
  });
  return { Instances: page.map(instanceOutput), NextToken: nextToken, ResourceOwner: ctx.env.account };
}

/**
 * An instance's health: its custom status for HealthCheckCustomConfig services; HEALTHY for
 * Route 53 health checks (the emulator probes nothing, and an unhealthy default would hide every
 * instance from HEALTHY discovery); UNKNOWN without a health check, as the real service reports.
 */
function healthOf(service: ServiceRecord, instance: InstanceRecord, now: number): HealthStatus {
  if (service.healthCheckCustomConfig) return customHealthAt(instance, now) ?? 'HEALTHY';
  if (service.healthCheckConfig) return 'HEALTHY';
  return 'UNKNOWN';
}

export function getInstancesHealthStatus(ctx: CloudMapContext, input: { ServiceId: string; Instances?: string[]; MaxResults?: number; NextToken?: string }) {
  const service = findService(ctx, input.ServiceId, 'ServiceId');
  const selected = input.Instances ? input.Instances.map((id) => findInstance(ctx, service, id)).sort((a, b) => a.seq - b.seq) : instancesOf(ctx.state, service.id);
  const { page, nextToken } = paginate(selected, {
    scope: `GetInstancesHealthStatus:${service.id}`,
    maxResults: input.MaxResults,
    nextToken: input.NextToken,
  });
  return { Status: Object.fromEntries(page.map((i) => [i.id, healthOf(service, i, ctx.now)])), NextToken: nextToken };
}

export function updateInstanceCustomHealthStatus(ctx: CloudMapContext, input: { ServiceId: string; InstanceId: string; Status: 'HEALTHY' | 'UNHEALTHY' }) {
  const service = findService(ctx, input.ServiceId, 'ServiceId');
  if (!service.healthCheckCustomConfig) {
    throw new CloudMapApiError('CustomHealthNotFound', `Service ${service.id} has no HealthCheckCustomConfig; custom health status does not apply`);
  }
  const instance = findInstance(ctx, service, input.InstanceId);
  const delay = Math.max(0, ctx.env.cloudMapHealthDelayMs);
  if (delay === 0) {
    instance.customHealth = input.Status;
    delete instance.pendingHealth;
  } else {
    // A change still pending first takes effect if its time has come; the new one waits its own delay.
    instance.customHealth = customHealthAt(instance, ctx.now);
    instance.pendingHealth = { status: input.Status, effectiveAt: ctx.now + delay };
  }
  return {};
}

/** The custom status as Cloud Map reports it at `now`: a pending change shows once its delay has passed. */
function customHealthAt(instance: InstanceRecord, now: number): 'HEALTHY' | 'UNHEALTHY' | undefined {
  const pending = instance.pendingHealth;
  return pending && now >= pending.effectiveAt ? pending.status : instance.customHealth;
}

interface DiscoverInput {
  NamespaceName: string;
  ServiceName: string;
  OwnerAccount?: string;
}

/** DiscoverInstances finds the namespace by its HttpName (its name) and the service by name in it. */
function discoverTarget(ctx: CloudMapContext, input: DiscoverInput): { ns: NamespaceRecord; service: ServiceRecord } {
  if (input.OwnerAccount !== undefined && input.OwnerAccount !== ctx.env.account) throw namespaceNotFound(input.NamespaceName);
  const ns = Object.values(ctx.state.namespaces).find((n) => n.name === input.NamespaceName);
  if (!ns) throw namespaceNotFound(input.NamespaceName);
  const wanted = ns.type === 'HTTP' ? input.ServiceName : input.ServiceName.toLowerCase();
  const service = servicesIn(ctx.state, ns.id).find((s) => (ns.type === 'HTTP' ? s.name : s.name.toLowerCase()) === wanted);
  if (!service) throw serviceNotFound(input.ServiceName);
  return { ns, service };
}

const matchesAll = (i: InstanceRecord, params: Record<string, string>) => Object.entries(params).every(([k, v]) => i.attributes[k] === v);

export function discoverInstances(
  ctx: CloudMapContext,
  input: DiscoverInput & {
    MaxResults?: number;
    QueryParameters?: Record<string, string>;
    OptionalParameters?: Record<string, string>;
    HealthStatus?: 'HEALTHY' | 'UNHEALTHY' | 'ALL' | 'HEALTHY_OR_ELSE_ALL';
  },
) {
  const { ns, service } = discoverTarget(ctx, input);
  let found = instancesOf(ctx.state, service.id).filter((i) => matchesAll(i, input.QueryParameters ?? {}));
  // HealthStatus "is ignored for services that don't have a health check configured". Without a
  // filter, HEALTHY [unverified]: what DNS answers for a health-checked service.
  if (service.healthCheckConfig || service.healthCheckCustomConfig) {
    const wanted = input.HealthStatus ?? 'HEALTHY';
    const healthy = found.filter((i) => healthOf(service, i, ctx.now) === 'HEALTHY');
    if (wanted === 'HEALTHY') found = healthy;
    else if (wanted === 'UNHEALTHY') found = found.filter((i) => healthOf(service, i, ctx.now) === 'UNHEALTHY');
    else if (wanted === 'HEALTHY_OR_ELSE_ALL' && healthy.length > 0) found = healthy;
  }
  // OptionalParameters narrow the result only when some instances match them all.
  const optional = found.filter((i) => matchesAll(i, input.OptionalParameters ?? {}));
  if (optional.length > 0) found = optional;
  return {
    Instances: found.slice(0, input.MaxResults ?? 100).map((i) => ({
      InstanceId: i.id,
      NamespaceName: ns.name,
      ServiceName: service.name,
      HealthStatus: healthOf(service, i, ctx.now),
      Attributes: { ...i.attributes },
    })),
    InstancesRevision: service.revision,
  };
}

export function discoverInstancesRevision(ctx: CloudMapContext, input: DiscoverInput) {
  return { InstancesRevision: discoverTarget(ctx, input).service.revision };
}

/** Applies a settled register/deregister; returns why it fails when the service or instance is gone. */
export function applyInstanceEffect(ctx: CloudMapContext, effect: Extract<OperationEffect, { kind: `${string}-instance` }>): string | undefined {
  const { state } = ctx;
  const service = state.services[effect.serviceId];
  if (!service) return `Service ${effect.serviceId} no longer exists`;
  const instances = (state.instances[effect.serviceId] ??= {});
  if (effect.kind === 'register-instance') {
    const previous = instances[effect.instance.id];
    instances[effect.instance.id] = { ...effect.instance, seq: previous?.seq ?? nextSeq(state) };
  } else {
    if (!instances[effect.instanceId]) return `Instance ${effect.instanceId} is no longer registered`;
    delete instances[effect.instanceId];
  }
  // Registrations and deregistrations move the revision; health changes do not (API reference).
  service.revision += 1;
  return undefined;
}
