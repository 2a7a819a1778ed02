import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('generated API model tables', () => {
  it('match what scripts/generate-shapes.cjs produces from models/aws', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { generate } = require(join(root, 'scripts/generate-shapes.cjs'));
    const files = generate() as Record<string, string>;
    expect(Object.keys(files).length).toBe(5);
    for (const [file, content] of Object.entries(files)) {
      expect(readFileSync(join(root, file), 'utf8')).toBe(content);
    }
  });
});
