import { randomBytes } from 'node:crypto';
import { appMeshService } from './appmesh';
import { cloudMapService } from './cloudmap';
import { latticeService } from './lattice';
import { cloudWatchService } from './cloudwatch';
import { systemClock, type Clock } from './core/clock';
import { FaultInjector, type FaultOptions } from './core/faults';
import { Random } from './core/random';
import { DEFAULT_ACCOUNT, type EmulatedService, type QuotaOverrides, type ServiceEnv } from './core/service';
import { createTaggingService, type TaggingOptions } from './tagging';
import { FileStateStore, MemoryStateStore, stateShapeProblem, type StateStore } from './core/state-store';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import { emulatorRequestHandler } from './wire/sdk-request-handler';
import type { WireRequest, WireResponse } from './wire/types';

export interface EmulatorOptions {
  /** Persist to this file (shared between processes); in memory when absent. */
  stateFile?: string;
  store?: StateStore;
  clock?: Clock;
  account?: string;
  region?: string;
  faults?: FaultOptions;
  quotas?: QuotaOverrides;
  /** How long Cloud Map operations stay pending (default 0: they settle on the next call). */
  cloudMapDelayMs?: number;
  /** Make Cloud Map operations settle as FAIL. */
  cloudMapFailure?: { errorCode: string; message: string } | boolean;
  /** How long a custom health status change takes to show (default 0: at once; AWS takes about 30 s). */
  cloudMapHealthDelayMs?: number;
  /** How long VPC Lattice resources stay *_IN_PROGRESS (default 0: ACTIVE, or gone, from the next call). */
  latticeDelayMs?: number;
  /** Seed for generated ids (uids, Cloud Map ids, Lattice ids). */
  seed?: number;
  services?: EmulatedService[];
  /**
   * The Resource Groups Tagging API over every other service's tagged resources (on by default;
   * `false` leaves it out, as an endpoint without it would be).
   */
  tagging?: TaggingOptions | false;
}

export interface CallStats {
  total: number;
  byOperation: Record<string, number>;
}

/** The emulator's own entry in a state file (next to one entry per service). */
const META_KEY = 'emulator';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The embedded App Mesh + Cloud Map + VPC Lattice (+ Resource Groups Tagging) API server. `handle` takes a wire request and answers as the
 * real service would; `lib/emulator/wire` adapts it to SDK clients (no sockets) and to HTTP.
 */
export class Emulator {
  readonly store: StateStore;
  readonly faults: FaultInjector;
  readonly env: ServiceEnv;
  private readonly services: EmulatedService[];
  private stats: CallStats = { total: 0, byOperation: {} };

  constructor(options: EmulatorOptions = {}) {
    this.store = options.store ?? (options.stateFile ? new FileStateStore(options.stateFile, { shapeProblem: stateShapeProblem }) : new MemoryStateStore());
    this.faults = new FaultInjector(options.faults);
    const services = options.services ?? [appMeshService, cloudMapService, latticeService, cloudWatchService];
    this.services = options.tagging === false ? services : [...services, createTaggingService(() => services, options.tagging ?? {})];
    this.env = {
      store: this.store,
      clock: options.clock ?? systemClock,
      // Processes sharing a state file must not generate the same ids: seed them apart unless told.
      random: new Random(options.seed === undefined ? (options.stateFile ? randomBytes(4).readUInt32LE(0) : 42) : this.seedFor(options.seed, options.stateFile)),
      account: options.account ?? DEFAULT_ACCOUNT,
      region: options.region ?? 'us-east-1',
      quotas: options.quotas ?? {},
      cloudMapDelayMs: options.cloudMapDelayMs ?? 0,
      cloudMapFailure:
        options.cloudMapFailure === true
          ? { errorCode: 'INTERNAL_FAILURE', message: 'Injected failure' }
          : options.cloudMapFailure || undefined,
      cloudMapHealthDelayMs: options.cloudMapHealthDelayMs ?? 0,
      latticeDelayMs: options.latticeDelayMs ?? 0,
    };
  }

  /**
   * A fixed seed over a state file that outlives the process: each start on that file counts a
   * generation in the file and mixes it into the seed, so a restart with the same `--seed` does not
   * replay the ids it generated before (a new namespace would take an existing one's id), while
   * the same history still gives the same ids.
   */
  private seedFor(seed: number, stateFile: string | undefined): number {
    if (!stateFile) return seed;
    const generation = this.store.write((state) => {
      const meta = (state[META_KEY] ??= { generation: 0 }) as { generation: number };
      meta.generation = (Number.isSafeInteger(meta.generation) ? meta.generation : 0) + 1;
      return meta.generation;
    });
    return generation === 1 ? seed : (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(generation, 0xc2b2ae35)) >>> 0;
  }

  /** Set or clear the Cloud Map failure switch at run time. */
  setCloudMapFailure(failure: { errorCode: string; message: string } | undefined): void {
    this.env.cloudMapFailure = failure;
  }

  setQuota(code: string, limit: number): void {
    this.env.quotas[code] = limit;
  }

  async handle(request: WireRequest): Promise<WireResponse> {
    const service = this.services.find((s) => s.matches(request));
    if (!service) {
      return {
        statusCode: 404,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' },
        body: JSON.stringify({ message: `No emulated AWS API answers ${request.method} ${request.path}` }),
      };
    }
    const operation = service.operationOf(request) ?? 'Unknown';
    const latency = this.faults.latency();
    if (latency > 0) await sleep(latency);
    this.count(operation);
    const fault = this.faults.decide();
    if (fault.kind === 'throttle') return service.throttled(operation);
    if (fault.kind === 'error-before') return service.serverError(operation);
    const { response } = service.handle(request, this.env);
    if (fault.kind === 'error-after') return service.serverError(operation);
    return response;
  }

  /**
   * A request handler for SDK clients that answers from this emulator in-process. Reached through
   * the instance, so that code which only names the Emulator type (the engine) bundles none of it.
   */
  sdkRequestHandler(): RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
    return emulatorRequestHandler((request) => this.handle(request));
  }

  private count(operation: string): void {
    this.stats.total++;
    this.stats.byOperation[operation] = (this.stats.byOperation[operation] ?? 0) + 1;
  }

  callStats(): CallStats {
    return { total: this.stats.total, byOperation: { ...this.stats.byOperation } };
  }

  resetCallStats(): void {
    this.stats = { total: 0, byOperation: {} };
  }
}
