import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDesiredState } from '../../lib/model';
import { readLocalSnapshot } from '../../lib/source';
import { brokenFixtures, isLoadError, type ExpectedError } from '../support/fixture-expectations';

/**
 * Broken repositories under test/fixtures/broken/<code>/<case>/: each is read from disk like
 * `meshops validate` does and must be rejected with exactly the errors in its expected.json (file,
 * line, column, code, field path and the gist of the message), and nothing else. A fixture whose
 * expected diagnostics are all warnings (or a refused plan) loads, with exactly those warnings.
 */
const fixtures = brokenFixtures();
const where = (d: { file?: string; line?: number; column?: number; code?: string }) => `${d.file}:${d.line ?? ''}:${d.column ?? ''} ${d.code}`;

describe('broken repositories', () => {
  it('there are at least 100, each under the code of its first expected diagnostic', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(100);
    for (const f of fixtures) expect(`${f.name}: ${f.expected[0]?.code ?? f.expected[0]?.planError}`).toBe(`${f.name}: ${f.code}`);
  });

  it.each(fixtures.filter((f) => f.expected.some((e) => isLoadError(e) || e.sourceError)).map((f) => [f.name, f] as const))('%s is rejected with the right file, line and message', async (_name, f) => {
    if (f.expected[0]?.sourceError) {
      await expect(readLocalSnapshot(f.dir)).rejects.toMatchObject({ name: f.expected[0].sourceError });
      return;
    }
    const expected = f.expected.filter(isLoadError);
    const result = loadDesiredState(await readLocalSnapshot(f.dir));
    expect(result.state).toBeUndefined();
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(expected.map((e) => `${e.file}:${e.line}:${e.column} ${e.code}`));
    errors.forEach((d, i) => {
      if (expected[i].path) expect(d.path).toBe(expected[i].path);
      if (expected[i].message) expect(d.message).toContain(expected[i].message);
    });
  });

  it.each(fixtures.filter((f) => !f.expected.some((e) => isLoadError(e) || e.sourceError)).map((f) => [f.name, f] as const))('%s loads with exactly its warnings', async (_name, f) => {
    const expected = f.expected.filter((e) => e.severity === 'warning');
    const result = loadDesiredState(await readLocalSnapshot(f.dir));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.state).toBeDefined();
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map(where)).toEqual(expected.map(where));
    warnings.forEach((d, i) => expect(d.message).toContain(expected[i].message));
  });
});

/**
 * Odd but valid repositories under test/fixtures/odd-but-valid/: each loads with nothing to say,
 * the rules being those of docs/repository-format.md (`%YAML 1.2` and a byte order mark at the
 * start are fine).
 */
describe('odd but valid repositories', () => {
  const root = join(__dirname, '..', 'fixtures', 'odd-but-valid');
  const repos = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it.each(repos)('%s loads with exactly its warnings', async (name) => {
    const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as ExpectedError[];
    const result = loadDesiredState(await readLocalSnapshot(join(root, name)));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.state).toBeDefined();
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map(where)).toEqual(expected.map(where));
    warnings.forEach((d, i) => expect(d.message).toContain(expected[i].message));
  });
});
