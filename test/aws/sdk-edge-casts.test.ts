import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The SDK edge is typed with the SDK's own inputs and outputs: a cast that silences the compiler
 * (`as never`, `as unknown as`) lets a misspelt member through, so none may stand in lib/aws.
 */
const FORBIDDEN = /\bas\s+(?:never|unknown\s+as)\b/g;

/** `file:line: text` for every silencing cast in a source text. */
function silencingCasts(file: string, source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(FORBIDDEN)) {
    const line = source.slice(0, match.index).split('\n').length;
    found.push(`${file}:${line}: ${source.split('\n')[line - 1].trim()}`);
  }
  return found;
}

const root = join(__dirname, '..', '..');
const edge = join(root, 'lib', 'aws');

describe('the SDK edge (lib/aws) has no silencing casts', () => {
  it('finds a planted cast and names its file and line', () => {
    const planted = "const a = 1;\nclient.send(command as never);\nconst b = out as unknown as Row;\nconst c = x as\n  unknown as Y;\nconst ok = value as Tags; // never mind\n";
    expect(silencingCasts('lib/aws/planted.ts', planted)).toEqual([
      'lib/aws/planted.ts:2: client.send(command as never);',
      'lib/aws/planted.ts:3: const b = out as unknown as Row;',
      'lib/aws/planted.ts:4: const c = x as',
    ]);
  });

  it('finds none in lib/aws', () => {
    const files = readdirSync(edge, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((f) => silencingCasts(relative(root, join(edge, f)), readFileSync(join(edge, f), 'utf8')));
    expect(found).toEqual([]);
  });
});
