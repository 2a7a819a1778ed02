import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CallTimes } from '../../lib/aws/call-times';
import type { CliContext } from '../../lib/cli/command';
import { ApplyProgress, LiveLine, progressText, ReadEstimates, ReadProgress, readEstimatesFor } from '../../lib/cli/live-progress';
import type { Operation } from '../../lib/plan/types';

function context(isTTY: boolean, columns?: number): { ctx: CliContext; written: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY, ...(columns ? { columns } : {}) });
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ctx: CliContext = { argv: [], stdout: new PassThrough(), stderr, stdin: new PassThrough(), cwd: '/', env: {} };
  return { ctx, written: () => text };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const ERASE = '\r\x1b[K';

describe('progressText', () => {
  it('says what is done, of what total, and the slowest kind so far', () => {
    expect(progressText({ label: 'reading live state', done: 40, unit: 'calls' })).toBe('  … reading live state: 40 calls');
    expect(progressText({ label: 'reading live state', done: 1234, total: 2483, estimated: true, unit: 'calls', slowest: { name: 'GetService', count: 12, meanMs: 118.4 } })).toBe(
      '  … reading live state: 1,234 of ~2,483 calls · slowest: GetService, 118 ms each',
    );
    expect(progressText({ label: 'applying', done: 3, total: 40, unit: 'operations', slowest: { name: 'create VirtualNode', count: 1, meanMs: 1530 } })).toBe(
      '  … applying: 3 of 40 operations · slowest: create VirtualNode, 1.5 s',
    );
  });

  it('drops an estimate the read has outgrown', () => {
    expect(progressText({ label: 'reading live state', done: 300, total: 231, estimated: true, unit: 'calls' })).toBe('  … reading live state: 300 calls');
  });
});

describe('the live line on a terminal', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('shows nothing in the first second, then redraws at most four times a second, only when it changed, and erases itself', async () => {
    const { ctx, written } = context(true);
    let calls = 0;
    const line = new LiveLine(ctx.stderr, () => `  … reading live state: ${calls} calls`);
    calls = 40;
    jest.advanceTimersByTime(900);
    await flush();
    expect(written()).toBe('');
    calls = 1234;
    jest.advanceTimersByTime(200);
    await flush();
    expect(written()).toBe(`${ERASE}  … reading live state: 1234 calls`);
    // unchanged: not rewritten
    jest.advanceTimersByTime(1000);
    await flush();
    expect(written()).toBe(`${ERASE}  … reading live state: 1234 calls`);
    // changed many times within one period: drawn once, with the latest
    calls = 1250;
    jest.advanceTimersByTime(100);
    calls = 1300;
    jest.advanceTimersByTime(150);
    line.stop();
    line.stop();
    await flush();
    expect(written()).toBe(`${ERASE}  … reading live state: 1234 calls${ERASE}  … reading live state: 1300 calls${ERASE}`);
  });

  it('prints permanent lines above the live one and draws it again below them', async () => {
    const { ctx, written } = context(true);
    const line = new LiveLine(ctx.stderr, () => '  … applying: 1 of 2 operations');
    line.log('create VirtualNode/bench/a');
    jest.advanceTimersByTime(1000);
    line.log('create VirtualNode/bench/b');
    line.stop();
    await flush();
    expect(written()).toBe(`  … create VirtualNode/bench/a\n${ERASE}  … applying: 1 of 2 operations${ERASE}  … create VirtualNode/bench/b\n  … applying: 1 of 2 operations${ERASE}`);
  });

  it('cuts a line wider than the terminal (a wrapped line could not be erased)', async () => {
    const { ctx, written } = context(true, 20);
    const line = new LiveLine(ctx.stderr, () => '  … reading live state: 1,234 of ~2,483 calls');
    jest.advanceTimersByTime(1000);
    line.stop();
    await flush();
    expect(written()).toBe(`${ERASE}  … reading live s…${ERASE}`);
  });

  it('writes nothing for a wait under a second, nothing at all on a pipe, and no live line with --json', async () => {
    for (const [tty, json] of [[true, false], [false, false], [true, true]] as const) {
      const { ctx, written } = context(tty);
      const line = new LiveLine(ctx.stderr, () => 'live', { json });
      jest.advanceTimersByTime(tty && !json ? 500 : 5000);
      line.stop();
      await flush();
      expect(written()).toBe('');
    }
    const piped = context(false);
    new LiveLine(piped.ctx.stderr, () => 'live').log('create VirtualNode/bench/a');
    const json = context(true);
    new LiveLine(json.ctx.stderr, () => 'live', { json: true }).log('create VirtualNode/bench/a');
    await flush();
    expect(piped.written()).toBe('');
    expect(json.written()).toBe('  … create VirtualNode/bench/a\n');
  });
});

