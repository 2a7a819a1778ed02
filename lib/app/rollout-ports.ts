import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AppMeshRouteWeights } from '../aws/app-mesh-route-weights';
import { CloudWatchAlarms } from '../aws/cloudwatch-alarms';
import { LenientEndpointHandler } from '../aws/lenient-endpoint-handler';
import { emulatorRequestHandler } from '../emulator/wire/sdk-request-handler';
import type { AlarmReader, WeightedRouteTarget } from '../rollout/ports';
import type { Engine } from './engine';

/** What a rollout tick talks to: the alarms, and the weighted routes of each target. */
export interface RolloutPorts {
  alarms: AlarmReader;
  targets: WeightedRouteTarget[];
}

const EMULATOR_CREDENTIALS = { accessKeyId: 'meshops', secretAccessKey: 'meshops' };

/** CloudWatch at the engine's target (the emulator serves it too), and the engine's route writers. */
export function rolloutPorts(engine: Engine, overrides: Partial<RolloutPorts> = {}): RolloutPorts {
  const base = { region: engine.region, maxAttempts: 1 };
  let alarms = overrides.alarms;
  if (!alarms) {
    const target = engine.target;
    const client =
      target.kind === 'embedded'
        ? new CloudWatchClient({ ...base, credentials: EMULATOR_CREDENTIALS, requestHandler: emulatorRequestHandler((r) => engine.emulator!.handle(r)) })
        : target.kind === 'endpoint'
          ? new CloudWatchClient({ ...base, endpoint: target.url, requestHandler: new LenientEndpointHandler(), ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: EMULATOR_CREDENTIALS }) })
          : new CloudWatchClient(base);
    alarms = new CloudWatchAlarms(client, engine.policy);
  }
  return { alarms, targets: overrides.targets ?? [new AppMeshRouteWeights(engine.apis.appMesh)] };
}
