import fc from 'fast-check';
import { StateKeyError } from '../../lib/state';
import { basicTime, checkAuditKey, compareTimedNamesNewestFirst, keys, repoPath, safeSegment, timedName } from '../../lib/state/keys';

describe('state keys', () => {
  it('lays out every record as docs/design.md §4 says', () => {
    expect(keys.lastApplied('acme/mesh')).toBe('state/acme/mesh/last-applied.json');
    expect(keys.lock('acme/mesh')).toBe('state/acme/mesh/lock');
    expect(keys.auditFolder('acme/mesh')).toBe('audit/acme/mesh/');
    expect(keys.driftLatest('acme/mesh')).toBe('drift/acme/mesh/latest.json');
    expect(keys.driftHistoryFolder('acme/mesh')).toBe('drift/acme/mesh/history/');
    expect(keys.planRecord('acme/mesh', 42)).toBe('plans/acme/mesh/pr-42.json');
    expect(keys.readCache('endpoint|us-east-1|123')).toMatch(/^cache\/[0-9a-f]{64}\.json$/);
  });

  it('keeps GitHub names as they are and encodes anything else', () => {
    expect(repoPath('Acme-Corp/mesh.config_v2')).toBe('Acme-Corp/mesh.config_v2');
    expect(repoPath('a b/c%d')).toBe('a%20b/c%25d');
    expect(repoPath('../..')).toBe('%2E%2E/%2E%2E');
    expect(repoPath('./...')).toBe('%2E/...');
    expect(safeSegment('日本', 'x')).toBe('%E6%97%A5%E6%9C%AC');
    expect(() => safeSegment('', 'the thing')).toThrow(new StateKeyError('the thing is empty'));
  });

  it('maps different repos to different, safe paths (property)', () => {
    const part = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom('a', 'B', '.', '-', '_', '%', ' ', '/', '~', 'é', '\\', '\u0000') }).filter((s) => !s.includes('/'));
    fc.assert(
      fc.property(part, part, part, part, (a, b, c, d) => {
        const p1 = repoPath(`${a}/${b}`);
        const p2 = repoPath(`${c}/${d}`);
        if (a !== c || b !== d) expect(p1).not.toBe(p2);
        expect(p1).toMatch(/^(?:[A-Za-z0-9._-]|%[0-9A-F]{2})+\/(?:[A-Za-z0-9._-]|%[0-9A-F]{2})+$/);
        expect(p1.split('/').every((s) => s !== '.' && s !== '..')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('writes times in ISO basic format, sortable as text', () => {
    expect(basicTime('2026-11-25T10:30:00.123Z', 't')).toBe('20261125T103000.123Z');
    expect(basicTime('2026-11-25T11:30:00+01:00', 't')).toBe('20261125T103000.000Z');
    expect(() => basicTime('soon', 'the time')).toThrow(StateKeyError);
  });

  it('orders timed names newest first, the same-millisecond counter after the time', () => {
    const names = [timedName('20261125T100000.000Z', 'abc', 0), timedName('20261125T100000.000Z', 'abc', 1), timedName('20261125T090000.000Z', 'nosha', 0), timedName('20261125T100000.000Z', 'abc', 10), 'README.md', timedName('20261126T000000.000Z', undefined, 0)];
    expect([...names].sort(compareTimedNamesNewestFirst)).toEqual([
      '20261126T000000.000Z.json',
      '20261125T100000.000Z-abc~10.json',
      '20261125T100000.000Z-abc~1.json',
      '20261125T100000.000Z-abc.json',
      '20261125T090000.000Z-nosha.json',
      'README.md',
    ]);
  });

  it('accepts only audit keys of the given repo', () => {
    expect(() => checkAuditKey('audit/acme/mesh/20261125T100000.000Z-nosha.json', 'acme/mesh')).not.toThrow();
    expect(() => checkAuditKey('audit/a%20b/mesh/20261125T100000.000Z-abc~2.json', 'a b/mesh')).not.toThrow();
    for (const key of ['audit/acme/mesh/../x/20261125T100000.000Z.json', 'audit/acme/mesh/20261125T100000.000Z-nosha.json/..', 'audit/./mesh/20261125T100000.000Z.json', 'audit/acme/mesh/x.json', '/audit/acme/mesh/20261125T100000.000Z.json']) {
      expect(() => checkAuditKey(key, 'acme/mesh')).toThrow(StateKeyError);
    }
    expect(() => checkAuditKey('audit/acme/other/20261125T100000.000Z.json', 'acme/mesh')).toThrow(/does not belong to acme\/mesh/);
  });
});
