/**
 * The reconcile role's mesh statements, evaluated as IAM would for the writes meshops sends: each
 * App Mesh, VPC Lattice and Cloud Map write request that reaches the emulator is described as an
 * IAM request (action, resource ARN, the resource's tags at that moment, the request's tags and tag
 * keys), the way the Service Authorization Reference says each service authorizes it, and checked
 * against the packaged template's Allow statements. Only what those statements use is implemented
 * (StringLike, StringLikeIfExists, ForAllValues:StringNotEquals on the tag keys); anything else
 * throws, so a new condition cannot pass here unevaluated.
 */
import { appMeshService } from '../../../lib/emulator/appmesh';
import { appMeshProtocol } from '../../../lib/emulator/appmesh/protocol';
import { cloudMapService } from '../../../lib/emulator/cloudmap';
import type { Emulator } from '../../../lib/emulator/emulator';
import { latticeService } from '../../../lib/emulator/lattice';
import { latticeProtocol } from '../../../lib/emulator/lattice/protocol';
import type { WireRequest } from '../../../lib/emulator/wire/types';
import type { Json } from '../../support/packaged-stack';

export type Tags = Record<string, string>;

/** One authorization IAM makes for a request: an action on one resource. */
export interface Authorization {
  action: string;
  resource: string;
  /** The resource's tags; undefined when it does not exist yet or the action has no aws:ResourceTag. */
  resourceTags?: Tags;
  requestTags?: Tags;
  tagKeys?: string[];
}

const WRITE = /^(Create|Update|Delete|Tag|Untag|Register|Deregister)/;
const fail = (message: string) => new Error(message);

/** Every tagged resource of the three services, by ARN. */
function tagsByArn(emulator: Emulator): Map<string, Tags> {
  const state = emulator.store.read((s) => s);
  return new Map([appMeshService, cloudMapService, latticeService].flatMap((s) => s.taggedResources?.(state, emulator.env) ?? []).map((r) => [r.arn, r.tags]));
}

const tagMap = (list: unknown, key: string, value: string): Tags | undefined =>
  Array.isArray(list) ? Object.fromEntries(list.map((t: Record<string, string>) => [t[key], t[value]])) : undefined;

