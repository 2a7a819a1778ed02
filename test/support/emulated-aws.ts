import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { AppMeshApi } from '../../lib/aws/app-mesh-api';
import { CallPolicy, type RetryOptions } from '../../lib/aws/call-policy';
import { CloudMapApi } from '../../lib/aws/cloud-map-api';
import { TaggingApi } from '../../lib/aws/tagging-api';
import { Emulator, type EmulatorOptions } from '../../lib/emulator/emulator';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import type { WireRequest, WireResponse } from '../../lib/emulator/wire/types';

export interface EmulatedAws {
  emulator: Emulator;
  appMeshClient: AppMeshClient;
  cloudMapClient: ServiceDiscoveryClient;
  taggingClient: ResourceGroupsTaggingAPIClient;
  policy: CallPolicy;
  apis: { appMesh: AppMeshApi; cloudMap: CloudMapApi; tagging: TaggingApi };
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** The real SDK clients talking to an in-process emulator, and our adapters over them. */
export function emulatedAws(
  options: EmulatorOptions = {},
  policy: { concurrency?: number; retry?: RetryOptions } = {},
  /** Rewrites the emulator's answers (an endpoint that answers wrongly). */
  rewrite?: (request: WireRequest, response: WireResponse) => WireResponse,
): EmulatedAws {
  const emulator = new Emulator(options);
  const requestHandler = emulatorRequestHandler(async (r) => (rewrite ? rewrite(r, await emulator.handle(r)) : emulator.handle(r)));
  const appMeshClient = new AppMeshClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler });
  const cloudMapClient = new ServiceDiscoveryClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler });
  const taggingClient = new ResourceGroupsTaggingAPIClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler });
  const callPolicy = new CallPolicy(policy.concurrency ?? 8, { baseDelayMs: 1, maxDelayMs: 5, ...policy.retry });
  return {
    emulator,
    appMeshClient,
    cloudMapClient,
    taggingClient,
    policy: callPolicy,
    apis: { appMesh: new AppMeshApi(appMeshClient, callPolicy), cloudMap: new CloudMapApi(cloudMapClient, callPolicy, { pollMs: 1 }), tagging: new TaggingApi(taggingClient, callPolicy) },
  };
}
