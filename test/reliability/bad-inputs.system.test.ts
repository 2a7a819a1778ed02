import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hostileArchiveCases, runHostileArchive, type ArchiveOutcome } from './support/hostile-archives';
import { meshops, startEmulatorServer, writeCalls, type EmulatorServer } from './support/cli-harness';
import { emulatorBaseline, inventoryOf } from './support/inventory';
import { FakeGitHub, startFakeGitHub } from '../support/fake-github';
import { brokenFixtures, isRefused, type ExpectedError } from '../support/fixture-expectations';

/**
 * Bad inputs: every malformed repository we have (test/fixtures/broken, keyed by diagnostic code
 * and owned by the model's tests, less those that only warn, and a few built here because they
 * cannot live in Git: files over 1 MiB, 5,001 files, symlinks and a FIFO) goes through `meshops
 * plan` and `meshops apply --auto-approve` against an emulator that already holds a live mesh of the same owner. Each must
 * be refused with the file, line and column of the problem (where there is one) and its code, and
 * the emulator must see no write at all (for errors in the repository, not even a read). Then the
 * hostile archives through fetchGitHubSnapshot (support/hostile-archives.ts).
 */
interface Expected extends ExpectedError {
  planError?: string;
}

interface Case {
  name: string;
  /** Where the repository is (fixtures), or how to build it (generated). */
  dir?: string;
  build?: (dir: string) => void;
  expected: Expected[];
}

const SETTINGS = 'version: 1\nregion: us-east-1\nowner: acme/mesh-config\n';
const MESH = 'kind: Mesh\nname: watches\nspec: {}\n';

/** The broken fixtures that `meshops plan` must refuse (those that only warn load and plan). */
function fixtureCases(): Case[] {
  return brokenFixtures()
    .filter(isRefused)
    .map((f) => ({ name: f.name, dir: f.dir, expected: f.expected.filter((e) => (e.severity ?? 'error') === 'error' || e.planError) }));
}

