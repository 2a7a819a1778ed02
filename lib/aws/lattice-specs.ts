/**
 * Converters between the Lattice API's shapes and the specs meshops plans (lib/api-model's
 * `Lattice.*` shapes): the same members, except that actions name target groups by name instead of
 * id. Pure; the live reader and the applier share them, so a stale-plan check compares like with like.
 */
import type {
  GetListenerCommandOutput,
  GetRuleCommandOutput,
  GetServiceCommandOutput,
  GetServiceNetworkCommandOutput,
  GetServiceNetworkVpcAssociationCommandOutput,
  GetTargetGroupCommandOutput,
  RuleAction,
  RuleMatch,
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

export function matchInput(match: JsonValue | undefined): RuleMatch {
  return (isJsonObject(match) ? match : {}) as unknown as RuleMatch;
}
