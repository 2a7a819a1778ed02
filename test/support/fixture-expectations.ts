import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One expected diagnostic of a broken-repository fixture (`expected.json` next to the repository). */
export interface ExpectedError {
  file?: string;
  line?: number;
  column?: number;
  code?: string;
  path?: string;
  message?: string;
  /** `warning` for a repository that loads with it; errors by default. */
  severity?: 'error' | 'warning';
  /** The repository cannot even be read: the source's error class. */
  sourceError?: string;
  /** The repository loads but its plan is refused, with this plan problem code. */
  planError?: string;
}

/** A repository of test/fixtures/broken/<code>/<case>/: the code is that of its first expected diagnostic. */
export interface BrokenFixture {
  code: string;
  case: string;
  /** `broken/<code>/<case>`. */
  name: string;
  dir: string;
  expected: ExpectedError[];
}

export const BROKEN_ROOT = join(__dirname, '..', 'fixtures', 'broken');

const folders = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

/** Every broken-repository fixture, by code then case. */
export function brokenFixtures(): BrokenFixture[] {
  return folders(BROKEN_ROOT).flatMap((code) =>
    folders(join(BROKEN_ROOT, code)).map((name) => {
      const dir = join(BROKEN_ROOT, code, name);
      return { code, case: name, name: `broken/${code}/${name}`, dir, expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as ExpectedError[] };
    }),
  );
}

/** An expected entry that makes the repository fail to load (as opposed to a warning or a refused plan). */
export const isLoadError = (e: ExpectedError): boolean => (e.severity ?? 'error') === 'error' && !e.planError && !e.sourceError;

/** Whether `meshops plan` refuses the repository: it cannot be read, does not load, or its plan is refused. */
export const isRefused = (f: BrokenFixture): boolean => f.expected.some((e) => isLoadError(e) || e.planError || e.sourceError);
