import fc from 'fast-check';
import { globMatch } from '../../lib/plan/ignore';

/** What a glob means, written the obvious (and exponential) way: only for short inputs. */
function reference(glob: string, value: string): boolean {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(value);
}

describe('globMatch', () => {
  it('means what the obvious regex means', () => {
    const glob = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '.', '-'), maxLength: 8 });
    const value = fc.string({ unit: fc.constantFrom('a', 'b', '.', '-'), maxLength: 10 });
    fc.assert(fc.property(glob, value, (g, v) => globMatch(g, v) === reference(g, v)), { numRuns: 3000 });
  });

  it.each([
    ['*', '', true],
    ['search-*', 'search-v2', true],
    ['search-?', 'search-v2', false],
    ['*-v?', 'search-v2', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['**********!', `${'a'.repeat(60)}!`, true],
  ])('%s against %s is %s', (glob, value, expected) => {
    expect(globMatch(glob, value)).toBe(expected);
  });
});