/** The authorizations a mesh write request needs, or [] for reads and other services. */
export function authorizationsOf(request: WireRequest, emulator: Emulator): Authorization[] {
  const { account, region } = emulator.env;
  const tags = tagsByArn(emulator);
  const withTags = (a: Authorization): Authorization => ({ ...a, ...(a.resourceTags === undefined && tags.has(a.resource) ? { resourceTags: tags.get(a.resource) } : {}) });

  if (request.path.startsWith('/v20190125/')) {
    const routed = appMeshProtocol.route(request.method, request.path, fail);
    const op = routed?.operation.name;
    if (!routed || !op || !WRITE.test(op)) return [];
    const input = appMeshProtocol.readInput(routed.operation, routed.labels, request, fail) as Record<string, unknown>;
    const action = `appmesh:${op}`;
    if (op === 'TagResource' || op === 'UntagResource') {
      return [withTags({ action, resource: String(input.resourceArn), requestTags: tagMap(input.tags, 'key', 'value'), tagKeys: input.tagKeys as string[] | undefined })];
    }
    const mesh = `arn:aws:appmesh:${region}:${account}:mesh/${String(input.meshName)}`;
    const arnOf = (kind: string, name: unknown, under = mesh) => `${under}/${kind}/${String(name)}`;
    const resource =
      input.routeName !== undefined ? arnOf('route', input.routeName, arnOf('virtualRouter', input.virtualRouterName))
      : input.gatewayRouteName !== undefined ? arnOf('gatewayRoute', input.gatewayRouteName, arnOf('virtualGateway', input.virtualGatewayName))
      : input.virtualNodeName !== undefined ? arnOf('virtualNode', input.virtualNodeName)
      : input.virtualServiceName !== undefined ? arnOf('virtualService', input.virtualServiceName)
      : input.virtualRouterName !== undefined ? arnOf('virtualRouter', input.virtualRouterName)
      : input.virtualGatewayName !== undefined ? arnOf('virtualGateway', input.virtualGatewayName)
      : mesh;
    const requestTags = tagMap(input.tags, 'key', 'value');
    const creating = op.startsWith('Create');
    // The resources an update's spec references are authorized too (a route's nodes, a virtual
    // service's provider, a gateway route's service).
    const spec = (input.spec ?? {}) as Json;
    const referenced: string[] = [];
    if (op === 'UpdateRoute') {
      for (const kind of ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute']) for (const t of spec[kind]?.action?.weightedTargets ?? []) referenced.push(arnOf('virtualNode', t.virtualNode));
    }
    if (op === 'UpdateVirtualService') {
      if (spec.provider?.virtualNode) referenced.push(arnOf('virtualNode', spec.provider.virtualNode.virtualNodeName));
      if (spec.provider?.virtualRouter) referenced.push(arnOf('virtualRouter', spec.provider.virtualRouter.virtualRouterName));
    }
    if (op === 'UpdateGatewayRoute') {
      for (const kind of ['httpRoute', 'http2Route', 'grpcRoute']) if (spec[kind]?.action?.target?.virtualService) referenced.push(arnOf('virtualService', spec[kind].action.target.virtualService.virtualServiceName));
    }
    return [
      creating ? { action, resource, requestTags } : withTags({ action, resource }),
      // Tags given at creation are authorized as TagResource on the new resource as well.
      ...(creating && requestTags ? [{ action: 'appmesh:TagResource', resource, requestTags, tagKeys: Object.keys(requestTags) }] : []),
      ...referenced.map((r) => withTags({ action, resource: r })),
    ];
  }

  const target = request.headers['x-amz-target'] ?? '';
  if (target.startsWith('Route53AutoNaming_v20170314.')) {
    const op = target.slice('Route53AutoNaming_v20170314.'.length);
    if (!WRITE.test(op)) return [];
    const input = JSON.parse(request.body || '{}') as Record<string, unknown>;
    const action = `servicediscovery:${op}`;
    const requestTags = tagMap(input.Tags, 'Key', 'Value');
    const arnOf = (id: unknown) => `arn:aws:servicediscovery:${region}:${account}:${String(id).startsWith('ns-') ? 'namespace' : 'service'}/${String(id)}`;
    // Cloud Map's tag actions take no resource ARN and no aws:ResourceTag (resource `*`).
    if (op === 'TagResource' || op === 'UntagResource') return [{ action, resource: '*', requestTags, tagKeys: input.TagKeys as string[] | undefined }];
    if (/^Create(Http|PrivateDns|PublicDns)Namespace$/.test(op)) return [{ action, resource: '*', requestTags }, ...(requestTags ? [{ action: 'servicediscovery:TagResource', resource: '*', requestTags, tagKeys: Object.keys(requestTags) }] : [])];
    if (op === 'CreateService') {
      return [
        { action, resource: arnOf(input.NamespaceId), requestTags },
        { action, resource: `arn:aws:servicediscovery:${region}:${account}:service/new`, requestTags },
        ...(requestTags ? [{ action: 'servicediscovery:TagResource', resource: '*', requestTags, tagKeys: Object.keys(requestTags) }] : []),
      ];
    }
    return [withTags({ action, resource: arnOf(input.Id) })];
  }

  const routed = latticeProtocol.servesPath(request.path) ? latticeProtocol.route(request.method, request.path, fail) : undefined;
  const op = routed?.operation.name;
  if (!routed || !op || !WRITE.test(op)) return [];
  const input = latticeProtocol.readInput(routed.operation, routed.labels, request, fail) as Record<string, unknown>;
  const action = `vpc-lattice:${op}`;
  const requestTags = input.tags as Tags | undefined;
  if (op === 'TagResource' || op === 'UntagResource') return [withTags({ action, resource: String(input.resourceArn), requestTags, tagKeys: input.tagKeys as string[] | undefined })];
  if (op.startsWith('Create')) {
    const resource = `arn:aws:vpc-lattice:${region}:${account}:new/${op}`;
    return [{ action, resource, requestTags }, ...(requestTags ? [{ action: 'vpc-lattice:TagResource', resource, requestTags, tagKeys: Object.keys(requestTags) }] : [])];
  }
  const id = ['ruleIdentifier', 'listenerIdentifier', 'serviceNetworkVpcAssociationIdentifier', 'serviceNetworkServiceAssociationIdentifier', 'targetGroupIdentifier', 'serviceIdentifier', 'serviceNetworkIdentifier']
    .map((k) => input[k])
    .find((v): v is string => typeof v === 'string');
  if (!id) throw new Error(`no resource identifier in Lattice ${op}`);
  const arn = id.startsWith('arn:') ? id : ([...tags.keys()].find((a) => a.endsWith(`/${id}`)) ?? `arn:aws:vpc-lattice:${region}:${account}:untagged/${id}`);
  return [withTags({ action, resource: arn })];
}

// ---- evaluation ------------------------------------------------------------------------------

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(value);
}

