import type { ServiceEnv } from '../core/service';
import { invalidInput } from './errors';

/** Cloud Map ids look like `ns-ylexjili4cdxy3xm` / `srv-p5zdwlg5uvvzjita`: a prefix and 16 [a-z0-9]. */
export const newNamespaceId = (env: ServiceEnv) => `ns-${env.random.string(16)}`;
export const newServiceId = (env: ServiceEnv) => `srv-${env.random.string(16)}`;
/** Operation ids look like `gv4g5meo7ndmeh4fqskygvk23d2fijwa-k9302yzd`. */
export const newOperationId = (env: ServiceEnv) => `${env.random.string(32)}-${env.random.string(8)}`;
/** Route 53 hosted zone ids look like `Z06752353VBUDTC32S84S`. */
export const newHostedZoneId = (env: ServiceEnv) => `Z${env.random.string(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;

export type ArnResource = 'namespace' | 'service';

export function cloudMapArn(env: ServiceEnv, resource: ArnResource, id: string): string {
  return `arn:aws:servicediscovery:${env.region}:${env.account}:${resource}/${id}`;
}

const ARN = /^arn:aws[a-z-]*:servicediscovery:([a-z0-9-]+):(\d{12}):(namespace|service)\/(.+)$/;

export interface ParsedArn {
  region: string;
  account: string;
  resource: ArnResource;
  id: string;
}

export function parseCloudMapArn(arn: string): ParsedArn | undefined {
  const m = ARN.exec(arn);
  return m ? { region: m[1], account: m[2], resource: m[3] as ArnResource, id: m[4] } : undefined;
}

/**
 * Resolves an input that takes "an ID or an ARN" to the id, or undefined for an ARN of another
 * resource type, region or account (the caller answers NotFound, as the real service does for a
 * resource it cannot see). A malformed ARN is InvalidInput.
 */
export function resolveIdOrArn(env: ServiceEnv, value: string, resource: ArnResource, field: string): string | undefined {
  if (!value.startsWith('arn:')) return value;
  const parsed = parseCloudMapArn(value);
  if (!parsed) throw invalidInput(`${field}: ${JSON.stringify(value)} is not a valid Cloud Map ${resource} ARN`);
  if (parsed.resource !== resource || parsed.region !== env.region || parsed.account !== env.account) return undefined;
  return parsed.id;
}
