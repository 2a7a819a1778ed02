import { KIND_INFO } from '../../resources';
import type { ServiceEnv } from '../core/service';

/**
 * Cloud Map quotas (docs/aws-behaviour.md §10.10), each overridable through `env.quotas[code]` as an
 * adjusted quota would be in a real account.
 */
export const CLOUD_MAP_QUOTAS = {
  namespaces: { code: KIND_INFO.CloudMapNamespace.quota?.code ?? 'cloudmap-namespaces', limit: 50, what: 'namespaces per account and region' },
  instancesPerNamespace: { code: 'cloudmap-instances-per-namespace', limit: 2000, what: 'instances per namespace' },
  instancesPerService: { code: 'cloudmap-instances-per-service', limit: 1000, what: 'instances per service' },
} as const;

export type CloudMapQuota = (typeof CLOUD_MAP_QUOTAS)[keyof typeof CLOUD_MAP_QUOTAS];

export function quotaLimit(env: ServiceEnv, quota: CloudMapQuota): number {
  return env.quotas[quota.code] ?? quota.limit;
}

/** Tags per resource: not adjustable (the request list may hold 200, the resource only 50). */
export const MAX_TAGS_PER_RESOURCE = 50;
/** Custom attributes per instance, and the total size of an instance's attributes. */
export const MAX_CUSTOM_ATTRIBUTES = 30;
export const MAX_ATTRIBUTES_CHARS = 5000;
/** Service attributes per service. */
export const MAX_SERVICE_ATTRIBUTES = 30;
