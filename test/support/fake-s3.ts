import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';

/**
 * An in-process S3 (restXml) for tests: an SDK request handler, so the real `@aws-sdk/client-s3`
 * serializers and deserializers run. It implements what the state store uses: PutObject
 * (If-None-Match `*`, If-Match), GetObject, HeadObject, DeleteObject (If-Match) and ListObjectsV2
 * (prefix, start-after, max-keys, continuation tokens), answering errors with S3's XML.
 * Two conditional writes on one key in flight at once: the later gets 409
 * ConditionalRequestConflict, as S3 answers.
 */
export interface FakeS3Object {
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType?: string;
}

export interface FakeS3Error {
  status: number;
  code: string;
  message?: string;
}

export type FakeS3Operation = 'PutObject' | 'GetObject' | 'HeadObject' | 'DeleteObject' | 'ListObjectsV2';

export interface FakeS3Request {
  operation: FakeS3Operation | 'Unsupported';
  bucket: string;
  key?: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  status: number;
}

export class FakeS3 {
  readonly buckets = new Map<string, Map<string, FakeS3Object>>();
  /** Every request answered, in order. */
  readonly requests: FakeS3Request[] = [];
  private readonly injected: { operation: FakeS3Operation; error: FakeS3Error; key?: string }[] = [];
  private readonly inFlight = new Set<string>();
  private readonly now: () => Date;

  constructor(options: { buckets?: string[]; now?: () => Date } = {}) {
    for (const b of options.buckets ?? ['state']) this.buckets.set(b, new Map());
    this.now = options.now ?? (() => new Date());
  }

