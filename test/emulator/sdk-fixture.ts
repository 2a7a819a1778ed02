import { Emulator, emulatorRequestHandler, ManualClock, type EmulatorOptions } from '../../lib/emulator';

/**
 * What the emulator's API tests share, whatever the API: a real SDK client's settings for talking
 * to an emulator in process (no sockets), an emulator on a manual clock with one client, and the
 * error a call must fail with.
 */

/** Region, throwaway credentials, `maxAttempts` (1: a test about retries says otherwise) and the emulator's in-process handler. */
export function inProcessClientConfig(emulator: Emulator, maxAttempts = 1) {
  return {
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts,
    requestHandler: emulatorRequestHandler((r) => emulator.handle(r)),
  };
}

/** An emulator with a manual clock (the one in `options`, or a new one) and a client made for it. */
export function emulatorFixture<C>(clientFor: (emulator: Emulator) => C, options: EmulatorOptions = {}): { emulator: Emulator; client: C; clock: ManualClock } {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock();
  const emulator = new Emulator({ ...options, clock });
  return { emulator, client: clientFor(emulator), clock };
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
