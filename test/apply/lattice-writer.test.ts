import { VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { applyPlan } from '../../lib/apply';
import { CallPolicy } from '../../lib/aws/call-policy';
import { LatticeApi } from '../../lib/aws/lattice-api';
import { Emulator } from '../../lib/emulator/emulator';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import { readLattice } from '../../lib/live/read-lattice';
import { mapToLattice } from '../../lib/mapping';
import { buildPlan } from '../../lib/plan';
import type { DesiredState, LiveState } from '../../lib/resources/types';
import { declared, settings } from '../support/builders';

const desired = (): DesiredState => {
  const s = settings({ targets: ['lattice'], lattice: { authType: 'NONE', vpcs: [{ vpc: 'vpc-0123456789abcdef0', securityGroups: [] }], registration: 'none', unsupported: 'warn' } });
  const mapping = mapToLattice(
    [
      declared('Mesh', 'watches', {}),
      declared('VirtualNode', 'v1', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
      declared('VirtualService', 'search.watches', { provider: { virtualNode: { virtualNodeName: 'v1' } } }),
    ],
    s,
  );
  return { settings: s, resources: mapping.resources, lattice: { notCarried: mapping.notCarried, registrations: mapping.registrations } };
};

function latticeOn(emulator: Emulator): LatticeApi {
  const client = new VPCLatticeClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => emulator.handle(r)) });
  return new LatticeApi(client, new CallPolicy(4, { baseDelayMs: 1, maxDelayMs: 5 }));
}

const emptyLive: LiveState = { resources: [], scope: { meshes: [], namespaces: [] }, warnings: [] };

describe('the Lattice writer against the emulator (real SDK client, in process)', () => {
  it('polls asynchronous creates until ACTIVE, then a read plans nothing', async () => {
    const emulator = new Emulator({ region: 'us-east-1', latticeDelayMs: 40 });
    const lattice = latticeOn(emulator);
    const plan = buildPlan({ desired: desired(), live: emptyLive });
    const result = await applyPlan(plan, { appMesh: undefined as never, cloudMap: undefined as never, lattice, live: emptyLive, latticeWait: { firstDelayMs: 5, maxDelayMs: 20 } });
    expect(result.status).toBe('applied');
    const read = await readLattice(lattice, { owner: plan.owner, scope: { serviceNetworks: ['watches'], services: [], targetGroups: [] }, tags: (_arn, one) => one() });
    expect(read.resources.map((r) => r.kind).sort()).toEqual(['LatticeService', 'Listener', 'ServiceNetwork', 'ServiceNetworkServiceAssociation', 'ServiceNetworkVpcAssociation', 'TargetGroup']);
    const live: LiveState = { ...emptyLive, resources: read.resources };
    expect(buildPlan({ desired: desired(), live }).changes).toEqual([]);
  });

  it('a resource that stays in progress past the bound fails the apply with a clear error, and nothing after it runs', async () => {
    const emulator = new Emulator({ region: 'us-east-1', latticeDelayMs: 60_000 });
    const plan = buildPlan({ desired: desired(), live: emptyLive });
    const result = await applyPlan(plan, { appMesh: undefined as never, cloudMap: undefined as never, lattice: latticeOn(emulator), live: emptyLive, latticeWait: { timeoutMs: 50, firstDelayMs: 5, maxDelayMs: 10 } });
    expect(result.status).toBe('failed');
    const failed = result.operations.find((o) => o.status === 'failed')!;
    expect(failed).toMatchObject({ kind: 'ServiceNetworkVpcAssociation', error: { name: 'LatticeStatusError' } });
    expect(failed.error!.message).toMatch(/is still CREATE_IN_PROGRESS after 0 s; it was expected to become ACTIVE/);
    expect(result.operations.filter((o) => o.status === 'not-run').map((o) => o.kind)).toEqual(['TargetGroup', 'LatticeService', 'ServiceNetworkServiceAssociation', 'Listener']);
  });
});