/** A template value: a string, a list, `Fn::Sub` with the pseudo-parameters, `Fn::Split`. */
function resolve(value: unknown, account: string, region: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => resolve(v, account, region));
  const v = value as Json;
  if (v['Fn::Sub'] !== undefined) return [String(v['Fn::Sub']).replace(/\$\{AWS::Partition\}/g, 'aws').replace(/\$\{AWS::AccountId\}/g, account).replace(/\$\{AWS::Region\}/g, region)];
  if (v['Fn::Split'] !== undefined) return String(v['Fn::Split'][1]).split(String(v['Fn::Split'][0]));
  // Other references (a log group's ARN) never name a mesh resource.
  return [];
}

function contextValues(key: string, a: Authorization): string[] | undefined {
  if (key === 'aws:TagKeys') return a.tagKeys;
  const request = /^aws:RequestTag\/(.+)$/.exec(key);
  if (request) return a.requestTags?.[request[1]!] === undefined ? undefined : [a.requestTags[request[1]!]!];
  const resource = /^aws:ResourceTag\/(.+)$/.exec(key);
  if (resource) return a.resourceTags?.[resource[1]!] === undefined ? undefined : [a.resourceTags[resource[1]!]!];
  throw new Error(`condition key ${key} is not evaluated here`);
}

function conditionHolds(condition: Json | undefined, a: Authorization, account: string, region: string): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, raw] of Object.entries(keys as Json)) {
      const patterns = resolve(raw, account, region);
      const values = contextValues(key, a);
      if (operator === 'StringLike' || operator === 'StringLikeIfExists') {
        if (values === undefined) {
          if (operator === 'StringLike') return false;
          continue;
        }
        if (!values.some((v) => patterns.some((p) => glob(p, v)))) return false;
      } else if (operator === 'ForAllValues:StringNotEquals') {
        if ((values ?? []).some((v) => patterns.includes(v))) return false;
      } else {
        throw new Error(`condition operator ${operator} is not evaluated here`);
      }
    }
  }
  return true;
}

/** Whether the role's statements allow the authorization (no Deny statements exist in the role). */
export function allows(statements: Json[], a: Authorization, env: { account: string; region: string }): boolean {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Action).includes(a.action) &&
      resolve(s.Resource, env.account, env.region).some((p) => glob(p, a.resource)) &&
      conditionHolds(s.Condition, a, env.account, env.region),
  );
}

/** The same statements with every `Fn::Split` value list (the owner values) replaced. */
export function withOwnerValues(statements: Json[], values: string[]): Json[] {
  const swap = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(swap);
    if (v && typeof v === 'object') {
      if ((v as Json)['Fn::Split'] !== undefined) return values;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    }
    return v;
  };
  return statements.map((s) => swap(s) as Json);
}

/**
 * Records the authorizations of every mesh write the emulator receives from now on, computed just
 * before the write runs (so the resource's tags are the ones IAM would see). `quiet` runs set-up
 * calls (another team's resources) without recording them.
 */
export function recordMeshWrites(emulator: Emulator): { writes: { operation: string; authorizations: Authorization[] }[]; quiet<T>(fn: () => Promise<T>): Promise<T>; stop(): void } {
  const writes: { operation: string; authorizations: Authorization[] }[] = [];
  const original = emulator.handle.bind(emulator);
  let recording = true;
  emulator.handle = async (request) => {
    const authorizations = recording ? authorizationsOf(request, emulator) : [];
    if (authorizations.length > 0) writes.push({ operation: authorizations[0]!.action, authorizations });
    return original(request);
  };
  return {
    writes,
    async quiet(fn) {
      recording = false;
      try {
        return await fn();
      } finally {
        recording = true;
      }
    },
    stop: () => void (emulator.handle = original),
  };
}
