/**
 * Golden files: `expectGolden('canary-weight.md', text)` compares with test/report/render/golden/;
 * `UPDATE_GOLDEN=1 npx jest test/report/render` rewrites them (review the diff before committing).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, 'golden');

export function expectGolden(name: string, actual: string): void {
  const file = join(DIR, name);
  const text = actual.endsWith('\n') ? actual : `${actual}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run UPDATE_GOLDEN=1 npx jest test/report/render and review it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
