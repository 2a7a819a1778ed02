import { canonicalJson } from '../../resources/json';
import type { ServiceEnv } from '../core/service';
import type { CloudMapState } from './state';

/** What a Cloud Map operation handler works with: the state (inside a transaction), the env, the time. */
export interface CloudMapContext {
  state: CloudMapState;
  env: ServiceEnv;
  /** Epoch ms of this request, read once from `env.clock`. */
  now: number;
}

/** A request's canonical form: a retry with the same token is recognised by comparing these. */
export function canonicalInput(input: unknown): string {
  return canonicalJson(input);
}
