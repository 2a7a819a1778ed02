/**
 * What a user waits for at the terminal: whole `meshops` processes (`--help`, `validate`, `plan`),
 * started as a user starts them (`node bin/meshops.js`, the built CLI), against a repository written
 * to disk; `plan` against the embedded emulator holding the applied repository (no latency: what is
 * measured is the process, not the calls). Medians of fresh processes, with `node -e 0` measured
 * alternately beside them so that the machine's load weighs on both alike. Each process also
 * reports its own CPU time as it exits (a preloaded one-line module), which the load hardly moves.
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

/** Preloaded into every measured process: its own CPU time (user + system, µs) on fd 3 as it exits. */
const CPU_REPORTER = `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeSync(3, String(u.user + u.system)); });\n`;

function timed(args: string[], cwd: string, reporter: string): { ms: number; cpuMs: number } {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--require', reporter, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 2) throw new Error(`${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
  return { ms, cpuMs: Number(String(result.output[3])) / 1000 };
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
    const reporter = join(work, 'cpu-reporter.cjs');
    writeFileSync(reporter, CPU_REPORTER);
    const sample = (args: string[]): { wallMs: number; nodeMs: number; cpuMs: number; nodeCpuMs: number } => {
      timed(args, work, reporter); // warm the page cache
      const runsOf = { walls: [] as number[], nodes: [] as number[], cpus: [] as number[], nodeCpus: [] as number[] };
      for (let i = 0; i < runs; i++) {
        const node = timed(['-e', '0'], work, reporter);
        const cli = timed(args, work, reporter);
        runsOf.nodes.push(node.ms);
        runsOf.nodeCpus.push(node.cpuMs);
        runsOf.walls.push(cli.ms);
        runsOf.cpus.push(cli.cpuMs);
      }
      return { wallMs: median(runsOf.walls), nodeMs: median(runsOf.nodes), cpuMs: median(runsOf.cpus), nodeCpuMs: median(runsOf.nodeCpus) };
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