describe('a read counts towards the previous read of the same repository and target', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshops-progress-'));
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
  });
  afterEach(() => {
    jest.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the first read shows its calls, the next one of how many, with the slowest API operation', async () => {
    const engine = { policy: { calls: 7 }, callTimes: new CallTimes(), cacheScope: 'embedded:x|us-east-1' };
    const estimates = readEstimatesFor(dir, engine, 'acme/mesh');
    const first = context(true);
    const read = new ReadProgress(first.ctx, engine, estimates);
    engine.policy.calls += 1265;
    engine.callTimes.record('ListVirtualNodes', 20);
    engine.callTimes.record('GetService', 60);
    engine.callTimes.record('GetService', 40);
    jest.advanceTimersByTime(1000);
    read.finish();
    await flush();
    expect(first.written()).toBe(`${ERASE}  … reading live state: 1,265 calls · slowest: GetService, 50 ms each${ERASE}`);
    expect(JSON.parse(readFileSync(join(dir, 'read-calls.json'), 'utf8'))).toEqual({ 'acme/mesh embedded:x|us-east-1': 1265 });

    const second = context(true);
    const again = new ReadProgress(second.ctx, engine, estimates);
    engine.policy.calls += 200;
    jest.advanceTimersByTime(1000);
    again.finish();
    await flush();
    expect(second.written()).toContain('  … reading live state: 200 of ~1,265 calls');
    expect(new ReadEstimates(join(dir, 'read-calls.json')).get('acme/mesh embedded:x|us-east-1')).toBe(200);
    // another target has its own figure
    expect(readEstimatesFor(dir, { cacheScope: 'aws|eu-west-1' }, 'acme/mesh').store.get('acme/mesh aws|eu-west-1')).toBeUndefined();
  });

  it('draws nothing before the first call (an apply waiting for its lock is not reading)', async () => {
    const engine = { policy: { calls: 3 }, callTimes: new CallTimes(), cacheScope: 'aws|us-east-1' };
    const { ctx, written } = context(true);
    const read = new ReadProgress(ctx, engine, readEstimatesFor(dir, engine, 'acme/mesh'));
    jest.advanceTimersByTime(3000);
    await flush();
    expect(written()).toBe('');
    engine.policy.calls++;
    jest.advanceTimersByTime(250);
    read.finish();
    await flush();
    expect(written()).toBe(`${ERASE}  … reading live state: 1 call${ERASE}`);
  });

  it('an unreadable estimates file only loses the estimate', () => {
    const store = new ReadEstimates(join(dir, 'missing', 'read-calls.json'));
    expect(store.get('k')).toBeUndefined();
    store.set('k', 12);
    expect(store.get('k')).toBe(12);
    const notAFile = new ReadEstimates(dir);
    notAFile.set('k', 3);
    expect(notAFile.get('k')).toBeUndefined();
  });
});

describe('an apply counts operations of the plan and names the slowest API operation since it began', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('one permanent line per operation, and the live line with operations done of the total', async () => {
    const { ctx, written } = context(true);
    const times = new CallTimes();
    times.record('GetService', 900); // the re-plan's read: not the apply's
    const apply = new ApplyProgress(ctx, 3, times);
    const op = (type: Operation['type'], kind: string, id: string) => ({ type, kind, id, change: 0 }) as unknown as Operation;
    apply.before(op('create', 'VirtualNode', 'VirtualNode/bench/a'));
    apply.before(op('update', 'Route', 'Route/bench/r/main'));
    times.record('CreateVirtualNode', 120);
    times.record('UpdateRoute', 40);
    times.record('DescribeRoute', 20);
    apply.after();
    apply.after();
    jest.advanceTimersByTime(1000);
    apply.line.stop();
    await flush();
    expect(written()).toBe(`  … create VirtualNode/bench/a\n  … update Route/bench/r/main\n${ERASE}  … applying: 2 of 3 operations · slowest: CreateVirtualNode, 120 ms${ERASE}`);
  });
});