  /** A client wired to this fake (path style, no retries, checksums only when required). */
  client(config: Partial<S3ClientConfig> = {}): S3Client {
    return new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      requestHandler: this.handler,
      ...config,
    });
  }

  /** The next request for `operation` (and `key`, if given) fails with this error. */
  failNext(operation: FakeS3Operation, error: FakeS3Error, key?: string): void {
    this.injected.push({ operation, error, key });
  }

  /** Stores an object directly (a corrupt file, an old lock). */
  putRaw(bucket: string, key: string, body: string | Buffer, lastModified?: Date): FakeS3Object {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const object = { body: bytes, etag: etagOf(bytes), lastModified: lastModified ?? this.now() };
    this.bucket(bucket).set(key, object);
    return object;
  }

  getRaw(bucket: string, key: string): string | undefined {
    return this.buckets.get(bucket)?.get(key)?.body.toString('utf8');
  }

  keys(bucket: string): string[] {
    return [...this.bucket(bucket).keys()].sort();
  }

  private bucket(name: string): Map<string, FakeS3Object> {
    let b = this.buckets.get(name);
    if (!b) this.buckets.set(name, (b = new Map()));
    return b;
  }

  readonly handler: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> = {
    handle: async (req: HttpRequest) => {
      const response = await this.answer(req);
      return { response };
    },
  };

  private async answer(req: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = String(v);
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== null && v !== undefined) query[k] = Array.isArray(v) ? String(v[0]) : String(v);
    const { bucket, key } = this.locate(req.hostname ?? '', req.path || '/');
    const method = req.method.toUpperCase();
    const operation = operationOf(method, key, query);
    const record: FakeS3Request = { operation, bucket, key, headers, query, status: 0 };
    this.requests.push(record);
    const respond = (res: HttpResponse) => {
      record.status = res.statusCode;
      return res;
    };

    if (operation === 'Unsupported') return respond(errorResponse(method, { status: 501, code: 'NotImplemented', message: `the fake S3 does not implement ${method} ${req.path}` }, key));
    const objects = this.buckets.get(bucket);
    if (!objects) return respond(errorResponse(method, { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist' }, key));
    const injected = this.injected.findIndex((i) => i.operation === operation && (i.key === undefined || i.key === key));
    if (injected >= 0) {
      const [{ error }] = this.injected.splice(injected, 1);
      return respond(errorResponse(method, error, key));
    }

    switch (operation) {
      case 'GetObject':
      case 'HeadObject': {
        const object = objects.get(key!);
        if (!object) return respond(errorResponse(method, { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' }, key));
        return respond({
          statusCode: 200,
          headers: {
            etag: object.etag,
            'content-type': object.contentType ?? 'binary/octet-stream',
            'content-length': String(object.body.length),
            'last-modified': object.lastModified.toUTCString(),
            'x-amz-request-id': requestId(),
          },
          body: method === 'HEAD' ? Readable.from([]) : Readable.from([object.body]),
        });
      }
      case 'PutObject': {
        const body = await readBody(req.body);
        return respond(await this.conditional(bucket, key!, headers, () => {
          const ifNoneMatch = headers['if-none-match'];
          const ifMatch = headers['if-match'];
          const existing = objects.get(key!);
          if (ifNoneMatch !== undefined && ifNoneMatch !== '*') return errorResponse(method, { status: 501, code: 'NotImplemented', message: 'A header you provided implies functionality that is not implemented' }, key);
          if (ifNoneMatch === '*' && existing) return preconditionFailed(method, key, 'If-None-Match');
          if (ifMatch !== undefined) {
            // S3 answers If-Match on a missing key with 404 NoSuchKey, not 412.
            if (!existing) return errorResponse(method, { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' }, key);
            if (!etagMatches(ifMatch, existing.etag)) return preconditionFailed(method, key, 'If-Match');
          }
          const object: FakeS3Object = { body, etag: etagOf(body), lastModified: this.now(), contentType: headers['content-type'] };
          objects.set(key!, object);
          return { statusCode: 200, headers: { etag: object.etag, 'x-amz-request-id': requestId() }, body: Readable.from([]) };
        }));
      }
      case 'DeleteObject':
        return respond(await this.conditional(bucket, key!, headers, () => {
          const ifMatch = headers['if-match'];
          const existing = objects.get(key!);
          if (ifMatch !== undefined) {
            if (!existing) return errorResponse(method, { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' }, key);
            if (!etagMatches(ifMatch, existing.etag)) return preconditionFailed(method, key, 'If-Match');
          }
          // Unconditional delete of a missing key succeeds, as in S3.
          objects.delete(key!);
          return { statusCode: 204, headers: { 'x-amz-request-id': requestId() }, body: Readable.from([]) };
        }));
      case 'ListObjectsV2':
        return respond(this.list(bucket, objects, query));
    }
  }

  /** Conditional requests take a moment; a second one on the same key meanwhile gets 409. */
  private async conditional(bucket: string, key: string, headers: Record<string, string>, commit: () => HttpResponse): Promise<HttpResponse> {
    const isConditional = headers['if-match'] !== undefined || headers['if-none-match'] !== undefined;
    if (!isConditional) return commit();
    const slot = `${bucket}/${key}`;
    if (this.inFlight.has(slot)) {
      return errorResponse('PUT', { status: 409, code: 'ConditionalRequestConflict', message: 'The conditional request cannot succeed due to a conflicting operation against this resource.' }, key);
    }
    this.inFlight.add(slot);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return commit();
    } finally {
      this.inFlight.delete(slot);
    }
  }

  private list(bucket: string, objects: Map<string, FakeS3Object>, query: Record<string, string>): HttpResponse {
    const prefix = query.prefix ?? '';
    const maxKeys = Math.max(0, Math.min(1000, query['max-keys'] !== undefined ? Number(query['max-keys']) : 1000));
    const token = query['continuation-token'];
    let after = query['start-after'] ?? '';
    if (token !== undefined) {
      const decoded = Buffer.from(token, 'base64url').toString('utf8');
      if (!decoded.startsWith('k:')) {
        return errorResponse('GET', { status: 400, code: 'InvalidArgument', message: 'The continuation token provided is incorrect' });
      }
      after = decoded.slice(2);
    }
    const all = [...objects.keys()].filter((k) => k.startsWith(prefix) && compareUtf8(k, after) > 0).sort(compareUtf8);
    const page = all.slice(0, maxKeys);
    const truncated = all.length > page.length;
    const urlEncode = query['encoding-type'] === 'url';
    const enc = (s: string) => xmlEscape(urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
    const contents = page
      .map((k) => {
        const o = objects.get(k)!;
        return `<Contents><Key>${enc(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const next = truncated ? `<NextContinuationToken>${Buffer.from(`k:${page[page.length - 1]}`, 'utf8').toString('base64url')}</NextContinuationToken>` : '';
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Name>${xmlEscape(bucket)}</Name><Prefix>${enc(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>` +
      (urlEncode ? '<EncodingType>url</EncodingType>' : '') +
      `<IsTruncated>${truncated}</IsTruncated>${contents}${next}` +
      (token !== undefined ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : '') +
      `</ListBucketResult>`;
    return { statusCode: 200, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId() }, body: Buffer.from(xml, 'utf8') };
  }

  private locate(hostname: string, path: string): { bucket: string; key?: string } {
    // Virtual-hosted style: `<bucket>.s3.<region>.amazonaws.com /key`.
    const hosted = [...this.buckets.keys()].find((b) => hostname.startsWith(`${b}.`));
    const parts = path.replace(/^\//, '');
    if (hosted) return { bucket: hosted, key: parts === '' ? undefined : decodeURIComponent(parts) };
    const slash = parts.indexOf('/');
    if (slash < 0) return { bucket: decodeURIComponent(parts) };
    const key = parts.slice(slash + 1);
    return { bucket: decodeURIComponent(parts.slice(0, slash)), key: key === '' ? undefined : decodeURIComponent(key) };
  }
}

function operationOf(method: string, key: string | undefined, query: Record<string, string>): FakeS3Operation | 'Unsupported' {
  if (key === undefined) return method === 'GET' && query['list-type'] === '2' ? 'ListObjectsV2' : 'Unsupported';
  // Sub-resources (?tagging, ?uploads, ?acl, …) and other `x-id`s (CopyObject) are other operations.
  const byMethod: Record<string, FakeS3Operation> = { PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' };
  const operation = byMethod[method];
  if (!operation || Object.keys(query).some((q) => q !== 'x-id')) return 'Unsupported';
  return query['x-id'] === undefined || query['x-id'] === operation ? operation : 'Unsupported';
}

function etagOf(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

/** If-Match may carry a list and `*`; ETags compare with or without their quotes. */
function etagMatches(header: string, etag: string): boolean {
  const bare = (s: string) => s.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return header.split(',').some((h) => h.trim() === '*' || bare(h) === bare(etag));
}

function preconditionFailed(method: string, key: string | undefined, condition: string): HttpResponse {
  return errorResponse(method, { status: 412, code: 'PreconditionFailed', message: 'At least one of the pre-conditions you specified did not hold' }, key, `<Condition>${condition}</Condition>`);
}

function errorResponse(method: string, error: FakeS3Error, key?: string, extra = ''): HttpResponse {
  const id = requestId();
  // HEAD responses have no body: the SDK names the error from the status alone (404 → NotFound).
  if (method === 'HEAD') return { statusCode: error.status, headers: { 'x-amz-request-id': id }, body: Readable.from([]) };
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message ?? error.code)}</Message>` +
    (key !== undefined ? `<Key>${xmlEscape(key)}</Key>` : '') +
    `${extra}<RequestId>${id}</RequestId><HostId>${Buffer.from(id).toString('base64')}</HostId></Error>`;
  return { statusCode: error.status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': id }, body: Buffer.from(xml, 'utf8') };
}

function requestId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** S3 lists keys in UTF-8 binary order. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

async function readBody(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Readable || (typeof body === 'object' && Symbol.asyncIterator in (body as object))) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  throw new Error('the fake S3 accepts string, byte or stream bodies');
}
