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

describe('rule priority moves (BatchUpdateRule, one listener at a time)', () => {
  const s = settings({ targets: ['lattice'], lattice: { authType: 'NONE', vpcs: [{ vpc: 'vpc-0123456789abcdef0', securityGroups: [] }], registration: 'none', unsupported: 'warn' } });
  /** Routes by name and App Mesh priority, each matching its own header (none is a catch-all). */
  const repo = (priorities: Record<string, number>): DesiredState => {
    const mapping = mapToLattice(
      [
        declared('Mesh', 'watches', {}),
        declared('VirtualNode', 'v1', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
        declared('VirtualRouter', 'r', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
        declared('VirtualService', 'search.watches', { provider: { virtualRouter: { virtualRouterName: 'r' } } }),
        ...Object.entries(priorities).map(([name, priority]) =>
          declared('Route', name, { priority, httpRoute: { match: { prefix: '/', headers: [{ name: 'x-route', match: { exact: name } }] }, action: { weightedTargets: [{ virtualNode: 'v1', weight: 1 }] } } }, { parent: 'r' }),
        ),
      ],
      s,
    );
    return { settings: s, resources: mapping.resources, lattice: { notCarried: mapping.notCarried, registrations: mapping.registrations } };
  };
  const wait = { firstDelayMs: 1, maxDelayMs: 2 };

  async function applied(emulator: Emulator, lattice: LatticeApi, priorities: Record<string, number>): Promise<LiveState> {
    const first = await applyPlan(buildPlan({ desired: repo(priorities), live: emptyLive }), { appMesh: undefined as never, cloudMap: undefined as never, lattice, live: emptyLive, latticeWait: wait });
    expect(first.status).toBe('applied');
    return readBack(lattice);
  }
  async function readBack(lattice: LatticeApi): Promise<LiveState> {
    const read = await readLattice(lattice, { owner: 'meshops', scope: { serviceNetworks: ['watches'], services: [], targetGroups: [] }, tags: (_arn, one) => one() });
    return { ...emptyLive, resources: read.resources };
  }
  const rulePriorities = (live: LiveState) => Object.fromEntries(live.resources.filter((r) => r.kind === 'Rule').map((r) => [r.name, r.spec.priority]).sort());

  it('two kept rules swap priorities: the plan shows two updates, one batch applies them, then nothing is left to plan', async () => {
    const emulator = new Emulator({ region: 'us-east-1' });
    const lattice = latticeOn(emulator);
    const live = await applied(emulator, lattice, { alpha: 1, bravo: 2, charlie: 3 });
    const plan = buildPlan({ desired: repo({ alpha: 2, bravo: 1, charlie: 3 }), live });
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${c.diff.map((d) => `${d.path}: ${String(d.before)} → ${String(d.after)}`).join()}`)).toEqual([
      'update Rule alpha spec.priority: 2 → 3',
      'update Rule bravo spec.priority: 3 → 2',
    ]);
    const updates = jest.spyOn(lattice, 'updateRule');
    const batches = jest.spyOn(lattice, 'batchUpdateRule');
    const result = await applyPlan(plan, { appMesh: undefined as never, cloudMap: undefined as never, lattice, live, latticeWait: wait });
    expect(result).toMatchObject({ status: 'applied' });
    expect(result.operations.map((o) => `${o.type} ${o.id} ${o.status}`)).toEqual([expect.stringMatching(/^update Rule\/.*\/alpha done$/), expect.stringMatching(/^update Rule\/.*\/bravo done$/)]);
    expect(updates).not.toHaveBeenCalled();
    expect(batches).toHaveBeenCalledTimes(1);
    const after = await readBack(lattice);
    expect(rulePriorities(after)).toEqual({ alpha: 3, bravo: 2, charlie: 4 });
    expect(buildPlan({ desired: repo({ alpha: 2, bravo: 1, charlie: 3 }), live: after }).changes).toEqual([]);
  });

  it('one UpdateRule at a time is what Lattice refuses (the emulator answers 409 like AWS)', async () => {
    const emulator = new Emulator({ region: 'us-east-1' });
    const lattice = latticeOn(emulator);
    const live = await applied(emulator, lattice, { alpha: 1, bravo: 2 });
    const [a, b] = ['alpha', 'bravo'].map((n) => live.resources.find((r) => r.kind === 'Rule' && r.name === n)!);
    const listener = live.resources.find((r) => r.kind === 'Listener')!;
    const service = live.resources.find((r) => r.kind === 'LatticeService')!;
    const err = await lattice.updateRule({ serviceIdentifier: service.id!, listenerIdentifier: listener.id!, ruleIdentifier: a.id!, priority: Number(b.spec.priority) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ awsName: 'ConflictException' });
  });

  it('more moves than a batch holds (a rotation of 7) go through free priorities in two rounds', async () => {
    const emulator = new Emulator({ region: 'us-east-1' });
    const lattice = latticeOn(emulator);
    const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];
    const live = await applied(emulator, lattice, Object.fromEntries(names.map((n, i) => [n, i + 1])));
    const rotated = Object.fromEntries(names.map((n, i) => [n, ((i + 1) % names.length) + 1]));
    const batches = jest.spyOn(lattice, 'batchUpdateRule');
    const result = await applyPlan(buildPlan({ desired: repo(rotated), live }), { appMesh: undefined as never, cloudMap: undefined as never, lattice, live, latticeWait: wait });
    expect(result.status).toBe('applied');
    expect(batches.mock.calls.map(([input]) => input.rules!.length)).toEqual([5, 2, 5, 2]);
    const after = await readBack(lattice);
    expect(rulePriorities(after)).toEqual(Object.fromEntries(names.map((n) => [n, rotated[n] + 1])));
    expect(buildPlan({ desired: repo(rotated), live: after }).changes).toEqual([]);
  });

  it('a new rule takes the priority a kept rule leaves: it is created after the move', async () => {
    const emulator = new Emulator({ region: 'us-east-1' });
    const lattice = latticeOn(emulator);
    const live = await applied(emulator, lattice, { alpha: 1, bravo: 2 });
    const result = await applyPlan(buildPlan({ desired: repo({ alpha: 3, bravo: 2, newcomer: 1 }), live }), { appMesh: undefined as never, cloudMap: undefined as never, lattice, live, latticeWait: wait });
    expect(result.status).toBe('applied');
    expect(rulePriorities(await readBack(lattice))).toEqual({ alpha: 4, bravo: 3, newcomer: 2 });
  });

  it('a rule Lattice lists as unsuccessful fails its operation with the reason; the applied one is recorded done; a re-plan shows what is left', async () => {
    const emulator = new Emulator({ region: 'us-east-1' });
    const lattice = latticeOn(emulator);
    const live = await applied(emulator, lattice, { alpha: 1, bravo: 2 });
    const b = live.resources.find((r) => r.kind === 'Rule' && r.name === 'bravo')!;
    const listener = live.resources.find((r) => r.kind === 'Listener')!;
    const service = live.resources.find((r) => r.kind === 'LatticeService')!;
    const plan = buildPlan({ desired: repo({ alpha: 2, bravo: 1 }), live });
    // Rule b is deleted by someone else between the apply's checks and its batch.
    const original = lattice.batchUpdateRule.bind(lattice);
    jest.spyOn(lattice, 'batchUpdateRule').mockImplementation(async (input) => {
      await lattice.deleteRule(service.id!, listener.id!, b.id!);
      return original(input);
    });
    const result = await applyPlan(plan, { appMesh: undefined as never, cloudMap: undefined as never, lattice, live, latticeWait: wait });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'operation-failed' });
    const byName = Object.fromEntries(result.operations.map((o) => [o.id.split('/').pop(), o]));
    expect(byName.alpha.status).toBe('done');
    expect(byName.bravo).toMatchObject({ status: 'failed', error: { name: 'ResourceNotFoundException' } });
    expect(byName.bravo.error!.message).toMatch(/updating rule bravo \(priority 2\) in BatchUpdateRule on listener .*: ResourceNotFoundException: /);
    const after = await readBack(lattice);
    expect(rulePriorities(after)).toEqual({ alpha: 3 });
    expect(buildPlan({ desired: repo({ alpha: 2, bravo: 1 }), live: after }).changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual(['create Rule bravo']);
  });

  it('a stale rule stops the whole batch: neither rule is written', async () => {
    const emulator = new Emulator({ region: 'us-east-1' });
    const lattice = latticeOn(emulator);
    const live = await applied(emulator, lattice, { alpha: 1, bravo: 2 });
    const plan = buildPlan({ desired: repo({ alpha: 2, bravo: 1 }), live });
    const [a] = ['alpha'].map((n) => live.resources.find((r) => r.kind === 'Rule' && r.name === n)!);
    const listener = live.resources.find((r) => r.kind === 'Listener')!;
    const service = live.resources.find((r) => r.kind === 'LatticeService')!;
    await lattice.updateRule({ serviceIdentifier: service.id!, listenerIdentifier: listener.id!, ruleIdentifier: a.id!, priority: 50 });
    const batches = jest.spyOn(lattice, 'batchUpdateRule');
    const result = await applyPlan(plan, { appMesh: undefined as never, cloudMap: undefined as never, lattice, live, latticeWait: wait });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'stale-plan' } });
    expect(batches).not.toHaveBeenCalled();
    expect(result.operations.map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(result.operations[1].error!.message).toMatch(/^not updated: it changes priority together with other rules of its listener, and rule .*\/alpha \(.*changed since the plan was made/);
    expect(rulePriorities(await readBack(lattice))).toEqual({ alpha: 50, bravo: 3 });
  });
  it('an operation of the batch that never runs (the apply stopped before it) stops the batch instead of leaving it waiting', async () => {
    const emulator = new Emulator({ region: 'us-east-1' });
    const lattice = latticeOn(emulator);
    const live = await applied(emulator, lattice, { alpha: 1, bravo: 2 });
    const plan = buildPlan({ desired: repo({ alpha: 2, bravo: 1 }), live });
    const batches = jest.spyOn(lattice, 'batchUpdateRule');
    const beforeOperation = (_op: unknown, change: { name: string }) => {
      if (change.name === 'bravo') throw new Error('interrupted');
    };
    const result = await applyPlan(plan, { appMesh: undefined as never, cloudMap: undefined as never, lattice, live, latticeWait: wait, beforeOperation });
    expect(result.status).toBe('failed');
    expect(batches).not.toHaveBeenCalled();
    const byName = Object.fromEntries(result.operations.map((o) => [o.id.split('/').pop(), o]));
    expect(byName.bravo.error!.message).toBe('interrupted');
    expect(byName.alpha.error!.message).toMatch(/^not updated: .* rule .*\/bravo \(interrupted\) could not be updated$/);
    expect(rulePriorities(await readBack(lattice))).toEqual({ alpha: 2, bravo: 3 });
  });
});
