import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The README's map of the code names every folder a newcomer will open: each top-level one and each under lib/. */
const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const map = readme.slice(readme.indexOf('## Map of the code'));
const dirs = (path: string) => readdirSync(join(ROOT, path), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const IGNORED = new Set(['node_modules', '.git', '.cache', '.tmp', '.meshops', '.serverless', '.esbuild', 'coverage', 'my-mesh']);

describe("the README's map of the code", () => {
  it('has a map', () => {
    expect(map.length).toBeGreaterThan(500);
  });

  it('names every top-level folder and every folder of lib/', () => {
    const folders = [...dirs('.').filter((d) => !IGNORED.has(d)).map((d) => `${d}/`), ...dirs('lib').map((d) => `lib/${d}/`)];
    expect(folders.filter((f) => !map.includes(f.startsWith('.') ? f.slice(0, -1) : f) && !map.includes(`\`${f.replace(/\/$/, '')}`))).toEqual([]);
  });
});
