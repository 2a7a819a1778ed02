/**
 * Converters between the Lattice API's shapes and the specs meshops plans (lib/api-model's
 * `Lattice.*` shapes): the same members, except that actions name target groups by name instead of
 * id. Pure; the live reader and the applier share them, so a stale-plan check compares like with like.
 */
import {
  AuthType,
  HealthCheckProtocolVersion,
  IpAddressType,
  ListenerProtocol,
  TargetGroupProtocol,
  TargetGroupProtocolVersion,
  TargetGroupType,
  type HeaderMatch,
  type HeaderMatchType,
  type HealthCheckConfig,
  type HttpMatch,
  type PathMatchType,
  type TargetGroupConfig,
  type GetListenerCommandOutput,
  type GetRuleCommandOutput,
  type GetServiceCommandOutput,
  type GetServiceNetworkCommandOutput,
  type GetServiceNetworkVpcAssociationCommandOutput,
  type GetTargetGroupCommandOutput,
  type RuleAction,
  type RuleMatch,
} from '@aws-sdk/client-vpc-lattice';
import type { JsonObject, JsonValue } from '../resources/json';
import { isJsonObject } from '../resources/json';

/** Target group id ↔ name, for actions. An id meshops does not know stays an id (it shows in the diff). */
export interface TargetGroupNames {
  nameOf(id: string): string;
  idOf(name: string): string | undefined;
}

