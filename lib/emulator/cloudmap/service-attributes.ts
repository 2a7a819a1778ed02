import type { CloudMapContext } from './context';
import { CloudMapApiError } from './errors';
import { MAX_SERVICE_ATTRIBUTES } from './quotas';
import { findService } from './services';

export function getServiceAttributes(ctx: CloudMapContext, input: { ServiceId: string }) {
  const service = findService(ctx, input.ServiceId, 'ServiceId');
  const attributes = Object.keys(service.attributes).length ? { ...service.attributes } : undefined;
  return { ServiceAttributes: { ServiceArn: service.arn, ResourceOwner: ctx.env.account, Attributes: attributes } };
}

export function updateServiceAttributes(ctx: CloudMapContext, input: { ServiceId: string; Attributes: Record<string, string> }) {
  const service = findService(ctx, input.ServiceId, 'ServiceId');
  const merged = { ...service.attributes, ...input.Attributes };
  const count = Object.keys(merged).length;
  if (count > MAX_SERVICE_ATTRIBUTES) {
    throw new CloudMapApiError(
      'ServiceAttributesLimitExceededException',
      `A service can have at most ${MAX_SERVICE_ATTRIBUTES} attributes; ${service.id} would have ${count}`,
    );
  }
  service.attributes = merged;
  return {};
}

export function deleteServiceAttributes(ctx: CloudMapContext, input: { ServiceId: string; Attributes: string[] }) {
  const service = findService(ctx, input.ServiceId, 'ServiceId');
  // Keys the service does not have are ignored.
  for (const key of input.Attributes) delete service.attributes[key];
  return {};
}
