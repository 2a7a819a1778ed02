import { asList, asNumber, asObject, asString, valueAt } from '../../lib/resources/json';
import { isAwsTag } from '../../lib/resources/tags';

describe('JSON readers', () => {
  it('read a value of the right type, and anything else as absent', () => {
    expect(asObject({ a: 1 })).toEqual({ a: 1 });
    expect([asObject([1]), asObject(null), asObject('x')]).toEqual([undefined, undefined, undefined]);
    expect([asString('x'), asString(1)]).toEqual(['x', undefined]);
    expect([asNumber(2), asNumber(Number.NaN), asNumber('2')]).toEqual([2, undefined, undefined]);
    expect([asList([1]), asList({ 0: 1 }), asList(undefined)]).toEqual([[1], [], []]);
  });

  it('valueAt follows object members and stops where the path leaves objects', () => {
    const doc = { spec: { listeners: [{ port: 1 }], dns: { hostname: 'a' } } };
    expect(valueAt(doc, 'spec', 'dns', 'hostname')).toBe('a');
    expect(valueAt(doc, 'spec', 'listeners', '0')).toBeUndefined();
    expect(valueAt(doc, 'spec', 'dns', 'hostname', 'x')).toBeUndefined();
    expect(valueAt(doc)).toBe(doc);
  });
});

describe('isAwsTag', () => {
  it('is a key starting with aws:, in any case', () => {
    expect(['aws:cloudformation:stack-name', 'AWS:x', 'Aws:'].map(isAwsTag)).toEqual([true, true, true]);
    expect(['awsome', 'team', 'meshops:owner', 'x:aws:'].map(isAwsTag)).toEqual([false, false, false, false]);
  });
});
