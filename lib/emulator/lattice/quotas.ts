import { KIND_INFO, type Kind } from '../../resources/kinds';
import {
  LATTICE_SERVICE_ASSOCIATIONS_PER_SERVICE_NETWORK,
  LATTICE_TARGET_GROUPS_PER_SERVICE,
  LATTICE_TARGETS_PER_TARGET_GROUP,
  LATTICE_VPC_ASSOCIATIONS_PER_SERVICE_NETWORK,
  type Quota,
} from '../../resources/quotas';
import type { LatticeContext } from './context';
import { quotaExceeded, type LatticeResourceType } from './errors';

function kindQuota(kind: Kind): Quota {
  const quota = KIND_INFO[kind].quota;
  if (!quota) throw new Error(`${kind} has no quota in KIND_INFO`);
  return { code: quota.code, limit: quota.limit, description: quota.description };
}

/**
 * The VPC Lattice quotas the emulator enforces, from the one home meshops' planner reads too
 * (KIND_INFO for counts of a kind, lib/resources/quotas.ts for the others). `env.quotas[code]`
 * overrides a default as an approved increase would.
 */
export const LATTICE_QUOTAS = {
  serviceNetworks: kindQuota('ServiceNetwork'),
  services: kindQuota('LatticeService'),
  targetGroups: kindQuota('TargetGroup'),
  listenersPerService: kindQuota('Listener'),
  rulesPerListener: kindQuota('Rule'),
  targetGroupsPerService: LATTICE_TARGET_GROUPS_PER_SERVICE,
  targetsPerTargetGroup: LATTICE_TARGETS_PER_TARGET_GROUP,
  serviceAssociationsPerServiceNetwork: LATTICE_SERVICE_ASSOCIATIONS_PER_SERVICE_NETWORK,
  vpcAssociationsPerServiceNetwork: LATTICE_VPC_ASSOCIATIONS_PER_SERVICE_NETWORK,
} satisfies Record<string, Quota>;

export type LatticeQuota = Quota;

export function quotaLimit(ctx: LatticeContext, quota: Quota): number {
  return ctx.env.quotas[quota.code] ?? quota.limit;
}

/** Refuses a change that would leave `count` above the quota (ServiceQuotaExceededException, HTTP 402). */
export function checkQuota(ctx: LatticeContext, quota: Quota, count: number, resourceType: LatticeResourceType, where: string): void {
  const limit = quotaLimit(ctx, quota);
  if (count > limit) throw quotaExceeded(resourceType, quota.code, `The quota of ${limit} ${quota.description} (${quota.code}) would be exceeded ${where}`);
}
