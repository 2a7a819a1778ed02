import type { CloudMapApi, CloudMapServiceInfo } from '../aws/cloud-map-api';
import type { RegistrationInstance } from '../mapping/lattice-targets';
import type { TargetRegistration } from '../resources/types';

/**
 * Reads the Cloud Map instances of each node meshops registers in Lattice (`registration: cloudmap`),
 * by the node's namespace and service names (ListInstances: the control-plane view, every page).
 * A namespace or service that does not exist yet (declared in the same repository, created by this
 * apply) has no instances. Read-only.
 */
export async function readRegistrationInstances(api: CloudMapApi, registrations: readonly TargetRegistration[]): Promise<Map<string, RegistrationInstance[]>> {
  const out = new Map<string, RegistrationInstance[]>();
  const wanted = registrations.filter((r) => r.cloudMap);
  if (wanted.length === 0) return out;
  const namespaces = await api.listNamespaces();
  const servicesOf = new Map<string, Promise<CloudMapServiceInfo[]>>();
  const instancesOf = new Map<string, Promise<RegistrationInstance[]>>();
  await Promise.all(
    wanted.map(async (r) => {
      const { namespace, service } = r.cloudMap!;
      const ns = namespaces.find((n) => n.name === namespace);
      if (!ns) return out.set(r.node, []);
      if (!servicesOf.has(ns.id)) servicesOf.set(ns.id, api.listServices(ns.id));
      const svc = (await servicesOf.get(ns.id)!).find((s) => s.name === service);
      if (!svc) return out.set(r.node, []);
      if (!instancesOf.has(svc.id)) instancesOf.set(svc.id, api.listInstances(svc.id));
      return out.set(r.node, await instancesOf.get(svc.id)!);
    }),
  );
  return out;
}
