import type { JsonObject } from '../resources/json';
import { ofKind } from '../resources/kinds';
import type { DesiredResource, DesiredState, TargetRegistration } from '../resources/types';

/** A Cloud Map instance as the registration step needs it: its attributes (AWS_INSTANCE_IPV4, AWS_INSTANCE_PORT, custom ones). */
export interface RegistrationInstance {
  id: string;
  attributes: Record<string, string>;
}

/** A Lattice target: an IP target group's target is an IPv4 address and a port. */
export interface LatticeTarget {
  id: string;
  port: number;
}

/** Cloud Map instances by the node they serve (`VirtualNode watches/search-v1`). */
export type InstancesByNode = ReadonlyMap<string, readonly RegistrationInstance[]>;

/** The registrations meshops carries out with `registration: cloudmap`: nodes discovered through Cloud Map. */
export function cloudMapRegistrations(desired: DesiredState): (TargetRegistration & { cloudMap: NonNullable<TargetRegistration['cloudMap']> })[] {
  if (desired.settings.lattice.registration !== 'cloudmap' || !desired.lattice) return [];
  return desired.lattice.registrations.filter((r): r is TargetRegistration & { cloudMap: NonNullable<TargetRegistration['cloudMap']> } => r.cloudMap !== undefined);
}

/** The target groups whose targets meshops manages (the others' targets are left to whoever registers them). */
export function registeredTargetGroups(desired: DesiredState): string[] {
  return [...new Set(cloudMapRegistrations(desired).flatMap((r) => r.targetGroups))].sort();
}

/**
 * The targets one node's instances make in one target group: instances whose attributes match the
 * node's filter, at their AWS_INSTANCE_IPV4 and AWS_INSTANCE_PORT (the target group's port when the
 * instance has none). Instances without an IPv4 address cannot be IP targets and are skipped.
 */
export function targetsOf(instances: readonly RegistrationInstance[], filter: Record<string, string>, defaultPort: number): LatticeTarget[] {
  const out = new Map<string, LatticeTarget>();
  for (const i of instances) {
    if (!Object.entries(filter).every(([k, v]) => i.attributes[k] === v)) continue;
    const ip = i.attributes.AWS_INSTANCE_IPV4;
    if (!ip) continue;
    const raw = i.attributes.AWS_INSTANCE_PORT;
    const port = raw !== undefined && /^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 65535 ? Number(raw) : defaultPort;
    out.set(`${ip}:${port}`, { id: ip, port });
  }
  return [...out.values()].sort(compareTargets);
}

export function compareTargets(a: LatticeTarget, b: LatticeTarget): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.port - b.port;
}

/**
 * The desired state with `spec.targets` on every target group meshops registers into: the Cloud Map
 * instances of the node it serves. A node reached by several Lattice services has a target group per
 * service and the same targets in each. Pure: the instances were read before.
 */
export function withRegisteredTargets(desired: DesiredState, instances: InstancesByNode): DesiredState {
  const registrations = cloudMapRegistrations(desired);
  if (registrations.length === 0) return desired;
  const byGroup = new Map<string, TargetRegistration & { cloudMap: NonNullable<TargetRegistration['cloudMap']> }>();
  for (const r of registrations) for (const tg of r.targetGroups) byGroup.set(tg, r);
  const resources = desired.resources.map((r): DesiredResource => {
    const reg = ofKind('TargetGroup')(r) ? byGroup.get(r.name) : undefined;
    if (!reg) return r;
    const port = Number((r.spec.config as JsonObject | undefined)?.port);
    const targets = targetsOf(instances.get(reg.node) ?? [], reg.cloudMap.attributes, port);
    return { ...r, spec: { ...r.spec, targets: targets.map((t) => ({ id: t.id, port: t.port })) } };
  });
  return { ...desired, resources };
}
