import { startMeshopsEmulator, type RunningMeshopsEmulator } from './wire/meshops-process';
import { awsCliFor, describeWithAwsCli, type CliJson } from '../support/aws-cli';

/**
 * The AWS CLI (v1, botocore: serializers, URI-label encoding and paginators no one here wrote)
 * against `meshops emulator --lattice-delay-ms` started as a user would: the Lattice resources
 * meshops builds are created, polled until ACTIVE, read back, changed (a weight shift), listed
 * page by page, tagged, refused where the service refuses, and deleted in a valid order.
 * Skips cleanly where the `aws` command is absent.
 */

type Json = CliJson;

// About 70 commands (in one Python process) and four waits for asynchronous changes to settle.
jest.setTimeout(300_000);

// Long enough that the next few commands surely run while a change is still in progress, even on
// a busy machine; short enough that the waits for it to settle stay cheap.
const DELAY_MS = 6000;
const VPC = 'vpc-0123456789abcdef0';

describeWithAwsCli('AWS CLI VPC Lattice session against meshops emulator', () => {
  let emulator: RunningMeshopsEmulator;

  beforeAll(async () => {
    emulator = await startMeshopsEmulator(['--port', '0', '--account', '123456789012', '--lattice-delay-ms', String(DELAY_MS)]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  const cli = awsCliFor('vpc-lattice', () => emulator.url);
  const ok = (...args: string[]): Promise<Json> => cli.ok(args);
  /** Runs a call that must fail with `errorName`; returns the message. */
  const fails = (errorName: string, ...args: string[]): Promise<string> => cli.fails(errorName, args);

  /** Polls a call until `done` holds, as clients must (Lattice has no waiters). */
  async function poll(done: (out: Json) => boolean, ...args: string[]): Promise<Json> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const out = await ok(...args);
      if (done(out)) return out;
      if (Date.now() > deadline) throw new Error(`${args[0]} never settled: ${JSON.stringify(out)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  const until = (want: string, ...args: string[]) => poll((out) => out.status === want, ...args);

  const json = (v: unknown) => JSON.stringify(v);
  const ids: Record<string, string> = {};
  const arns: Record<string, string> = {};

  it('builds a service network, a VPC association, target groups, a service with a custom domain, a listener, a weighted rule and the association', async () => {
    const sn = await ok('create-service-network', '--name', 'shop', '--auth-type', 'NONE', '--tags', 'meshops:owner=repo');
    expect(sn.id).toMatch(/^sn-[0-9a-z]{17}$/);
    expect(sn.arn).toBe(`arn:aws:vpc-lattice:us-east-1:123456789012:servicenetwork/${sn.id}`);
    ids.sn = sn.id;
    arns.sn = sn.arn;
    const snva = await ok('create-service-network-vpc-association', '--service-network-identifier', sn.id, '--vpc-identifier', VPC, '--security-group-ids', 'sg-0123456789abcdef0');
    expect(snva).toMatchObject({ status: 'CREATE_IN_PROGRESS', securityGroupIds: ['sg-0123456789abcdef0'] });
    ids.snva = snva.id;
    for (const v of ['v1', 'v2']) {
      const tg = await ok('create-target-group', '--name', `cart-${v}`, '--type', 'IP', '--config', json({ port: 8080, protocol: 'HTTP', vpcIdentifier: VPC, healthCheck: { path: '/health' } }));
      expect(tg.status).toBe('CREATE_IN_PROGRESS');
      ids[v] = tg.id;
    }
    const svc = await ok('create-service', '--name', 'cart', '--custom-domain-name', 'cart.shop.local', '--tags', 'meshops:source=VirtualService shop/cart.shop.local');
    expect(svc).toMatchObject({ name: 'cart', customDomainName: 'cart.shop.local', status: 'CREATE_IN_PROGRESS' });
    expect(svc.dnsEntry.domainName).toMatch(/^cart-[0-9a-z]{17}\.[0-9a-f]{7}\.vpc-lattice-svcs\.us-east-1\.on\.aws$/);
    ids.svc = svc.id;
    arns.svc = svc.arn;
    // A listener needs an ACTIVE service.
    const early = await fails('ConflictException', 'create-listener', '--service-identifier', svc.id, '--name', 'http-80', '--protocol', 'HTTP', '--default-action', json({ fixedResponse: { statusCode: 404 } }));
    expect(early).toContain('CREATE_IN_PROGRESS');
    const active = await until('ACTIVE', 'get-service', '--service-identifier', svc.arn);
    expect(active.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    await until('ACTIVE', 'get-target-group', '--target-group-identifier', ids.v1);
    const listener = await ok('create-listener', '--service-identifier', svc.id, '--name', 'http-80', '--protocol', 'HTTP', '--port', '80', '--default-action', json({ forward: { targetGroups: [{ targetGroupIdentifier: ids.v1, weight: 100 }] } }));
    expect(listener.arn).toBe(`${svc.arn}/listener/${listener.id}`);
    ids.listener = listener.id;
    arns.listener = listener.arn;
    const match = { httpMatch: { pathMatch: { match: { prefix: '/cart' }, caseSensitive: true }, headerMatches: [{ name: 'x-canary', match: { exact: 'on' } }] } };
    const rule = await ok(
      'create-rule', '--service-identifier', svc.id, '--listener-identifier', listener.arn, '--name', 'canary', '--priority', '1',
      '--match', json(match), '--action', json({ forward: { targetGroups: [{ targetGroupIdentifier: ids.v1, weight: 90 }, { targetGroupIdentifier: arnOfTg(ids.v2), weight: 10 }] } }),
    );
    expect(rule).toMatchObject({ name: 'canary', priority: 1, match, action: { forward: { targetGroups: [{ targetGroupIdentifier: ids.v1, weight: 90 }, { targetGroupIdentifier: ids.v2, weight: 10 }] } } });
    ids.rule = rule.id;
    const snsa = await ok('create-service-network-service-association', '--service-network-identifier', sn.arn, '--service-identifier', svc.id);
    expect(snsa).toMatchObject({ status: 'CREATE_IN_PROGRESS', customDomainName: 'cart.shop.local', createdBy: '123456789012' });
    ids.snsa = snsa.id;
    expect(await until('ACTIVE', 'get-service-network-service-association', '--service-network-service-association-identifier', snsa.id)).toMatchObject({ serviceName: 'cart', serviceNetworkName: 'shop' });
    await until('ACTIVE', 'get-service-network-vpc-association', '--service-network-vpc-association-identifier', ids.snva);
  });

  const arnOfTg = (id: string) => `arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/${id}`;

  it('refuses conflicts, bad input, unknown resources and the forbidden delete orders', async () => {
    const refusals = await Promise.all([
      fails('ConflictException', 'create-service', '--name', 'cart'),
      fails('ConflictException', 'create-rule', '--service-identifier', ids.svc, '--listener-identifier', ids.listener, '--name', 'other', '--priority', '1', '--match', json({ httpMatch: { method: 'GET' } }), '--action', json({ fixedResponse: { statusCode: 404 } })),
      fails('ValidationException', 'create-service', '--name', 'Cart'),
      fails('ValidationException', 'update-listener', '--service-identifier', ids.svc, '--listener-identifier', ids.listener, '--default-action', json({ forward: { targetGroups: [{ targetGroupIdentifier: ids.v1, weight: 1 }, { targetGroupIdentifier: ids.v2 }] } })),
      fails('ResourceNotFoundException', 'get-service', '--service-identifier', 'svc-0000000000000000a'),
      fails('ConflictException', 'delete-service-network', '--service-network-identifier', ids.sn),
      fails('ConflictException', 'delete-service', '--service-identifier', ids.svc),
      fails('ConflictException', 'delete-target-group', '--target-group-identifier', ids.v2),
      fails('ConflictException', 'create-service-network-vpc-association', '--service-network-identifier', ids.sn, '--vpc-identifier', VPC),
    ]);
    expect(refusals[2]).toContain("Value at 'name'");
    expect(refusals[3]).toContain('weight');
    expect(refusals[6]).toContain(ids.snsa);
    expect(refusals[7]).toContain(ids.rule);
  });

  it('shifts the canary weights, registers targets and reads their health', async () => {
    const shifted = { forward: { targetGroups: [{ targetGroupIdentifier: ids.v1, weight: 50 }, { targetGroupIdentifier: ids.v2, weight: 50 }] } };
    await ok('update-rule', '--service-identifier', ids.svc, '--listener-identifier', ids.listener, '--rule-identifier', ids.rule, '--action', json(shifted));
    expect((await ok('get-rule', '--service-identifier', arns.svc, '--listener-identifier', arns.listener, '--rule-identifier', ids.rule)).action).toEqual(shifted);
    const rules = await ok('list-rules', '--service-identifier', ids.svc, '--listener-identifier', ids.listener);
    expect(rules.items.map((r: Json) => [r.name, r.isDefault])).toEqual([
      ['canary', false],
      ['default', true],
    ]);
    const reg = await ok('register-targets', '--target-group-identifier', ids.v2, '--targets', 'id=10.0.1.10', 'id=10.0.1.11,port=9090');
    expect(reg.successful).toEqual([
      { id: '10.0.1.10', port: 8080 },
      { id: '10.0.1.11', port: 9090 },
    ]);
    expect((await ok('list-targets', '--target-group-identifier', ids.v2)).items.map((t: Json) => t.status)).toEqual(['INITIAL', 'INITIAL']);
    const health = await poll((out) => out.items.every((t: Json) => t.status === 'HEALTHY'), 'list-targets', '--target-group-identifier', ids.v2, '--page-size', '1');
    expect(health.items).toEqual([
      { id: '10.0.1.10', port: 8080, status: 'HEALTHY' },
      { id: '10.0.1.11', port: 9090, status: 'HEALTHY' },
    ]);
    expect((await ok('get-target-group', '--target-group-identifier', ids.v2)).serviceArns).toEqual([arns.svc]);
  });

  it('swaps two rules\' priorities with batch-update-rule; one update-rule at a time is refused (409)', async () => {
    const stable = await ok(
      'create-rule', '--service-identifier', ids.svc, '--listener-identifier', ids.listener, '--name', 'stable', '--priority', '2',
      '--match', json({ httpMatch: { method: 'GET' } }), '--action', json({ forward: { targetGroups: [{ targetGroupIdentifier: ids.v1, weight: 1 }] } }),
    );
    const refusal = await fails('ConflictException', 'update-rule', '--service-identifier', ids.svc, '--listener-identifier', ids.listener, '--rule-identifier', ids.rule, '--priority', '2');
    expect(refusal).toContain('Priority 2');
    const swapped = await ok('batch-update-rule', '--service-identifier', ids.svc, '--listener-identifier', ids.listener, '--rules', json([{ ruleIdentifier: ids.rule, priority: 2 }, { ruleIdentifier: stable.id, priority: 1 }]));
    expect(swapped.successful.map((r: Json) => [r.name, r.priority])).toEqual([['canary', 2], ['stable', 1]]);
    expect(swapped.unsuccessful).toEqual([]);
    const missing = await ok('batch-update-rule', '--service-identifier', ids.svc, '--listener-identifier', ids.listener, '--rules', json([{ ruleIdentifier: 'rule-0000000000000000a', priority: 3 }]));
    expect(missing.unsuccessful.map((f: Json) => [f.ruleIdentifier, f.failureCode])).toEqual([['rule-0000000000000000a', 'ResourceNotFoundException']]);
    expect((await ok('list-rules', '--service-identifier', ids.svc, '--listener-identifier', ids.listener)).items.map((r: Json) => r.name)).toEqual(['stable', 'canary', 'default']);
    await ok('delete-rule', '--service-identifier', ids.svc, '--listener-identifier', ids.listener, '--rule-identifier', stable.id);
    await ok('update-rule', '--service-identifier', ids.svc, '--listener-identifier', ids.listener, '--rule-identifier', ids.rule, '--priority', '1');
  });

  it('lists page by page: --page-size follows nextToken, --max-items and --starting-token resume', async () => {
    for (const n of ['orders', 'payments']) await ok('create-service', '--name', n);
    const all = await ok('list-services', '--page-size', '1');
    expect(all.items.map((s: Json) => s.name)).toEqual(['cart', 'orders', 'payments']);
    const first = await ok('list-services', '--max-items', '2', '--page-size', '1');
    expect(first.items.map((s: Json) => s.name)).toEqual(['cart', 'orders']);
    const rest = await ok('list-services', '--max-items', '2', '--page-size', '1', '--starting-token', first.NextToken);
    expect(rest.items.map((s: Json) => s.name)).toEqual(['payments']);
    expect((await ok('list-service-network-service-associations', '--service-network-identifier', ids.sn)).items.map((a: Json) => a.serviceName)).toEqual(['cart']);
    expect((await ok('list-service-network-vpc-associations', '--vpc-identifier', VPC)).items.map((a: Json) => a.serviceNetworkName)).toEqual(['shop']);
    expect((await ok('list-target-groups', '--vpc-identifier', VPC)).items.map((t: Json) => [t.name, t.port, t.protocol])).toEqual([
      ['cart-v1', 8080, 'HTTP'],
      ['cart-v2', 8080, 'HTTP'],
    ]);
    expect((await ok('list-listeners', '--service-identifier', ids.svc)).items.map((l: Json) => [l.name, l.port])).toEqual([['http-80', 80]]);
    expect((await ok('list-service-networks')).items[0]).toMatchObject({ name: 'shop', numberOfAssociatedServices: 1, numberOfAssociatedVPCs: 1 });
  });

  it('tags, lists tags and untags by ARN (ARNs travel as one encoded path label)', async () => {
    await ok('tag-resource', '--resource-arn', arns.listener, '--tags', 'env=dev,team=cart');
    expect((await ok('list-tags-for-resource', '--resource-arn', arns.listener)).tags).toEqual({ env: 'dev', team: 'cart' });
    await ok('untag-resource', '--resource-arn', arns.listener, '--tag-keys', 'env');
    expect((await ok('list-tags-for-resource', '--resource-arn', arns.listener)).tags).toEqual({ team: 'cart' });
    expect((await ok('list-tags-for-resource', '--resource-arn', arns.svc)).tags).toEqual({ 'meshops:source': 'VirtualService shop/cart.shop.local' });
  });

  it('deletes in the valid order, the asynchronous ones through DELETE_IN_PROGRESS', async () => {
    await ok('delete-rule', '--service-identifier', ids.svc, '--listener-identifier', ids.listener, '--rule-identifier', ids.rule);
    await ok('delete-listener', '--service-identifier', ids.svc, '--listener-identifier', ids.listener);
    expect((await ok('delete-service-network-service-association', '--service-network-service-association-identifier', ids.snsa)).status).toBe('DELETE_IN_PROGRESS');
    await fails('ConflictException', 'delete-service', '--service-identifier', ids.svc);
    await poll((out) => out.items.length === 0, 'list-service-network-service-associations', '--service-identifier', ids.svc);
    expect((await ok('delete-service', '--service-identifier', ids.svc)).status).toBe('DELETE_IN_PROGRESS');
    expect((await ok('deregister-targets', '--target-group-identifier', ids.v2, '--targets', 'id=10.0.1.10', 'id=10.0.1.11,port=9090')).successful).toHaveLength(2);
    for (const v of ['v1', 'v2']) expect((await ok('delete-target-group', '--target-group-identifier', ids[v])).status).toBe('DELETE_IN_PROGRESS');
    expect((await ok('delete-service-network-vpc-association', '--service-network-vpc-association-identifier', ids.snva)).status).toBe('DELETE_IN_PROGRESS');
    await fails('ConflictException', 'delete-service-network', '--service-network-identifier', ids.sn);
    await poll((out) => out.items.length === 0, 'list-service-network-vpc-associations', '--service-network-identifier', ids.sn);
    await poll((out) => out.items.length === 2, 'list-services');
    await ok('delete-service-network', '--service-network-identifier', ids.sn);
    await fails('ResourceNotFoundException', 'get-service', '--service-identifier', ids.svc);
    expect((await ok('list-service-networks')).items).toEqual([]);
    expect((await ok('list-target-groups')).items).toEqual([]);
    expect((await ok('list-services')).items.map((s: Json) => s.name)).toEqual(['orders', 'payments']);
  });
});
