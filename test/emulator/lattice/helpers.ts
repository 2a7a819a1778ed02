import { CreateListenerCommand, CreateServiceCommand, CreateServiceNetworkCommand, CreateTargetGroupCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import type { Emulator, EmulatorOptions } from '../../../lib/emulator';
import { emulatorFixture, inProcessClientConfig } from '../sdk-fixture';

export { errorOf, type SdkError } from '../sdk-fixture';

/** An emulator with a manual clock and a VPC Lattice client wired to it in-process (no sockets). */
export function latticeFixture(options: EmulatorOptions = {}) {
  return emulatorFixture((emulator) => latticeClientFor(emulator), options);
}

export function latticeClientFor(emulator: Emulator, maxAttempts = 1): VPCLatticeClient {
  return new VPCLatticeClient(inProcessClientConfig(emulator, maxAttempts));
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
