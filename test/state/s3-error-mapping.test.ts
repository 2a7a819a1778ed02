// The S3 store's reading of SDK errors, at the unit level (aws-sdk-client-mock): which errors mean
// "absent", "precondition failed" or "retry", and how the rest reach the caller.
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { LockHeldError, S3StateStore, StateAccessError } from '../../lib/state';

const s3 = mockClient(S3Client);
const store = () => new S3StateStore({ client: new S3Client({ region: 'us-east-1' }), bucket: 'b', sleep: async () => undefined });
const s3Error = (name: string, status: number, message = name) => new S3ServiceException({ name, message, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
const body = (text: string) => sdkStreamMixin(Readable.from([Buffer.from(text)]));
const lockBody = JSON.stringify({ holder: 'other', purpose: 'apply', startedAt: new Date().toISOString(), host: 'elsewhere', pid: 1, token: 't' });

beforeEach(() => s3.reset());

describe('S3StateStore error mapping', () => {
  it('reads NoSuchKey as absent', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));
    expect(await store().getLastApplied('acme/mesh')).toBeUndefined();
  });

  it('passes any other read error on as StateAccessError with the action, the URL and the cause', async () => {
    const cause = s3Error('AccessDenied', 403, 'Access Denied');
    s3.on(GetObjectCommand).rejects(cause);
    const err = await store().getDriftLatest('acme/mesh').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateAccessError);
    expect((err as Error).message).toBe('reading the latest drift report of acme/mesh at s3://b/drift/acme/mesh/latest.json: AccessDenied: Access Denied');
    expect((err as Error).cause).toBe(cause);
  });

  it('reads a 412, by name or by status alone, as "the lock exists"', async () => {
    for (const rejection of [s3Error('PreconditionFailed', 412), s3Error('Unknown', 412)]) {
      s3.reset();
      s3.on(PutObjectCommand, { IfNoneMatch: '*' }).rejects(rejection);
      s3.on(GetObjectCommand).callsFake(() => ({ Body: body(lockBody), ETag: '"e1"', LastModified: new Date() }));
      await expect(store().acquireLock('acme/mesh', { holder: 'me', purpose: 'apply', timeoutMs: 60_000 })).rejects.toBeInstanceOf(LockHeldError);
    }
  });

  it('retries 409 ConditionalRequestConflict, then gives up with the S3 error', async () => {
    s3.on(PutObjectCommand).rejectsOnce(s3Error('ConditionalRequestConflict', 409)).resolves({ ETag: '"e1"' });
    const lock = await store().acquireLock('acme/mesh', { holder: 'me', purpose: 'apply', timeoutMs: 60_000 });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);

    s3.on(DeleteObjectCommand).rejects(s3Error('ConditionalRequestConflict', 409));
    await expect(lock.release()).rejects.toThrow(/^releasing the lock on acme\/mesh at s3:\/\/b\/state\/acme\/mesh\/lock: ConditionalRequestConflict/);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(7);
    expect(s3.commandCalls(DeleteObjectCommand)[0]!.args[0].input).toMatchObject({ Bucket: 'b', Key: 'state/acme/mesh/lock', IfMatch: '"e1"' });
  });

  it('takes a stale lock over with If-Match on the ETag it read; a 412 there means someone else was first', async () => {
    const old = JSON.stringify({ holder: 'old', purpose: 'apply', startedAt: '2020-01-01T00:00:00.000Z', host: 'elsewhere', pid: 1, token: 't0' });
    const winner = JSON.stringify({ holder: 'winner', purpose: 'apply', startedAt: new Date().toISOString(), host: 'elsewhere', pid: 2, token: 't1' });
    s3.on(PutObjectCommand, { IfNoneMatch: '*' }).rejects(s3Error('PreconditionFailed', 412));
    s3.on(PutObjectCommand, { IfMatch: '"old"' }).rejects(s3Error('PreconditionFailed', 412));
    s3.on(GetObjectCommand)
      .resolvesOnce({ Body: body(old), ETag: '"old"', LastModified: new Date() })
      .callsFake(() => ({ Body: body(winner), ETag: '"new"', LastModified: new Date() }));
    await expect(store().acquireLock('acme/mesh', { holder: 'me', purpose: 'apply', timeoutMs: 60_000 })).rejects.toMatchObject({ name: 'LockHeldError', holder: 'winner' });
    expect(s3.commandCalls(PutObjectCommand, { IfMatch: '"old"' })).toHaveLength(1);
  });

  it('reads a 404 on a conditional delete as "no longer ours" and deletes nothing else', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"e1"' });
    s3.on(DeleteObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: { httpStatusCode: 404 } }));
    const lock = await store().acquireLock('acme/mesh', { holder: 'me', purpose: 'apply', timeoutMs: 60_000 });
    await lock.release();
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(1);
  });

  it('writes JSON with its content type', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"e"' });
    await store().putPlanRecord('acme/mesh', 3, { fingerprint: 'f', sha: 's', postedAt: '2026-11-25T10:00:00.000Z' });
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Bucket: 'b', Key: 'plans/acme/mesh/pr-3.json', ContentType: 'application/json' });
    expect(JSON.parse(input.Body as string)).toEqual({ fingerprint: 'f', sha: 's', postedAt: '2026-11-25T10:00:00.000Z' });
    expect(input.IfMatch).toBeUndefined();
    expect(input.IfNoneMatch).toBeUndefined();
  });
});
