import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AppMeshRouteWeights } from '../aws/app-mesh-route-weights';
import { LatticeRuleWeights } from '../aws/lattice-rule-weights';
import { CloudWatchAlarms } from '../aws/cloudwatch-alarms';
import { LenientEndpointHandler } from '../aws/lenient-endpoint-handler';
import { TARGETS } from '../model/settings-shapes';
import type { MeshTarget } from '../resources/types';
import type { AlarmReader, WeightedRouteTarget } from '../rollout/ports';
import type { Engine } from './engine';

/** What a rollout tick talks to: the alarms, and the weighted routes of each target. */
export interface RolloutPorts {
  alarms: AlarmReader;
  targets: WeightedRouteTarget[];
}

const EMULATOR_CREDENTIALS = { accessKeyId: 'meshops', secretAccessKey: 'meshops' };

/**
 * CloudWatch at the engine's target (the emulator serves it too), and a weights writer for each of
 * `targets` (a repository's `settings.targets`; a tick that has no settings, on AWS, reaches every
 * target, and each record names the ones it drives).
 */
export function rolloutPorts(engine: Engine, overrides: Partial<RolloutPorts> = {}, targets: readonly MeshTarget[] = TARGETS): RolloutPorts {
  const base = { region: engine.region, maxAttempts: 1 };
  let alarms = overrides.alarms;
  if (!alarms) {
    const target = engine.target;
    const client =
      target.kind === 'embedded'
        ? new CloudWatchClient({ ...base, credentials: EMULATOR_CREDENTIALS, requestHandler: engine.emulator!.sdkRequestHandler() })
        : target.kind === 'endpoint'
          ? new CloudWatchClient({ ...base, endpoint: target.url, requestHandler: new LenientEndpointHandler(), ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: EMULATOR_CREDENTIALS }) })
          : new CloudWatchClient(base);
    alarms = new CloudWatchAlarms(client, engine.policy);
  }
  const { appMesh, lattice } = engine.apis;
  // An engine without a Lattice client gets no Lattice writer: a record that drives Lattice then fails loudly.
  const writers: Record<MeshTarget, () => WeightedRouteTarget | undefined> = {
    appmesh: () => new AppMeshRouteWeights(appMesh),
    lattice: () => (lattice ? new LatticeRuleWeights(lattice) : undefined),
  };
  return { alarms, targets: overrides.targets ?? targets.map((t) => writers[t]()).filter((w): w is WeightedRouteTarget => w !== undefined) };
}
