import { WebhookRejectedError } from './errors';
import { rawBodyBytes } from './raw-body';
import { header, type WebhookRequest } from './request';
import { verifySignature } from './signature';

export interface Delivery {
  event: string;
  deliveryId: string;
  payload: Record<string, unknown>;
}

export interface InspectOptions {
  secret: string;
  maxBodyBytes: number;
}

const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const EVENT_NAME = /^[a-z_]{1,64}$/;

/**
 * From an HTTP request to a verified, parsed delivery, or a rejection with its status.
 * Order matters: the size is checked before anything is decoded or hashed (413); then the
 * signature over the exact bytes (401), so an unauthenticated caller learns nothing else; then
 * the content type (415: a real GitHub hook set to form encoding signs its body too, so it gets
 * this helpful answer); only then is anything parsed (400).
 */
export function inspectDelivery(request: WebhookRequest, options: InspectOptions): Delivery {
  const body = rawBodyBytes(request, options.maxBodyBytes);
  const signature = verifySignature(options.secret, body, header(request, 'x-hub-signature-256'));
  if (!signature.ok) throw new WebhookRejectedError(401, signature.reason);

  const contentType = (header(request, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') {
    const hint = contentType === 'application/x-www-form-urlencoded' ? ' (the GitHub webhook is set to form encoding; set its content type to application/json)' : '';
    throw new WebhookRejectedError(415, `content type must be application/json, got "${contentType || 'none'}"${hint}`);
  }

  const event = header(request, 'x-github-event') ?? '';
  if (!EVENT_NAME.test(event)) throw new WebhookRejectedError(400, 'missing or malformed X-GitHub-Event header');
  const deliveryId = header(request, 'x-github-delivery') ?? '';
  if (!DELIVERY_ID.test(deliveryId)) throw new WebhookRejectedError(400, 'missing or malformed X-GitHub-Delivery header');

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch (err) {
    throw new WebhookRejectedError(400, 'body is not valid UTF-8', { cause: err });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (err) {
    // Node's parse message quotes the body; the answer does not echo payload content.
    throw new WebhookRejectedError(400, 'body is not valid JSON', { cause: err });
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new WebhookRejectedError(400, 'body must be a JSON object');
  return { event, deliveryId, payload: payload as Record<string, unknown> };
}
