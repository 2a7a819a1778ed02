import { styleFor } from '../../../lib/report/render/ansi';
import { diffBlockLines, diffTextLines } from '../../../lib/report/render/field-diff';
import { formatTime, summaryLine } from '../../../lib/report/render/labels';
import { fingerprintMarker, readFingerprintMarker } from '../../../lib/report/render/markers';
import { blockValue, inlineValue, renderValue } from '../../../lib/report/render/values';

describe('values in diffs', () => {
  it.each([
    [90, '90'],
    ['http', 'http'],
    ['8080', '"8080"'],
    ['yes', '"yes"'],
    ['', '""'],
    ['a: b', '"a: b"'],
    ['two\nlines', '"two\\nlines"'],
    [null, 'null'],
    [true, 'true'],
    [[], '[]'],
    [{}, '{}'],
    [{ port: 8080, protocol: 'http' }, '{ port: 8080, protocol: http }'],
    [{ 'x-team': 'a', 'k:v': 1 }, '{ x-team: a, "k:v": 1 }'],
    [[{ virtualNode: 'search-v1', weight: 90 }], '[{ virtualNode: search-v1, weight: 90 }]'],
  ])('inlineValue(%j) = %s', (value, expected) => {
    expect(inlineValue(value)).toBe(expected);
  });

  it('shows long values and whole documents as YAML blocks', () => {
    expect(renderValue('spec', { provider: { virtualNode: { virtualNodeName: 'a' } } })).toEqual({ block: ['provider:', '  virtualNode:', '    virtualNodeName: a'] });
    expect(renderValue('spec', {})).toEqual({ inline: '{}' });
    expect(renderValue('spec.x', { a: 'short' })).toEqual({ inline: '{ a: short }' });
    const long = { description: 'x'.repeat(100) };
    expect(renderValue('spec.x', long)).toEqual({ block: blockValue(long) });
  });
});

describe('field diff lines', () => {
  const diff = [
    { path: 'spec.priority', before: 10, after: 20 },
    { path: 'tags.team', after: 'search' },
    { path: 'tags.old', before: 'x' },
    { path: 'spec.listeners[port=8080/http]', before: { portMapping: { port: 8080, protocol: 'http' }, description: 'y'.repeat(80) }, after: 'z' },
    { path: 'spec.vpc' },
  ];

  it('for a Markdown diff block', () => {
    expect(diffBlockLines(diff)).toEqual([
      '- spec.priority: 10',
      '+ spec.priority: 20',
      '+ tags.team: search',
      '- tags.old: x',
      '  spec.listeners[port=8080/http]:',
      '-   portMapping:',
      '-     port: 8080',
      '-     protocol: http',
      `-   description: ${'y'.repeat(80)}`,
      '+   z',
      '  spec.vpc: (differs)',
    ]);
  });

  it('for the terminal', () => {
    expect(diffTextLines(diff.slice(0, 3), styleFor(false), '  ')).toEqual(['  ~ spec.priority: 10 → 20', '  + tags.team: search', '  - tags.old: x']);
  });
});

describe('labels and markers', () => {
  it('summary line', () => {
    const zero = { create: 0, update: 0, adopt: 0, delete: 0, replace: 0, conflict: 0, unmanaged: 0 };
    expect(summaryLine(zero)).toBe('No changes: live matches Git.');
    expect(summaryLine({ ...zero, unmanaged: 2 })).toBe('No changes: live matches Git (2 unmanaged resources left alone).');
    expect(summaryLine({ ...zero, update: 1, conflict: 1 })).toBe('Plan: 0 to create, 1 to update, 0 to adopt, 0 to delete, 0 to replace, 1 conflict.');
    expect(summaryLine({ ...zero, conflict: 2 })).toBe('Plan: 0 to create, 0 to update, 0 to adopt, 0 to delete, 0 to replace, 2 conflicts.');
  });

  it('times read as UTC minutes', () => {
    expect(formatTime('2026-11-25T10:15:03.120Z')).toBe('2026-11-25 10:15 UTC');
    expect(formatTime('yesterday')).toBe('yesterday');
  });

  it('fingerprint marker round trip', () => {
    const fp = 'ab'.repeat(32);
    expect(readFingerprintMarker(`x\n${fingerprintMarker(fp)}\ny`)).toBe(fp);
    expect(fingerprintMarker('not hex --> <script>')).toBeUndefined();
    expect(readFingerprintMarker('no marker')).toBeUndefined();
  });
});
