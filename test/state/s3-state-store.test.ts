import { hostname } from 'node:os';
import type { HttpHandlerOptions, HttpRequest } from '@smithy/types';
import { S3StateStore } from '../../lib/state';
import { FakeS3 } from '../support/fake-s3';
import { audit, fakeClock, lastApplied, stateStoreContract } from './contract';

const BUCKET = 'state';
const PREFIX = 'meshops/';

stateStoreContract('S3StateStore', async (clock) => {
  const s3 = new FakeS3({ buckets: [BUCKET], now: () => new Date(clock.t) });
  const client = s3.client();
  return {
    store: (runtime) => new S3StateStore({ client, bucket: BUCKET, prefix: PREFIX, ...runtime }),
    writeRaw: async (key, body) => void s3.putRaw(BUCKET, PREFIX + key, body),
    readRaw: async (key) => s3.getRaw(BUCKET, PREFIX + key),
    async listRaw() {
      const keys = s3.keys(BUCKET);
      expect(keys.every((k) => k.startsWith(PREFIX))).toBe(true);
      return keys.map((k) => k.slice(PREFIX.length));
    },
  };
});

describe('S3StateStore', () => {
  const REPO = 'acme/mesh-config';
  let s3: FakeS3;
  let clock: ReturnType<typeof fakeClock>;
  const store = (prefix?: string) => new S3StateStore({ client: s3.client(), bucket: BUCKET, prefix, ...clock.runtime() });
  beforeEach(() => {
    clock = fakeClock();
    s3 = new FakeS3({ buckets: [BUCKET], now: () => new Date(clock.t) });
  });

  it('takes the lock with If-None-Match, takes over with If-Match, and releases with a conditional delete', async () => {
    const a = await store().acquireLock(REPO, { holder: 'a', purpose: 'apply', timeoutMs: 1_000 });
    clock.t += 2_000;
    const b = await store().acquireLock(REPO, { holder: 'b', purpose: 'apply', timeoutMs: 1_000 });
    await a.release();
    await b.release();
    const calls = s3.requests.map((r) => [r.operation, r.key, r.headers['if-none-match'] ?? r.headers['if-match'] ?? '', r.status]);
    const etagA = calls[3]![2];
    expect(etagA).toMatch(/^"[0-9a-f]{32}"$/);
    expect(calls).toEqual([
      ['PutObject', 'state/acme/mesh-config/lock', '*', 200],
      ['PutObject', 'state/acme/mesh-config/lock', '*', 412],
      ['GetObject', 'state/acme/mesh-config/lock', '', 200],
      ['PutObject', 'state/acme/mesh-config/lock', etagA, 200],
      // a's release: its ETag no longer matches, so b's lock stays.
      ['DeleteObject', 'state/acme/mesh-config/lock', etagA, 412],
      ['DeleteObject', 'state/acme/mesh-config/lock', expect.not.stringMatching(etagA as string), 204],
    ]);
    expect(s3.keys(BUCKET)).toEqual([]);
  });

  it('does not apply the dead-process rule: an S3 lock only goes stale by time', async () => {
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max default: no such process
    s3.putRaw(BUCKET, 'state/acme/mesh-config/lock', JSON.stringify({ holder: 'lambda:1', purpose: 'apply', startedAt: new Date(clock.t).toISOString(), host: hostname(), pid: deadPid, token: 't' }));
    await expect(store().acquireLock(REPO, { holder: 'me', purpose: 'apply', timeoutMs: 60_000 })).rejects.toMatchObject({ name: 'LockHeldError', holder: 'lambda:1' });
  });

  it('retries a 409 ConditionalRequestConflict', async () => {
    s3.failNext('PutObject', { status: 409, code: 'ConditionalRequestConflict', message: 'conflict' });
    s3.failNext('PutObject', { status: 409, code: 'ConditionalRequestConflict', message: 'conflict' });
    const lock = await store().acquireLock(REPO, { holder: 'me', purpose: 'apply', timeoutMs: 60_000 });
    expect(s3.requests.map((r) => r.status)).toEqual([409, 409, 200]);
    await lock.release();
  });

  it('treats its own earlier write as success when a retried request finds the lock already there', async () => {
    // The first attempt reached S3 but its answer was lost; the SDK's retry then gets 412.
    let dropped = false;
    const inner = s3.handler;
    const flaky = new S3StateStore({
      client: s3.client({
        maxAttempts: 2,
        requestHandler: {
          async handle(req: HttpRequest, options?: HttpHandlerOptions) {
            const res = await inner.handle(req, options);
            if (dropped || req.method !== 'PUT') return res;
            dropped = true;
            return { response: { statusCode: 500, headers: {}, body: Buffer.from('<Error><Code>InternalError</Code><Message>lost</Message></Error>') } };
          },
        },
      }),
      bucket: BUCKET,
      ...clock.runtime(),
    });
    const lock = await flaky.acquireLock(REPO, { holder: 'me', purpose: 'apply', timeoutMs: 60_000 });
    expect(lock.takenOver).toBeUndefined();
    await lock.release();
    expect(s3.requests.map((r) => [r.operation, r.status])).toEqual([
      ['PutObject', 200],
      ['PutObject', 412],
      ['GetObject', 200],
      ['DeleteObject', 204],
    ]);
    expect(s3.keys(BUCKET)).toEqual([]);
  });

  it('meets 409 ConditionalRequestConflict when contenders race, and still lets exactly one win', async () => {
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => store().acquireLock(REPO, { holder: `c${i}`, purpose: 'apply', timeoutMs: 60_000 })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(s3.requests.some((r) => r.status === 409)).toBe(true);
  });

  it('lists audit entries across pages and reads only the newest it needs', async () => {
    for (let i = 0; i < 1005; i++) {
      const t = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      s3.putRaw(BUCKET, `audit/acme/mesh-config/${t.replace(/[-:]/g, '')}-nosha.json`, JSON.stringify(audit(t, { sha: undefined })));
    }
    const listed = await store().listAudit(REPO, { limit: 2 });
    expect(listed.map((e) => e.startedAt)).toEqual([new Date(Date.UTC(2026, 0, 1) + 1004 * 60_000).toISOString(), new Date(Date.UTC(2026, 0, 1) + 1003 * 60_000).toISOString()]);
    const ops = s3.requests.map((r) => r.operation);
    expect(ops).toEqual(['ListObjectsV2', 'ListObjectsV2', 'GetObject', 'GetObject']);
    expect(s3.requests[1]!.query['continuation-token']).toBeDefined();
  });

  it('keeps everything under the prefix, with or without its trailing slash', async () => {
    await store('team/meshops').putLastApplied(REPO, lastApplied());
    await store('/team/meshops/').putLastApplied('acme/other', lastApplied());
    expect(s3.keys(BUCKET)).toEqual(['team/meshops/state/acme/mesh-config/last-applied.json', 'team/meshops/state/acme/other/last-applied.json']);
    expect(store('team/meshops').location).toBe('s3://state/team/meshops/');
  });

  it('names the action, the S3 URL and the S3 error when a call fails', async () => {
    s3.failNext('GetObject', { status: 403, code: 'AccessDenied', message: 'Access Denied' });
    await expect(store('p').getLastApplied(REPO)).rejects.toMatchObject({
      name: 'StateAccessError',
      message: 'reading the last-applied record of acme/mesh-config at s3://state/p/state/acme/mesh-config/last-applied.json: AccessDenied: Access Denied',
    });
    const missing = new S3StateStore({ client: s3.client(), bucket: 'no-such-bucket' });
    await expect(missing.putLastApplied(REPO, lastApplied())).rejects.toThrow(/^writing the last-applied record of acme\/mesh-config to s3:\/\/no-such-bucket\/state\/acme\/mesh-config\/last-applied.json: NoSuchBucket: The specified bucket does not exist$/);
  });

  it('reports a corrupt object with its s3:// URL', async () => {
    s3.putRaw(BUCKET, 'state/acme/mesh-config/last-applied.json', '\u0000\u0001');
    await expect(store().getLastApplied(REPO)).rejects.toThrow(/^state file s3:\/\/state\/state\/acme\/mesh-config\/last-applied.json is corrupt: not valid JSON/);
  });
});
