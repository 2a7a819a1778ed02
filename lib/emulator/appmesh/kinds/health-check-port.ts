import { isJsonObject, type JsonObject } from '../../../resources';

/**
 * `listeners[].healthCheck.port` is filled with the listener's port when omitted (docs/aws-behaviour.md §6:
 * Terraform models it Optional+Computed; aws-cdk #14432 "we only allow it to be the same as the
 * listener, which is the default"; the k8s controller ignores it when unset in desired). Shared by
 * virtual nodes and virtual gateways.
 */
export function fillHealthCheckPorts(spec: JsonObject): JsonObject {
  if (!Array.isArray(spec.listeners)) return spec;
  const listeners = spec.listeners.map((l) => {
    if (!isJsonObject(l) || !isJsonObject(l.healthCheck) || l.healthCheck.port !== undefined) return l;
    const port = isJsonObject(l.portMapping) ? l.portMapping.port : undefined;
    if (typeof port !== 'number') return l;
    return { ...l, healthCheck: { ...l.healthCheck, port } };
  });
  return { ...spec, listeners };
}
