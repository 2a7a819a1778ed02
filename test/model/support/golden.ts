import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Compares `actual` with test/model/golden/<name>. Run with UPDATE_GOLDEN=1 to (re)write the
 * files, then review the diff before committing.
 */
export function expectGolden(name: string, actual: string): void {
  const file = join(__dirname, '..', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI && !existsSync(file)) throw new Error(`golden file ${name} is missing; run the test with UPDATE_GOLDEN=1 and commit it`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
