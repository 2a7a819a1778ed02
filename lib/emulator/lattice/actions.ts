import type { LatticeContext } from './context';
import { conflict, invalidField } from './errors';
import { checkQuota, LATTICE_QUOTAS } from './quotas';
import { servicesUsingTargetGroup, targetGroupsOfService } from './references';
import type { ListenerRecord, RuleAction, ServiceRecord, TargetGroupRecord } from './state';

/** Fixed responses can only answer these statuses. */
export const FIXED_RESPONSE_STATUSES = [404, 500];

/** Which target group protocols a listener protocol can forward to. */
const COMPATIBLE_PROTOCOLS: Record<string, string[]> = {
  HTTP: ['HTTP', 'HTTPS'],
  HTTPS: ['HTTP', 'HTTPS'],
  TLS_PASSTHROUGH: ['TCP'],
};

/**
 * Checks a listener default action or a rule action and returns it as stored: target groups by
 * id (an ARN given is kept as the id it names). Rules: target groups exist and are not being
 * deleted; a weight on every entry when there are several; no target group twice; protocols the
 * listener can forward to; a target group serves one service only; the service stays within its
 * target-group quota.
 */
export function checkAction(ctx: LatticeContext, field: string, action: RuleAction, service: ServiceRecord, listener: Pick<ListenerRecord, 'protocol'> & { id?: string }, except: { ruleId?: string; listenerId?: string }): RuleAction {
  if (action.fixedResponse) {
    if (!FIXED_RESPONSE_STATUSES.includes(action.fixedResponse.statusCode)) {
      throw invalidField(`${field}.fixedResponse.statusCode`, `a fixed response answers ${FIXED_RESPONSE_STATUSES.join(' or ')} only (got ${action.fixedResponse.statusCode})`);
    }
    if (listener.protocol === 'TLS_PASSTHROUGH') throw invalidField(`${field}.fixedResponse`, 'a TLS_PASSTHROUGH listener can only forward');
    return { fixedResponse: { statusCode: action.fixedResponse.statusCode } };
  }
  const entries = action.forward!.targetGroups;
  if (entries.length > 1) {
    const missing = entries.findIndex((t) => t.weight === undefined);
    if (missing >= 0) throw invalidField(`${field}.forward.targetGroups[${missing}].weight`, 'every target group needs a weight when an action forwards to more than one');
  }
  const seen = new Set<string>();
  const stored = entries.map((entry, i) => {
    const tg: TargetGroupRecord = ctx.require('TargetGroup', entry.targetGroupIdentifier);
    const where = `${field}.forward.targetGroups[${i}]`;
    if (seen.has(tg.id)) throw invalidField(`${where}.targetGroupIdentifier`, `target group ${tg.id} is listed more than once`);
    seen.add(tg.id);
    if (tg.pending?.phase === 'DELETE') throw conflict('TARGET_GROUP', tg.id, `Target group ${tg.id} is ${ctx.status(tg)}`);
    const protocol = tg.config?.protocol as string | undefined;
    if (protocol !== undefined && !COMPATIBLE_PROTOCOLS[listener.protocol].includes(protocol)) {
      throw invalidField(`${where}.targetGroupIdentifier`, `a ${listener.protocol} listener cannot forward to target group ${tg.id} (protocol ${protocol})`);
    }
    if (listener.protocol === 'TLS_PASSTHROUGH' && protocol === undefined) {
      throw invalidField(`${where}.targetGroupIdentifier`, `a TLS_PASSTHROUGH listener forwards to TCP target groups only (${tg.id} is ${tg.type})`);
    }
    const otherService = [...servicesUsingTargetGroup(ctx, tg.id)].find((id) => id !== service.id);
    if (otherService) throw conflict('TARGET_GROUP', tg.id, `Target group ${tg.id} is already used by service ${otherService}; a target group serves one service`);
    return entry.weight === undefined ? { targetGroupIdentifier: tg.id } : { targetGroupIdentifier: tg.id, weight: entry.weight };
  });
  const used = targetGroupsOfService(ctx, service.id, except);
  for (const t of stored) used.add(t.targetGroupIdentifier);
  checkQuota(ctx, LATTICE_QUOTAS.targetGroupsPerService, used.size, 'SERVICE', `on service ${service.id}`);
  return { forward: { targetGroups: stored } };
}
