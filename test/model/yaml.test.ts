import { parseYamlFile } from '../../lib/model';
import { MAX_EXPANDED_NODES, MAX_FILE_BYTES } from '../../lib/model/limits';
import { brief } from './support/repo';

const parse = (text: string | Uint8Array, file = 'mesh/x.yaml') => parseYamlFile(file, text);
const codes = (text: string | Uint8Array) => parse(text).diagnostics.map(brief);

describe('parseYamlFile: documents and positions', () => {
  it('reads several documents per file and skips empty ones', () => {
    const parsed = parse('---\n# only a comment\n---\na: 1\n---\n---\nb: [x, y]\n...\n');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.documents.map((d) => [d.index, d.value])).toEqual([
      [1, { a: 1 }],
      [3, { b: ['x', 'y'] }],
    ]);
    expect(parsed.documents[1].start).toEqual({ line: 7, column: 1 });
  });

  it('an empty file has no documents and no diagnostics', () => {
    expect(parse('')).toMatchObject({ documents: [], diagnostics: [] });
    expect(parse('# nothing here\n')).toMatchObject({ documents: [], diagnostics: [] });
  });

  it('records the position of every key and value', () => {
    const [doc] = parse('spec:\n  listeners:\n    - portMapping: { port: 8080 }\n').documents;
    expect(doc.positions.locate(['spec', 'listeners', 0, 'portMapping', 'port'])).toEqual({ line: 3, column: 28 });
    expect(doc.positions.locate(['spec', 'listeners'], true)).toEqual({ line: 2, column: 3 });
    // A missing member falls back to the key of its closest existing ancestor.
    expect(doc.positions.locate(['spec', 'listeners', 0, 'healthCheck', 'path'])).toEqual({ line: 3, column: 7 });
  });

  it('reads YAML 1.2 core values whatever the %YAML directive says', () => {
    const [doc] = parse('%YAML 1.1\n---\na: yes\nb: 0777\nc: 0x1F\nd: ~\ne: "on"\nf: 1.5\n').documents;
    expect(doc.value).toEqual({ a: 'yes', b: 777, c: 31, d: null, e: 'on', f: 1.5 });
  });

  it('keeps __proto__ and other object keys as plain data', () => {
    const [doc] = parse('__proto__: { polluted: true }\nconstructor: x\n').documents;
    expect(Object.keys(doc.value as object)).toEqual(['__proto__', 'constructor']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('strips a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a: 1\n')]);
    expect(parse(bytes).documents[0].value).toEqual({ a: 1 });
  });
});

