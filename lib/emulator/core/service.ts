import type { Clock } from './clock';
import type { Random } from './random';
import type { EmulatorState, StateStore } from './state-store';
import type { HandledRequest, WireRequest, WireResponse } from '../wire/types';

export const DEFAULT_ACCOUNT = '111122223333';

/** Quota overrides (the defaults are AWS's, docs/aws-behaviour.md §8 and §10.10); adjustable as in a real account. */
export type QuotaOverrides = Partial<Record<string, number>>;

export interface ServiceEnv {
  store: StateStore;
  clock: Clock;
  /** Seeded randomness for generated ids. */
  random: Random;
  account: string;
  region: string;
  quotas: QuotaOverrides;
  /** How long Cloud Map operations stay SUBMITTED/PENDING before they settle. */
  cloudMapDelayMs: number;
  /** When set, Cloud Map operations settle as FAIL (with this error code) instead of SUCCESS. */
  cloudMapFailure?: { errorCode: string; message: string };
  /** How long a custom health status set by UpdateInstanceCustomHealthStatus takes to show (AWS: about 30 s). */
  cloudMapHealthDelayMs: number;
  /** How long VPC Lattice resources stay CREATE_/UPDATE_/DELETE_IN_PROGRESS (and targets INITIAL/DRAINING). */
  latticeDelayMs: number;
}

/** A resource as the Resource Groups Tagging API lists it. */
export interface TaggedResource {
  arn: string;
  tags: Record<string, string>;
}

/**
 * One emulated AWS API. `handle` is synchronous so that a request's read-validate-mutate runs as
 * one transaction on the store.
 */
export interface EmulatedService {
  name: string;
  /** Whether this service answers the request (by path prefix or `x-amz-target`). */
  matches(request: WireRequest): boolean;
  /** The operation a request is for, or undefined when unknown (used for fault injection and stats). */
  operationOf(request: WireRequest): string | undefined;
  handle(request: WireRequest, env: ServiceEnv): HandledRequest;
  /** The protocol's throttling error response. */
  throttled(operation: string): WireResponse;
  /** The protocol's internal-error response. */
  serverError(operation: string): WireResponse;
  /**
   * Every resource of this service that carries tags, for the emulated Tagging API
   * (`GetResources`). A service without taggable resources leaves it out.
   */
  taggedResources?(state: EmulatorState, env: ServiceEnv): TaggedResource[];
}
