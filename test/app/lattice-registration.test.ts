import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateHttpNamespaceCommand, CreateServiceCommand, DeregisterInstanceCommand, ListNamespacesCommand, RegisterInstanceCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { DeregisterTargetsCommand, ListTargetGroupsCommand, ListTargetsCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { applyDesired } from '../../lib/app/apply-desired';
import { detectDriftDesired } from '../../lib/app/detect-drift';
import { createEngine, type Engine } from '../../lib/app/engine';
import { planDesired } from '../../lib/app/plan-desired';
import { Emulator } from '../../lib/emulator/emulator';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import { mapToLattice } from '../../lib/mapping';
import type { DesiredResource, DesiredState } from '../../lib/resources/types';
import { LocalStateStore } from '../../lib/state/local-state-store';
import { declared, settings } from '../support/builders';

const REPO = 'acme/mesh-config';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshops-registration-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** search-v1 is discovered through Cloud Map (version=v1) and reached by two Lattice services: two target groups. */
function desired(registration: 'none' | 'cloudmap' = 'cloudmap'): DesiredState {
  const s = settings({ targets: ['lattice'], lattice: { authType: 'NONE', vpcs: [{ vpc: 'vpc-0123456789abcdef0', securityGroups: [] }], registration, unsupported: 'warn' } });
  const appMesh: DesiredResource[] = [
    declared('Mesh', 'watches', {}),
    declared('VirtualNode', 'search-v1', {
      listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
      serviceDiscovery: { awsCloudMap: { namespaceName: 'watches.local', serviceName: 'search', attributes: [{ key: 'version', value: 'v1' }] } },
    }),
    declared('VirtualService', 'search.watches', { provider: { virtualNode: { virtualNodeName: 'search-v1' } } }),
    declared('VirtualService', 'search-alt.watches', { provider: { virtualNode: { virtualNodeName: 'search-v1' } } }),
  ];
  const mapping = mapToLattice(appMesh, s);
  return { settings: s, resources: mapping.resources, lattice: { notCarried: mapping.notCarried, registrations: mapping.registrations } };
}

interface World {
  engine: Engine;
  cloudMap: ServiceDiscoveryClient;
  lattice: VPCLatticeClient;
  serviceId: string;
}

/** The engine, and SDK clients on the same emulated account for what ECS and an operator do. */
async function setup(): Promise<World> {
  const emulator = new Emulator({ region: 'us-east-1' });
  const engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator, retry: { baseDelayMs: 1 } });
  const client = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => emulator.handle(r)) };
  const cloudMap = new ServiceDiscoveryClient(client);
  const lattice = new VPCLatticeClient(client);
  await cloudMap.send(new CreateHttpNamespaceCommand({ Name: 'watches.local' }));
  const ns = (await cloudMap.send(new ListNamespacesCommand({}))).Namespaces!.find((n) => n.Name === 'watches.local')!;
  const service = await cloudMap.send(new CreateServiceCommand({ Name: 'search', NamespaceId: ns.Id }));
  return { engine, cloudMap, lattice, serviceId: service.Service!.Id! };
}

const register = (w: World, id: string, attributes: Record<string, string>) => w.cloudMap.send(new RegisterInstanceCommand({ ServiceId: w.serviceId, InstanceId: id, Attributes: attributes }));

/** Registered (not draining) targets of each of our target groups, by target group name. */
async function targets(w: World): Promise<Record<string, string[]>> {
  const groups = (await w.lattice.send(new ListTargetGroupsCommand({}))).items ?? [];
  const out: Record<string, string[]> = {};
  for (const g of groups) {
    const listed = (await w.lattice.send(new ListTargetsCommand({ targetGroupIdentifier: g.id }))).items ?? [];
    out[g.name!] = listed.filter((t) => t.status !== 'DRAINING').map((t) => `${t.id}:${t.port}`).sort();
  }
  return out;
}

async function apply(w: World, state = desired()): Promise<void> {
  const out = await applyDesired(state, w.engine, { repo: REPO, holder: 'test', lockTimeoutMs: 60_000 });
  expect(out.result.error).toBeUndefined();
  expect(out.result.status).toBe('applied');
}

