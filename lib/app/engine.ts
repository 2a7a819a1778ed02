import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { AppMeshApi } from '../aws/app-mesh-api';
import { CallPolicy, DEFAULT_CONCURRENCY, type RetryOptions } from '../aws/call-policy';
import { CallTimes, callTimesMiddleware } from '../aws/call-times';
import { CloudMapApi, type WaitOptions } from '../aws/cloud-map-api';
import { LenientEndpointHandler } from '../aws/lenient-endpoint-handler';
import { LatticeApi } from '../aws/lattice-api';
import { TaggingApi } from '../aws/tagging-api';
import type { Emulator } from '../emulator/emulator';
import { readCacheScope } from '../live/read-cache';
import type { LiveApis } from '../live/read-live';
import type { StateStore } from '../state/types';

/** Where the mesh APIs are: the embedded emulator (default), any compatible endpoint, or real AWS. */
export type Target =
  | { kind: 'embedded'; stateFile?: string }
  | { kind: 'endpoint'; url: string }
  | { kind: 'aws' };

/** Everything a use-case needs to reach AWS and the state store: built here, passed everywhere. */
export interface Engine {
  apis: LiveApis;
  policy: CallPolicy;
  /** Time per API operation of this engine's calls (progress lines name the slowest). */
  callTimes: CallTimes;
  store: StateStore;
  /** Cached reads are only valid for the same endpoint and region. */
  cacheScope: string;
  region: string;
  target: Target;
  now: () => Date;
  /** The embedded emulator, when the target is one (tests and benchmarks read its call counts). */
  emulator?: Emulator;
}

export interface EngineOptions {
  region: string;
  store: StateStore;
  /** Pins the concurrent AWS calls; by default they start at 10 and adapt (see Limiter). */
  concurrency?: number;
  retry?: RetryOptions;
  cloudMapWait?: WaitOptions;
  now?: () => Date;
  /** The emulator an embedded target talks to. */
  emulator?: Emulator;
}

// Placeholder credentials for emulators: the SDK signs every request and needs some.
const EMULATOR_CREDENTIALS = { accessKeyId: 'meshops', secretAccessKey: 'meshops' };

/**
 * The one place that builds SDK clients: retries are ours (see CallPolicy), so the SDK makes one
 * attempt. `cacheMiddleware`: the clients resolve each command's middleware stack once instead of
 * on every call (we add no per-call middleware or options); per call it was a seventh of what a
 * cold read allocates.
 */
export function createEngine(target: Target, options: EngineOptions): Engine {
  const base = { region: options.region, maxAttempts: 1, cacheMiddleware: true };
  let appMesh: AppMeshClient;
  let cloudMap: ServiceDiscoveryClient;
  let tagging: ResourceGroupsTaggingAPIClient;
  let lattice: VPCLatticeClient;
  let emulator: Emulator | undefined;
  let endpointId: string;
  switch (target.kind) {
    case 'embedded': {
      // The caller builds the emulator (the CLI does): Lambda bundles must not carry it.
      if (!options.emulator) throw new Error('an embedded target needs an emulator (EngineOptions.emulator)');
      emulator = options.emulator;
      const requestHandler = emulator.sdkRequestHandler();
      appMesh = new AppMeshClient({ ...base, credentials: EMULATOR_CREDENTIALS, requestHandler });
      cloudMap = new ServiceDiscoveryClient({ ...base, credentials: EMULATOR_CREDENTIALS, requestHandler });
      tagging = new ResourceGroupsTaggingAPIClient({ ...base, credentials: EMULATOR_CREDENTIALS, requestHandler });
      lattice = new VPCLatticeClient({ ...base, credentials: EMULATOR_CREDENTIALS, requestHandler });
      endpointId = `embedded:${target.stateFile ?? 'memory'}`;
      break;
    }
    case 'endpoint': {
      const credentials = process.env.AWS_ACCESS_KEY_ID ? undefined : EMULATOR_CREDENTIALS;
      const requestHandler = new LenientEndpointHandler();
      appMesh = new AppMeshClient({ ...base, endpoint: target.url, requestHandler, ...(credentials ? { credentials } : {}) });
      cloudMap = new ServiceDiscoveryClient({ ...base, endpoint: target.url, requestHandler, ...(credentials ? { credentials } : {}) });
      tagging = new ResourceGroupsTaggingAPIClient({ ...base, endpoint: target.url, requestHandler, ...(credentials ? { credentials } : {}) });
      lattice = new VPCLatticeClient({ ...base, endpoint: target.url, requestHandler, ...(credentials ? { credentials } : {}) });
      endpointId = target.url;
      break;
    }
    case 'aws':
      appMesh = new AppMeshClient(base);
      cloudMap = new ServiceDiscoveryClient(base);
      tagging = new ResourceGroupsTaggingAPIClient(base);
      lattice = new VPCLatticeClient(base);
      endpointId = 'aws';
      break;
  }
  const policy = new CallPolicy(options.concurrency ?? { adaptive: DEFAULT_CONCURRENCY }, options.retry);
  const callTimes = new CallTimes();
  const timing = { step: 'initialize', name: 'meshopsCallTimes' } as const;
  appMesh.middlewareStack.add(callTimesMiddleware(callTimes), timing);
  cloudMap.middlewareStack.add(callTimesMiddleware(callTimes), timing);
  tagging.middlewareStack.add(callTimesMiddleware(callTimes), timing);
  lattice.middlewareStack.add(callTimesMiddleware(callTimes), timing);
  return {
    apis: { appMesh: new AppMeshApi(appMesh, policy), cloudMap: new CloudMapApi(cloudMap, policy, options.cloudMapWait), tagging: new TaggingApi(tagging, policy), lattice: new LatticeApi(lattice, policy) },
    policy,
    callTimes,
    store: options.store,
    cacheScope: readCacheScope(endpointId, options.region),
    region: options.region,
    target,
    now: options.now ?? (() => new Date()),
    ...(emulator ? { emulator } : {}),
  };
}
