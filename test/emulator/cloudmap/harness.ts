import {
  GetOperationCommand,
  ServiceDiscoveryClient,
  type Operation,
} from '@aws-sdk/client-servicediscovery';
import type { Emulator, EmulatorOptions, ManualClock } from '../../../lib/emulator';
import { emulatorFixture, inProcessClientConfig } from '../sdk-fixture';

/** An emulator, a real Cloud Map SDK client wired to it in-process, and the clock it runs on. */
export interface CloudMapHarness {
  emulator: Emulator;
  client: ServiceDiscoveryClient;
  clock: ManualClock;
}

export function cloudMapHarness(options: EmulatorOptions = {}): CloudMapHarness {
  return emulatorFixture((emulator) => sdkClient(emulator), options);
}

export function sdkClient(emulator: Emulator, overrides: Partial<ConstructorParameters<typeof ServiceDiscoveryClient>[0]> = {}): ServiceDiscoveryClient {
  return new ServiceDiscoveryClient({ ...inProcessClientConfig(emulator), ...overrides });
}

/**
 * Polls GetOperation until the operation settles, advancing the manual clock between polls as a
 * real client would wait. Returns the settled operation.
 */
export async function settled(h: CloudMapHarness, operationId: string | undefined, stepMs = 250): Promise<Operation> {
  for (let i = 0; i < 1000; i++) {
    const { Operation: op } = await h.client.send(new GetOperationCommand({ OperationId: operationId }));
    if (op?.Status === 'SUCCESS' || op?.Status === 'FAIL') return op;
    h.clock.advance(stepMs);
  }
  throw new Error(`operation ${operationId} did not settle`);
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, it succeeded');
}
