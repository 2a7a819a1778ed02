import fc from 'fast-check';
import { stringify } from 'yaml';
import { KINDS } from '../../lib/resources';
import { parseYamlFile, validateDocument } from '../../lib/model';
import { documentArbitrary } from './support/arbitraries';

/**
 * Property: any document generated from the API's shapes (with the semantic rules honoured)
 * serializes to YAML, parses back with positions, validates without a single error, and comes
 * out with exactly the spec and tags it went in with.
 */
describe('generated valid documents parse and validate', () => {
  it.each(KINDS)('%s', (kind) => {
    fc.assert(
      fc.property(documentArbitrary(kind), (doc) => {
        const text = stringify(doc, { aliasDuplicateObjects: false });
        const parsed = parseYamlFile('mesh/generated.yaml', text);
        expect(parsed.diagnostics).toEqual([]);
        expect(parsed.documents).toHaveLength(1);
        const result = validateDocument(parsed.documents[0]);
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(result.resource?.spec).toEqual(doc.spec);
        expect(result.resource?.tags).toEqual(doc.tags ?? {});
      }),
      { numRuns: 150 },
    );
  });
});
