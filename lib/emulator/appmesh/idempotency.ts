import { canonicalJson } from '../../resources';
import { conflict } from './errors';
import type { OperationInput } from './protocol';
import type { ResourceRecord } from './state';

/**
 * `clientToken` idempotency (docs/aws-behaviour.md §2, §11). Tokens are scoped to an operation and a resource
 * and kept on the resource's record, so they go away with it: the same token with the same input
 * replays the original response (no second resource, no version bump); the same token with a
 * different input is a ConflictException, as the model documents for ConflictException.
 */

/**
 * Keep the create token for the resource's life, and this many of the latest update tokens: SDK
 * retries reuse a token within seconds, and every kept token holds a response in the state file.
 */
const KEPT_UPDATE_TOKENS = 10;

export function inputFingerprint(input: OperationInput): string {
  const { clientToken: _token, ...rest } = input;
  return canonicalJson(rest);
}

/** The response to replay, or undefined when the token is new for this operation and resource. */
export function replayOf(record: ResourceRecord, operation: string, token: string | undefined, fingerprint: string): unknown {
  if (token === undefined) return undefined;
  const entry = record.tokens.find((t) => t.operation === operation && t.token === token);
  if (!entry) return undefined;
  if (entry.fingerprint !== fingerprint) {
    throw conflict(`The clientToken ${token} was already used for a previous ${operation} call with different parameters`);
  }
  return entry.response;
}

export function rememberToken(record: ResourceRecord, operation: string, token: string | undefined, fingerprint: string, response: unknown): void {
  if (token === undefined) return;
  record.tokens.push({ operation, token, fingerprint, response });
  const updates = record.tokens.filter((t) => !t.operation.startsWith('Create'));
  if (updates.length > KEPT_UPDATE_TOKENS) {
    const drop = new Set(updates.slice(0, updates.length - KEPT_UPDATE_TOKENS));
    record.tokens = record.tokens.filter((t) => !drop.has(t));
  }
}
