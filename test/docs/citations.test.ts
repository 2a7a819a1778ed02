import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The repository stands alone: comments, tests and docs cite `docs/<page>.md §n` (a section that
 * exists), never a document outside the repository or a machine's path.
 */
const ROOT = join(__dirname, '..', '..');
const SCANNED = ['lib', 'functions', 'test', 'bench', 'scripts', 'test-soak', 'docs', 'README.md', 'BENCHMARKS.md', 'RELIABILITY.md', 'eslint.config.mjs', 'jest.config.cjs', 'serverless.yml', 'mesh-repo-template'];
const SKIPPED = [/lib\/api-model\/generated\//, /test\/docs\/citations\.test\.ts$/, /\.(png|gz|tgz|zip|json)$/];

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => (name === 'node_modules' || name === 'fixtures' ? [] : files(join(path, name))));
}

const texts = SCANNED.flatMap(files)
  .filter((f) => !SKIPPED.some((re) => re.test(f)))
  .map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

/** Section numbers a page defines: headings that start with `§n`. */
function sections(page: string): Set<string> {
  const text = readFileSync(join(ROOT, 'docs', page), 'utf8');
  return new Set([...text.matchAll(/^#+\s+§([\d.]+)/gm)].map((m) => m[1]));
}

describe('citations', () => {
  it('scans the sources', () => {
    expect(texts.length).toBeGreaterThan(200);
  });

  it('every `docs/<page>.md §n` names a page and a section that exist', () => {
    const broken: string[] = [];
    const known = new Map<string, Set<string>>();
    for (const { file, text } of texts) {
      for (const m of text.matchAll(/docs\/([\w-]+\.md) §([\d.]+\d)/g)) {
        const [, page, section] = m;
        if (!existsSync(join(ROOT, 'docs', page))) {
          broken.push(`${file}: docs/${page} does not exist`);
          continue;
        }
        if (!known.has(page)) known.set(page, sections(page));
        if (!known.get(page)!.has(section)) broken.push(`${file}: docs/${page} has no §${section}`);
      }
      // Spec rule sources cite docs/aws-behaviour.md as [aws §n].
      for (const m of text.matchAll(/\[aws ((?:§[\d.]*\d(?:, )?)+)\]/g)) {
        if (!known.has('aws-behaviour.md')) known.set('aws-behaviour.md', sections('aws-behaviour.md'));
        for (const s of m[1].split(', ')) if (!known.get('aws-behaviour.md')!.has(s.slice(1))) broken.push(`${file}: docs/aws-behaviour.md has no ${s}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('nothing cites a document outside the repository or a machine path', () => {
    const outside = /DESIGN §|TOOLCHAIN §|\breference §|\[ref §|\.\.\/shared\/|\/work\/shared|shared\/reference|\/home\/\w+\//;
    const found = texts.flatMap(({ file, text }) =>
      text
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => outside.test(line))
        .map(({ line, i }) => `${relative(ROOT, join(ROOT, file))}:${i + 1}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
