import {
  BatchUpdateRuleCommand,
  CreateListenerCommand,
  CreateRuleCommand,
  DeleteListenerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  GetListenerCommand,
  GetRuleCommand,
  GetTargetGroupCommand,
  ListListenersCommand,
  ListRulesCommand,
  UpdateListenerCommand,
  UpdateRuleCommand,
  type CreateRuleCommandInput,
  type RuleAction,
} from '@aws-sdk/client-vpc-lattice';
import { errorOf, httpTargetGroup, latticeFixture, seedService } from './helpers';

const canaryMatch = { httpMatch: { method: 'GET', pathMatch: { match: { prefix: '/api' }, caseSensitive: true }, headerMatches: [{ name: 'x-canary', match: { exact: 'yes' }, caseSensitive: false }] } };

async function seeded(options = {}) {
  const fx = latticeFixture(options);
  const seed = await seedService(fx.client);
  const rule = (over: Partial<CreateRuleCommandInput> = {}) =>
    new CreateRuleCommand({
      serviceIdentifier: seed.svc.id!,
      listenerIdentifier: seed.listener.id!,
      name: 'canary',
      priority: 10,
      match: canaryMatch,
      action: { forward: { targetGroups: [{ targetGroupIdentifier: seed.v1.arn!, weight: 90 }, { targetGroupIdentifier: seed.v2.id!, weight: 10 }] } },
      ...over,
    });
  return { ...fx, ...seed, rule };
}

describe('Lattice emulator: listeners', () => {
  it('creates a listener under its service (ARN nested), defaults the port by protocol, reads it back', async () => {
    const { client, svc, v1, listener } = await seeded();
    expect(listener.id).toMatch(/^listener-[0-9a-z]{17}$/);
    expect(listener.arn).toBe(`${svc.arn}/listener/${listener.id}`);
    expect(listener).toMatchObject({ serviceId: svc.id, serviceArn: svc.arn, protocol: 'HTTP', port: 80, defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: v1.id, weight: 100 }] } } });
    const https = await client.send(new CreateListenerCommand({ serviceIdentifier: svc.arn!, name: 'https', protocol: 'HTTPS', defaultAction: { fixedResponse: { statusCode: 404 } } }));
    expect(https.port).toBe(443);
    expect((await client.send(new GetListenerCommand({ serviceIdentifier: svc.id!, listenerIdentifier: https.arn! }))).defaultAction).toEqual({ fixedResponse: { statusCode: 404 } });
    expect((await client.send(new ListListenersCommand({ serviceIdentifier: svc.id! }))).items!.map((l) => [l.name, l.port])).toEqual([
      ['http-80', 80],
      ['https', 443],
    ]);
  });

  it('refuses a second listener with the same name or port (409), and a third listener (quota L-D64E952E)', async () => {
    const { client, svc } = await seeded();
    const fixed = { fixedResponse: { statusCode: 404 } };
    expect((await errorOf(client.send(new CreateListenerCommand({ serviceIdentifier: svc.id!, name: 'http-80', protocol: 'HTTP', port: 8080, defaultAction: fixed })))).name).toBe('ConflictException');
    expect((await errorOf(client.send(new CreateListenerCommand({ serviceIdentifier: svc.id!, name: 'other', protocol: 'HTTP', port: 80, defaultAction: fixed })))).name).toBe('ConflictException');
    await client.send(new CreateListenerCommand({ serviceIdentifier: svc.id!, name: 'second', protocol: 'HTTP', port: 8080, defaultAction: fixed }));
    const third = await errorOf(client.send(new CreateListenerCommand({ serviceIdentifier: svc.id!, name: 'third', protocol: 'HTTP', port: 9090, defaultAction: fixed })));
    expect(third.name).toBe('ServiceQuotaExceededException');
    expect(third).toMatchObject({ quotaCode: 'L-D64E952E' });
  });

  it('changes the default action (weights) with UpdateListener, and the default rule follows', async () => {
    const { client, svc, v1, v2, listener } = await seeded();
    const weights = { forward: { targetGroups: [{ targetGroupIdentifier: v1.id!, weight: 50 }, { targetGroupIdentifier: v2.id!, weight: 50 }] } };
    const updated = await client.send(new UpdateListenerCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, defaultAction: weights }));
    expect(updated.defaultAction).toEqual(weights);
    const rules = (await client.send(new ListRulesCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id! }))).items!;
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ name: 'default', isDefault: true });
    expect(rules[0].priority).toBeUndefined();
    const defaultRule = await client.send(new GetRuleCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, ruleIdentifier: rules[0].id! }));
    expect(defaultRule).toMatchObject({ isDefault: true, action: weights });
    expect((await errorOf(client.send(new UpdateRuleCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, ruleIdentifier: rules[0].id!, priority: 5 })))).name).toBe('ValidationException');
    expect((await errorOf(client.send(new DeleteRuleCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, ruleIdentifier: rules[0].arn! })))).name).toBe('ValidationException');
  });

  it('checks actions: weights on every entry, target groups that exist, fixed responses 404/500 only', async () => {
    const { client, svc, v1, v2, listener } = await seeded();
    const update = (defaultAction: RuleAction) => client.send(new UpdateListenerCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, defaultAction }));
    const noWeight = await errorOf(update({ forward: { targetGroups: [{ targetGroupIdentifier: v1.id!, weight: 1 }, { targetGroupIdentifier: v2.id! }] } }));
    expect(noWeight).toMatchObject({ name: 'ValidationException', fieldList: [{ name: 'defaultAction.forward.targetGroups[1].weight', message: expect.any(String) }] });
    const missing = await errorOf(update({ forward: { targetGroups: [{ targetGroupIdentifier: 'tg-0000000000000000a' }] } }));
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', resourceType: 'TARGET_GROUP', resourceId: 'tg-0000000000000000a' });
    expect((await errorOf(update({ fixedResponse: { statusCode: 503 } }))).name).toBe('ValidationException');
    expect((await errorOf(update({ forward: { targetGroups: [{ targetGroupIdentifier: v1.id!, weight: 1000 }] } }))).name).toBe('ValidationException');
    // Nothing changed.
    expect((await client.send(new GetListenerCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id! }))).defaultAction).toEqual(listener.defaultAction);
  });

  it('deleting a listener deletes its rules', async () => {
    const { client, svc, listener, rule } = await seeded();
    const r = await client.send(rule());
    await client.send(new DeleteListenerCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.arn! }));
    expect((await errorOf(client.send(new GetRuleCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, ruleIdentifier: r.id! })))).name).toBe('ResourceNotFoundException');
    expect((await client.send(new ListListenersCommand({ serviceIdentifier: svc.id! }))).items).toEqual([]);
  });
});

