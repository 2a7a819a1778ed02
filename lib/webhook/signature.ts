import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const SHA256_HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks `X-Hub-Signature-256` (HMAC-SHA256 of the raw body bytes, hex) in constant time.
 * Only the header's shape is inspected before the compare; its length and prefix are public.
 * The legacy `sha1=` form (`X-Hub-Signature`) is refused: SHA-1 HMAC is what we would be
 * downgraded to, and GitHub always sends the SHA-256 header as well.
 */
export function verifySignature(secret: string, body: Uint8Array, signatureHeader: string | undefined): SignatureCheck {
  if (!secret) return { ok: false, reason: 'the webhook secret is not configured' };
  if (signatureHeader === undefined || signatureHeader === '') return { ok: false, reason: 'missing X-Hub-Signature-256 header' };
  const match = SHA256_HEADER.exec(signatureHeader.trim());
  if (!match) {
    const algorithm = /^([a-z0-9]+)=/i.exec(signatureHeader)?.[1];
    if (algorithm && algorithm.toLowerCase() !== 'sha256') return { ok: false, reason: `unsupported signature algorithm "${algorithm}"; expected sha256` };
    return { ok: false, reason: 'malformed X-Hub-Signature-256 header; expected sha256=<64 hex digits>' };
  }
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  // Both are 32 bytes here, which timingSafeEqual requires.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}

/** `sha256=<hex>` for a body: what GitHub sends. Used by tests and local tools that replay deliveries. */
export function signBody(secret: string, body: Uint8Array | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
