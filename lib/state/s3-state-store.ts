import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectBackend, StoredObject } from './object-backend';
import { ObjectStateStore, type StoreRuntime } from './object-state-store';

export interface S3StateStoreOptions extends StoreRuntime {
  /** Injected: only `send` is used. */
  client: Pick<S3Client, 'send'>;
  bucket: string;
  /** Key prefix inside the bucket (`meshops/`); default none. */
  prefix?: string;
}

/**
 * The state store in an S3 bucket, for the Lambda functions. The lock uses conditional writes:
 * `If-None-Match: *` to create, `If-Match: <etag>` to take over a stale lock and to release.
 * A stale lock is one not renewed within the timeout; the dead-process rule of the local store
 * does not apply (a Lambda sandbox's host name and pid identify nothing across machines).
 * The bucket policy must grant s3:ListBucket: without it S3 answers a read of a missing key with
 * 403 AccessDenied instead of 404 NoSuchKey.
 */
export class S3StateStore extends ObjectStateStore {
  constructor(options: S3StateStoreOptions) {
    super(new S3Bucket(options.client, options.bucket, normalizePrefix(options.prefix)), { ...options, detectDeadHolders: false });
  }
}

function normalizePrefix(prefix: string | undefined): string {
  const p = (prefix ?? '').replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

interface S3ErrorLike {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

const status = (err: unknown) => (err as S3ErrorLike)?.$metadata?.httpStatusCode;
const named = (err: unknown, name: string) => (err as S3ErrorLike)?.name === name;
/** 412: no modelled class, so by name (or by status when the body carried no code). */
const preconditionFailed = (err: unknown) => named(err, 'PreconditionFailed') || status(err) === 412;
const noSuchKey = (err: unknown) => named(err, 'NoSuchKey') || named(err, 'NotFound') || status(err) === 404;
/** 409: two conditional requests on one key at once; S3 asks the client to retry. */
const conflict = (err: unknown) => named(err, 'ConditionalRequestConflict') || status(err) === 409;

const CONFLICT_RETRIES = 6;

class S3Bucket implements ObjectBackend {
  readonly location: string;

  constructor(
    private readonly client: Pick<S3Client, 'send'>,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {
    this.location = `s3://${bucket}/${prefix}`;
  }

  where(key: string): string {
    return `s3://${this.bucket}/${this.prefix}${key}`;
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      const body = res.Body ? await res.Body.transformToString('utf-8') : '';
      return { body, etag: res.ETag ?? '', modifiedAt: res.LastModified?.getTime() ?? 0 };
    } catch (err) {
      if (noSuchKey(err)) return undefined;
      throw err;
    }
  }

  async put(key: string, body: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Body: body, ContentType: 'application/json' }));
  }

  putIfAbsent(key: string, body: string): Promise<string | undefined> {
    return this.retryConflicts(async () => {
      try {
        const res = await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Body: body, ContentType: 'application/json', IfNoneMatch: '*' }));
        return res.ETag ?? (await this.etagOf(key));
      } catch (err) {
        if (preconditionFailed(err)) return undefined;
        throw err;
      }
    });
  }

  putIfMatch(key: string, body: string, etag: string): Promise<string | undefined> {
    return this.retryConflicts(async () => {
      try {
        const res = await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Body: body, ContentType: 'application/json', IfMatch: etag }));
        return res.ETag ?? (await this.etagOf(key));
      } catch (err) {
        // 404 NoSuchKey: S3's answer to If-Match when the object is gone.
        if (preconditionFailed(err) || noSuchKey(err)) return undefined;
        throw err;
      }
    });
  }

  deleteIfMatch(key: string, etag: string): Promise<boolean> {
    return this.retryConflicts(async () => {
      try {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, IfMatch: etag }));
        return true;
      } catch (err) {
        if (preconditionFailed(err) || noSuchKey(err)) return false;
        throw err;
      }
    });
  }

  async list(folder: string): Promise<string[]> {
    const prefix = this.prefix + folder;
    const names: string[] = [];
    let token: string | undefined;
    do {
      const res = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of res.Contents ?? []) {
        const name = object.Key?.slice(prefix.length);
        if (name && !name.includes('/')) names.push(name);
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return names;
  }

  /** S3 always returns the ETag of a put; some compatible stores do not, so ask. */
  private async etagOf(key: string): Promise<string> {
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
    return head.ETag ?? '';
  }

  private async retryConflicts<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!conflict(err) || attempt >= CONFLICT_RETRIES) throw err;
        // Real timers, not the store's clock: this is S3's own contention, milliseconds long.
        await new Promise((resolve) => setTimeout(resolve, Math.min(500, 20 * 2 ** attempt) * (0.5 + Math.random() / 2)));
      }
    }
  }
}
