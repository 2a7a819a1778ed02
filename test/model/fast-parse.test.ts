import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { parseYamlFile } from '../../lib/model';
import { fastParseYaml } from '../../lib/model/yaml/fast-parse';

/**
 * The fast reader against the full parser: on any text the fast reader accepts, the full parser
 * reports nothing and yields the same documents (indices, values, start positions), and the stream
 * holds as many documents. Texts come from YAML written in many styles, then mangled line by line.
 */
const fullParse = (text: string) => parseYamlFile('mesh/x.yaml', text, { positions: 'eager' });

/** Deep equality that tells NaN, -0 and key order apart. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function streamLength(text: string): number {
  const parsed = parseAllDocuments(text, { schema: 'core', version: '1.2' });
  return 'empty' in parsed ? 0 : parsed.length;
}

/** Fails with the text when the fast reader accepts it but disagrees with the full parser. */
function agrees(text: string): boolean {
  const fast = fastParseYaml(text);
  if (!fast) return false;
  const full = fullParse(text);
  const why = (reason: string) => new Error(`${reason} for ${JSON.stringify(text)}`);
  if (full.diagnostics.length) throw why(`accepted, but the full parser says ${JSON.stringify(full.diagnostics)}`);
  if (fast.documents.length !== full.documents.length) throw why('document count differs');
  fast.documents.forEach((d, i) => {
    const f = full.documents[i];
    if (d.index !== f.index || !same(d.value, f.value) || d.start.line !== f.start.line || d.start.column !== f.start.column) {
      throw why(`document ${i} differs: ${JSON.stringify([d.index, d.value, d.start])} vs ${JSON.stringify([f.index, f.value, f.start])}`);
    }
  });
  if (fast.count !== streamLength(text)) throw why(`stream length ${fast.count} vs ${streamLength(text)}`);
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const root = join(__dirname, '..', '..');

describe('fastParseYaml agrees with the full parser', () => {
  it('on every YAML file of the fixtures and the template, and reads the valid ones', () => {
    const files = [...yamlFiles(join(root, 'test', 'fixtures')), ...yamlFiles(join(root, 'mesh-repo-template'))];
    let accepted = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (agrees(text)) accepted++;
      // Every file that reads without a diagnostic and without the constructs left to the full
      // parser is read by the fast one.
      else if (fullParse(text).diagnostics.length === 0 && !/^\s*(%|\.\.\.)|[!&*|>]|[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]/m.test(text)) {
        throw new Error(`${relative(root, file)} is valid and plain but the fast reader gives up on it`);
      }
    }
    expect(accepted).toBeGreaterThan(300);
  });

  it.each([
    ['block mappings and sequences', 'kind: Mesh\nname: a\nspec:\n  listeners:\n    - portMapping:\n        port: 8080\n        protocol: http\n      tls: ~\n  list:\n  - a\n  -\n  - c\ntags: {}\n'],
    ['scalars of the core schema', 'a: 0x1F\nb: 0o17\nc: -.inf\nd: .NaN\ne: 1e3\nf: +12\ng: 1.50\nh: True\ni: NULL\nj:\nk: "x\\ty\\u00e9\\"q"\nl: \'it\'\'s\'\nm: 12abc\nn: -0\n'],
    ['keys resolved by the schema', '1.0: a\ntrue: b\n0x10: c\n"quoted key": d\n\'single\': e\na:b: f\n'],
    ['flow collections on one line', 'a: [x, "y", 1, [2, {k: v}]]\nb: { vpc: vpc-1, securityGroups: [sg-1, sg-2] }\nc: [arn:aws:x, b:c]\nd: []\n'],
    ['comments and documents', '# head\n---\nkind: A # trailing\n  # indented comment\nname: "n" # after quotes\n---   # marker comment\n---\n- 1\n- two\n'],
    ['a sequence at the indentation of its key', 'key:\n- a\n- b: 1\n  c: 2\nz: 1\n'],
    ['CRLF line endings and trailing spaces', 'a: 1  \r\nb:\r\n  - x \r\n'],
    ['plain scalars with indicators inside', 'a: x,y\nb: a]\nc: a - b\nd: -x\ne: ?x\nf: :x\ng: a#b\nh: 100%\n'],
    ['__proto__ as data', '__proto__: { polluted: true }\nconstructor: x\n'],
  ])('%s', (_name, text) => {
    expect(agrees(text)).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !Ref x\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: b\n  c\n'],
    ['a multi-line flow collection', 'a: [1,\n  2]\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a merge key', 'a: 1\n<<: {b: 2}\n'],
    ['a number with a leading zero', 'a: 0777\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['a tab', 'a:\tb\n'],
    ['a byte order mark', '\ufeffa: 1\n'],
    ['a syntax error', 'a: b: c\n'],
    ['a null key', '~: a\n'],
    ['a complex key', '? a\n: b\n'],
    ['a scalar document', 'just text\n'],
    ['a comment glued to quotes', 'a: "x"#c\n'],
    ['a trailing comma in flow', 'a: [1, 2,]\n'],
    ['a pair in a flow sequence', 'a: [b: c]\n'],
    ['a key with a space before its colon', 'a : 1\n'],
    ['an unclosed quote', 'a: "x\n'],
  ])('gives up on %s', (_name, text) => {
    expect(fastParseYaml(text)).toBeUndefined();
  });

  it('parseYamlFile reads plain files with the fast reader and gives the full parser\'s positions when asked', () => {
    const text = '# c\nkind: Mesh\nname: a\n---\nkind: VirtualNode\nspec:\n  listeners:\n    - portMapping: { port: 8080 }\n';
    const lazy = parseYamlFile('mesh/x.yaml', text);
    const eager = fullParse(text);
    expect(lazy.diagnostics).toEqual([]);
    expect(lazy.documents.map((d) => [d.index, d.value, d.start])).toEqual(eager.documents.map((d) => [d.index, d.value, d.start]));
    for (const path of [['spec', 'listeners', 0, 'portMapping', 'port'], ['spec', 'listeners'], ['spec', 'missing', 'deeper']]) {
      expect(lazy.documents[1].positions.locate(path)).toEqual(eager.documents[1].positions.locate(path));
      expect(lazy.documents[1].positions.locate(path, true)).toEqual(eager.documents[1].positions.locate(path, true));
    }
    expect(lazy.documents[0].positions.locate(['name'])).toEqual({ line: 3, column: 7 });
  });

  it('an empty stream, comments only, and empty documents are counted as the full parser counts them', () => {
    for (const text of ['', '# c\n', '---\n', '# c\n---\na: 1\n', 'a: 1\n---\n# c\n', 'a: 1\n---\n', '---\n---\n- x\n']) {
      expect(fastParseYaml(text)?.count).toBe(streamLength(text));
      if (fastParseYaml(text)!.documents.length) expect(agrees(text)).toBe(true);
    }
  });

  // Characters that matter to YAML, and a few that do not.
  const char = fc.constantFrom(...'ab1 0.-+:#,[]{}"\'\\&*!|>%@`?~eExo_/'.split(''), 'é', '😀');
  const word = fc.stringMatching(/^[a-z][a-zA-Z0-9-]{0,7}$/);
  const odd = fc.string({ unit: char, maxLength: 8 });
  const scalar = fc.oneof(
    { arbitrary: word, weight: 3 },
    { arbitrary: odd, weight: 2 },
    fc.constantFrom('', 'null', '~', 'true', 'False', '0x1F', '0o7', '012', '-0', '.5', '1e3', '.inf', '-.Inf', '.nan', '1.50', '007', 'yes', '<<', '__proto__', '- a', 'a: b', ' lead', 'trail ', 'arn:aws:x:1', 'a #b', 'a#b'),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const key = fc.oneof({ arbitrary: word, weight: 4 }, odd);
  const value = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
  })).value;
  const topLevel = fc.oneof(fc.array(value, { minLength: 1, maxLength: 3 }), fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }));
  const options = fc.record({
    indent: fc.integer({ min: 1, max: 4 }),
    indentSeq: fc.boolean(),
    defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE') as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>,
    defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE') as fc.Arbitrary<null | 'PLAIN' | 'QUOTE_DOUBLE'>,
    collectionStyle: fc.constantFrom('any', 'block', 'flow') as fc.Arbitrary<'any' | 'block' | 'flow'>,
    flowCollectionPadding: fc.boolean(),
    lineWidth: fc.constantFrom(0, 20, 80),
  });
  const written = fc.tuple(fc.array(topLevel, { minLength: 1, maxLength: 3 }), options).map(([docs, o]) => docs.map((d) => stringify(d, { ...o, aliasDuplicateObjects: false })).join('---\n'));

  it('property: YAML written in any style', () => {
    let accepted = 0;
    fc.assert(
      fc.property(written, (text) => {
        if (agrees(text)) accepted++;
      }),
      { numRuns: 1500 },
    );
    // The property is only as strong as the share of texts the fast reader reads.
    expect(accepted).toBeGreaterThan(1500 * 0.3);
  });

  const edit = fc.oneof(
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: fc.oneof(char, fc.constantFrom(' ', '\n', '  ', '- ', ': ', '---\n', '#')), maxLength: 4 }) }),
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -2, max: 2 }) }),
    fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  );
  type Edit = { op: 'insert'; at: number; text: string } | { op: 'delete'; at: number; length: number } | { op: 'indent'; at: number; by: number } | { op: 'duplicate'; at: number };
  function apply(text: string, e: Edit): string {
    if (e.op === 'insert') {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + e.text + text.slice(at);
    }
    if (e.op === 'delete') {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + e.length);
    }
    const lines = text.split('\n');
    const i = e.at % lines.length;
    if (e.op === 'duplicate') lines.splice(i, 0, lines[i]);
    else lines[i] = e.by > 0 ? ' '.repeat(e.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-e.by}}`), '');
    return lines.join('\n');
  }

  it('property: mangled YAML is either refused or read exactly as the full parser reads it', () => {
    let accepted = 0;
    fc.assert(
      fc.property(written, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        if (agrees(edits.reduce(apply, text))) accepted++;
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(3000 * 0.1);
  });
});
