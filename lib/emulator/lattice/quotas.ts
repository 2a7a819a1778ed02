import type { LatticeContext } from './context';
import { quotaExceeded, type LatticeResourceType } from './errors';

export interface LatticeQuota {
  /** The Service Quotas code (service code `vpc-lattice`). */
  code: string;
  limit: number;
  description: string;
}

/**
 * VPC Lattice's default quotas, per account and region unless the description says otherwise.
 * `env.quotas[code]` overrides a default as an approved increase would.
 */
export const LATTICE_QUOTAS = {
  serviceNetworks: { code: 'L-9CAD07FB', limit: 50, description: 'service networks per region' },
  services: { code: 'L-620C821E', limit: 2000, description: 'services per region' },
  targetGroups: { code: 'L-BB11C6B9', limit: 500, description: 'target groups per region' },
  listenersPerService: { code: 'L-D64E952E', limit: 2, description: 'listeners per service' },
  targetGroupsPerService: { code: 'L-3DEC3B9F', limit: 10, description: 'target groups per service' },
  rulesPerListener: { code: 'L-CF78395E', limit: 10, description: 'rules per listener' },
  serviceAssociationsPerServiceNetwork: { code: 'L-75D4A19E', limit: 500, description: 'service associations per service network' },
  vpcAssociationsPerServiceNetwork: { code: 'L-EF6E2D62', limit: 500, description: 'VPC associations per service network' },
  targetsPerTargetGroup: { code: 'L-D71303F3', limit: 1000, description: 'targets per target group' },
} as const satisfies Record<string, LatticeQuota>;

export function quotaLimit(ctx: LatticeContext, quota: LatticeQuota): number {
  return ctx.env.quotas[quota.code] ?? quota.limit;
}

/** Refuses a change that would leave `count` above the quota (ServiceQuotaExceededException, HTTP 402). */
export function checkQuota(ctx: LatticeContext, quota: LatticeQuota, count: number, resourceType: LatticeResourceType, where: string): void {
  const limit = quotaLimit(ctx, quota);
  if (count > limit) throw quotaExceeded(resourceType, quota.code, `The quota of ${limit} ${quota.description} (${quota.code}) would be exceeded ${where}`);
}
