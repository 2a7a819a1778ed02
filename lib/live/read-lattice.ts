import { isUnimplemented } from '../aws/errors';
import type { LatticeApi, ServiceNetworkSummary, ServiceSummary, TargetGroupSummary, TargetSummary } from '../aws/lattice-api';
import { compareTargets } from '../mapping/lattice-targets';
import { listenerSpec, ruleSpec, serviceNetworkSpec, serviceSpec, targetGroupSpec, vpcAssociationSpec, type TargetGroupNames } from '../aws/lattice-specs';
import type { LatticeKind } from '../resources/kinds';
import type { LiveResource, Tags } from '../resources/types';
import { OWNER_TAG } from '../resources/types';

/** What the repository declares on Lattice (names), so that those are read even before they are ours. */
export interface LatticeReadScope {
  serviceNetworks: string[];
  services: string[];
  targetGroups: string[];
  /** Target groups whose targets meshops manages (`registration: cloudmap`): their targets are read into `spec.targets`. */
  registeredTargets?: string[];
}

export interface LatticeReadResult {
  resources: LiveResource[];
  warnings: string[];
  serviceNetworks: string[];
}

/** Statuses of a resource on its way out: it is not there any more as far as a plan is concerned. */
const GOING = new Set(['DELETE_IN_PROGRESS', 'DELETE_FAILED']);

/**
 * Reads the Lattice resources the repository manages: service networks, services and target groups
 * it declares or that carry its owner tag, with everything under those service networks (VPC and
 * service associations, and the associated services) and services (listeners and rules); target
 * groups also when a service read here uses them. Every list is read to its last page. Read-only.
 */
