import { createHash } from 'node:crypto';
import { canonicalJson } from '../resources/json';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable digest of any JSON value (key order does not matter). */
export function digest(value: unknown): string {
  return sha256(canonicalJson(value));
}
