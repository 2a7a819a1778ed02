import { WebhookRejectedError } from '../../lib/webhook/errors';
import { inspectDelivery } from '../../lib/webhook/inspect-delivery';
import { delivery, pingPayload, pushPayload, sign } from '../support/webhook-payloads';

const secret = 'test-webhook-secret';
const options = { secret, maxBodyBytes: 64 * 1024 };

function rejection(fn: () => unknown): WebhookRejectedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WebhookRejectedError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('inspectDelivery', () => {
  it('returns the event, delivery id and parsed payload of a signed delivery', () => {
    const request = delivery({ event: 'push', payload: pushPayload(), secret, deliveryId: 'd-1' });
    const out = inspectDelivery(request, options);
    expect(out.event).toBe('push');
    expect(out.deliveryId).toBe('d-1');
    expect(out.payload.ref).toBe('refs/heads/main');
  });

  it('verifies the decoded bytes of a base64 body', () => {
    const request = delivery({ event: 'ping', payload: pingPayload(), secret, base64: true });
    expect(inspectDelivery(request, options).event).toBe('ping');
  });

  it('refuses a base64 body whose signature was made over the base64 text', () => {
    const request = delivery({ event: 'ping', payload: pingPayload(), secret, base64: true });
    request.headers['x-hub-signature-256'] = sign(secret, request.body!);
    expect(rejection(() => inspectDelivery(request, options)).status).toBe(401);
  });

  it('signs the exact bytes: non-ASCII text survives', () => {
    const rawBody = JSON.stringify({ zen: 'Design for failure — ünïcödé ✓', hook_id: 1 });
    expect(inspectDelivery(delivery({ event: 'ping', payload: null, rawBody, secret }), options).payload.zen).toMatch(/ünïcödé/);
  });

  it.each([
    ['missing', null],
    ['forged', `sha256=${'0'.repeat(64)}`],
    ['truncated', 'sha256=abc'],
    ['sha1', `sha1=${'0'.repeat(40)}`],
  ])('answers 401 to a %s signature', (_name, signature) => {
    const request = delivery({ event: 'push', payload: pushPayload(), secret, signature });
    const err = rejection(() => inspectDelivery(request, options));
    expect(err.status).toBe(401);
  });

  it('checks the signature before parsing: a forged malformed body is 401, not 400', () => {
    const request = delivery({ event: 'push', payload: null, rawBody: '{not json', secret, signature: `sha256=${'1'.repeat(64)}` });
    expect(rejection(() => inspectDelivery(request, options)).status).toBe(401);
  });

  it('answers 413 to an oversized body before checking the signature', () => {
    const rawBody = JSON.stringify({ pad: 'x'.repeat(70 * 1024) });
    const request = delivery({ event: 'push', payload: null, rawBody, secret, signature: null });
    const err = rejection(() => inspectDelivery(request, options));
    expect(err.status).toBe(413);
  });

  it('answers 413 to an oversized base64 body without decoding it', () => {
    const rawBody = JSON.stringify({ pad: 'x'.repeat(70 * 1024) });
    const request = delivery({ event: 'push', payload: null, rawBody, secret, base64: true });
    expect(rejection(() => inspectDelivery(request, options)).status).toBe(413);
  });

  it('counts bytes, not characters: multi-byte text over the limit is 413', () => {
    const rawBody = JSON.stringify({ pad: 'é'.repeat(40 * 1024) }); // 40 Ki characters, 80 KiB
    expect(rawBody.length).toBeLessThan(options.maxBodyBytes);
    expect(rejection(() => inspectDelivery(delivery({ event: 'push', payload: null, rawBody, secret }), options)).status).toBe(413);
  });

  it('answers 415 to a form-encoded delivery and says how to fix it', () => {
    const rawBody = `payload=${encodeURIComponent(JSON.stringify(pushPayload()))}`;
    const request = delivery({ event: 'push', payload: null, rawBody, secret, contentType: 'application/x-www-form-urlencoded' });
    const err = rejection(() => inspectDelivery(request, options));
    expect(err.status).toBe(415);
    expect(err.message).toMatch(/set its content type to application\/json/);
  });

  it('accepts a charset parameter on the JSON content type', () => {
    const request = delivery({ event: 'ping', payload: pingPayload(), secret, contentType: 'application/json; charset=utf-8' });
    expect(inspectDelivery(request, options).event).toBe('ping');
  });

  it.each([
    ['malformed JSON', '{"zen": '],
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"hello"'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]).toString('latin1')],
  ])('answers 400 to %s behind a valid signature', (_name, rawBody) => {
    const request = delivery({ event: 'push', payload: null, rawBody, secret });
    if (_name === 'invalid UTF-8') {
      const bytes = Buffer.from(rawBody, 'latin1');
      request.body = bytes.toString('base64');
      request.isBase64Encoded = true;
      request.headers['x-hub-signature-256'] = sign(secret, bytes);
    }
    const err = rejection(() => inspectDelivery(request, options));
    expect(err.status).toBe(400);
    expect(err.message).not.toMatch(/zen|hello/);
  });

  it('answers 400 when the event or delivery header is missing or odd', () => {
    const noEvent = delivery({ event: 'push', payload: pushPayload(), secret });
    delete (noEvent.headers as Record<string, string>)['x-github-event'];
    expect(rejection(() => inspectDelivery(noEvent, options)).message).toMatch(/X-GitHub-Event/);
    const oddDelivery = delivery({ event: 'push', payload: pushPayload(), secret, deliveryId: 'a b\nc' });
    expect(rejection(() => inspectDelivery(oddDelivery, options)).message).toMatch(/X-GitHub-Delivery/);
  });

  it('reads headers in any case', () => {
    const request = delivery({ event: 'ping', payload: pingPayload(), secret });
    const upper = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase()), v]));
    expect(inspectDelivery({ ...request, headers: upper }, options).event).toBe('ping');
  });
});