/** SDK outputs may carry `undefined` members and Dates; specs are plain JSON. */
function plain(value: unknown): JsonValue | undefined {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

export function serviceNetworkSpec(out: GetServiceNetworkCommandOutput): JsonObject {
  return { authType: String(out.authType ?? 'NONE') };
}

export function vpcAssociationSpec(out: GetServiceNetworkVpcAssociationCommandOutput): JsonObject {
  const groups = [...(out.securityGroupIds ?? [])].sort();
  return groups.length ? { securityGroupIds: groups } : {};
}

export function targetGroupSpec(out: GetTargetGroupCommandOutput): JsonObject {
  const c = out.config ?? {};
  const config: JsonObject = {};
  for (const f of ['port', 'protocol', 'protocolVersion', 'ipAddressType', 'vpcIdentifier'] as const) if (c[f] !== undefined) config[f] = c[f] as JsonValue;
  const hc = plain(c.healthCheck);
  if (hc !== undefined) config.healthCheck = hc;
  return { type: String(out.type), config };
}

export function serviceSpec(out: GetServiceCommandOutput): JsonObject {
  return { ...(out.customDomainName ? { customDomainName: out.customDomainName } : {}), authType: String(out.authType ?? 'NONE') };
}

export function actionSpec(action: RuleAction | undefined, names: TargetGroupNames): JsonObject {
  if (action?.fixedResponse) return { fixedResponse: { statusCode: Number(action.fixedResponse.statusCode) } };
  const groups = action?.forward?.targetGroups ?? [];
  return {
    forward: {
      targetGroups: groups.map((g) => ({ targetGroup: names.nameOf(String(g.targetGroupIdentifier)), ...(g.weight !== undefined ? { weight: g.weight } : {}) })),
    },
  };
}

export function listenerSpec(out: GetListenerCommandOutput, names: TargetGroupNames): JsonObject {
  return { protocol: String(out.protocol), port: Number(out.port), defaultAction: actionSpec(out.defaultAction, names) };
}

export function ruleSpec(out: GetRuleCommandOutput, names: TargetGroupNames): JsonObject {
  return { priority: Number(out.priority), match: (plain(out.match) ?? {}) as JsonObject, action: actionSpec(out.action, names) };
}

/** A spec's action as the API takes it; throws when a named target group has no id yet. */
export function actionInput(action: JsonValue | undefined, names: TargetGroupNames): RuleAction {
  const a = isJsonObject(action) ? action : {};
  if (isJsonObject(a.fixedResponse)) return { fixedResponse: { statusCode: Number(a.fixedResponse.statusCode) } };
  const groups = isJsonObject(a.forward) && Array.isArray(a.forward.targetGroups) ? a.forward.targetGroups : [];
  return {
    forward: {
      targetGroups: groups.map((g) => {
        const entry = isJsonObject(g) ? g : {};
        const name = String(entry.targetGroup);
        const id = names.idOf(name);
        if (!id) throw new Error(`target group ${name} does not exist (yet)`);
        return { targetGroupIdentifier: id, ...(typeof entry.weight === 'number' ? { weight: entry.weight } : {}) };
      }),
    },
  };
}

// ---- specs to the SDK's inputs: the one place where our JSON meets the SDK's types ----

/** A JSON value as one of the SDK's enum values; anything else is refused, naming the member. */
export function enumInput<T extends string>(values: { readonly [name: string]: T }, value: JsonValue | undefined, member: string): T {
  for (const allowed of Object.values(values)) if (allowed === value) return allowed;
  throw new Error(`${member} ${JSON.stringify(value)} is not one of ${Object.values(values).join(', ')}`);
}

export const authTypeInput = (value: JsonValue | undefined): AuthType => enumInput(AuthType, value, 'authType');
export const targetGroupTypeInput = (value: JsonValue | undefined): TargetGroupType => enumInput(TargetGroupType, value, 'type');
export const listenerProtocolInput = (value: JsonValue | undefined): ListenerProtocol => enumInput(ListenerProtocol, value, 'protocol');

const has = (o: JsonObject, member: string): boolean => o[member] !== undefined;
const numberAt = (o: JsonObject, member: string): number | undefined => (typeof o[member] === 'number' ? o[member] : undefined);

export function healthCheckInput(value: JsonValue | undefined): HealthCheckConfig | undefined {
  if (!isJsonObject(value)) return undefined;
  const hc = value;
  const out: HealthCheckConfig = {};
  if (typeof hc.enabled === 'boolean') out.enabled = hc.enabled;
  if (has(hc, 'protocol')) out.protocol = enumInput(TargetGroupProtocol, hc.protocol, 'healthCheck.protocol');
  if (has(hc, 'protocolVersion')) out.protocolVersion = enumInput(HealthCheckProtocolVersion, hc.protocolVersion, 'healthCheck.protocolVersion');
  out.port = numberAt(hc, 'port');
  if (typeof hc.path === 'string') out.path = hc.path;
  out.healthCheckIntervalSeconds = numberAt(hc, 'healthCheckIntervalSeconds');
  out.healthCheckTimeoutSeconds = numberAt(hc, 'healthCheckTimeoutSeconds');
  out.healthyThresholdCount = numberAt(hc, 'healthyThresholdCount');
  out.unhealthyThresholdCount = numberAt(hc, 'unhealthyThresholdCount');
  if (isJsonObject(hc.matcher) && typeof hc.matcher.httpCode === 'string') out.matcher = { httpCode: hc.matcher.httpCode };
  return withoutUndefined(out);
}

export function targetGroupConfigInput(value: JsonValue | undefined): TargetGroupConfig | undefined {
  if (!isJsonObject(value)) return undefined;
  const c = value;
  const out: TargetGroupConfig = { port: numberAt(c, 'port'), healthCheck: healthCheckInput(c.healthCheck) };
  if (has(c, 'protocol')) out.protocol = enumInput(TargetGroupProtocol, c.protocol, 'config.protocol');
  if (has(c, 'protocolVersion')) out.protocolVersion = enumInput(TargetGroupProtocolVersion, c.protocolVersion, 'config.protocolVersion');
  if (has(c, 'ipAddressType')) out.ipAddressType = enumInput(IpAddressType, c.ipAddressType, 'config.ipAddressType');
  if (typeof c.vpcIdentifier === 'string') out.vpcIdentifier = c.vpcIdentifier;
  return withoutUndefined(out);
}

/** Members left undefined are left out, as the JSON they came from had them. */
function withoutUndefined<T extends object>(value: T): T {
  for (const k of Object.keys(value) as (keyof T)[]) if (value[k] === undefined) delete value[k];
  return value;
}

function pathMatchTypeInput(value: JsonValue | undefined): PathMatchType {
  const m = isJsonObject(value) ? value : {};
  if (typeof m.exact === 'string') return { exact: m.exact };
  if (typeof m.prefix === 'string') return { prefix: m.prefix };
  throw new Error('a path match sets neither exact nor prefix');
}

function headerMatchTypeInput(value: JsonValue | undefined): HeaderMatchType {
  const m = isJsonObject(value) ? value : {};
  if (typeof m.exact === 'string') return { exact: m.exact };
  if (typeof m.prefix === 'string') return { prefix: m.prefix };
  if (typeof m.contains === 'string') return { contains: m.contains };
  throw new Error('a header match sets none of exact, prefix, contains');
}

function headerMatchInput(value: JsonValue): HeaderMatch {
  const h = isJsonObject(value) ? value : {};
  return { name: String(h.name), match: headerMatchTypeInput(h.match), ...(typeof h.caseSensitive === 'boolean' ? { caseSensitive: h.caseSensitive } : {}) };
}

export function matchInput(match: JsonValue | undefined): RuleMatch {
  const m = isJsonObject(match) && isJsonObject(match.httpMatch) ? match.httpMatch : undefined;
  if (!m) throw new Error('a rule match without httpMatch');
  const path = isJsonObject(m.pathMatch) ? m.pathMatch : undefined;
  const httpMatch: HttpMatch = {
    ...(typeof m.method === 'string' ? { method: m.method } : {}),
    ...(path ? { pathMatch: { match: pathMatchTypeInput(path.match), ...(typeof path.caseSensitive === 'boolean' ? { caseSensitive: path.caseSensitive } : {}) } } : {}),
    ...(Array.isArray(m.headerMatches) ? { headerMatches: m.headerMatches.map(headerMatchInput) } : {}),
  };
  return { httpMatch };
}
