import { canonicalJson } from '../../resources';
import type { OperationInput } from '../wire/rest-json';
import type { LatticeContext } from './context';
import { conflict, type LatticeResourceType } from './errors';
import type { LatticeKind, LatticeRecord } from './state';

/**
 * `clientToken` on Create*: a retry with the same token and the same input gets the first
 * response and creates nothing; the same token with another input is a ConflictException. The
 * token lives on the record it created, so it goes away with it.
 */
export function inputFingerprint(input: OperationInput): string {
  const { clientToken: _token, ...rest } = input;
  return canonicalJson(rest);
}

export function replayCreate(ctx: LatticeContext, kind: LatticeKind, resourceType: LatticeResourceType, operation: string, input: OperationInput): unknown {
  const token = input.clientToken as string | undefined;
  if (token === undefined) return undefined;
  const record = ctx.all(kind, (r) => r.createToken?.operation === operation && r.createToken.token === token)[0];
  if (!record) return undefined;
  if (record.createToken!.fingerprint !== inputFingerprint(input)) {
    throw conflict(resourceType, record.id, `The clientToken ${token} was already used for a ${operation} call with different parameters`);
  }
  return record.createToken!.response;
}

export function rememberCreate(record: LatticeRecord, operation: string, input: OperationInput, response: unknown): void {
  const token = input.clientToken as string | undefined;
  if (token !== undefined) record.createToken = { operation, token, fingerprint: inputFingerprint(input), response };
}
