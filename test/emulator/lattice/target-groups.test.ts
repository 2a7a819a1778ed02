import {
  CreateListenerCommand,
  CreateServiceCommand,
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  GetTargetGroupCommand,
  ListTargetGroupsCommand,
  ListTargetsCommand,
  RegisterTargetsCommand,
  UpdateTargetGroupCommand,
} from '@aws-sdk/client-vpc-lattice';
import { setLatticeTargetHealth } from '../../../lib/emulator/lattice';
import { errorOf, httpTargetGroup, latticeFixture, VPC } from './helpers';

/** A target group that a service's listener forwards to, every status settled. */
async function usedGroup(options: { latticeDelayMs?: number } = {}) {
  const fx = latticeFixture(options);
  const tg = await fx.client.send(httpTargetGroup('shop-v1'));
  const svc = await fx.client.send(new CreateServiceCommand({ name: 'shop' }));
  fx.clock.advance(options.latticeDelayMs ?? 0);
  await fx.client.send(new CreateListenerCommand({ serviceIdentifier: svc.id!, name: 'http', protocol: 'HTTP', defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: tg.id! }] } } }));
  const targets = async () => (await fx.client.send(new ListTargetsCommand({ targetGroupIdentifier: tg.id! }))).items!.map((t) => [t.id, t.port, t.status]);
  return { ...fx, tg, svc, targets };
}

describe('Lattice emulator: target groups', () => {
  it('creates an IP target group with the server-filled defaults, CREATE_IN_PROGRESS then ACTIVE', async () => {
    const { client, clock } = latticeFixture({ latticeDelayMs: 2000 });
    const tg = await client.send(new CreateTargetGroupCommand({ name: 'shop-v1', type: 'IP', config: { port: 8080, protocol: 'HTTP', vpcIdentifier: VPC, healthCheck: { path: '/ping' } }, tags: { team: 'shop' } }));
    expect(tg.id).toMatch(/^tg-[0-9a-z]{17}$/);
    expect(tg.arn).toBe(`arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/${tg.id}`);
    expect(tg.status).toBe('CREATE_IN_PROGRESS');
    expect(tg.config).toEqual({
      port: 8080,
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
      ipAddressType: 'IPV4',
      vpcIdentifier: VPC,
      healthCheck: { enabled: true, protocol: 'HTTP', protocolVersion: 'HTTP1', path: '/ping', healthCheckIntervalSeconds: 30, healthCheckTimeoutSeconds: 5, healthyThresholdCount: 5, unhealthyThresholdCount: 2, matcher: { httpCode: '200' } },
    });
    expect((await client.send(new GetTargetGroupCommand({ targetGroupIdentifier: tg.arn! }))).status).toBe('CREATE_IN_PROGRESS');
    clock.advance(2000);
    expect(await client.send(new GetTargetGroupCommand({ targetGroupIdentifier: tg.id! }))).toMatchObject({ status: 'ACTIVE', serviceArns: [] });
    const listed = (await client.send(new ListTargetGroupsCommand({ vpcIdentifier: VPC, targetGroupType: 'IP' }))).items!;
    expect(listed).toEqual([expect.objectContaining({ id: tg.id, name: 'shop-v1', port: 8080, protocol: 'HTTP', ipAddressType: 'IPV4', vpcIdentifier: VPC, status: 'ACTIVE', type: 'IP' })]);
    expect((await client.send(new ListTargetGroupsCommand({ targetGroupType: 'LAMBDA' }))).items).toEqual([]);
  });

  it('refuses what the API refuses: a duplicate name (409), a missing config, out-of-range health checks, GRPC over TCP', async () => {
    const { client } = latticeFixture();
    await client.send(httpTargetGroup('shop-v1'));
    expect((await errorOf(client.send(httpTargetGroup('shop-v1')))).name).toBe('ConflictException');
    expect((await errorOf(client.send(new CreateTargetGroupCommand({ name: 'no-config', type: 'IP' })))).name).toBe('ValidationException');
    const hc = await errorOf(client.send(new CreateTargetGroupCommand({ name: 'bad-hc', type: 'IP', config: { port: 80, protocol: 'HTTP', vpcIdentifier: VPC, healthCheck: { healthCheckIntervalSeconds: 2 } } })));
    expect(hc).toMatchObject({ name: 'ValidationException', fieldList: [{ name: 'config.healthCheck.healthCheckIntervalSeconds', message: expect.any(String) }] });
    expect((await errorOf(client.send(new CreateTargetGroupCommand({ name: 'tcp-grpc', type: 'IP', config: { port: 80, protocol: 'TCP', protocolVersion: 'GRPC', vpcIdentifier: VPC } })))).name).toBe('ValidationException');
    const lambda = await client.send(new CreateTargetGroupCommand({ name: 'handler', type: 'LAMBDA' }));
    expect(lambda.config).toEqual({ lambdaEventStructureVersion: 'V1' });
  });

  it('changes only the health check with UpdateTargetGroup (what is left out gets the default again)', async () => {
    const { client } = latticeFixture();
    const tg = await client.send(httpTargetGroup('shop-v1'));
    const updated = await client.send(new UpdateTargetGroupCommand({ targetGroupIdentifier: tg.id!, healthCheck: { enabled: false } }));
    expect(updated.config!.healthCheck).toMatchObject({ enabled: false, path: '/', healthCheckIntervalSeconds: 30 });
    expect(updated.config!.port).toBe(8080);
  });

  it('deletes asynchronously (DELETE_IN_PROGRESS, then 404)', async () => {
    const { client, clock } = latticeFixture({ latticeDelayMs: 1000 });
    const tg = await client.send(httpTargetGroup('shop-v1'));
    clock.advance(1000);
    expect((await client.send(new DeleteTargetGroupCommand({ targetGroupIdentifier: tg.id! }))).status).toBe('DELETE_IN_PROGRESS');
    expect((await errorOf(client.send(new RegisterTargetsCommand({ targetGroupIdentifier: tg.id!, targets: [{ id: '10.0.0.1' }] })))).name).toBe('ConflictException');
    clock.advance(1000);
    expect((await errorOf(client.send(new GetTargetGroupCommand({ targetGroupIdentifier: tg.id! })))).name).toBe('ResourceNotFoundException');
  });
});

