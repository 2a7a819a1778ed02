import { canonicalInput, type CloudMapContext } from './context';
import { CloudMapApiError, invalidInput, namespaceNotFound, resourceInUse, resourceLimitExceeded } from './errors';
import { checkFilters, matchesString, type FilterInput } from './filters';
import { cloudMapArn, newHostedZoneId, newNamespaceId, resolveIdOrArn } from './ids';
import { inFlightOn, refuseDuplicate, submitOperation } from './operations';
import { paginate } from './pagination';
import { CLOUD_MAP_QUOTAS, quotaLimit } from './quotas';
import { inFlight, nextSeq, servicesIn, type NamespaceRecord, type NamespaceType, type OperationEffect, type Tag } from './state';
import { mergedTags } from './tags';

/**
 * SOA negative-caching TTL of a DNS namespace created without `Properties` [unverified]: the
 * Cloud Map console proposes 15 seconds, and a short TTL is what service discovery wants (a name
 * registered just after a failed lookup becomes resolvable quickly). The API requires a TTL
 * whenever `Properties` is given, so only namespaces created without it get this value.
 */
export const DEFAULT_SOA_TTL = 15;

const isDns = (type: NamespaceType) => type !== 'HTTP';

/**
 * Whether a new namespace would clash with `ns` [unverified]. Every namespace has an HttpName equal
 * to its name and DiscoverInstances looks namespaces up by it, so names are unique in an account
 * and region whatever the type; DNS names compare case-insensitively, as DNS does.
 */
function clashes(ns: NamespaceRecord, name: string, type: NamespaceType): boolean {
  if (ns.name === name) return true;
  return isDns(ns.type) && isDns(type) && ns.name.toLowerCase() === name.toLowerCase();
}

/** Whether an operation changes or deletes namespace `id` (what a second such operation collides with). */
const onNamespace = (effect: OperationEffect, id: string) =>
  (effect.kind === 'update-namespace' || effect.kind === 'delete-namespace') && effect.namespaceId === id;

export function findNamespace(ctx: CloudMapContext, idOrArn: string, field = 'Id'): NamespaceRecord {
  const id = resolveIdOrArn(ctx.env, idOrArn, 'namespace', field);
  const ns = id === undefined ? undefined : ctx.state.namespaces[id];
  if (!ns) throw namespaceNotFound(idOrArn);
  return ns;
}

interface CreateNamespaceInput {
  Name: string;
  CreatorRequestId?: string;
  Description?: string;
  Tags?: Tag[];
  Vpc?: string;
  Properties?: { DnsProperties: { SOA: { TTL: number } } };
}

function createNamespace(ctx: CloudMapContext, type: NamespaceType, operation: string, input: CreateNamespaceInput) {
  const { state, env } = ctx;
  const token = input.CreatorRequestId;
  const canonical = canonicalInput({ operation, ...input });

  const existing = Object.values(state.namespaces).find((ns) => clashes(ns, input.Name, type));
  if (existing) {
    // A retry of the request that created it (same token, same input) gets the same operation.
    if (token !== undefined && existing.creatorRequestId === token && existing.createInput === canonical) {
      return { OperationId: existing.createOperationId };
    }
    throw new CloudMapApiError('NamespaceAlreadyExists', `A namespace named ${existing.name} already exists: ${existing.id}`, {
      ...(existing.creatorRequestId !== undefined ? { CreatorRequestId: existing.creatorRequestId } : {}),
      NamespaceId: existing.id,
    });
  }
  const creating = inFlight(state).find((op) => op.effect.kind === 'create-namespace' && clashes(op.effect.namespace, input.Name, type));
  if (creating) {
    if (token !== undefined && creating.token === token && creating.input === canonical) return { OperationId: creating.id };
    refuseDuplicate(creating, `a namespace named ${input.Name}`);
  }

  const limit = quotaLimit(env, CLOUD_MAP_QUOTAS.namespaces);
  const count = Object.keys(state.namespaces).length + inFlight(state).filter((op) => op.effect.kind === 'create-namespace').length;
  if (count >= limit) {
    throw resourceLimitExceeded(`The account already has ${count} namespaces (or namespace creations in progress); the quota is ${limit}`);
  }

  const id = newNamespaceId(env);
  const arn = cloudMapArn(env, 'namespace', id);
  const tags = mergedTags([], input.Tags, arn);
  const namespace: NamespaceRecord = {
    id,
    arn,
    name: input.Name,
    type,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...(input.Vpc !== undefined ? { vpc: input.Vpc } : {}),
    ...(isDns(type) ? { hostedZoneId: newHostedZoneId(env), soaTtl: input.Properties?.DnsProperties.SOA.TTL ?? DEFAULT_SOA_TTL } : {}),
    createdAt: ctx.now,
    ...(token !== undefined ? { creatorRequestId: token } : {}),
    createInput: canonical,
    createOperationId: '',
    tags,
    seq: 0,
  };
  const op = submitOperation(ctx, {
    type: 'CREATE_NAMESPACE',
    targets: {},
    targetsOnSuccess: { NAMESPACE: id },
    effect: { kind: 'create-namespace', namespace },
    token,
    input: canonical,
  });
  namespace.createOperationId = op.id;
  return { OperationId: op.id };
}

