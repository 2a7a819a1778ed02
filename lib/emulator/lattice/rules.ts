import type { OperationInput } from '../wire/rest-json';
import { checkAction } from './actions';
import type { LatticeContext } from './context';
import { conflict, invalidField, LatticeApiError, notFound } from './errors';
import { arnOf } from './ids';
import { rememberCreate, replayCreate } from './idempotency';
import { requireListener } from './listeners';
import { paginate } from './pagination';
import { checkQuota, LATTICE_QUOTAS } from './quotas';
import { refuseIfDeleting } from './services';
import type { ListenerRecord, RuleAction, RuleRecord, ServiceRecord } from './state';
import { tagsFromInput } from './tags';

function requireRule(ctx: LatticeContext, listener: ListenerRecord, identifier: string): RuleRecord {
  const rule = ctx.require('Rule', identifier);
  if (rule.listenerId !== listener.id) throw notFound('RULE', identifier, `Rule ${identifier} was not found on listener ${listener.id}`);
  return rule;
}

function parents(ctx: LatticeContext, input: OperationInput): { service: ServiceRecord; listener: ListenerRecord } {
  const service = ctx.require('Service', input.serviceIdentifier as string);
  return { service, listener: requireListener(ctx, service, input.listenerIdentifier as string) };
}

function refuseTlsPassthrough(listener: ListenerRecord): void {
  if (listener.protocol === 'TLS_PASSTHROUGH') throw invalidField('listenerIdentifier', `listener ${listener.id} is TLS_PASSTHROUGH: it takes no rules, only a default action`);
}

function refuseDefault(rule: RuleRecord, what: string): void {
  if (rule.isDefault) throw invalidField('ruleIdentifier', `rule ${rule.id} is the listener's default rule: ${what}`);
}

function checkPriorityFree(ctx: LatticeContext, listener: ListenerRecord, priority: number, except: Set<string>): void {
  const holder = ctx.all('Rule', (r) => r.listenerId === listener.id && !r.isDefault && r.priority === priority && !except.has(r.id))[0];
  if (holder) throw conflict('RULE', holder.id, `Priority ${priority} is already used by rule ${holder.name} (${holder.id}) on listener ${listener.id}`);
}

/** The whole rule, as Get and Update answer it. */
const view = (r: RuleRecord) => ({ arn: r.arn, id: r.id, name: r.name, priority: r.priority, match: r.match, action: r.action, isDefault: r.isDefault });

export function createRule(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const replay = replayCreate(ctx, 'Rule', 'RULE', 'CreateRule', input);
  if (replay !== undefined) return replay as Record<string, unknown>;
  const { service, listener } = parents(ctx, input);
  refuseIfDeleting(ctx, service, 'it takes no new rules');
  refuseTlsPassthrough(listener);
  const name = input.name as string;
  const priority = input.priority as number;
  const id = ctx.newId('Rule');
  const arn = arnOf.rule(ctx.env, service.id, listener.id, id);
  const tags = tagsFromInput(input, arn);
  const siblings = ctx.all('Rule', (r) => r.listenerId === listener.id && !r.isDefault);
  const sameName = siblings.find((r) => r.name === name);
  if (sameName) throw conflict('RULE', sameName.id, `Listener ${listener.id} already has a rule named ${name} (${sameName.id})`);
  checkPriorityFree(ctx, listener, priority, new Set());
  checkQuota(ctx, LATTICE_QUOTAS.rulesPerListener, siblings.length + 1, 'RULE', `on listener ${listener.id}`);
  const action = checkAction(ctx, 'action', input.action as RuleAction, service, listener, {});
  const record: RuleRecord = {
    kind: 'Rule',
    ...ctx.recordBase(id, arn, tags),
    serviceId: service.id,
    listenerId: listener.id,
    name,
    isDefault: false,
    priority,
    match: input.match as Record<string, unknown>,
    action,
  };
  const { isDefault: _isDefault, ...response } = view(record);
  rememberCreate(record, 'CreateRule', input, response);
  ctx.put(record);
  return response;
}

export function getRule(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const { listener } = parents(ctx, input);
  const rule = requireRule(ctx, listener, input.ruleIdentifier as string);
  return { ...view(rule), createdAt: rule.createdAt, lastUpdatedAt: rule.lastUpdatedAt };
}

