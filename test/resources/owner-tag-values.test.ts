import { ownerTagAllows, parseOwnerTagValues } from '../../lib/resources/owner-tag-values';

describe('ownerTagValues: the meshops:owner patterns a deployment’s role may write', () => {
  it('parses comma-separated IAM patterns; empty or `*` means any owner (no check)', () => {
    expect(parseOwnerTagValues('acme/*, team-payments')).toEqual(['acme/*', 'team-payments']);
    expect(parseOwnerTagValues('')).toBeUndefined();
    expect(parseOwnerTagValues(undefined)).toBeUndefined();
    expect(parseOwnerTagValues('*')).toBeUndefined();
    expect(parseOwnerTagValues('acme/*,*')).toBeUndefined();
  });

  it('matches as IAM StringLike does: * any run, ? one character, case-sensitive, whole value', () => {
    expect(ownerTagAllows(['acme/*'], 'acme/mesh-config')).toBe(true);
    expect(ownerTagAllows(['acme/*'], 'Acme/mesh-config')).toBe(false);
    expect(ownerTagAllows(['acme/*'], 'evil/acme/x')).toBe(false);
    expect(ownerTagAllows(['team-?'], 'team-a')).toBe(true);
    expect(ownerTagAllows(['team-?'], 'team-ab')).toBe(false);
    expect(ownerTagAllows(['a.b'], 'axb')).toBe(false);
    expect(ownerTagAllows(['acme/*', 'payments'], 'payments')).toBe(true);
  });
});
