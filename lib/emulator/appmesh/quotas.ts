import { BACKENDS_PER_VIRTUAL_NODE, KIND_INFO } from '../../resources';
import type { AppMeshContext, Target } from './context';
import { limitExceeded } from './errors';
import type { AppMeshKind } from './state';

/** Backends per virtual node: not a kind count, so not in KIND_INFO (lib/resources/quotas.ts). */
export const BACKENDS_QUOTA = BACKENDS_PER_VIRTUAL_NODE;

export function quotaLimit(ctx: AppMeshContext, code: string, defaultLimit: number): number {
  return ctx.env.quotas[code] ?? defaultLimit;
}

/**
 * Refuses a create that would go over the kind's quota (docs/aws-behaviour.md §8), counted per account,
 * mesh or parent as KIND_INFO says; `env.quotas[code]` overrides the default as an approved
 * quota increase would.
 */
export function checkKindQuota(ctx: AppMeshContext, kind: AppMeshKind, target: Target): void {
  const quota = KIND_INFO[kind].quota;
  if (!quota) return;
  const limit = quotaLimit(ctx, quota.code, quota.limit);
  const count =
    quota.per === 'account'
      ? ctx.count(kind, undefined, undefined, (r) => r.resourceOwner === ctx.account)
      : quota.per === 'mesh'
        ? ctx.count(kind, target.mesh)
        : ctx.count(kind, target.mesh, target.parent);
  if (count >= limit) {
    const where = quota.per === 'account' ? `account ${ctx.account}` : quota.per === 'mesh' ? `mesh ${target.mesh}` : `${KIND_INFO[kind].parent!.kind} ${target.parent} in mesh ${target.mesh}`;
    throw limitExceeded(`Cannot create ${kind} ${target.name}: the quota of ${limit} ${quota.description} (${quota.code}) is reached in ${where}`);
  }
}
