import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, ROOT, runMeshops, startEmulatorProcess, type EmulatorProcess } from '../reliability/support/processes';

/**
 * The live line as a user sees it: `meshops apply` in a pseudo-terminal (util-linux `script`),
 * against `meshops emulator --latency-ms` so that the re-plan's read and the apply take more than
 * a second; then the same commands on pipes, where nothing but the plain output appears.
 */
const scriptAvailable = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const describeWithPty: typeof describe = scriptAvailable ? describe : (describe.skip as typeof describe);

const ERASE = '\r\x1b[K';
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function inTerminal(args: string[]): string {
  const command = [process.execPath, join(ROOT, 'bin', 'meshops.js'), ...args].map(quote).join(' ');
  const result = spawnSync('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  if (result.status !== 0) throw new Error(`meshops ${args.join(' ')} exited ${result.status}: ${result.stdout}${result.stderr}`);
  return result.stdout;
}

describeWithPty('progress on a terminal, nothing on a pipe (needs util-linux script for a pseudo-terminal)', () => {
  let work: string;
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    await buildCli();
    work = mkdtempSync(join(tmpdir(), 'meshops-live-line-'));
    emulator = await startEmulatorProcess(join(work, 'emulator.json'), ['--latency-ms', '400']);
  }, 180_000);
  afterAll(async () => {
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('apply on a terminal: a live line for the read and for the operations, erased at the end, between the lines that stay', () => {
    const out = inTerminal(['apply', 'mesh-repo-template', '--auto-approve', '--endpoint', emulator.url, '--state-dir', join(work, 'state')]);
    expect(out).toMatch(/\r\x1b\[K {2}… applying: \d+ of \d+ operations · slowest: \w+, \d+ ms/);
    expect(out).toContain('  … create Mesh/');
    // Erased before the result is printed: no live text is left on the last line.
    const lastDraw = out.lastIndexOf('… applying:');
    expect(out.indexOf(ERASE, lastDraw)).toBeGreaterThan(lastDraw);
    expect(out).toMatch(/Applied: \d+ operations done/);

    // A read counts towards the calls the previous one took (the apply's read found an empty account).
    const plan = () => inTerminal(['plan', 'mesh-repo-template', '--endpoint', emulator.url, '--state-dir', join(work, 'state')]);
    expect(plan()).toMatch(/\r\x1b\[K {2}… reading live state: \d+ calls · slowest: \w+, \d+ ms/);
    expect(plan()).toMatch(/\r\x1b\[K {2}… reading live state: \d+ of ~\d+ calls/);
  }, 120_000);

  it('the same commands on pipes, or with --json: no live line', async () => {
    for (const args of [['plan', 'mesh-repo-template'], ['drift', 'mesh-repo-template'], ['plan', 'mesh-repo-template', '--json']]) {
      const run = await runMeshops([...args, '--endpoint', emulator.url, '--state-dir', join(work, 'state')]);
      expect(run.code === 0 || run.code === 2).toBe(true);
      expect(run.stderr).not.toContain('\x1b[K');
      expect(run.stderr).not.toContain('reading live state');
    }
    const json = inTerminal(['plan', 'mesh-repo-template', '--json', '--endpoint', emulator.url, '--state-dir', join(work, 'state')]);
    expect(json).not.toContain('\x1b[K');
  }, 120_000);
});
