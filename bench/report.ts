/**
 * The bench's output: the JSON object of docs/design.md §6, the readable table, and the targets
 * checked against the figures. Pure.
 */
import type { BundleFigure, BundleReport } from './bundles';
import type { Check, ScenarioName, ScenarioResult } from './scenarios';

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: the machine may be shared. */
  loadAverage: number;
}

/** The figures of one scenario as docs/design.md §6 names them (floorMs/baselineMs only where they apply). */
export type ScenarioFigures = Omit<ScenarioResult, 'extra'>;

/** A whole `meshops` process as a user waits for it (medians); `nodeMs` is `node -e 0` beside it. */
export interface CliFigure {
  command: 'help' | 'validate' | 'plan';
  size?: string;
  wallMs: number;
  nodeMs: number;
  /**
   * The process's own CPU (user + system, median), reported by the process as it exits: on a
   * loaded machine the wall time says more about the load than about the CLI.
   */
  cpuMs?: number;
  /** The same for `node -e 0`. */
  nodeCpuMs?: number;
}

export interface BenchOutput {
  machine: Machine;
  date: string;
  latencyMs: number;
  scenarios: ScenarioFigures[];
  bundles: BundleFigure[];
  cli: CliFigure[];
}

export function figuresOf(r: ScenarioResult): ScenarioFigures {
  return {
    size: r.size,
    name: r.name,
    ...(r.target ? { target: r.target } : {}),
    wallMs: r.wallMs,
    ...(r.floorMs !== undefined ? { floorMs: r.floorMs } : {}),
    ...(r.baselineMs !== undefined ? { baselineMs: r.baselineMs } : {}),
    ...(r.terraformMs !== undefined ? { terraformMs: r.terraformMs, terraformCalls: r.terraformCalls } : {}),
    apiCalls: r.apiCalls,
    callsByOperation: r.callsByOperation,
    cpuMs: r.cpuMs,
    peakRssMb: r.peakRssMb,
    ...(r.useCasePeakRssMb !== undefined ? { useCasePeakRssMb: r.useCasePeakRssMb } : {}),
    ...(r.emulatorStateMb !== undefined ? { emulatorStateMb: r.emulatorStateMb } : {}),
  };
}

/** 1 MB as a size budget: 1,000,000 bytes (the stricter reading; 1 MiB is 1,048,576). */
export const BUNDLE_BUDGET_BYTES = 1_000_000;

export interface TargetResult {
  target: string;
  /** Undefined when the run lacks what the target needs (another size, latency or scenario). */
  ok?: boolean;
  measured: string;
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}

