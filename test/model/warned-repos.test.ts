import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDesiredState } from '../../lib/model';
import { readLocalSnapshot } from '../../lib/source';
import type { ExpectedError } from '../support/fixture-expectations';

/**
 * Odd but valid repositories under test/fixtures/warned-repos/: each loads (the plan may run) with
 * exactly the warnings of its expected.json (file, line, column, code, gist) and nothing else, the
 * rules being those of docs/repository-format.md (hidden files are named, not read; a leading
 * zero is said to be decimal; `%YAML 1.2` and a byte order mark at the start are fine).
 */
const root = join(__dirname, '..', 'fixtures', 'warned-repos');
const repos = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('odd but valid repositories', () => {
  it.each(repos)('%s loads with exactly its warnings', async (name) => {
    const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as ExpectedError[];
    const result = loadDesiredState(await readLocalSnapshot(join(root, name)));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.state).toBeDefined();
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map((d) => `${d.file}:${d.line ?? ''}:${d.column ?? ''} ${d.code}`)).toEqual(expected.map((e) => `${e.file}:${e.line ?? ''}:${e.column ?? ''} ${e.code}`));
    warnings.forEach((d, i) => expect(d.message).toContain(expected[i].message));
  });
});
