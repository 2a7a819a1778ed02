import { WebhookRejectedError } from './errors';
import type { WebhookRequest } from './request';

/**
 * Default body limit: 5 MiB. GitHub caps payloads at 25 MB, but a Lambda behind API Gateway
 * cannot receive more than 6 MB of event anyway; 5 MiB leaves room for headers while keeping
 * real push payloads (up to 2,048 commits, each listing its changed files) well inside. A push we
 * refused would be an apply that never runs (drift reports it as `pending`), so the limit errs
 * on the generous side; hashing 5 MiB costs a few milliseconds.
 */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The exact bytes GitHub signed. Size is checked before any decoding or hashing; a base64 body is
 * checked on its encoded length first (4 characters carry 3 bytes) so a huge body is never decoded.
 */
export function rawBodyBytes(request: WebhookRequest, maxBytes: number): Uint8Array {
  const body = request.body ?? '';
  if (request.isBase64Encoded) {
    if (body.length > Math.ceil(maxBytes / 3) * 4 + 4) throw tooLarge(maxBytes);
    const bytes = Buffer.from(body, 'base64');
    if (bytes.length > maxBytes) throw tooLarge(maxBytes);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  // One UTF-16 unit is at least one UTF-8 byte: a long string is refused without encoding it.
  if (body.length > maxBytes) throw tooLarge(maxBytes);
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function tooLarge(maxBytes: number): WebhookRejectedError {
  return new WebhookRejectedError(413, `request body is larger than ${maxBytes} bytes`);
}