/** The targets, on L (XL for memory), at 20 ms per call and the default (adaptive) concurrency. */
export function evaluateTargets(output: BenchOutput, concurrency: number | undefined, checks: { size: string; name: string; check: Check }[]): TargetResult[] {
  // The targets are App Mesh's: the Lattice runs (`target: 'lattice'`) are reported beside them, not judged.
  const at = (size: string, name: ScenarioName) => output.scenarios.find((s) => s.size === size && s.name === name && s.target === undefined);
  const L = (name: ScenarioName) => at('L', name);
  const standard = output.latencyMs === 20 && concurrency === undefined;
  const out: TargetResult[] = [];
  const judged = (ok: boolean) => (standard ? { ok } : {});
  const notRun = (target: string) => out.push({ target, measured: 'not run' });
  const cold = L('cold-plan');
  const pr = L('pr-plan');
  const warm = L('warm-drift');
  // The Terraform-model plan: the cold plan's baseline (the same refresh as any plan's).
  const tfMs = cold?.terraformMs ?? pr?.terraformMs;
  const tfCalls = cold?.terraformCalls ?? pr?.terraformCalls;
  const vsTerraform = (label: string, s: ScenarioFigures | undefined, maxWall?: number, maxCalls?: number) => {
    if (!s || tfMs === undefined || tfCalls === undefined) return notRun(label);
    const wallOk = maxWall === undefined || s.wallMs <= maxWall * tfMs;
    const callsOk = maxCalls === undefined || s.apiCalls <= maxCalls * tfCalls;
    out.push({ target: label, ...judged(wallOk && callsOk), measured: `${Math.round(s.wallMs)} ms / ${Math.round(tfMs)} ms = ${ratio(s.wallMs, tfMs)}; ${s.apiCalls} / ${tfCalls} calls = ${((100 * s.apiCalls) / tfCalls).toFixed(1)}%` });
  };
  const floorTarget = (s: ScenarioFigures | undefined, label: string, max: number) => {
    if (!s || s.floorMs === undefined) return notRun(label);
    out.push({ target: label, ...judged(s.wallMs <= max * s.floorMs), measured: `${Math.round(s.wallMs)} ms / ${s.floorMs} ms = ${ratio(s.wallMs, s.floorMs)}` });
  };
  vsTerraform('PR plan ≤ 0.15× the Terraform-model plan’s wall time and ≤ 10% of its calls', pr, 0.15, 0.1);
  vsTerraform('cold plan ≤ 0.7× the Terraform-model plan', cold, 0.7);
  floorTarget(cold, 'cold plan ≤ 1.5× floor', 1.5);
  vsTerraform('warm drift ≤ 10% of the Terraform-model plan’s calls (tags read fresh)', warm, undefined, 0.1);
  floorTarget(L('apply-5pct'), 'apply of the 5% change ≤ 2× floor', 2);
  floorTarget(L('apply-empty'), 'apply from empty ≤ 2× floor', 2);
  const touched = checks.find((c) => c.size === 'L' && c.name === 'apply-5pct' && c.check.name.startsWith('writes touch'));
  if (touched) out.push({ target: 'apply of the 5% change writes only the changed resources', ok: touched.check.ok, measured: touched.check.ok ? 'exactly the changed resources' : touched.check.detail ?? 'no' });
  else notRun('apply of the 5% change writes only the changed resources');
  const help = output.cli.find((c) => c.command === 'help');
  if (help) out.push({ target: '`meshops --help` ≤ 1.5× `node -e 0`', ok: help.wallMs <= 1.5 * help.nodeMs, measured: `${help.wallMs} ms / ${help.nodeMs} ms = ${ratio(help.wallMs, help.nodeMs)}` });
  else notRun('`meshops --help` ≤ 1.5× `node -e 0`');
  const validate = output.cli.find((c) => c.command === 'validate' && c.size === 'L');
  if (validate) out.push({ target: '`meshops validate` of L ≤ 500 ms wall', ok: validate.wallMs <= 500, measured: `${validate.wallMs} ms (node -e 0: ${validate.nodeMs} ms${validate.cpuMs !== undefined ? `; CPU ${validate.cpuMs} ms, node's ${validate.nodeCpuMs ?? '?'} ms` : ''})` });
  else notRun('`meshops validate` of L ≤ 500 ms wall');
  // Judged on the use-case's own peak where the bench could isolate it (Linux), not the setup's
  // (applying three meshes from empty); the in-process emulator's state is in it, and is shown.
  const useCasePeak = (s: ScenarioFigures) => s.useCasePeakRssMb ?? s.peakRssMb;
  const xl = output.scenarios.filter((s) => s.size === 'XL' && s.target === undefined).sort((a, b) => useCasePeak(b) - useCasePeak(a))[0];
  if (xl) {
    const detail = xl.useCasePeakRssMb === undefined ? 'setup included' : `the process with its setup: ${xl.peakRssMb} MB`;
    const emulator = xl.emulatorStateMb === undefined ? '' : `; the in-process emulator's state holds ${xl.emulatorStateMb} MB of heap`;
    out.push({ target: 'peak RSS at XL < 256 MB', ok: useCasePeak(xl) < 256, measured: `${useCasePeak(xl)} MB (${xl.name}; ${detail}${emulator})` });
  }
  else notRun('peak RSS at XL < 256 MB');
  if (output.bundles.length) {
    const biggest = [...output.bundles].sort((a, b) => b.bytes - a.bytes)[0];
    const slowest = [...output.bundles].sort((a, b) => b.coldRequireMs - a.coldRequireMs)[0];
    out.push({ target: 'each bundle ≤ 1 MB (1,000,000 bytes)', ok: biggest.bytes <= BUNDLE_BUDGET_BYTES, measured: `largest ${biggest.function} ${biggest.bytes.toLocaleString('en-US')} bytes` });
    out.push({ target: 'each cold require ≤ 200 ms', ok: slowest.coldRequireMs <= 200, measured: `slowest ${slowest.function} ${slowest.coldRequireMs} ms` });
  }
  return out;
}

function pad(value: string, width: number, right = true): string {
  return right ? value.padStart(width) : value.padEnd(width);
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

export interface TableInput {
  output: BenchOutput;
  /** Pinned concurrency; undefined: adaptive from 10. */
  concurrency: number | undefined;
  results: ScenarioResult[];
  bundleReport?: BundleReport;
  /** Per scenario, the spread over repeated runs: `wall min–max`. */
  spread?: Map<string, string>;
  countsConsistent?: boolean;
}

/** A scenario's name in the table: the Lattice runs say so. */
function scenarioLabel(r: ScenarioResult): string {
  return r.target ? `${r.name} (${r.target})` : r.name;
}

/** The readable report. */
export function renderTable(input: TableInput): string {
  const { output, results } = input;
  const lines: string[] = [];
  const m = output.machine;
  lines.push(`meshops benchmarks · ${output.date} · ${m.cpus} × ${m.cpuModel} · Node ${m.node} · load ${m.loadAverage.toFixed(2)}`);
  lines.push(`latency ${output.latencyMs} ms per call · concurrency ${input.concurrency ?? 'adaptive from 10'}`);
  lines.push('');
  const header = ['size', 'scenario', 'wall ms', 'floor ms', '×floor', 'TF ms', 'ours/TF', 'TF calls', 'seq ms', 'API calls', 'CPU ms', 'peak RSS MB', 'use-case RSS', 'emulator MB', 'conc'];
  const widths = [4, 21, 9, 9, 7, 9, 8, 9, 9, 10, 8, 12, 12, 11, 9];
  lines.push(header.map((h, i) => pad(h, widths[i], i > 1)).join('  '));
  for (const r of results) {
    lines.push(
      [
        r.size,
        scenarioLabel(r),
        fmt(r.wallMs),
        fmt(r.floorMs),
        r.floorMs ? ratio(r.wallMs, r.floorMs) : '–',
        fmt(r.terraformMs),
        r.terraformMs ? ratio(r.wallMs, r.terraformMs) : '–',
        fmt(r.terraformCalls),
        fmt(r.baselineMs),
        fmt(r.apiCalls),
        fmt(r.cpuMs),
        fmt(r.peakRssMb, 1),
        fmt(r.useCasePeakRssMb, 1),
        fmt(r.emulatorStateMb, 1),
        r.extra.concurrency ? `${r.extra.concurrency.low}–${r.extra.concurrency.peak}` : '–',
      ]
        .map((v, i) => pad(v, widths[i], i > 1))
        .join('  '),
    );
  }
  lines.push('peak RSS: the child process, setup included · use-case RSS: the measured call alone (its peak reset as it starts) · emulator MB: the heap the in-process emulator’s state holds');
  lines.push('');
  lines.push('Floor (critical-path-first list schedule of the unavoidable calls; exact where it meets the lower bound, see BENCHMARKS.md):');
  for (const r of results) {
    const f = r.extra.floor;
    if (!f) continue;
    const exact = f.scheduleRounds === f.lowerBoundRounds ? 'exact' : `optimum between ${f.lowerBoundMs} and ${f.floorMs} ms`;
    lines.push(`  ${r.size} ${pad(scenarioLabel(r), 21, false)} ${fmt(f.calls)} unavoidable calls, critical path ${f.criticalPath}, ${f.scheduleRounds} rounds (${exact})${r.extra.baselineCalls !== undefined ? `; baseline made ${fmt(r.extra.baselineCalls)} calls` : ''}`);
  }
  const notes = results.flatMap((r) => r.extra.notes.map((n) => `  ${r.size} ${scenarioLabel(r)}: ${n}`));
  const spread = input.spread ? [...input.spread].map(([k, v]) => `  ${k}: ${v}`) : [];
  if (notes.length || spread.length) lines.push('', 'Notes:', ...notes, ...spread);
  if (input.countsConsistent !== undefined) lines.push(`  call counts identical across repeated runs: ${input.countsConsistent ? 'yes' : 'NO'}`);
  const checks = results.flatMap((r) => r.extra.checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${r.size} ${scenarioLabel(r)}: ${c.name}${c.detail ? ` (${c.detail})` : ''}`));
  if (checks.length) lines.push('', 'Checks:', ...checks);
  if (input.bundleReport) {
    lines.push('', `Lambda bundles (${input.bundleReport.source}; cold require: median of ${Object.values(input.bundleReport.samples)[0]?.length ?? 0} fresh node processes):`);
    for (const b of input.bundleReport.bundles) {
      const samples = input.bundleReport.samples[b.function] ?? [];
      lines.push(`  ${pad(b.function, 10, false)} ${pad(fmt(b.bytes), 10)} bytes  ${pad(fmt(b.coldRequireMs, 1), 6)} ms  (min ${fmt(Math.min(...samples), 1)}, max ${fmt(Math.max(...samples), 1)})`);
    }
  }
  if (output.cli.length) {
    lines.push('', 'CLI, whole processes (median wall ms, and CPU ms; node -e 0 beside it):');
    const cpu = (ms: number | undefined) => (ms === undefined ? '' : ` (CPU ${fmt(ms)} ms)`);
    for (const c of output.cli) lines.push(`  ${pad(`${c.command}${c.size ? ` ${c.size}` : ''}`, 12, false)} ${pad(fmt(c.wallMs), 7)} ms${cpu(c.cpuMs)}   node ${fmt(c.nodeMs)} ms${cpu(c.nodeCpuMs)}`);
  }
  const targets = evaluateTargets(output, input.concurrency, results.filter((r) => r.target === undefined).flatMap((r) => r.extra.checks.map((check) => ({ size: r.size, name: r.name, check }))));
  lines.push('', `Targets (L, 20 ms per call, adaptive concurrency)${output.latencyMs === 20 && input.concurrency === undefined ? '' : ': this run uses other settings, so the timing targets are shown but not judged'}:`);
  for (const t of targets) lines.push(`  ${t.ok === undefined ? '·' : t.ok ? '✓' : '✗'} ${t.target}: ${t.measured}`);
  return lines.join('\n');
}
