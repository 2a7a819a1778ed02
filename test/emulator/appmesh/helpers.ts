import { AppMeshClient, CreateMeshCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, type PortProtocol, type VirtualGatewayPortProtocol } from '@aws-sdk/client-app-mesh';
import type { Emulator, EmulatorOptions } from '../../../lib/emulator';
import { emulatorFixture, inProcessClientConfig } from '../sdk-fixture';

export { errorOf, type SdkError } from '../sdk-fixture';

/** An emulator with a manual clock and an App Mesh client wired to it in-process (no sockets). */
export function appMeshFixture(options: EmulatorOptions = {}) {
  return emulatorFixture((emulator) => appMeshClientFor(emulator), options);
}

export function appMeshClientFor(emulator: Emulator, maxAttempts = 1): AppMeshClient {
  return new AppMeshClient(inProcessClientConfig(emulator, maxAttempts));
}

export const listener = (port = 8080, protocol: PortProtocol = 'http') => ({ portMapping: { port, protocol } });

export const gatewayListener = (port = 8443, protocol: VirtualGatewayPortProtocol = 'http') => ({ portMapping: { port, protocol } });

export const nodeSpec = (port = 8080, protocol: PortProtocol = 'http') => ({
  listeners: [listener(port, protocol)],
  serviceDiscovery: { dns: { hostname: 'svc.local' } },
});

export const httpRoute = (targets: { virtualNode: string; weight: number; port?: number }[], port?: number) => ({
  httpRoute: { match: { prefix: '/', ...(port !== undefined ? { port } : {}) }, action: { weightedTargets: targets } },
});

export const healthCheck = { healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000, protocol: 'http' as const, path: '/ping' };

/** A mesh with nodes `a` and `b` (http 8080) and a router `r` (http 8080). */
export async function seedMesh(client: AppMeshClient, meshName = 'm'): Promise<void> {
  await client.send(new CreateMeshCommand({ meshName }));
  for (const n of ['a', 'b']) await client.send(new CreateVirtualNodeCommand({ meshName, virtualNodeName: n, spec: nodeSpec() }));
  await client.send(new CreateVirtualRouterCommand({ meshName, virtualRouterName: 'r', spec: { listeners: [listener()] } }));
}
