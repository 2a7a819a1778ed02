import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditEntries, buildCli, lockFile, ROOT, runMeshops, startMeshops } from '../reliability/support/processes';

/**
 * A reader that goes away before meshops has written everything (`meshops schema | head -c 10`,
 * `meshops apply … | true`): the real CLI, its stdout a pipe whose reading end the test closes at
 * once. Before, the first write after that died with "Unhandled 'error' event … EPIPE" and an
 * apply left its lock behind; now the output is dropped and the command runs to its end.
 */
describe('a closed stdout', () => {
  const work = mkdtempSync(join(tmpdir(), 'meshops-epipe-'));
  beforeAll(() => buildCli(), 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  async function withClosedStdout(args: string[]) {
    const run = startMeshops(args, work);
    run.child.stdout!.destroy(); // the reader is gone before the first byte
    return run.exited;
  }

  it('meshops schema exits without a crash', async () => {
    const out = await withClosedStdout(['schema']);
    expect(out.stderr).toBe('');
    expect(out.signal).toBeNull();
    expect(out.code).toBe(0);
  });

  it('meshops apply --json finishes the apply, records it and releases its lock', async () => {
    const stateDir = join(work, 'state');
    const repo = join(ROOT, 'mesh-repo-template');
    const out = await withClosedStdout(['apply', repo, '--auto-approve', '--json', '--state-dir', stateDir]);
    expect(out.stderr).not.toContain('EPIPE');
    expect(out.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(out.code).toBe(0);
    const owner = 'acme/mesh-config';
    expect(existsSync(lockFile(stateDir, owner))).toBe(false);
    expect(auditEntries(stateDir, owner).map((e) => e.status)).toEqual(['applied']);
    const again = await runMeshops(['plan', repo, '--detailed-exitcode', '--state-dir', stateDir]);
    expect(again.code).toBe(0);
  });
});