interface RuleChange {
  rule: RuleRecord;
  match?: Record<string, unknown>;
  priority?: number;
  action?: RuleAction;
}

function prepareChange(ctx: LatticeContext, service: ServiceRecord, listener: ListenerRecord, entry: OperationInput, field: string): RuleChange {
  const rule = requireRule(ctx, listener, entry.ruleIdentifier as string);
  refuseDefault(rule, 'change it with UpdateListener');
  const change: RuleChange = { rule };
  if (entry.match !== undefined) change.match = entry.match as Record<string, unknown>;
  if (entry.priority !== undefined) change.priority = entry.priority as number;
  if (entry.action !== undefined) change.action = checkAction(ctx, field, entry.action as RuleAction, service, listener, { ruleId: rule.id });
  return change;
}

function applyChange(ctx: LatticeContext, change: RuleChange): void {
  const { rule } = change;
  if (change.match !== undefined) rule.match = change.match;
  if (change.priority !== undefined) rule.priority = change.priority;
  if (change.action !== undefined) rule.action = change.action;
  rule.lastUpdatedAt = ctx.now;
}

/** `match`, `priority` and `action` can change (each optional); the name cannot, nor the default rule. */
export function updateRule(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const { service, listener } = parents(ctx, input);
  refuseIfDeleting(ctx, service, 'its rules cannot be updated');
  const change = prepareChange(ctx, service, listener, input, 'action');
  if (change.priority !== undefined) checkPriorityFree(ctx, listener, change.priority, new Set([change.rule.id]));
  applyChange(ctx, change);
  return view(change.rule);
}

/**
 * Up to 10 rule updates at once. Priorities are checked against the listener as it will be
 * after the whole batch, so two rules can swap priorities in one call. A rule that is missing or
 * is the default rule fails alone (`unsuccessful`); a priority clash fails the whole batch.
 */
export function batchUpdateRule(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const { service, listener } = parents(ctx, input);
  refuseIfDeleting(ctx, service, 'its rules cannot be updated');
  const changes: RuleChange[] = [];
  const unsuccessful: Record<string, unknown>[] = [];
  (input.rules as OperationInput[]).forEach((entry, i) => {
    try {
      const change = prepareChange(ctx, service, listener, entry, `rules[${i}].action`);
      if (changes.some((c) => c.rule.id === change.rule.id)) throw invalidField(`rules[${i}].ruleIdentifier`, `rule ${change.rule.id} appears more than once in the batch`);
      changes.push(change);
    } catch (err) {
      if (!(err instanceof LatticeApiError)) throw err;
      unsuccessful.push({ ruleIdentifier: entry.ruleIdentifier, failureCode: err.errorName, failureMessage: err.message });
    }
  });
  const finalPriority = new Map<string, number>();
  for (const r of ctx.all('Rule', (r) => r.listenerId === listener.id && !r.isDefault)) finalPriority.set(r.id, r.priority!);
  for (const c of changes) if (c.priority !== undefined) finalPriority.set(c.rule.id, c.priority);
  const holders = new Map<number, string>();
  for (const [id, priority] of finalPriority) {
    const other = holders.get(priority);
    if (other) throw conflict('RULE', id, `After this batch, rules ${other} and ${id} would both have priority ${priority} on listener ${listener.id}`);
    holders.set(priority, id);
  }
  for (const c of changes) applyChange(ctx, c);
  return { successful: changes.map((c) => view(c.rule)), unsuccessful };
}

export function deleteRule(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const { listener } = parents(ctx, input);
  const rule = requireRule(ctx, listener, input.ruleIdentifier as string);
  refuseDefault(rule, 'it goes only with its listener');
  ctx.remove(rule);
  return {};
}

/** Rules by priority, the default rule last (it applies when nothing else matches). */
export function listRules(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const { listener } = parents(ctx, input);
  const key = (r: RuleRecord) => `${String(r.isDefault ? 9999 : r.priority!).padStart(4, '0')}:${r.id}`;
  const rules = ctx.all('Rule', (r) => r.listenerId === listener.id).sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const page = paginate(rules, key, { maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined, scope: `ListRules:${listener.id}` });
  return {
    items: page.items.map((r) => ({ arn: r.arn, id: r.id, name: r.name, priority: r.priority, isDefault: r.isDefault, createdAt: r.createdAt, lastUpdatedAt: r.lastUpdatedAt })),
    nextToken: page.nextToken,
  };
}
