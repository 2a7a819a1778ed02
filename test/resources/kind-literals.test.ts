import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KIND_INFO } from '../../lib/resources/kinds';

/**
 * Kinds are told apart by reading the kind registry (lib/resources/targets/), not by branches on
 * their names: a `case 'Route':` or `kind === 'Route'` outside the registry is a rule that a new kind
 * or target would have to find and edit. Exempt: the emulator, an API server whose operations are
 * per kind by nature; and the Kubernetes import, whose `kind`s are the App Mesh controller's custom
 * resources (its own API, with BackendGroup and cluster-scoped Mesh objects), not the registry's.
 */
const ROOT = join(__dirname, '../..');
const EXEMPT = ['lib/resources/targets/', 'lib/emulator/', 'lib/import/kubernetes/'];

export interface KindLiteral {
  file: string;
  line: number;
  kind: string;
  text: string;
}

const QUOTE = `['"\`]`;

/** Every branch on a kind name in a source text: `case 'X'`, `=== 'X'`, `!== 'X'`, `'X' ===`, `'X' !==`. */
export function findKindLiterals(source: string, file: string, kinds: readonly string[]): KindLiteral[] {
  const names = kinds.join('|');
  const pattern = new RegExp(`(?:\\bcase\\s+${QUOTE}(${names})${QUOTE}\\s*:|[!=]==?\\s*${QUOTE}(${names})${QUOTE}|${QUOTE}(${names})${QUOTE}\\s*[!=]==?)`, 'g');
  const found: KindLiteral[] = [];
  source.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(pattern)) found.push({ file, line: i + 1, kind: m[1] ?? m[2] ?? m[3], text: text.trim() });
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const KINDS = Object.keys(KIND_INFO);

describe('kind literals outside the registry', () => {
  it('finds every form of branch on a kind name, with file and line', () => {
    const planted = [
      "function fileFor(kind: Kind) {",
      "  switch (kind) {",
      "    case 'VirtualNode':",
      "      return 1;",
      "  }",
      "  if (r.kind === 'Route' || r.kind !== \"GatewayRoute\") return 2;",
      "  if ('Mesh' === kind) return 3;",
      "  return kind == `Listener` ? 4 : 5;",
      "}",
    ].join('\n');
    expect(findKindLiterals(planted, 'lib/planted.ts', KINDS).map((l) => `${l.file}:${l.line} ${l.kind}`)).toEqual([
      'lib/planted.ts:3 VirtualNode',
      'lib/planted.ts:6 Route',
      'lib/planted.ts:6 GatewayRoute',
      'lib/planted.ts:7 Mesh',
      'lib/planted.ts:8 Listener',
    ]);
  });

  it('leaves alone what is not a branch on a kind: keys, words, other names', () => {
    const fine = [
      "const key = { kind: 'VirtualNode', name };",
      "if (key.kind === 'VirtualNodes' || role === 'route-target') return;",
      "case 'RouteTable':",
      "// a Route whose kind === the router's",
      "const word = 'Route';",
    ].join('\n');
    expect(findKindLiterals(fine, 'lib/fine.ts', KINDS)).toEqual([]);
  });

  it('finds none in lib/ outside the registry, the emulator and the Kubernetes import', () => {
    const files = sourceFiles('lib').map((f) => relative(ROOT, join(ROOT, f))).filter((f) => !EXEMPT.some((e) => f.startsWith(e)));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => findKindLiterals(readFileSync(join(ROOT, file), 'utf8'), file, KINDS));
    expect(found.map((l) => `${l.file}:${l.line} branches on ${l.kind}: ${l.text} (read the kind registry instead, lib/resources/targets/)`)).toEqual([]);
  });
});
