import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { AppMeshApi } from '../../lib/aws/app-mesh-api';
import { CallPolicy, type RetryOptions } from '../../lib/aws/call-policy';
import { CloudMapApi } from '../../lib/aws/cloud-map-api';
import { Emulator, type EmulatorOptions } from '../../lib/emulator/emulator';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';

export interface EmulatedAws {
  emulator: Emulator;
  appMeshClient: AppMeshClient;
  cloudMapClient: ServiceDiscoveryClient;
  policy: CallPolicy;
  apis: { appMesh: AppMeshApi; cloudMap: CloudMapApi };
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** The real SDK clients talking to an in-process emulator, and our adapters over them. */
export function emulatedAws(options: EmulatorOptions = {}, policy: { concurrency?: number; retry?: RetryOptions } = {}): EmulatedAws {
  const emulator = new Emulator(options);
  const requestHandler = emulatorRequestHandler((r) => emulator.handle(r));
  const appMeshClient = new AppMeshClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler });
  const cloudMapClient = new ServiceDiscoveryClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler });
  const callPolicy = new CallPolicy(policy.concurrency ?? 8, { baseDelayMs: 1, maxDelayMs: 5, ...policy.retry });
  return {
    emulator,
    appMeshClient,
    cloudMapClient,
    policy: callPolicy,
    apis: { appMesh: new AppMeshApi(appMeshClient, callPolicy), cloudMap: new CloudMapApi(cloudMapClient, callPolicy, { pollMs: 1 }) },
  };
}
