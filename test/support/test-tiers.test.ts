import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The tier convention (docs/contributing.md, "Test tiers") checked on every test file: a file
 * named `*.test.ts` runs in the unit tier, so it may not start servers or processes; one that
 * does is named `*.integration.test.ts` or `*.system.test.ts`. What marks a tier is what a file
 * imports, directly or through the test helpers it uses.
 */
const ROOT = join(__dirname, '..', '..');
const TEST = join(ROOT, 'test');

type Tier = 'unit' | 'integration' | 'system';
const RANK: Record<Tier, number> = { unit: 0, integration: 1, system: 2 };

/** Imports (resolved, relative to the repo root, without extension) that put a file in a tier. */
const MARKERS: { tier: Tier; why: string; matches: (module: string) => boolean }[] = [
  { tier: 'system', why: 'starts `meshops` processes', matches: (m) => /test\/(emulator\/wire\/meshops-process|reliability\/support\/(processes|cli-harness))$/.test(m) },
  { tier: 'system', why: 'runs the AWS CLI', matches: (m) => m === 'test/support/aws-cli' },
  { tier: 'system', why: 'packages the stack', matches: (m) => m === 'test/support/packaged-stack' },
  { tier: 'system', why: 'runs the Lambda handlers end to end', matches: (m) => m === 'test/e2e/harness' },
  { tier: 'system', why: 'spawns child processes', matches: (m) => m === 'node:child_process' },
  { tier: 'integration', why: "starts moto's server", matches: (m) => m === 'test/support/moto' },
  { tier: 'integration', why: "serves the emulator's HTTP port", matches: (m) => m === 'lib/emulator/wire/http-server' },
  { tier: 'integration', why: 'starts the fake GitHub server', matches: (m) => m === 'test/support/fake-github/server' || m === 'test/functions/reconcile-support' },
  { tier: 'integration', why: 'opens sockets', matches: (m) => m === 'node:http' || m === 'node:net' },
];

function tierOfName(file: string): Tier {
  if (file.endsWith('.system.test.ts')) return 'system';
  if (file.endsWith('.integration.test.ts')) return 'integration';
  return 'unit';
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return undefined;
}

const IMPORT = /(?:from|import|require\()\s*['"]([^'"]+)['"]/g;

/** Every module a test file reaches through the test helpers (files under test/), plus what they import. */
function reachedModules(file: string): Set<string> {
  const seen = new Set<string>();
  const modules = new Set<string>();
  const visit = (path: string, isTestFile: boolean) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const [, specifier] of readFileSync(path, 'utf8').matchAll(IMPORT)) {
      if (!specifier.startsWith('.')) {
        // A helper may spawn what it needs (moto's server); the tier is set by the helper then.
        if (isTestFile || !specifier.startsWith('node:child_process')) modules.add(specifier);
        continue;
      }
      const target = resolveModule(path, specifier);
      if (!target) continue;
      modules.add(relative(ROOT, target).replace(/(\/index)?\.ts$/, ''));
      if (target.startsWith(TEST + '/') && !target.endsWith('.test.ts')) visit(target, false);
    }
  };
  visit(file, true);
  return modules;
}

describe('test tiers', () => {
  const files = testFiles(TEST);

  it('finds the test files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('every test file is named for the tier of what it starts', () => {
    const misplaced: string[] = [];
    for (const file of files) {
      const named = tierOfName(file);
      const reasons = [...reachedModules(file)].flatMap((m) => MARKERS.filter((k) => RANK[k.tier] > RANK[named] && k.matches(m)).map((k) => `${k.why} (${m}) → *.${k.tier}.test.ts`));
      if (reasons.length) misplaced.push(`${relative(ROOT, file)}: ${[...new Set(reasons)].join('; ')}`);
    }
    expect(misplaced).toEqual([]);
  });

  it('the markers recognise the helpers they name', () => {
    const helpers = ['test/emulator/wire/meshops-process.ts', 'test/support/aws-cli.ts', 'test/support/packaged-stack.ts', 'test/e2e/harness.ts', 'test/support/moto.ts', 'test/support/fake-github/server.ts'];
    for (const helper of helpers) {
      expect(existsSync(join(ROOT, helper))).toBe(true);
      expect(MARKERS.some((k) => k.matches(helper.replace(/\.ts$/, '')))).toBe(true);
    }
  });
});
