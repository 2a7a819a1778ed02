import { AppMeshClient, CreateMeshCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, type PortProtocol, type VirtualGatewayPortProtocol } from '@aws-sdk/client-app-mesh';
import { Emulator, emulatorRequestHandler, type EmulatorOptions } from '../../../lib/emulator';
import { ManualClock } from '../../../lib/emulator/core/clock';

/** An emulator with a manual clock and an App Mesh client wired to it in-process (no sockets). */
export function appMeshFixture(options: EmulatorOptions = {}) {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock();
  const emulator = new Emulator({ ...options, clock });
  const client = appMeshClientFor(emulator);
  return { emulator, client, clock };
}

export function appMeshClientFor(emulator: Emulator, maxAttempts = 1): AppMeshClient {
  return new AppMeshClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts,
    requestHandler: emulatorRequestHandler((r) => emulator.handle(r)),
  });
}

export type SdkError = Error & { $metadata: { httpStatusCode?: number }; $retryable?: { throttling?: boolean }; $fault?: string };

/** The error a promise rejects with (fails the test when it resolves). */
export async function errorOf(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected the call to fail, but it succeeded');
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
