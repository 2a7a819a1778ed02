import { isJsonObject, type JsonObject } from '../../../resources';
import { limitExceeded } from '../errors';
import { BACKENDS_QUOTA, quotaLimit } from '../quotas';
import { fillHealthCheckPorts } from './health-check-port';
import type { KindDefinition } from './kind-definition';

/**
 * Describe shows `backends: []` when none were sent (describe-virtual-node and delete-virtual-node
 * CLI examples; the create-virtual-node example's response has no `backends`), and backends that
 * name the same virtual service once (aws-app-mesh-roadmap #170: Create echoed duplicates, a later
 * Describe returned one). Order is kept.
 */
function describedSpec(spec: JsonObject): JsonObject {
  const backends = Array.isArray(spec.backends) ? spec.backends : [];
  const seen = new Set<string>();
  const unique = backends.filter((b) => {
    const vs = isJsonObject(b) && isJsonObject(b.virtualService) ? b.virtualService.virtualServiceName : undefined;
    if (typeof vs !== 'string') return true;
    if (seen.has(vs)) return false;
    seen.add(vs);
    return true;
  });
  return { ...spec, backends: unique };
}

/**
 * VirtualNode. Backends need not exist (aws-cdk #17736); Cloud Map namespaces and services named
 * in `serviceDiscovery` are not checked either (resolved when Envoy is configured, docs/aws-behaviour.md §4.2).
 */
export const virtualNodeKind: KindDefinition = {
  kind: 'VirtualNode',
  nameMember: 'virtualNodeName',
  arnSegment: 'virtualNode',
  operations: { create: 'CreateVirtualNode', describe: 'DescribeVirtualNode', update: 'UpdateVirtualNode', delete: 'DeleteVirtualNode', list: 'ListVirtualNodes' },
  dataMember: 'virtualNode',
  listMember: 'virtualNodes',
  storedSpec: fillHealthCheckPorts,
  describedSpec,
  checkRelations(ctx, target, spec) {
    const count = Array.isArray(spec.backends) ? spec.backends.length : 0;
    const limit = quotaLimit(ctx, BACKENDS_QUOTA.code, BACKENDS_QUOTA.limit);
    if (count > limit) {
      throw limitExceeded(`VirtualNode ${target.name} has ${count} backends, over the quota of ${limit} ${BACKENDS_QUOTA.description} (${BACKENDS_QUOTA.code})`);
    }
  },
};
