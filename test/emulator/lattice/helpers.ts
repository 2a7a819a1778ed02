import { CreateListenerCommand, CreateServiceCommand, CreateServiceNetworkCommand, CreateTargetGroupCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { Emulator, emulatorRequestHandler, type EmulatorOptions } from '../../../lib/emulator';
import { ManualClock } from '../../../lib/emulator/core/clock';

/** An emulator with a manual clock and a VPC Lattice client wired to it in-process (no sockets). */
export function latticeFixture(options: EmulatorOptions = {}) {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock();
  const emulator = new Emulator({ ...options, clock });
  const client = latticeClientFor(emulator);
  return { emulator, client, clock };
}

export function latticeClientFor(emulator: Emulator, maxAttempts = 1): VPCLatticeClient {
  return new VPCLatticeClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts,
    requestHandler: emulatorRequestHandler((r) => emulator.handle(r)),
  });
}

export type SdkError = Error & { name: string; $metadata: { httpStatusCode?: number }; $retryable?: { throttling?: boolean }; $fault?: string } & Record<string, unknown>;

/** The error a promise rejects with (fails the test when it resolves). */
export async function errorOf(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export const VPC = 'vpc-0123456789abcdef0';

export const httpTargetGroup = (name: string, port = 8080) => new CreateTargetGroupCommand({ name, type: 'IP', config: { port, protocol: 'HTTP', vpcIdentifier: VPC } });

/** A service network `net`, a service `shop` (custom domain shop.mesh.local), target groups `shop-v1`/`shop-v2` and an HTTP listener forwarding to v1. */
export async function seedService(client: VPCLatticeClient) {
  const sn = await client.send(new CreateServiceNetworkCommand({ name: 'net' }));
  const svc = await client.send(new CreateServiceCommand({ name: 'shop', customDomainName: 'shop.mesh.local' }));
  const v1 = await client.send(httpTargetGroup('shop-v1'));
  const v2 = await client.send(httpTargetGroup('shop-v2'));
  const listener = await client.send(new CreateListenerCommand({ serviceIdentifier: svc.id!, name: 'http-80', protocol: 'HTTP', port: 80, defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: v1.id!, weight: 100 }] } } }));
  return { sn, svc, v1, v2, listener };
}