describe('Lattice emulator: rules', () => {
  it('creates a rule with matches, a priority and weighted forward (ARNs become ids), and reads it back whole', async () => {
    const { client, svc, v1, v2, listener, rule } = await seeded();
    const created = await client.send(rule());
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^rule-[0-9a-z]{17}$/);
    expect(created.arn).toBe(`${listener.arn}/rule/${created.id}`);
    const weights = { forward: { targetGroups: [{ targetGroupIdentifier: v1.id, weight: 90 }, { targetGroupIdentifier: v2.id, weight: 10 }] } };
    expect(created).toMatchObject({ name: 'canary', priority: 10, match: canaryMatch, action: weights });
    const got = await client.send(new GetRuleCommand({ serviceIdentifier: svc.arn!, listenerIdentifier: listener.arn!, ruleIdentifier: created.arn! }));
    expect(got).toMatchObject({ name: 'canary', priority: 10, isDefault: false, match: canaryMatch, action: weights });
    // Both target groups now serve the service.
    expect((await client.send(new GetTargetGroupCommand({ targetGroupIdentifier: v2.id! }))).serviceArns).toEqual([svc.arn]);
  });

  it('shifts weights with UpdateRule and lists rules by priority, the default rule last', async () => {
    const { client, svc, v1, v2, listener, rule } = await seeded();
    const first = await client.send(rule());
    await client.send(rule({ name: 'exact', priority: 2, match: { httpMatch: { pathMatch: { match: { exact: '/health' } } } }, action: { fixedResponse: { statusCode: 404 } } }));
    const shifted = { forward: { targetGroups: [{ targetGroupIdentifier: v1.id!, weight: 0 }, { targetGroupIdentifier: v2.id!, weight: 100 }] } };
    const updated = await client.send(new UpdateRuleCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, ruleIdentifier: first.id!, action: shifted }));
    expect(updated).toMatchObject({ action: shifted, match: canaryMatch, priority: 10, isDefault: false });
    const listed = (await client.send(new ListRulesCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id! }))).items!;
    expect(listed.map((r) => [r.name, r.priority ?? null, r.isDefault])).toEqual([
      ['exact', 2, false],
      ['canary', 10, false],
      ['default', null, true],
    ]);
  });

  it('keeps names and priorities unique per listener (409), and lets BatchUpdateRule swap priorities', async () => {
    const { client, svc, listener, rule } = await seeded();
    const a = await client.send(rule({ name: 'aaa', priority: 1 }));
    const b = await client.send(rule({ name: 'bbb', priority: 2 }));
    expect((await errorOf(client.send(rule({ name: 'aaa', priority: 3 })))).name).toBe('ConflictException');
    const samePriority = await errorOf(client.send(rule({ name: 'ccc', priority: 2 })));
    expect(samePriority).toMatchObject({ name: 'ConflictException', resourceId: b.id, resourceType: 'RULE' });
    expect((await errorOf(client.send(new UpdateRuleCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, ruleIdentifier: a.id!, priority: 2 })))).name).toBe('ConflictException');
    const swapped = await client.send(
      new BatchUpdateRuleCommand({
        serviceIdentifier: svc.id!,
        listenerIdentifier: listener.id!,
        rules: [
          { ruleIdentifier: a.id!, priority: 2 },
          { ruleIdentifier: b.arn!, priority: 1 },
          { ruleIdentifier: 'rule-0000000000000000a', priority: 7 },
        ],
      }),
    );
    expect(swapped.successful!.map((r) => [r.name, r.priority])).toEqual([
      ['aaa', 2],
      ['bbb', 1],
    ]);
    expect(swapped.unsuccessful).toEqual([expect.objectContaining({ ruleIdentifier: 'rule-0000000000000000a', failureCode: 'ResourceNotFoundException' })]);
    const clash = await errorOf(client.send(new BatchUpdateRuleCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, rules: [{ ruleIdentifier: a.id!, priority: 1 }] })));
    expect(clash.name).toBe('ConflictException');
    expect((await client.send(new GetRuleCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, ruleIdentifier: a.id! }))).priority).toBe(2);
  });

  it('enforces rules per listener (L-CF78395E, the default rule not counted)', async () => {
    const { client, rule } = await seeded({ quotas: { 'L-CF78395E': 2 } });
    await client.send(rule({ name: 'one', priority: 1 }));
    await client.send(rule({ name: 'two', priority: 2 }));
    expect(await errorOf(client.send(rule({ name: 'three', priority: 3 })))).toMatchObject({ name: 'ServiceQuotaExceededException', quotaCode: 'L-CF78395E' });
  });

  it('a target group used by a rule cannot be deleted until the rule is gone; and serves one service only', async () => {
    const { client, svc, v2, listener, rule } = await seeded();
    const r = await client.send(rule());
    const err = await errorOf(client.send(new DeleteTargetGroupCommand({ targetGroupIdentifier: v2.id! })));
    expect(err).toMatchObject({ name: 'ConflictException', resourceId: v2.id, resourceType: 'TARGET_GROUP' });
    expect(err.message).toContain(r.id!);
    await client.send(new DeleteRuleCommand({ serviceIdentifier: svc.id!, listenerIdentifier: listener.id!, ruleIdentifier: r.id! }));
    expect((await client.send(new DeleteTargetGroupCommand({ targetGroupIdentifier: v2.id! }))).status).toBe('DELETE_IN_PROGRESS');
  });

  it('refuses rules on a listener that is not the service\'s, and a target group of another service', async () => {
    const { client, svc, v1, listener, rule } = await seeded();
    const { CreateServiceCommand } = await import('@aws-sdk/client-vpc-lattice');
    const other = await client.send(new CreateServiceCommand({ name: 'other' }));
    expect((await errorOf(client.send(rule({ serviceIdentifier: other.id! })))).name).toBe('ResourceNotFoundException');
    const own = await client.send(httpTargetGroup('other-tg'));
    const otherListener = await client.send(new CreateListenerCommand({ serviceIdentifier: other.id!, name: 'http', protocol: 'HTTP', defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: own.id! }] } } }));
    const shared = await errorOf(
      client.send(new CreateRuleCommand({ serviceIdentifier: other.id!, listenerIdentifier: otherListener.id!, name: 'steal', priority: 1, match: canaryMatch, action: { forward: { targetGroups: [{ targetGroupIdentifier: v1.id! }] } } })),
    );
    expect(shared).toMatchObject({ name: 'ConflictException', resourceId: v1.id });
    expect(svc.id).not.toBe(other.id);
    expect(listener.id).not.toBe(otherListener.id);
  });
});