describe('parseYamlFile: refused input, with file:line:column', () => {
  it('a syntax error', () => {
    expect(codes('a: b: c\n')).toEqual(['yaml-syntax@1:4']);
    expect(codes('a:\n  - [1, 2\nb: 3\n')).toEqual(['yaml-syntax@2:5']);
  });

  it('an unclosed flow collection is reported at its opening bracket', () => {
    const d = parse('spec:\n  listeners:\n    - portMapping: { port: 80, note: "a { b", protocol: http\n  backends: []\n').diagnostics;
    expect(d.map(brief)).toEqual(['yaml-syntax@3:20']);
    expect(d[0].message).toBe('YAML: this flow mapping is not closed with } before line 4 (BAD_INDENT)');
  });

  it('a duplicate key, naming the first occurrence', () => {
    const d = parse('kind: Mesh\nname: a\nname: b\n').diagnostics;
    expect(d.map(brief)).toEqual(['duplicate-key@3:1']);
    expect(d[0].message).toBe('duplicate key "name" (first at line 2)');
    expect(codes('a:\n  b: 1\n  b: 2\n')).toEqual(['duplicate-key@3:3']);
  });

  it('invalid UTF-8, at the offending byte', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('kind: Mesh\nname: '), 0xc3, 0x28, 0x0a]);
    const d = parse(bytes).diagnostics;
    expect(d.map(brief)).toEqual(['not-utf8@2:7']);
    expect(d[0].message).toMatch(/not valid UTF-8 \(byte 0xc3 at line 2\)/);
    // overlong encodings and surrogates are invalid too
    expect(codes(new Uint8Array([0x61, 0x3a, 0x20, 0xc0, 0xaf]))).toEqual(['not-utf8@1:4']);
    expect(codes(new Uint8Array([0x61, 0x3a, 0x20, 0xed, 0xa0, 0x80]))).toEqual(['not-utf8@1:4']);
  });

  it('a file over 1 MiB', () => {
    const big = `a: "${'x'.repeat(MAX_FILE_BYTES)}"\n`;
    const d = parse(big).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['file-too-large']);
    expect(d[0].message).toBe('mesh/x.yaml is 1.0 MiB; files may be at most 1.0 MiB');
  });

  it('an alias bomb (billion laughs) is refused, not expanded', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const d = parse(`${levels.join('\n')}\n`).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0].code).toBe('yaml-alias-bomb');
    expect(d[0].line).toBeGreaterThan(1);
  });

  it('a few aliases that expand past the node budget are refused', () => {
    const items = Array.from({ length: 2000 }, (_, i) => i).join(', ');
    const aliases = Array(60).fill('*big').join(', ');
    const d = parse(`big: &big [${items}]\nuse: [${aliases}]\n`).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['yaml-alias-bomb']);
    expect(d[0].message).toContain(`more than ${MAX_EXPANDED_NODES} nodes`);
  });

  it('ordinary anchors and aliases are fine', () => {
    const [doc] = parse('hc: &hc { protocol: http, path: /health }\nlisteners:\n  - healthCheck: *hc\n  - healthCheck: *hc\n').documents;
    expect((doc.value as { listeners: unknown[] }).listeners).toEqual([{ healthCheck: { protocol: 'http', path: '/health' } }, { healthCheck: { protocol: 'http', path: '/health' } }]);
    // a value reached through an alias is located where it is written
    expect(doc.positions.locate(['listeners', 1, 'healthCheck', 'path'])).toEqual({ line: 1, column: 33 });
  });

  it('a recursive alias and an unknown alias', () => {
    expect(codes('a: &a [1, *a]\n')).toEqual(['yaml-alias@1:11']);
    expect(codes('a: *nowhere\n')).toEqual(['yaml-alias@1:4']);
  });

  it('nesting deeper than 64 levels, flow or block', () => {
    const flow = (n: number) => `a: ${'['.repeat(n)}1${']'.repeat(n)}\n`;
    expect(codes(flow(63))).toEqual([]);
    expect(codes(flow(64))).toEqual(['yaml-too-deep@1:67']);
    let block = '';
    for (let i = 0; i < 70; i++) block += `${'  '.repeat(i)}k:\n`;
    expect(codes(block)[0]).toMatch(/^yaml-too-deep@65:/);
  });

  it('pathological flow nesting is refused before the parser sees it', () => {
    const n = 200_000;
    const d = parse(`${'['.repeat(n)}${']'.repeat(n)}`).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['yaml-too-deep']);
  });

  it('tags outside the core schema', () => {
    expect(codes('spec: !Ref Something\n')).toEqual(['yaml-tag@1:12']);
    expect(codes('a: !!binary aGVsbG8=\n')).toEqual(['yaml-tag@1:13']);
    expect(codes('a: !!timestamp 2001-12-14\n')).toEqual(['yaml-tag@1:16']);
    expect(codes('a: !!set { x }\n')).toEqual(['yaml-tag@1:10']);
    expect(codes('a: !!str 8080\nb: !!int "2"\n')).toEqual([]);
    expect(parse('a: !!str 8080\n').documents[0].value).toEqual({ a: '8080' });
  });

  it('merge keys and non-string keys', () => {
    expect(codes('base: &b { a: 1 }\nx:\n  <<: *b\n')).toEqual(['yaml-merge-key@3:3']);
    expect(codes('"<<": 1\n')).toEqual([]);
    expect(codes('? [a, b]\n: 1\n')).toEqual(['yaml-key@1:3']);
  });
});
