import type { LatticeContext } from './context';
import type { RuleAction } from './state';

/** Target group ids an action forwards to. */
export function targetGroupsOf(action: RuleAction | undefined): string[] {
  return action?.forward?.targetGroups.map((t) => t.targetGroupIdentifier) ?? [];
}

/**
 * Where target groups are used: listener default actions and rules (the default rule mirrors its
 * listener's default action, so it is not counted twice).
 */
export function actionsOfService(ctx: LatticeContext, serviceId: string, except?: { ruleId?: string; listenerId?: string }): RuleAction[] {
  const actions: RuleAction[] = [];
  for (const l of ctx.all('Listener', (l) => l.serviceId === serviceId)) if (l.id !== except?.listenerId) actions.push(l.defaultAction);
  for (const r of ctx.all('Rule', (r) => r.serviceId === serviceId && !r.isDefault)) if (r.id !== except?.ruleId) actions.push(r.action);
  return actions;
}

/** The distinct target groups a service forwards to. */
export function targetGroupsOfService(ctx: LatticeContext, serviceId: string, except?: { ruleId?: string; listenerId?: string }): Set<string> {
  return new Set(actionsOfService(ctx, serviceId, except).flatMap(targetGroupsOf));
}

/** For every target group in use, the ids of the services whose listeners or rules forward to it (one pass over the account). */
export function servicesByTargetGroup(ctx: LatticeContext): Map<string, Set<string>> {
  const users = new Map<string, Set<string>>();
  const add = (tg: string, service: string) => {
    const set = users.get(tg) ?? new Set<string>();
    set.add(service);
    users.set(tg, set);
  };
  for (const r of Object.values(ctx.state.resources)) {
    if (!ctx.visible(r)) continue;
    if (r.kind === 'Listener') for (const tg of targetGroupsOf(r.defaultAction)) add(tg, r.serviceId);
    else if (r.kind === 'Rule' && !r.isDefault) for (const tg of targetGroupsOf(r.action)) add(tg, r.serviceId);
  }
  return users;
}

/** The ids of the services whose listeners or rules forward to a target group. */
export function servicesUsingTargetGroup(ctx: LatticeContext, targetGroupId: string): Set<string> {
  return servicesByTargetGroup(ctx).get(targetGroupId) ?? new Set();
}

/** Service ids as ARNs (GetTargetGroup and ListTargetGroups `serviceArns`). */
export function serviceArns(ctx: LatticeContext, serviceIds: Iterable<string>): string[] {
  return [...serviceIds].flatMap((id) => {
    const service = ctx.find('Service', id);
    return service ? [service.arn] : [];
  });
}

/** The ARNs of the services whose listeners or rules forward to a target group. */
export function serviceArnsOfTargetGroup(ctx: LatticeContext, targetGroupId: string): string[] {
  return serviceArns(ctx, servicesUsingTargetGroup(ctx, targetGroupId));
}

/** The first listener or rule that forwards to a target group, for delete refusals. */
export function firstUserOfTargetGroup(ctx: LatticeContext, targetGroupId: string): string | undefined {
  const rule = ctx.all('Rule', (r) => !r.isDefault && targetGroupsOf(r.action).includes(targetGroupId))[0];
  if (rule) return `rule ${rule.id} of listener ${rule.listenerId}`;
  const listener = ctx.all('Listener', (l) => targetGroupsOf(l.defaultAction).includes(targetGroupId))[0];
  return listener ? `the default action of listener ${listener.id} of service ${listener.serviceId}` : undefined;
}
