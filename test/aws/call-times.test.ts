import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../lib/app/engine';
import { CallTimes, callTimesMiddleware } from '../../lib/aws/call-times';
import { Emulator } from '../../lib/emulator';
import { LocalStateStore } from '../../lib/state/local-state-store';

describe('CallTimes', () => {
  it('names the kind with the longest mean time', () => {
    const times = new CallTimes();
    expect(times.slowest()).toBeUndefined();
    times.record('ListVirtualNodes', 30);
    times.record('GetService', 100);
    times.record('GetService', 10);
    times.record('ListVirtualNodes', 20);
    expect(times.slowest()).toEqual({ name: 'GetService', count: 2, meanMs: 55 });
    const mark = times.mark();
    times.record('ListVirtualNodes', 40);
    times.record('CreateRoute', 35);
    expect(times.slowest(mark)).toEqual({ name: 'ListVirtualNodes', count: 1, meanMs: 40 });
    expect(times.slowest()).toEqual({ name: 'GetService', count: 2, meanMs: 55 });
  });

  it('the middleware times each request under its operation, failed ones too', async () => {
    const times = new CallTimes();
    let clock = 0;
    const middleware = callTimesMiddleware<object, object>(times, () => clock);
    const ok = middleware(async () => {
      clock += 40;
      return { output: {}, response: {} } as never;
    }, { commandName: 'DescribeVirtualNodeCommand' });
    await ok({ input: {} });
    const failing = middleware(async () => {
      clock += 90;
      throw new Error('throttled');
    }, { commandName: 'GetServiceCommand' });
    await expect(failing({ input: {} })).rejects.toThrow('throttled');
    expect(times.slowest()).toEqual({ name: 'GetService', count: 1, meanMs: 90 });
  });
});

describe('an engine times every API call it makes', () => {
  it('through each SDK client (App Mesh, Cloud Map)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshops-call-times-'));
    try {
      const engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator: new Emulator({ region: 'us-east-1', faults: { latencyMs: 15 } }) });
      await engine.apis.appMesh.listAll('Mesh', {});
      await engine.apis.cloudMap.listNamespaces();
      const slowest = engine.callTimes.slowest();
      expect(['ListMeshes', 'ListNamespaces']).toContain(slowest?.name);
      expect(slowest!.meanMs).toBeGreaterThanOrEqual(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
