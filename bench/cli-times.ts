/**
 * What a user waits for at the terminal: whole `meshops` processes (`--help`, `validate`, `plan`),
 * started as a user starts them (`node bin/meshops.js`, the built CLI), against a repository written
 * to disk; `plan` against the embedded emulator holding the applied repository (no latency: what is
 * measured is the process, not the calls). Medians of fresh processes, with `node -e 0` measured
 * alternately beside them so that the machine's load weighs on both alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateRepo, repoFiles, type Size } from './generate-repo';
import type { CliFigure } from './report';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)] * 10) / 10;
}

function timed(args: string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 2) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  return ms;
}

function writeRepo(size: Size, dir: string): void {
  for (const f of repoFiles(generateRepo(size))) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
}

export function measureCli(root: string, sizes: Size[], runs: number): CliFigure[] {
  const bin = join(root, 'bin', 'meshops.js');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the CLI failed: ${build.stderr}`);
  const work = mkdtempSync(join(tmpdir(), 'meshops-bench-cli-'));
  try {
    const sample = (args: string[]): { wallMs: number; nodeMs: number } => {
      timed(args, work); // warm the page cache
      const walls: number[] = [];
      const nodes: number[] = [];
      for (let i = 0; i < runs; i++) {
        nodes.push(timed(['-e', '0'], work));
        walls.push(timed(args, work));
      }
      return { wallMs: median(walls), nodeMs: median(nodes) };
    };
    const out: CliFigure[] = [{ command: 'help', ...sample([bin, '--help']) }];
    for (const size of sizes) {
      const dir = join(work, size);
      writeRepo(size, dir);
      out.push({ command: 'validate', size, ...sample([bin, 'validate', dir]) });
      const state = ['--state-dir', join(work, `state-${size}`)];
      const applied = spawnSync(process.execPath, [bin, 'apply', dir, '--auto-approve', ...state], { cwd: work, encoding: 'utf8' });
      if (applied.status !== 0) throw new Error(`applying the ${size} repo failed: ${applied.stderr}`);
      out.push({ command: 'plan', size, ...sample([bin, 'plan', dir, ...state]) });
    }
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
