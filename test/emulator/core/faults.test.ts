import {
  CreateMeshCommand,
  CreateVirtualNodeCommand,
  InternalServerErrorException,
  ListMeshesCommand,
  ListVirtualNodesCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-app-mesh';
import { Emulator, type FaultOptions } from '../../../lib/emulator';
import { FaultInjector } from '../../../lib/emulator/core/faults';
import { appMeshClientFor, errorOf, nodeSpec } from '../appmesh/helpers';

/** The outcome of each of `n` ListMeshes calls: ok, or the error's name. */
async function outcomes(faults: FaultOptions, n = 40): Promise<string[]> {
  const client = appMeshClientFor(new Emulator({ faults }));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    try {
      await client.send(new ListMeshesCommand({}));
      out.push('ok');
    } catch (err) {
      out.push((err as Error).name);
    }
  }
  return out;
}

describe('Emulator fault injection', () => {
  it('is deterministic per seed: the same seed gives the same faults on the same calls', async () => {
    const faults = { throttleRate: 0.3, errorRate: 0.2, seed: 1234 };
    const first = await outcomes(faults);
    expect(await outcomes(faults)).toEqual(first);
    expect(await outcomes({ ...faults, seed: 99 })).not.toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('TooManyRequestsException');
    expect(first).toContain('InternalServerErrorException');
  });

  it('answers throttled calls with TooManyRequestsException 429, which the SDK marks retryable (throttling)', async () => {
    const client = appMeshClientFor(new Emulator({ faults: { throttleRate: 1 } }));
    const err = await errorOf(client.send(new ListMeshesCommand({})));
    expect(err).toBeInstanceOf(TooManyRequestsException);
    expect(err.$metadata.httpStatusCode).toBe(429);
    expect(err.$retryable).toEqual({ throttling: true });
  });

  it('commits the change for an error-after fault: the 500 hides a create that happened', async () => {
    const emulator = new Emulator({ faults: { errorRate: 1, seed: 5 } });
    const client = appMeshClientFor(emulator);
    for (let i = 0; i < 12; i++) {
      const err = await errorOf(client.send(new CreateMeshCommand({ meshName: `m${i}` })));
      expect(err).toBeInstanceOf(InternalServerErrorException);
      expect(err.$metadata.httpStatusCode).toBe(500);
      expect(err.$fault).toBe('server');
    }
    const { errorsAfter, errorsBefore } = emulator.faults.counts;
    expect(errorsAfter).toBeGreaterThan(0);
    expect(errorsBefore).toBeGreaterThan(0);
    emulator.faults.configure({});
    const created = (await client.send(new ListMeshesCommand({}))).meshes!;
    expect(created).toHaveLength(errorsAfter);
  });

  it('lets an SDK retry with the same clientToken finish a create whose first answer was a server error', async () => {
    const emulator = new Emulator();
    const client = appMeshClientFor(emulator, 6);
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    // Seed 13's decisions start: none, error-before ×3, error-after, …: both kinds of 500 happen.
    emulator.faults.configure({ errorRate: 0.5, seed: 13 });
    for (let i = 0; i < 6; i++) await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: `n${i}`, spec: nodeSpec() }));
    expect(emulator.faults.counts.errorsAfter).toBeGreaterThan(0);
    expect(emulator.faults.counts.errorsBefore).toBeGreaterThan(0);
    emulator.faults.configure({});
    expect((await client.send(new ListVirtualNodesCommand({ meshName: 'm' }))).virtualNodes).toHaveLength(6);
  });

  it('computes latency from the base and a seeded jitter', () => {
    const a = new FaultInjector({ latencyMs: 50, latencyJitterMs: 20, seed: 3 });
    const b = new FaultInjector({ latencyMs: 50, latencyJitterMs: 20, seed: 3 });
    const seqA = Array.from({ length: 10 }, () => a.latency());
    expect(Array.from({ length: 10 }, () => b.latency())).toEqual(seqA);
    for (const l of seqA) {
      expect(l).toBeGreaterThanOrEqual(50);
      expect(l).toBeLessThan(70);
    }
    expect(new FaultInjector({ latencyMs: 7 }).latency()).toBe(7);
  });
});
