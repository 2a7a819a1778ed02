import fc from 'fast-check';
import { naturalCompare } from '../../lib/resources/natural-order';

describe('naturalCompare', () => {
  it('puts svc-2 before svc-10, and numbers inside names in numeric order', () => {
    expect(['svc-10', 'svc-2', 'svc-1', 'svc-10-canary', 'svc-2-canary', 'svc'].sort(naturalCompare)).toEqual(['svc', 'svc-1', 'svc-2', 'svc-2-canary', 'svc-10', 'svc-10-canary']);
    expect(['v1.10.0', 'v1.9.2', 'v1.9.10'].sort(naturalCompare)).toEqual(['v1.9.2', 'v1.9.10', 'v1.10.0']);
    expect(['b', 'a10', 'a9', 'A1'].sort(naturalCompare)).toEqual(['A1', 'a9', 'a10', 'b']);
  });

  it('orders equal values with leading zeros by length, and very long digit runs without overflow', () => {
    expect(['07', '7', '007'].sort(naturalCompare)).toEqual(['7', '07', '007']);
    expect(naturalCompare('x99999999999999999999999', 'x100000000000000000000000')).toBeLessThan(0);
  });

  it('property: a total order (antisymmetric, transitive, zero only for equal strings)', () => {
    const name = fc.stringMatching(/^[a-c0-9-]{0,8}$/);
    fc.assert(
      fc.property(name, name, name, (a, b, c) => {
        expect(Math.sign(naturalCompare(a, b)) + Math.sign(naturalCompare(b, a))).toBe(0);
        expect(naturalCompare(a, b) === 0).toBe(a === b);
        if (naturalCompare(a, b) <= 0 && naturalCompare(b, c) <= 0) expect(naturalCompare(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });
});