export async function readLattice(api: LatticeApi, options: { owner: string; scope: LatticeReadScope; tags: (arn: string, read: () => Promise<Tags>) => Promise<Tags> }): Promise<LatticeReadResult> {
  const resources: LiveResource[] = [];
  const warnings: string[] = [];
  const owned = (tags: Tags) => options.owner !== '' && tags[OWNER_TAG] === options.owner;
  const tagsOf = (arn: string) => options.tags(arn, () => api.listTags(arn));

  let networks: ServiceNetworkSummary[];
  let services: ServiceSummary[];
  let groups: TargetGroupSummary[];
  try {
    [networks, services, groups] = await Promise.all([api.listServiceNetworks(), api.listServices(), api.listTargetGroups()]);
  } catch (err) {
    if (isUnimplemented((err as Error).cause ?? err)) {
      warnings.push('the endpoint does not implement VPC Lattice; assuming there are no Lattice resources');
      return { resources, warnings, serviceNetworks: [] };
    }
    throw err;
  }
  const names: TargetGroupNames = {
    nameOf: (id) => groups.find((g) => g.id === id)?.name ?? id,
    idOf: (name) => groups.find((g) => g.name === name)?.id,
  };
  const live = (kind: LatticeKind, name: string, parent: string | undefined, spec: LiveResource['spec'], tags: Tags, arn: string, id: string): LiveResource => ({
    kind, name, ...(parent !== undefined ? { parent } : {}), spec, tags, arn, id,
  });

  // Service networks: declared or ours, and what they hold.
  const scopedNetworks = (
    await Promise.all(
      networks
        .filter((n) => !GOING.has(String((n as { status?: string }).status ?? '')))
        .map(async (n) => {
          const tags = await tagsOf(n.arn!);
          return options.scope.serviceNetworks.includes(n.name!) || owned(tags) ? { summary: n, tags } : undefined;
        }),
    )
  ).filter((n) => n !== undefined);
  const associatedServiceIds = new Set<string>();
  await Promise.all(
    scopedNetworks.map(async ({ summary, tags }) => {
      const [network, vpcs, assocs] = await Promise.all([api.getServiceNetwork(summary.id!), api.listVpcAssociations(summary.id!), api.listServiceAssociations(summary.id!)]);
      if (!network) return;
      resources.push(live('ServiceNetwork', summary.name!, undefined, serviceNetworkSpec(network), tags, summary.arn!, summary.id!));
      await Promise.all([
        ...vpcs
          .filter((v) => !GOING.has(String(v.status)))
          .map(async (v) => {
            const [full, vTags] = await Promise.all([api.getVpcAssociation(v.id!), tagsOf(v.arn!)]);
            if (full) resources.push(live('ServiceNetworkVpcAssociation', v.vpcId!, summary.name!, vpcAssociationSpec(full), vTags, v.arn!, v.id!));
          }),
        ...assocs
          .filter((a) => !GOING.has(String(a.status)))
          .map(async (a) => {
            associatedServiceIds.add(a.serviceId!);
            resources.push(live('ServiceNetworkServiceAssociation', a.serviceName!, summary.name!, {}, await tagsOf(a.arn!), a.arn!, a.id!));
          }),
      ]);
    }),
  );

  // Services: declared, ours, or in one of our service networks; with their listeners and rules.
  const scopedServiceIds = new Set<string>();
  await Promise.all(
    services
      .filter((s) => !GOING.has(String(s.status)))
      .map(async (s) => {
        const tags = await tagsOf(s.arn!);
        if (!(options.scope.services.includes(s.name!) || owned(tags) || associatedServiceIds.has(s.id!))) return;
        scopedServiceIds.add(s.arn!);
        const full = await api.getService(s.id!);
        if (!full) return;
        resources.push(live('LatticeService', s.name!, undefined, serviceSpec(full), tags, s.arn!, s.id!));
        const listeners = await api.listListeners(s.id!);
        await Promise.all(
          listeners.map(async (l) => {
            const [listener, lTags, rules] = await Promise.all([api.getListener(s.id!, l.id!), tagsOf(l.arn!), api.listRules(s.id!, l.id!)]);
            if (!listener) return;
            resources.push(live('Listener', l.name!, s.name!, listenerSpec(listener, names), lTags, l.arn!, l.id!));
            await Promise.all(
              // The default rule is the listener's default action (UpdateListener), not a rule of its own.
              rules
                .filter((r) => !r.isDefault)
                .map(async (r) => {
                  const [rule, rTags] = await Promise.all([api.getRule(s.id!, l.id!, r.id!), tagsOf(r.arn!)]);
                  if (rule) resources.push(live('Rule', r.name!, `${s.name}/${l.name}`, ruleSpec(rule, names), rTags, r.arn!, r.id!));
                }),
            );
          }),
        );
      }),
  );

  // Target groups: declared, ours, or used by a service read above.
  await Promise.all(
    groups
      .filter((g) => !GOING.has(String(g.status)))
      .map(async (g) => {
        const tags = await tagsOf(g.arn!);
        const used = (g.serviceArns ?? []).some((arn) => scopedServiceIds.has(arn));
        if (!(options.scope.targetGroups.includes(g.name!) || owned(tags) || used)) return;
        const [full, targets] = await Promise.all([api.getTargetGroup(g.id!), options.scope.registeredTargets?.includes(g.name!) ? api.listTargets(g.id!) : undefined]);
        if (!full) return;
        const spec = targetGroupSpec(full);
        if (targets) spec.targets = registeredTargets(targets);
        resources.push(live('TargetGroup', g.name!, undefined, spec, tags, g.arn!, g.id!));
      }),
  );
  return { resources, warnings, serviceNetworks: scopedNetworks.map((n) => n.summary.name!).sort() };
}

/** The targets of a target group as a plan compares them: registered ones, not those draining after a deregistration. */
export function registeredTargets(targets: readonly TargetSummary[]): { id: string; port: number }[] {
  return targets
    .filter((t) => t.status !== 'DRAINING' && t.id !== undefined)
    .map((t) => ({ id: t.id!, port: Number(t.port) }))
    .sort(compareTargets);
}
