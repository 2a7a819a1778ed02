/**
 * `npm run bench [-- options]`: every scenario in a fresh child process (so its peak RSS is its
 * own), the Lambda bundle proxies, the CLI as whole processes, then a table or, with --json, one
 * JSON object (docs/design.md §6).
 * A script, never a test: nothing here asserts on time.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureBundles, type BundleReport } from './bundles';
import { SIZES, type Size } from './generate-repo';
import { measureCli } from './cli-times';
import { figuresOf, renderTable, type BenchOutput, type CliFigure } from './report';
import { LATTICE_SCENARIOS, runScenario, SCENARIOS, type ScenarioName, type ScenarioOptions, type ScenarioResult } from './scenarios';

const USAGE = `usage: npm run bench -- [options]
  --sizes S,M,L,XL       sizes to run (default S,M,L,XL)
  --scenarios LIST       ${SCENARIOS.join(',')} (default all), or none (with --no-baseline
                         --no-bundles: only the CLI figures)
  --latency-ms N         emulator latency per API call (default 20)
  --concurrency N        pin the concurrent API calls, as the CLI's --concurrency (default: the
                         CLI's adaptive concurrency, from 10)
  --runs N               run each scenario N times (fresh processes); figures are medians (default 1)
  --require-runs N       fresh processes per bundle for the cold require median (default 7)
  --cli-runs N           fresh processes per CLI figure (default 7)
  --no-lattice           skip the VPC Lattice runs (${LATTICE_SCENARIOS.join(', ')} of L with targets: [lattice])
  --no-baseline          skip the Terraform-model baseline
  --sequential-baseline  also run the naive sequential baseline (slow: one call at a time)
  --no-bundles           skip the Lambda bundle figures
  --no-cli               skip the CLI figures (help, validate and plan as whole processes)
  --json                 print one JSON object (the table goes to stderr)`;

const RESULT_MARK = '@@bench-result ';

interface Args {
  sizes: Size[];
  scenarios: ScenarioName[];
  latencyMs: number;
  concurrency?: number;
  runs: number;
  requireRuns: number;
  cliRuns: number;
  baseline: boolean;
  sequentialBaseline: boolean;
  lattice: boolean;
  bundles: boolean;
  cli: boolean;
  json: boolean;
}

class ArgsError extends Error {
  override name = 'ArgsError';
}

function integer(value: string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new ArgsError(`${flag} takes a whole number ≥ ${min} (got ${JSON.stringify(value)})`);
  return Number(value);
}

function list<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T[] {
  if (value === undefined) return [...allowed];
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((s) => !allowed.includes(s as T));
  if (unknown.length || items.length === 0) throw new ArgsError(`${flag} takes a comma-separated list of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  return allowed.filter((a) => items.includes(a));
}

function parseBenchArgs(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' },
      scenarios: { type: 'string' },
      'latency-ms': { type: 'string' },
      concurrency: { type: 'string' },
      runs: { type: 'string' },
      'require-runs': { type: 'string' },
      'cli-runs': { type: 'string' },
      'no-baseline': { type: 'boolean' },
      'no-lattice': { type: 'boolean' },
      'sequential-baseline': { type: 'boolean' },
      'no-bundles': { type: 'boolean' },
      'no-cli': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new ArgsError(USAGE);
  return {
    sizes: list(values.sizes, '--sizes', SIZES),
    scenarios: values.scenarios === 'none' ? [] : list(values.scenarios, '--scenarios', SCENARIOS),
    latencyMs: integer(values['latency-ms'], '--latency-ms', 20, 0),
    ...(values.concurrency !== undefined ? { concurrency: integer(values.concurrency, '--concurrency', 10, 1) } : {}),
    runs: integer(values.runs, '--runs', 1, 1),
    requireRuns: integer(values['require-runs'], '--require-runs', 7, 1),
    cliRuns: integer(values['cli-runs'], '--cli-runs', 7, 1),
    baseline: !values['no-baseline'],
    sequentialBaseline: values['sequential-baseline'] ?? false,
    lattice: !values['no-lattice'],
    bundles: !values['no-bundles'],
    cli: !values['no-cli'],
    json: values.json ?? false,
  };
}

/** Child mode: run one scenario and print its result on a marked line. */
async function child(argv: string[]): Promise<void> {
  const [name, size, json] = argv;
  const options = JSON.parse(json) as Omit<ScenarioOptions, 'size'>;
  const result = await runScenario(name as ScenarioName, { ...options, size: size as Size });
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

function runChild(name: ScenarioName, size: Size, options: Omit<ScenarioOptions, 'size'>): ScenarioResult {
  // The same bundle (scripts/run-ts.mjs built it), with the same flags (--expose-gc).
  const result = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--child', name, size, JSON.stringify(options)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (result.status !== 0 || !line) throw new Error(`scenario ${size} ${name} failed (exit ${result.status})${result.stdout ? `:\n${result.stdout}` : ''}`);
  return JSON.parse(line.slice(RESULT_MARK.length)) as ScenarioResult;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : Math.round(((s[mid - 1] + s[mid]) / 2) * 10) / 10;
}

/** Medians of the timed figures over repeated runs; call counts must not differ. */
function combine(runs: ScenarioResult[]): { result: ScenarioResult; countsSame: boolean; spread: string } {
  const first = runs[0];
  const countsSame = runs.every((r) => r.apiCalls === first.apiCalls && JSON.stringify(r.callsByOperation) === JSON.stringify(first.callsByOperation));
  const pick = (f: (r: ScenarioResult) => number | undefined) => {
    const values = runs.map(f).filter((v): v is number => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  const walls = runs.map((r) => r.wallMs);
  const result: ScenarioResult = {
    ...first,
    wallMs: pick((r) => r.wallMs)!,
    ...(first.baselineMs !== undefined ? { baselineMs: pick((r) => r.baselineMs) } : {}),
    ...(first.terraformMs !== undefined ? { terraformMs: pick((r) => r.terraformMs) } : {}),
    cpuMs: pick((r) => r.cpuMs)!,
    peakRssMb: pick((r) => r.peakRssMb)!,
    ...(first.useCasePeakRssMb !== undefined ? { useCasePeakRssMb: pick((r) => r.useCasePeakRssMb) } : {}),
    ...(first.emulatorStateMb !== undefined ? { emulatorStateMb: pick((r) => r.emulatorStateMb) } : {}),
  };
  const cpu = runs.map((r) => r.cpuMs);
  return { result, countsSame, spread: `over ${runs.length} runs: wall ${Math.min(...walls)}–${Math.max(...walls)} ms, CPU ${Math.min(...cpu)}–${Math.max(...cpu)} ms` };
}

function machine(): BenchOutput['machine'] {
  const list = cpus();
  return { cpus: list.length, cpuModel: list[0]?.model.trim() ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}`, loadAverage: Math.round(loadavg()[0] * 100) / 100 };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv.slice(1));
  const args = parseBenchArgs(argv);
  const startedAt = new Date().toISOString();
  const startMachine = machine();
  const results: ScenarioResult[] = [];
  const spread = new Map<string, string>();
  let countsConsistent: boolean | undefined;
  const options = { latencyMs: args.latencyMs, ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}), baseline: args.baseline, sequentialBaseline: args.sequentialBaseline };
  const jobs: { size: Size; name: ScenarioName; target?: 'lattice' }[] = args.sizes.flatMap((size) => args.scenarios.map((name) => ({ size, name })));
  // Lattice at L only: the size the targets are judged on (XL's three meshes share one VPC).
  if (args.lattice && args.sizes.includes('L')) jobs.push(...args.scenarios.filter((n) => LATTICE_SCENARIOS.includes(n)).map((name) => ({ size: 'L' as const, name, target: 'lattice' as const })));
  for (const { size, name, target } of jobs) {
    const label = `${size} ${name}${target ? ` (${target})` : ''}`;
    const runs: ScenarioResult[] = [];
    for (let i = 0; i < args.runs; i++) {
      process.stderr.write(`bench: ${label}${args.runs > 1 ? ` (run ${i + 1}/${args.runs})` : ''}…\n`);
      runs.push(runChild(name, size, { ...options, ...(target ? { target, baseline: false, sequentialBaseline: false } : {}) }));
    }
    const combined = combine(runs);
    results.push(combined.result);
    if (args.runs > 1) {
      spread.set(label, combined.spread);
      countsConsistent = (countsConsistent ?? true) && combined.countsSame;
    }
  }
  let bundleReport: BundleReport | undefined;
  if (args.bundles) {
    process.stderr.write('bench: Lambda bundles…\n');
    // scripts/run-ts.mjs runs this from <repo>/.tmp/run.cjs.
    const workDir = join(tmpdir(), `meshops-bench-${process.pid}`);
    try {
      bundleReport = await measureBundles(resolve(__dirname, '..'), { runs: args.requireRuns, workDir });
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  let cli: CliFigure[] = [];
  if (args.cli) {
    process.stderr.write('bench: CLI processes…\n');
    cli = measureCli(resolve(__dirname, '..'), args.sizes.filter((s) => s === 'S' || s === 'L'), args.cliRuns);
  }
  const output: BenchOutput = {
    machine: startMachine,
    date: startedAt,
    latencyMs: args.latencyMs,
    scenarios: results.map(figuresOf),
    bundles: bundleReport?.bundles ?? [],
    cli,
  };
  const table = renderTable({ output, concurrency: args.concurrency, results, ...(bundleReport ? { bundleReport } : {}), ...(spread.size ? { spread } : {}), ...(countsConsistent !== undefined ? { countsConsistent } : {}) });
  if (args.json) {
    process.stderr.write(`${table}\n`);
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    process.stdout.write(`${table}\n`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof ArgsError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(err instanceof ArgsError ? 2 : 1);
});
