import { CallPolicy, Limiter, withRetry } from '../../lib/aws/call-policy';

const err = (name: string, status: number, extra: object = {}) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });
const noSleep = { sleep: async () => undefined, random: () => 0.5 };

describe('withRetry', () => {
  it('retries throttling and server errors, then succeeds', async () => {
    const failures = [err('TooManyRequestsException', 429), err('InternalServerErrorException', 500), err('ThrottlingException', 400)];
    let calls = 0;
    const out = await withRetry(async () => {
      calls++;
      const f = failures.shift();
      if (f) throw f;
      return 'ok';
    }, noSleep);
    expect(out).toBe('ok');
    expect(calls).toBe(4);
  });

  it('never retries quota errors, which the SDK would retry as throttling', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw err('LimitExceededException', 400, { $retryable: { throttling: true } });
      }, noSleep),
    ).rejects.toThrow('LimitExceededException');
    expect(calls).toBe(1);
  });

  it('does not retry client errors and gives up after the attempt budget', async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw err('BadRequestException', 400); }, noSleep)).rejects.toThrow();
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw err('ServiceUnavailableException', 503); }, { ...noSleep, attempts: 3 })).rejects.toThrow();
    expect(calls).toBe(3);
  });

  it('backs off exponentially with full jitter, capped', async () => {
    const delays: number[] = [];
    await expect(
      withRetry(async () => { throw err('TooManyRequestsException', 429); }, { attempts: 6, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999, sleep: async (ms) => { delays.push(ms); } }),
    ).rejects.toThrow();
    expect(delays).toEqual([99, 199, 399, 799, 999]);
  });
});

describe('Limiter', () => {
  it('never runs more than its concurrency at once', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 20 }, () => limiter.run(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
    })));
    expect(peak).toBe(3);
  });

  it('rejects a non-positive concurrency', () => {
    expect(() => new Limiter(0)).toThrow('concurrency must be a positive integer');
    expect(() => new CallPolicy(1.5)).toThrow();
  });

  it('adapts: grows while calls succeed, halves once per level on throttling, never below 1', async () => {
    const limiter = new Limiter(10, { adaptive: true, max: 40 });
    const ok = () => limiter.run(async () => new Promise((r) => setImmediate(r)));
    // 10 successes in a row at 10 raise it to 11, then 11 more to 12, ...
    for (let i = 0; i < 10 + 11 + 12; i++) await ok();
    expect(limiter.concurrency).toBe(13);
    const throttle = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const isThrottling = (e: unknown) => (e as Error).name === 'ThrottlingException';
    // Five throttled calls started at the same level halve it once, not five times.
    await Promise.allSettled(Array.from({ length: 5 }, () => limiter.run(async () => { await new Promise((r) => setImmediate(r)); throw throttle; }, isThrottling)));
    expect(limiter.concurrency).toBe(6);
    for (let i = 0; i < 10; i++) await limiter.run(async () => { throw throttle; }, isThrottling).catch(() => undefined);
    expect(limiter.concurrency).toBe(1);
    expect(limiter).toMatchObject({ peak: 13, low: 1, throttled: 15 });
    for (let i = 0; i < 100; i++) await ok();
    expect(limiter.concurrency).toBeGreaterThan(1);
  });

  it('never passes its current limit while it changes, and stops at max', async () => {
    const limiter = new Limiter(2, { adaptive: true, max: 4 });
    let active = 0;
    let over = false;
    await Promise.all(Array.from({ length: 200 }, () => limiter.run(async () => {
      active++;
      if (active > limiter.concurrency) over = true;
      await new Promise((r) => setImmediate(r));
      active--;
    })));
    expect(over).toBe(false);
    expect(limiter.concurrency).toBe(4);
  });

  it('stays where it is pinned', async () => {
    const policy = new CallPolicy(5, { sleep: async () => undefined, random: () => 0 });
    const throttle = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    let calls = 0;
    await policy.call(async () => { if (calls++ < 3) throw throttle; return 1; });
    for (let i = 0; i < 50; i++) await policy.call(async () => 1);
    expect(policy.limiter.concurrency).toBe(5);
    expect(policy.limiter.throttled).toBe(3);
  });

  it('an adaptive policy backs off on throttling but never on quota errors (nor retries them)', async () => {
    const policy = new CallPolicy({ adaptive: 10 }, { sleep: async () => undefined, random: () => 0 });
    const quota = Object.assign(new Error('quota'), { name: 'LimitExceededException', $retryable: { throttling: true } });
    let calls = 0;
    await expect(policy.call(async () => { calls++; throw quota; })).rejects.toThrow('quota');
    expect(calls).toBe(1);
    expect(policy.limiter.concurrency).toBe(10);
    const throttle = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    let n = 0;
    await policy.call(async () => { if (n++ === 0) throw throttle; return 1; });
    expect(policy.limiter.concurrency).toBe(5);
  });
});