describe('registration: cloudmap against the in-process emulator', () => {
  it('registers the Cloud Map instances in every target group of the node, then plans nothing', async () => {
    const w = await setup();
    await register(w, 'task-a', { AWS_INSTANCE_IPV4: '10.0.1.20', AWS_INSTANCE_PORT: '9090', version: 'v1' });
    await register(w, 'task-b', { AWS_INSTANCE_IPV4: '10.0.1.10', version: 'v1' });
    await register(w, 'task-c', { AWS_INSTANCE_IPV4: '10.0.1.30', version: 'v2' });
    await apply(w);
    const after = await targets(w);
    expect(Object.keys(after)).toHaveLength(2);
    for (const list of Object.values(after)) expect(list).toEqual(['10.0.1.10:8080', '10.0.1.20:9090']);
    expect((await planDesired(desired(), w.engine, { repo: REPO })).plan.changes).toEqual([]);
  });

  it('an instance deregistered in Cloud Map is deregistered by the next apply; a new one registered', async () => {
    const w = await setup();
    await register(w, 'task-a', { AWS_INSTANCE_IPV4: '10.0.1.20', version: 'v1' });
    await register(w, 'task-b', { AWS_INSTANCE_IPV4: '10.0.1.10', version: 'v1' });
    await apply(w);
    await w.cloudMap.send(new DeregisterInstanceCommand({ ServiceId: w.serviceId, InstanceId: 'task-a' }));
    await register(w, 'task-d', { AWS_INSTANCE_IPV4: '10.0.1.40', version: 'v1' });
    const { plan } = await planDesired(desired(), w.engine, { repo: REPO });
    expect(plan.changes.map((c) => `${c.action} ${c.kind}`)).toEqual(['update TargetGroup', 'update TargetGroup']);
    await apply(w);
    for (const list of Object.values(await targets(w))) expect(list).toEqual(['10.0.1.10:8080', '10.0.1.40:8080']);
    expect((await planDesired(desired(), w.engine, { repo: REPO })).plan.changes).toEqual([]);
  });

  it('a target removed out of band is drift with target and source; an apply re-syncs it', async () => {
    const w = await setup();
    await register(w, 'task-a', { AWS_INSTANCE_IPV4: '10.0.1.20', version: 'v1' });
    await apply(w);
    const group = (await w.lattice.send(new ListTargetGroupsCommand({}))).items!.find((g) => g.name!.startsWith('search-v1-search-watches'))!;
    await w.lattice.send(new DeregisterTargetsCommand({ targetGroupIdentifier: group.id, targets: [{ id: '10.0.1.20', port: 8080 }] }));
    const { report } = await detectDriftDesired(desired(), w.engine, { repo: REPO });
    expect(report.items).toEqual([expect.objectContaining({ class: 'changed', kind: 'TargetGroup', name: group.name, target: 'lattice', source: 'VirtualNode watches/search-v1' })]);
    await apply(w);
    expect((await targets(w))[group.name!]).toEqual(['10.0.1.20:8080']);
    expect((await detectDriftDesired(desired(), w.engine, { repo: REPO })).report.items).toEqual([]);
  });

  it('a target Lattice refuses (answered in unsuccessful, with HTTP 200) fails the call, naming the target', async () => {
    const w = await setup();
    await apply(w);
    const group = (await w.lattice.send(new ListTargetGroupsCommand({}))).items![0]!;
    await expect(w.engine.apis.lattice!.registerTargets(group.id!, [{ id: 'not-an-ip', port: 8080 }])).rejects.toThrow(new RegExp(`registering targets in ${group.id}: .*refused not-an-ip:8080`));
  });

  it('registration none registers nothing and leaves targets registered by others alone', async () => {
    const w = await setup();
    await register(w, 'task-a', { AWS_INSTANCE_IPV4: '10.0.1.20', version: 'v1' });
    await apply(w, desired('none'));
    for (const list of Object.values(await targets(w))) expect(list).toEqual([]);
  });
});