export const createHttpNamespace = (ctx: CloudMapContext, input: CreateNamespaceInput) => createNamespace(ctx, 'HTTP', 'CreateHttpNamespace', input);
export const createPrivateDnsNamespace = (ctx: CloudMapContext, input: CreateNamespaceInput) =>
  createNamespace(ctx, 'DNS_PRIVATE', 'CreatePrivateDnsNamespace', input);
export const createPublicDnsNamespace = (ctx: CloudMapContext, input: CreateNamespaceInput) =>
  createNamespace(ctx, 'DNS_PUBLIC', 'CreatePublicDnsNamespace', input);

/**
 * `Properties` as the real service shows them (AWS CLI examples): GetNamespace gives DNS namespaces
 * their hosted zone and SOA TTL and HTTP namespaces an empty `DnsProperties`; ListNamespaces gives
 * `SOA: {}` (no TTL) for every namespace, so the TTL is read with GetNamespace. Every namespace has
 * `HttpProperties.HttpName`, its name, by which DiscoverInstances finds it.
 */
function properties(ns: NamespaceRecord, form: 'get' | 'list') {
  const dns =
    form === 'get'
      ? isDns(ns.type)
        ? { HostedZoneId: ns.hostedZoneId, SOA: { TTL: ns.soaTtl } }
        : {}
      : { ...(isDns(ns.type) ? { HostedZoneId: ns.hostedZoneId } : {}), SOA: {} };
  return { DnsProperties: dns, HttpProperties: { HttpName: ns.name } };
}

function namespaceOutput(ctx: CloudMapContext, ns: NamespaceRecord, form: 'get' | 'list') {
  return {
    Id: ns.id,
    Arn: ns.arn,
    ResourceOwner: ctx.env.account,
    Name: ns.name,
    Type: ns.type,
    Description: ns.description,
    ServiceCount: servicesIn(ctx.state, ns.id).length,
    Properties: properties(ns, form),
    CreateDate: new Date(ns.createdAt),
    ...(form === 'get' ? { CreatorRequestId: ns.creatorRequestId } : {}),
  };
}

export function getNamespace(ctx: CloudMapContext, input: { Id: string }) {
  return { Namespace: namespaceOutput(ctx, findNamespace(ctx, input.Id), 'get') };
}

const NAMESPACE_FILTERS = {
  // The current API refuses IN on TYPE (older revisions of its reference listed it).
  TYPE: ['EQ', 'BEGINS_WITH'],
  NAME: ['EQ', 'BEGINS_WITH'],
  HTTP_NAME: ['EQ', 'BEGINS_WITH'],
  RESOURCE_OWNER: ['EQ'],
} as const;

function checkResourceOwnerValues(filters: { name: string; values: string[] }[]): void {
  filters.forEach((f, i) => {
    if (f.name === 'RESOURCE_OWNER' && !f.values.every((v) => v === 'SELF' || v === 'OTHER_ACCOUNTS')) {
      throw invalidInput(`Filters[${i}].Values: RESOURCE_OWNER takes SELF or OTHER_ACCOUNTS`);
    }
  });
}

/** RESOURCE_OWNER: every namespace here is the caller's (no RAM sharing is emulated). */
export const ownerMatches = (values: string[]) => values.includes('SELF');

export function listNamespaces(ctx: CloudMapContext, input: { Filters?: FilterInput[]; MaxResults?: number; NextToken?: string }) {
  const filters = checkFilters(input.Filters, NAMESPACE_FILTERS, { TYPE: ['DNS_PUBLIC', 'DNS_PRIVATE', 'HTTP'] });
  checkResourceOwnerValues(filters);
  const all = Object.values(ctx.state.namespaces).sort((a, b) => a.seq - b.seq);
  const { page, nextToken } = paginate(all, { scope: 'ListNamespaces', maxResults: input.MaxResults, nextToken: input.NextToken });
  // Filtered after paging, like the real service (docs/aws-behaviour.md §10.3): follow NextToken to the end.
  const matches = page.filter((ns) =>
    filters.every((f) => {
      switch (f.name) {
        case 'TYPE':
          return matchesString(ns.type, f);
        case 'NAME':
        case 'HTTP_NAME':
          return matchesString(ns.name, f);
        case 'RESOURCE_OWNER':
          return ownerMatches(f.values);
        default:
          return false;
      }
    }),
  );
  return { Namespaces: matches.map((ns) => namespaceOutput(ctx, ns, 'list')), NextToken: nextToken };
}