describe('Lattice emulator: targets', () => {
  it('registers targets (port defaults to the group\'s), reports INITIAL then HEALTHY, DRAINING then gone', async () => {
    const { client, clock, tg, targets } = await usedGroup({ latticeDelayMs: 3000 });
    const registered = await client.send(new RegisterTargetsCommand({ targetGroupIdentifier: tg.id!, targets: [{ id: '10.0.0.1' }, { id: '10.0.0.2', port: 9090 }, { id: 'not-an-ip' }] }));
    expect(registered.successful).toEqual([
      { id: '10.0.0.1', port: 8080 },
      { id: '10.0.0.2', port: 9090 },
    ]);
    expect(registered.unsuccessful).toEqual([expect.objectContaining({ id: 'not-an-ip', failureCode: 'InvalidTarget' })]);
    expect(await targets()).toEqual([
      ['10.0.0.1', 8080, 'INITIAL'],
      ['10.0.0.2', 9090, 'INITIAL'],
    ]);
    clock.advance(3000);
    expect(await targets()).toEqual([
      ['10.0.0.1', 8080, 'HEALTHY'],
      ['10.0.0.2', 9090, 'HEALTHY'],
    ]);
    const gone = await client.send(new DeregisterTargetsCommand({ targetGroupIdentifier: tg.id!, targets: [{ id: '10.0.0.2', port: 9090 }, { id: '10.9.9.9' }] }));
    expect(gone.successful).toEqual([{ id: '10.0.0.2', port: 9090 }]);
    expect(gone.unsuccessful).toEqual([expect.objectContaining({ id: '10.9.9.9', failureCode: 'TargetNotFound' })]);
    expect(await targets()).toEqual([
      ['10.0.0.1', 8080, 'HEALTHY'],
      ['10.0.0.2', 9090, 'DRAINING'],
    ]);
    clock.advance(3000);
    expect(await targets()).toEqual([['10.0.0.1', 8080, 'HEALTHY']]);
    const filtered = await client.send(new ListTargetsCommand({ targetGroupIdentifier: tg.id!, targets: [{ id: '10.0.0.1' }] }));
    expect(filtered.items!.map((t) => t.id)).toEqual(['10.0.0.1']);
  });

  it('reports UNUSED while no service forwards to the group, UNAVAILABLE with health checks off, and a forced UNHEALTHY', async () => {
    const { client, emulator } = latticeFixture();
    const idle = await client.send(httpTargetGroup('idle'));
    await client.send(new RegisterTargetsCommand({ targetGroupIdentifier: idle.id!, targets: [{ id: '10.0.0.5' }] }));
    expect((await client.send(new ListTargetsCommand({ targetGroupIdentifier: idle.id! }))).items).toEqual([{ id: '10.0.0.5', port: 8080, status: 'UNUSED', reasonCode: 'TargetGroupNotInUse' }]);
    const used = await usedGroup();
    await used.client.send(new UpdateTargetGroupCommand({ targetGroupIdentifier: used.tg.id!, healthCheck: { enabled: false } }));
    await used.client.send(new RegisterTargetsCommand({ targetGroupIdentifier: used.tg.id!, targets: [{ id: '10.0.0.6' }] }));
    expect(await used.targets()).toEqual([['10.0.0.6', 8080, 'UNAVAILABLE']]);
    setLatticeTargetHealth(used.emulator.env, used.tg.id!, { id: '10.0.0.6' }, { status: 'UNHEALTHY', reasonCode: 'HealthCheckFailed' });
    expect(await used.targets()).toEqual([['10.0.0.6', 8080, 'UNHEALTHY']]);
    expect(() => setLatticeTargetHealth(emulator.env, idle.id!, { id: '10.9.9.9' }, { status: 'UNHEALTHY' })).toThrow(/not registered/);
  });

  it('checks ids by target group type and enforces targets per group (L-D71303F3) for the whole call', async () => {
    const { client } = latticeFixture({ quotas: { 'L-D71303F3': 2 } });
    const instances = await client.send(new CreateTargetGroupCommand({ name: 'ec2', type: 'INSTANCE', config: { port: 80, protocol: 'HTTP', vpcIdentifier: VPC } }));
    const res = await client.send(new RegisterTargetsCommand({ targetGroupIdentifier: instances.id!, targets: [{ id: 'i-0123456789abcdef0' }, { id: '10.0.0.1' }] }));
    expect(res.successful!.map((t) => t.id)).toEqual(['i-0123456789abcdef0']);
    expect(res.unsuccessful!.map((t) => t.id)).toEqual(['10.0.0.1']);
    const over = await errorOf(client.send(new RegisterTargetsCommand({ targetGroupIdentifier: instances.id!, targets: [{ id: 'i-0123456789abcdef1' }, { id: 'i-0123456789abcdef2' }] })));
    expect(over).toMatchObject({ name: 'ServiceQuotaExceededException', quotaCode: 'L-D71303F3' });
    expect((await client.send(new ListTargetsCommand({ targetGroupIdentifier: instances.id! }))).items!.map((t) => t.id)).toEqual(['i-0123456789abcdef0']);
  });
});
