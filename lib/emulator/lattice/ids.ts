import { createHash } from 'node:crypto';
import type { ServiceEnv } from '../core/service';
import type { LatticeKind } from './state';

/** Id prefixes: every Lattice id is the prefix and 17 characters from [0-9a-z]. */
export const ID_PREFIX: Record<LatticeKind, string> = {
  ServiceNetwork: 'sn-',
  Service: 'svc-',
  Listener: 'listener-',
  Rule: 'rule-',
  TargetGroup: 'tg-',
  ServiceNetworkServiceAssociation: 'snsa-',
  ServiceNetworkVpcAssociation: 'snva-',
  AccessLogSubscription: 'als-',
};

export const ID_BODY_LENGTH = 17;

export function newId(env: ServiceEnv, kind: LatticeKind, taken: (id: string) => boolean): string {
  for (;;) {
    const id = `${ID_PREFIX[kind]}${env.random.string(ID_BODY_LENGTH)}`;
    if (!taken(id)) return id;
  }
}

/** `arn:aws:vpc-lattice:{region}:{account}:`, the part every Lattice ARN starts with. */
export function arnBase(env: ServiceEnv): string {
  return `arn:aws:vpc-lattice:${env.region}:${env.account}:`;
}

/** ARN resource paths: listeners and rules sit below their service (and listener). */
export const arnOf = {
  serviceNetwork: (env: ServiceEnv, id: string) => `${arnBase(env)}servicenetwork/${id}`,
  service: (env: ServiceEnv, id: string) => `${arnBase(env)}service/${id}`,
  listener: (env: ServiceEnv, serviceId: string, id: string) => `${arnBase(env)}service/${serviceId}/listener/${id}`,
  rule: (env: ServiceEnv, serviceId: string, listenerId: string, id: string) => `${arnBase(env)}service/${serviceId}/listener/${listenerId}/rule/${id}`,
  targetGroup: (env: ServiceEnv, id: string) => `${arnBase(env)}targetgroup/${id}`,
  serviceNetworkServiceAssociation: (env: ServiceEnv, id: string) => `${arnBase(env)}servicenetworkserviceassociation/${id}`,
  serviceNetworkVpcAssociation: (env: ServiceEnv, id: string) => `${arnBase(env)}servicenetworkvpcassociation/${id}`,
  accessLogSubscription: (env: ServiceEnv, id: string) => `${arnBase(env)}accesslogsubscription/${id}`,
};

/**
 * A service's generated DNS name, `{name}-{id without svc-}.{7 hex}.vpc-lattice-svcs.{region}.on.aws`
 * (the 7 hex characters are per account), and the hosted zone Lattice answers it from.
 */
export function serviceDnsEntry(env: ServiceEnv, name: string, id: string): { domainName: string; hostedZoneId: string } {
  const accountPart = createHash('sha256').update(`${env.account}/${env.region}`).digest('hex').slice(0, 7);
  const zone = createHash('sha256').update(`lattice-zone/${env.region}`).digest('hex').slice(0, 13).toUpperCase();
  return { domainName: `${name}-${id.slice(ID_PREFIX.Service.length)}.${accountPart}.vpc-lattice-svcs.${env.region}.on.aws`, hostedZoneId: `Z${zone}` };
}

/** The id an identifier names: the id itself, or the last segment of an ARN. */
export function idOfIdentifier(identifier: string): string {
  if (!identifier.startsWith('arn:')) return identifier;
  const slash = identifier.lastIndexOf('/');
  return slash < 0 ? identifier : identifier.slice(slash + 1);
}
