/**
 * Fields that cannot be changed in place: a difference means delete then create (replace).
 * App Mesh has none beyond names (which are identity); Cloud Map has several (docs/aws-behaviour.md §10.3–§10.4).
 */
import type { JsonObject, JsonValue } from '../resources/json';
import { canonicalJson, valueAt as get } from '../resources/json';
import type { Kind } from '../resources/kinds';

function differs(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return canonicalJson(a ?? null) !== canonicalJson(b ?? null);
}

function recordTypes(spec: JsonObject): string[] {
  const records = get(spec, 'dnsConfig', 'dnsRecords');
  return Array.isArray(records) ? records.map((r) => String(get(r, 'type'))).sort() : [];
}

/**
 * Immutable fields that differ between the normalized live and declared specs, as readable paths.
 * `appliedVpc` is the VPC recorded at the last apply (the API never returns a namespace's VPC).
 */
export function immutableDifferences(kind: Kind, live: JsonObject, desired: JsonObject, rawDesired: JsonObject, appliedVpc?: string): string[] {
  const out: string[] = [];
  if (kind === 'CloudMapNamespace') {
    if (differs(live.type, desired.type)) out.push('spec.type');
    if (appliedVpc !== undefined && typeof rawDesired.vpc === 'string' && rawDesired.vpc !== appliedVpc) out.push('spec.vpc');
  }
  if (kind === 'CloudMapService') {
    // DnsConfigChange carries only DnsRecords (TTLs): record types and the routing policy are fixed.
    if (differs(recordTypes(live), recordTypes(desired))) out.push('spec.dnsConfig.dnsRecords[].type');
    if (differs(get(live, 'dnsConfig', 'routingPolicy'), get(desired, 'dnsConfig', 'routingPolicy'))) out.push('spec.dnsConfig.routingPolicy');
    if ((get(live, 'dnsConfig') === undefined) !== (get(desired, 'dnsConfig') === undefined)) out.push('spec.dnsConfig');
    // HealthCheckConfig.Type cannot be changed; the config itself can be added or removed.
    const liveType = get(live, 'healthCheckConfig', 'type');
    const desiredType = get(desired, 'healthCheckConfig', 'type');
    if (liveType !== undefined && desiredType !== undefined && liveType !== desiredType) out.push('spec.healthCheckConfig.type');
    // "You can't add, update, or delete a HealthCheckCustomConfig configuration" (UpdateService).
    if (differs(live.healthCheckCustomConfig, desired.healthCheckCustomConfig)) out.push('spec.healthCheckCustomConfig');
    if (differs(live.type, desired.type)) out.push('spec.type');
  }
  switch (kind) {
    // Lattice: what Update* cannot change (the API model's update requests).
    case 'LatticeService':
      if (differs(live.customDomainName, desired.customDomainName)) out.push('spec.customDomainName');
      break;
    case 'Listener':
      for (const f of ['protocol', 'port'] as const) if (differs(live[f], desired[f])) out.push(`spec.${f}`);
      break;
    case 'TargetGroup': {
      if (differs(live.type, desired.type)) out.push('spec.type');
      for (const f of ['port', 'protocol', 'protocolVersion', 'ipAddressType', 'vpcIdentifier'] as const) {
        if (differs(get(live, 'config', f), get(desired, 'config', f))) out.push(`spec.config.${f}`);
      }
      break;
    }
    case 'ServiceNetworkVpcAssociation': {
      // Security groups can change, but not back to none.
      const had = get(live, 'securityGroupIds');
      const wants = get(desired, 'securityGroupIds');
      if (Array.isArray(had) && had.length > 0 && (!Array.isArray(wants) || wants.length === 0)) out.push('spec.securityGroupIds');
      break;
    }
    default:
      break;
  }
  return out;
}
