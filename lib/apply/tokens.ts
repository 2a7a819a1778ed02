import { createHash } from 'node:crypto';

/**
 * An idempotency token derived from the plan and the operation, so a retried or re-run apply of the
 * same plan never creates twice. UUID-shaped: App Mesh takes up to 36 letters, digits, hyphens and
 * underscores for `clientToken`; Cloud Map up to 64 characters for `CreatorRequestId`.
 */
export function idempotencyToken(fingerprint: string, operation: string): string {
  const h = createHash('sha256').update(`${fingerprint}\u0000${operation}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