function put(dir: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

const OUTSIDE = mkdtempSync(join(tmpdir(), 'meshops-outside-'));
put(OUTSIDE, 'secret.yaml', 'kind: Mesh\nname: stolen\nspec: {}\n');
put(OUTSIDE, 'meshops.yaml', SETTINGS);
put(OUTSIDE, 'folder/x.yaml', MESH);

/** Repositories that cannot be fixtures in Git (sizes, counts, links, special files). */
const generated: Case[] = [
  {
    name: 'generated/resource-file-over-1mib',
    build: (d) => put(d, 'mesh/huge.yaml', `kind: Mesh\nname: watches\nspec: {}\ntags:\n${'  # padding padding padding padding padding padding padding padding\n'.repeat(20_000)}`),
    expected: [{ file: 'mesh/huge.yaml', code: 'file-too-large', message: 'files may be at most 1.0 MiB' }],
  },
  {
    name: 'generated/settings-over-1mib',
    build: (d) => put(d, 'meshops.yaml', `${SETTINGS}${'#'.repeat(1100 * 1024)}\n`),
    expected: [{ file: 'meshops.yaml', code: 'file-too-large', message: 'files may be at most 1.0 MiB' }],
  },
  {
    name: 'generated/5001-resource-files',
    build: (d) => {
      for (let i = 0; i < 5001; i++) put(d, `mesh/n/${i}.yaml`, `kind: VirtualNode\nname: n${i}\nmesh: watches\nspec: {}\n`);
    },
    expected: [{ file: 'mesh', code: 'too-many-files', message: 'at most 5000 are read' }],
  },
  {
    name: 'generated/nesting-1mib-flow',
    // A megabyte of `[`: a parser that recursed on it would overflow its stack.
    build: (d) => put(d, 'mesh/deep.yaml', `kind: Mesh\nname: deep\nspec: ${'['.repeat(1_000_000)}\n`),
    expected: [{ file: 'mesh/deep.yaml', code: 'yaml-too-deep', message: 'deeper than 64 levels' }],
  },
  {
    name: 'generated/symlink-to-a-file-outside',
    build: (d) => symlinkSync(join(OUTSIDE, 'secret.yaml'), join(d, 'mesh/secret.yaml')),
    expected: [{ file: 'mesh/secret.yaml', code: 'symlink-outside-repo', message: 'leads outside the repository' }],
  },
  {
    name: 'generated/symlink-to-a-folder-outside',
    build: (d) => symlinkSync(join(OUTSIDE, 'folder'), join(d, 'mesh/shared')),
    expected: [{ file: 'mesh/shared', code: 'symlink-outside-repo', message: 'leads outside the repository' }],
  },
  {
    name: 'generated/symlink-climbing-up',
    build: (d) => symlinkSync('../../../../../../../../etc', join(d, 'mesh/etc')),
    expected: [{ file: 'mesh/etc', code: 'symlink-outside-repo', message: 'leads outside the repository' }],
  },
  {
    name: 'generated/settings-symlink-outside',
    build: (d) => {
      rmSync(join(d, 'meshops.yaml'));
      symlinkSync(join(OUTSIDE, 'meshops.yaml'), join(d, 'meshops.yaml'));
    },
    expected: [{ file: 'meshops.yaml', code: 'symlink-outside-repo', message: 'leads outside the repository' }],
  },
  {
    name: 'generated/symlink-loop',
    // Two links that lead to each other: said to be a loop, not "a link to nothing".
    build: (d) => {
      symlinkSync('y.yaml', join(d, 'mesh/x.yaml'));
      symlinkSync('x.yaml', join(d, 'mesh/y.yaml'));
    },
    expected: [
      { file: 'mesh/x.yaml', code: 'unreadable', message: 'mesh/x.yaml is a symbolic link loop' },
      { file: 'mesh/y.yaml', code: 'unreadable', message: 'mesh/y.yaml is a symbolic link loop' },
    ],
  },
  {
    name: 'generated/settings-symlink-loop',
    build: (d) => {
      rmSync(join(d, 'meshops.yaml'));
      symlinkSync('meshops.yaml', join(d, 'meshops.yaml'));
    },
    expected: [{ file: 'meshops.yaml', code: 'unreadable', message: 'meshops.yaml is a symbolic link loop' }],
  },
  {
    name: 'generated/fifo-named-yaml',
    // Reading a FIFO would block forever; it must be refused without opening it.
    build: (d) => execFileSync('mkfifo', [join(d, 'mesh/pipe.yaml')]),
    expected: [{ file: 'mesh/pipe.yaml', code: 'unreadable', message: 'is not a regular file' }],
  },
];

const cases: Case[] = [...fixtureCases(), ...generated];
const SOURCE_ERROR_MESSAGES: Record<string, RegExp> = { SettingsFileMissingError: /has no meshops\.yaml/ };

describe('malformed repositories are refused with a precise message and no write to AWS', () => {
  let aws: EmulatorServer;
  let work: string;
  let baseline: ReturnType<typeof emulatorBaseline>;
  const outcomes: { name: string; command: string; code: number; calls: number; writes: number }[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'meshops-bad-inputs-'));
    for (const c of generated) {
      c.dir = join(work, c.name.replace('/', '-'));
      put(c.dir, 'meshops.yaml', SETTINGS);
      put(c.dir, 'mesh/mesh.yaml', MESH);
      c.build!(c.dir);
    }
    aws = await startEmulatorServer({ seed: 7 });
    // A live mesh of the same owner: a bad repository that got through would plan to prune it.
    const seeded = await meshops(['apply', join(__dirname, '..', '..', 'mesh-repo-template'), '--auto-approve', '--endpoint', aws.url, '--state-dir', join(work, 'state')], work);
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);
    baseline = emulatorBaseline(aws.emulator);
  });

  afterAll(async () => {
    await aws?.stop();
    rmSync(work, { recursive: true, force: true });
    rmSync(OUTSIDE, { recursive: true, force: true });
    const out = join(__dirname, '..', '..', '.tmp', 'reliability');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'bad-inputs.json'), JSON.stringify({ repositories: cases.length, byOrigin: countBy(cases.map((c) => c.name.split('/')[0]!)), outcomes }, null, 2));
  });

  it('there are at least 50 malformed repositories', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  describe.each(['plan', 'apply'])('meshops %s', (command) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      aws.emulator.resetCallStats();
      const argv = command === 'plan' ? ['plan', c.dir!] : ['apply', c.dir!, '--auto-approve'];
      const run = await meshops([...argv, '--endpoint', aws.url, '--state-dir', join(work, 'state')], work);
      const output = `${run.stdout}\n${run.stderr}`;
      const stats = aws.emulator.callStats();
      outcomes.push({ name: c.name, command, code: run.code, calls: stats.total, writes: Object.values(writeCalls(stats.byOperation)).reduce((a, b) => a + b, 0) });

      expect(run.code).toBe(1);
      expect(writeCalls(stats.byOperation)).toEqual({});
      for (const e of c.expected) {
        if (e.sourceError) {
          expect(output).toMatch(SOURCE_ERROR_MESSAGES[e.sourceError]!);
          continue;
        }
        if (e.planError) {
          // The repository is valid but the plan is not: live is read, the plan printed and refused.
          expect(output).toContain(e.planError === 'owner-missing' ? 'no owner is set' : e.planError);
          continue;
        }
        const where = e.line !== undefined ? `${e.file}:${e.line}:${e.column}: error:` : `${e.file}: error:`;
        expect(output).toContain(where);
        expect(output).toContain(`[${e.code}]`);
        if (e.message) expect(output).toContain(e.message);
      }
      // An invalid repository is refused before anything is asked of AWS.
      if (!c.expected.some((e) => e.planError)) expect(stats.total).toBe(0);
      expect(output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
    });
  });

  it('the live mesh is exactly as it was: same resources, same versions', () => {
    expect(emulatorBaseline(aws.emulator)).toEqual(baseline);
    expect(inventoryOf(aws.emulator.store.read((s) => structuredClone(s))).items.length).toBeGreaterThan(5);
  });
});

describe('hostile archives through fetchGitHubSnapshot', () => {
  let gh: FakeGitHub;
  const results: ArchiveOutcome[] = [];
  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo('acme/mesh-config');
  });
  afterAll(async () => {
    await gh.stop();
    const out = join(__dirname, '..', '..', '.tmp', 'reliability');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'hostile-archives.json'), JSON.stringify({ archives: results.length, refusedWhole: results.filter((r) => r.kind === 'refused-whole').length, results }, null, 2));
  });

  it.each(hostileArchiveCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const outcome = await runHostileArchive(gh, c);
    results.push(outcome);
    expect(outcome).toMatchObject(c.expect);
    // Nothing from a hostile archive is handed on as a usable repository.
    expect(outcome.desiredState).toBe(false);
  });
});

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
