import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDesiredState } from '../../lib/model';
import { readLocalSnapshot } from '../../lib/source';
import type { ExpectedError } from '../support/fixture-expectations';

/**
 * Broken repositories under test/fixtures/repos/: each is read from disk like `meshops validate`
 * does and must be rejected with exactly the errors in its expected.json (file, line, column,
 * code, field path and the gist of the message), and nothing else.
 */
type Expected = ExpectedError;

const root = join(__dirname, '..', 'fixtures', 'repos');
const repos = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('broken repositories', () => {
  it('there are at least 20', () => {
    expect(repos.length).toBeGreaterThanOrEqual(20);
  });

  it.each(repos)('%s is rejected with the right file, line and message', async (name) => {
    const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as Expected[];
    if (expected[0]?.sourceError) {
      await expect(readLocalSnapshot(join(root, name))).rejects.toMatchObject({ name: expected[0].sourceError });
      return;
    }
    const result = loadDesiredState(await readLocalSnapshot(join(root, name)));
    expect(result.state).toBeUndefined();
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(expected.map((e) => `${e.file}:${e.line}:${e.column} ${e.code}`));
    errors.forEach((d, i) => {
      if (expected[i].path) expect(d.path).toBe(expected[i].path);
      if (expected[i].message) expect(d.message).toContain(expected[i].message);
    });
  });
});
