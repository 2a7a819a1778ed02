import { signBody, verifySignature } from '../../lib/webhook/signature';
import { sign } from '../support/webhook-payloads';

const secret = 'It\'s a Secret to Everybody';
const body = new TextEncoder().encode('Hello, World!');

describe('verifySignature', () => {
  it('accepts GitHub\'s documented example', () => {
    // From GitHub's "Validating webhook deliveries" documentation.
    const header = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(verifySignature(secret, body, header)).toEqual({ ok: true });
    expect(signBody(secret, body)).toBe(header);
    expect(sign(secret, body)).toBe(header);
  });

  it('accepts upper-case hex (it compares bytes, not text)', () => {
    const header = signBody(secret, body);
    expect(verifySignature(secret, body, `sha256=${header.slice(7).toUpperCase()}`).ok).toBe(true);
  });

  it.each([
    ['missing', undefined, /missing/],
    ['empty', '', /missing/],
    ['forged', `sha256=${'ab'.repeat(32)}`, /does not match/],
    ['truncated', signBody(secret, body).slice(0, -2), /malformed/],
    ['too long', `${signBody(secret, body)}00`, /malformed/],
    ['sha1 prefix', `sha1=${'a'.repeat(40)}`, /unsupported signature algorithm "sha1"/],
    ['no prefix', signBody(secret, body).slice(7), /malformed/],
    ['non-hex', `sha256=${'zz'.repeat(32)}`, /malformed/],
  ])('refuses a %s signature', (_name, header, reason) => {
    const result = verifySignature(secret, body, header);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toMatch(reason);
  });

  it('refuses a valid signature made with another secret', () => {
    expect(verifySignature(secret, body, signBody('another secret', body)).ok).toBe(false);
  });

  it('refuses a body changed by one byte', () => {
    const changed = new TextEncoder().encode('Hello, World?');
    expect(verifySignature(secret, changed, signBody(secret, body)).ok).toBe(false);
  });

  it('refuses everything when no secret is configured', () => {
    expect(verifySignature('', body, signBody('', body)).ok).toBe(false);
  });
});
