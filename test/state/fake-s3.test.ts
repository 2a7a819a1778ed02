// The fake S3 (test/support/fake-s3.ts) answers the real @aws-sdk/client-s3 as S3 does, for the
// operations the state store relies on.
import { DeleteObjectCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { FakeS3 } from '../support/fake-s3';

const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: { name: string; $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, status: e.$metadata?.httpStatusCode }));

describe('FakeS3', () => {
  let s3: FakeS3;
  let client: S3Client;
  beforeEach(() => {
    s3 = new FakeS3({ buckets: ['b'] });
    client = s3.client();
  });

  it('implements If-None-Match: * and If-Match on PutObject', async () => {
    const first = await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'one', IfNoneMatch: '*' }));
    expect(first.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await fail(client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'two', IfNoneMatch: '*' })))).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect(await fail(client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'two', IfMatch: '"wrong"' })))).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect(await fail(client.send(new PutObjectCommand({ Bucket: 'b', Key: 'absent', Body: 'two', IfMatch: first.ETag })))).toEqual({ name: 'NoSuchKey', status: 404 });
    const second = await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'two', IfMatch: first.ETag }));
    expect(second.ETag).not.toBe(first.ETag);
    const got = await client.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));
    expect(await got.Body!.transformToString()).toBe('two');
    expect(got.ETag).toBe(second.ETag);
  });

  it('implements If-Match on DeleteObject, and unconditional deletes of missing keys succeed', async () => {
    const put = await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));
    expect(await fail(client.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k', IfMatch: '"nope"' })))).toEqual({ name: 'PreconditionFailed', status: 412 });
    await client.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k', IfMatch: put.ETag }));
    expect(await fail(client.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k', IfMatch: put.ETag })))).toEqual({ name: 'NoSuchKey', status: 404 });
    await client.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k' }));
    expect(s3.keys('b')).toEqual([]);
  });

  it('answers missing keys and buckets with S3 errors: NoSuchKey, NotFound on HEAD, NoSuchBucket', async () => {
    const missing = await client.send(new GetObjectCommand({ Bucket: 'b', Key: 'nope' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NoSuchKey);
    const head = await client.send(new HeadObjectCommand({ Bucket: 'b', Key: 'nope' })).catch((e: unknown) => e);
    expect(head).toBeInstanceOf(NotFound);
    expect(await fail(client.send(new GetObjectCommand({ Bucket: 'other', Key: 'k' })))).toEqual({ name: 'NoSuchBucket', status: 404 });
    expect(await fail(client.send(new GetObjectTaggingCommand({ Bucket: 'b', Key: 'k' })))).toEqual({ name: 'NotImplemented', status: 501 });
  });

  it('gives one of two simultaneous conditional writes 409 ConditionalRequestConflict', async () => {
    const results = await Promise.allSettled([
      client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: '1', IfNoneMatch: '*' })),
      client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: '2', IfNoneMatch: '*' })),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).name))).toEqual(['ok', 'ConditionalRequestConflict']);
  });

  it('lists by prefix in UTF-8 order, with max-keys, start-after and continuation tokens', async () => {
    for (const k of ['p/b', 'p/a', 'p/é', 'p/Z', 'q/a', 'p/sub/x']) s3.putRaw('b', k, k);
    const page1 = await client.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'p/', MaxKeys: 2 }));
    expect(page1.Contents?.map((c) => c.Key)).toEqual(['p/Z', 'p/a']);
    expect(page1).toMatchObject({ IsTruncated: true, KeyCount: 2, MaxKeys: 2, Prefix: 'p/' });
    const page2 = await client.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'p/', MaxKeys: 2, ContinuationToken: page1.NextContinuationToken }));
    expect(page2.Contents?.map((c) => c.Key)).toEqual(['p/b', 'p/sub/x']);
    const page3 = await client.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'p/', ContinuationToken: page2.NextContinuationToken }));
    expect(page3.Contents?.map((c) => c.Key)).toEqual(['p/é']);
    expect(page3.IsTruncated).toBe(false);
    expect(page3.NextContinuationToken).toBeUndefined();
    const after = await client.send(new ListObjectsV2Command({ Bucket: 'b', StartAfter: 'p/sub/x' }));
    expect(after.Contents?.map((c) => [c.Key, c.Size])).toEqual([['p/é', 4], ['q/a', 3]]);
    expect(await fail(client.send(new ListObjectsV2Command({ Bucket: 'b', ContinuationToken: 'forged' })))).toEqual({ name: 'InvalidArgument', status: 400 });
  });

  it('serves virtual-hosted style requests and stream bodies', async () => {
    const hosted = s3.client({ forcePathStyle: false });
    await hosted.send(new PutObjectCommand({ Bucket: 'b', Key: 'dir/k v.json', Body: Readable.from([Buffer.from('streamed')]), ContentLength: 8 }));
    expect(s3.getRaw('b', 'dir/k v.json')).toBe('streamed');
    expect(s3.requests[0]!.key).toBe('dir/k v.json');
  });

  it('fails the next matching request on demand', async () => {
    s3.failNext('GetObject', { status: 503, code: 'SlowDown', message: 'Reduce your request rate.' }, 'k');
    s3.putRaw('b', 'k', 'x');
    expect(await fail(client.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })))).toEqual({ name: 'SlowDown', status: 503 });
    expect(await (await client.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).Body!.transformToString()).toBe('x');
  });
});