interface UpdateNamespaceInput {
  Id: string;
  UpdaterRequestId?: string;
  Namespace: { Description?: string; Properties?: { DnsProperties: { SOA: { TTL: number } } } };
}

function updateNamespace(ctx: CloudMapContext, type: NamespaceType, operation: string, input: UpdateNamespaceInput) {
  const ns = findNamespace(ctx, input.Id);
  if (ns.type !== type) {
    // [unverified] The operation is per type; InvalidInput (not NamespaceNotFound) tells the caller what to fix.
    throw invalidInput(`Id: ${operation} updates ${type} namespaces; ${ns.id} is a ${ns.type} namespace`);
  }
  const change = input.Namespace;
  const canonical = canonicalInput({ operation, Id: ns.id, Namespace: change });
  const token = input.UpdaterRequestId;
  if (token !== undefined && ns.lastUpdate?.token === token && ns.lastUpdate.input === canonical) return { OperationId: ns.lastUpdate.operationId };
  if (change.Description === undefined && change.Properties === undefined) {
    throw invalidInput('Namespace: give a Description or Properties to change');
  }
  refuseDuplicate(
    inFlightOn(ctx, (op) => onNamespace(op.effect, ns.id)),
    `namespace ${ns.id}`,
  );
  const op = submitOperation(ctx, {
    type: 'UPDATE_NAMESPACE',
    targets: { NAMESPACE: ns.id },
    effect: {
      kind: 'update-namespace',
      namespaceId: ns.id,
      ...(change.Description !== undefined ? { description: change.Description } : {}),
      ...(change.Properties ? { soaTtl: change.Properties.DnsProperties.SOA.TTL } : {}),
    },
    token,
    input: canonical,
  });
  if (token !== undefined) ns.lastUpdate = { token, input: canonical, operationId: op.id };
  return { OperationId: op.id };
}

export const updateHttpNamespace = (ctx: CloudMapContext, input: UpdateNamespaceInput) => updateNamespace(ctx, 'HTTP', 'UpdateHttpNamespace', input);
export const updatePrivateDnsNamespace = (ctx: CloudMapContext, input: UpdateNamespaceInput) =>
  updateNamespace(ctx, 'DNS_PRIVATE', 'UpdatePrivateDnsNamespace', input);
export const updatePublicDnsNamespace = (ctx: CloudMapContext, input: UpdateNamespaceInput) =>
  updateNamespace(ctx, 'DNS_PUBLIC', 'UpdatePublicDnsNamespace', input);

export function deleteNamespace(ctx: CloudMapContext, input: { Id: string }) {
  const ns = findNamespace(ctx, input.Id);
  const services = servicesIn(ctx.state, ns.id);
  if (services.length > 0) {
    throw resourceInUse(`Namespace ${ns.id} still contains ${services.length} service(s) (${services.map((s) => s.id).join(', ')}); delete them first`);
  }
  refuseDuplicate(
    inFlightOn(ctx, (op) => onNamespace(op.effect, ns.id)),
    `namespace ${ns.id}`,
  );
  const op = submitOperation(ctx, {
    type: 'DELETE_NAMESPACE',
    targets: { NAMESPACE: ns.id },
    effect: { kind: 'delete-namespace', namespaceId: ns.id },
    input: canonicalInput({ operation: 'DeleteNamespace', Id: ns.id }),
  });
  return { OperationId: op.id };
}

/** Applies a settled namespace operation; returns why it fails when its precondition no longer holds. */
export function applyNamespaceEffect(ctx: CloudMapContext, effect: Extract<OperationEffect, { kind: `${string}-namespace` }>): string | undefined {
  const { state } = ctx;
  switch (effect.kind) {
    case 'create-namespace': {
      const ns = effect.namespace;
      const clash = Object.values(state.namespaces).find((other) => clashes(other, ns.name, ns.type));
      if (clash) return `A namespace named ${clash.name} already exists: ${clash.id}`;
      state.namespaces[ns.id] = { ...ns, seq: nextSeq(state) };
      return undefined;
    }
    case 'update-namespace': {
      const ns = state.namespaces[effect.namespaceId];
      if (!ns) return `Namespace ${effect.namespaceId} no longer exists`;
      if (effect.description !== undefined) ns.description = effect.description;
      if (effect.soaTtl !== undefined) ns.soaTtl = effect.soaTtl;
      return undefined;
    }
    case 'delete-namespace': {
      if (!state.namespaces[effect.namespaceId]) return `Namespace ${effect.namespaceId} no longer exists`;
      // A service created while the deletion was in flight keeps the namespace (docs/aws-behaviour.md §10.8).
      const services = servicesIn(state, effect.namespaceId);
      if (services.length > 0) return `Namespace ${effect.namespaceId} contains ${services.length} service(s)`;
      delete state.namespaces[effect.namespaceId];
      return undefined;
    }
  }
}
