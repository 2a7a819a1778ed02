import type { OperationInput } from '../wire/rest-json';
import { checkAction } from './actions';
import type { LatticeContext } from './context';
import { conflict, invalidField, notFound } from './errors';
import { arnOf } from './ids';
import { rememberCreate, replayCreate } from './idempotency';
import { paginate, seqKey } from './pagination';
import { checkQuota, LATTICE_QUOTAS } from './quotas';
import { refuseIfDeleting, requireActiveService } from './services';
import type { ListenerRecord, RuleAction, RuleRecord, ServiceRecord } from './state';
import { tagsFromInput } from './tags';

/** The port a listener gets when the request names none. */
export const DEFAULT_LISTENER_PORT: Record<string, number> = { HTTP: 80, HTTPS: 443, TLS_PASSTHROUGH: 443 };

/** The name Lattice gives every listener's default rule. */
export const DEFAULT_RULE_NAME = 'default';

/** A listener of this service (an ARN must also be the listener's own). */
export function requireListener(ctx: LatticeContext, service: ServiceRecord, identifier: string): ListenerRecord {
  const listener = ctx.require('Listener', identifier);
  if (listener.serviceId !== service.id) throw notFound('LISTENER', identifier, `Listener ${identifier} was not found on service ${service.id}`);
  return listener;
}

const view = (l: ListenerRecord, service: ServiceRecord) => ({
  arn: l.arn,
  id: l.id,
  name: l.name,
  protocol: l.protocol,
  port: l.port,
  defaultAction: l.defaultAction,
  serviceArn: service.arn,
  serviceId: service.id,
});

export function createListener(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const replay = replayCreate(ctx, 'Listener', 'LISTENER', 'CreateListener', input);
  if (replay !== undefined) return replay as Record<string, unknown>;
  const service = requireActiveService(ctx, input.serviceIdentifier as string);
  const name = input.name as string;
  const protocol = input.protocol as string;
  const port = (input.port as number | undefined) ?? DEFAULT_LISTENER_PORT[protocol];
  // TLS passes through to the targets, so clients must reach the service by a name of its own.
  if (protocol === 'TLS_PASSTHROUGH' && !service.customDomainName) throw invalidField('protocol', `a TLS_PASSTHROUGH listener needs a service with a custom domain name (${service.id} has none)`);
  const id = ctx.newId('Listener');
  const arn = arnOf.listener(ctx.env, service.id, id);
  const tags = tagsFromInput(input, arn);
  const siblings = ctx.all('Listener', (l) => l.serviceId === service.id);
  const sameName = siblings.find((l) => l.name === name);
  if (sameName) throw conflict('LISTENER', sameName.id, `Service ${service.id} already has a listener named ${name} (${sameName.id})`);
  const samePort = siblings.find((l) => l.port === port);
  if (samePort) throw conflict('LISTENER', samePort.id, `Service ${service.id} already has a listener on port ${port} (${samePort.id})`);
  checkQuota(ctx, LATTICE_QUOTAS.listenersPerService, siblings.length + 1, 'LISTENER', `on service ${service.id}`);
  const defaultAction = checkAction(ctx, 'defaultAction', input.defaultAction as RuleAction, service, { protocol }, {});
  const ruleId = ctx.newId('Rule');
  const record: ListenerRecord = { kind: 'Listener', ...ctx.recordBase(id, arn, tags), serviceId: service.id, name, protocol, port, defaultAction, defaultRuleId: ruleId };
  const defaultRule: RuleRecord = {
    kind: 'Rule',
    ...ctx.recordBase(ruleId, arnOf.rule(ctx.env, service.id, id, ruleId), {}),
    serviceId: service.id,
    listenerId: id,
    name: DEFAULT_RULE_NAME,
    isDefault: true,
    action: defaultAction,
  };
  const response = view(record, service);
  rememberCreate(record, 'CreateListener', input, response);
  ctx.put(record);
  ctx.put(defaultRule);
  return response;
}

export function getListener(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const service = ctx.require('Service', input.serviceIdentifier as string);
  const l = requireListener(ctx, service, input.listenerIdentifier as string);
  return { ...view(l, service), createdAt: l.createdAt, lastUpdatedAt: l.lastUpdatedAt };
}

/** Only the default action changes (the name, protocol and port are fixed); the default rule follows it. */
export function updateListener(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const service = ctx.require('Service', input.serviceIdentifier as string);
  refuseIfDeleting(ctx, service, 'its listeners cannot be updated');
  const l = requireListener(ctx, service, input.listenerIdentifier as string);
  const defaultAction = checkAction(ctx, 'defaultAction', input.defaultAction as RuleAction, service, l, { listenerId: l.id });
  l.defaultAction = defaultAction;
  l.lastUpdatedAt = ctx.now;
  const rule = ctx.find('Rule', l.defaultRuleId);
  if (rule) {
    rule.action = defaultAction;
    rule.lastUpdatedAt = ctx.now;
  }
  return view(l, service);
}

/** Deleting a listener deletes its rules. */
export function deleteListener(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const service = ctx.require('Service', input.serviceIdentifier as string);
  const l = requireListener(ctx, service, input.listenerIdentifier as string);
  for (const r of ctx.all('Rule', (r) => r.listenerId === l.id)) ctx.remove(r);
  ctx.remove(l);
  return {};
}

export function listListeners(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const service = ctx.require('Service', input.serviceIdentifier as string);
  const page = paginate(
    ctx.all('Listener', (l) => l.serviceId === service.id),
    (l) => seqKey(l.seq),
    { maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined, scope: `ListListeners:${service.id}` },
  );
  return { items: page.items.map((l) => ({ arn: l.arn, id: l.id, name: l.name, protocol: l.protocol, port: l.port, createdAt: l.createdAt, lastUpdatedAt: l.lastUpdatedAt })), nextToken: page.nextToken };
}
