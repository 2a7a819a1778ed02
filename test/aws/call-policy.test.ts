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
});
