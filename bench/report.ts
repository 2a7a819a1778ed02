/**
 * The bench's output: the JSON object of docs/design.md §6, the readable table, and the targets of issue 6
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

export interface BenchOutput {
  machine: Machine;
  date: string;
  latencyMs: number;
  scenarios: ScenarioFigures[];
  bundles: BundleFigure[];
}

export function figuresOf(r: ScenarioResult): ScenarioFigures {
  return {
    size: r.size,
    name: r.name,
    wallMs: r.wallMs,
    ...(r.floorMs !== undefined ? { floorMs: r.floorMs } : {}),
    ...(r.baselineMs !== undefined ? { baselineMs: r.baselineMs } : {}),
    apiCalls: r.apiCalls,
    callsByOperation: r.callsByOperation,
    cpuMs: r.cpuMs,
    peakRssMb: r.peakRssMb,
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

/** Issue 6's targets (on L, at 20 ms per call and the default concurrency). */
export function evaluateTargets(output: BenchOutput, concurrency: number, checks: { size: string; name: string; check: Check }[]): TargetResult[] {
  const L = (name: ScenarioName) => output.scenarios.find((s) => s.size === 'L' && s.name === name);
  const standard = output.latencyMs === 20 && concurrency === 8;
  const out: TargetResult[] = [];
  const floorTarget = (name: ScenarioName, label: string, max: number) => {
    const s = L(name);
    if (!s || s.floorMs === undefined) return out.push({ target: label, measured: 'not run' });
    out.push({ target: label, ...(standard ? { ok: s.wallMs <= max * s.floorMs } : {}), measured: `${Math.round(s.wallMs)} ms / ${s.floorMs} ms = ${ratio(s.wallMs, s.floorMs)}` });
  };
  floorTarget('cold-plan', 'cold plan ≤ 1.5× floor', 1.5);
  const cold = L('cold-plan');
  const warm = L('warm-drift');
  out.push(
    cold && warm
      ? { target: 'warm drift ≤ 10% of the cold plan’s API calls', ok: warm.apiCalls <= 0.1 * cold.apiCalls, measured: `${warm.apiCalls} / ${cold.apiCalls} = ${((100 * warm.apiCalls) / cold.apiCalls).toFixed(1)}%` }
      : { target: 'warm drift ≤ 10% of the cold plan’s API calls', measured: 'not run' },
  );
  floorTarget('apply-empty', 'apply from empty ≤ 2× floor', 2);
  const touched = checks.find((c) => c.size === 'L' && c.name === 'apply-5pct' && c.check.name.startsWith('writes touch'));
  out.push(touched ? { target: 'apply of the 5% change writes only the changed resources', ok: touched.check.ok, measured: touched.check.ok ? 'exactly the changed resources' : touched.check.detail ?? 'no' } : { target: 'apply of the 5% change writes only the changed resources', measured: 'not run' });
  const pure = L('pure-plan');
  out.push(pure ? { target: 'pure plan step < 200 ms CPU', ok: pure.cpuMs < 200, measured: `${pure.cpuMs} ms` } : { target: 'pure plan step < 200 ms CPU', measured: 'not run' });
  const largest = output.scenarios.filter((s) => s.size === 'L').sort((a, b) => b.peakRssMb - a.peakRssMb)[0];
  out.push(largest ? { target: 'peak RSS < 256 MB', ok: largest.peakRssMb < 256, measured: `${largest.peakRssMb} MB (${largest.name})` } : { target: 'peak RSS < 256 MB', measured: 'not run' });
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
  concurrency: number;
  results: ScenarioResult[];
  bundleReport?: BundleReport;
  /** Per scenario, the spread over repeated runs: `wall min–max`. */
  spread?: Map<string, string>;
  countsConsistent?: boolean;
}

/** The readable report. */
export function renderTable(input: TableInput): string {
  const { output, results } = input;
  const lines: string[] = [];
  const m = output.machine;
  lines.push(`meshops benchmarks · ${output.date} · ${m.cpus} × ${m.cpuModel} · Node ${m.node} · load ${m.loadAverage.toFixed(2)}`);
  lines.push(`latency ${output.latencyMs} ms per call · concurrency ${input.concurrency}`);
  lines.push('');
  const header = ['size', 'scenario', 'wall ms', 'floor ms', '×floor', 'baseline ms', 'ours/base', 'API calls', 'CPU ms', 'peak RSS MB'];
  const widths = [4, 11, 9, 9, 7, 12, 10, 10, 8, 12];
  lines.push(header.map((h, i) => pad(h, widths[i], i > 1)).join('  '));
  for (const r of results) {
    lines.push(
      [
        r.size,
        r.name,
        fmt(r.wallMs),
        fmt(r.floorMs),
        r.floorMs ? ratio(r.wallMs, r.floorMs) : '–',
        fmt(r.baselineMs),
        r.baselineMs ? ratio(r.wallMs, r.baselineMs) : '–',
        fmt(r.apiCalls),
        fmt(r.cpuMs),
        fmt(r.peakRssMb, 1),
      ]
        .map((v, i) => pad(v, widths[i], i > 1))
        .join('  '),
    );
  }
  lines.push('');
  lines.push('Floor (critical-path-first list schedule of the unavoidable calls; exact where it meets the lower bound, see BENCHMARKS.md):');
  for (const r of results) {
    const f = r.extra.floor;
    if (!f) continue;
    const exact = f.scheduleRounds === f.lowerBoundRounds ? 'exact' : `optimum between ${f.lowerBoundMs} and ${f.floorMs} ms`;
    lines.push(`  ${r.size} ${pad(r.name, 11, false)} ${fmt(f.calls)} unavoidable calls, critical path ${f.criticalPath}, ${f.scheduleRounds} rounds (${exact})${r.extra.baselineCalls !== undefined ? `; baseline made ${fmt(r.extra.baselineCalls)} calls` : ''}`);
  }
  const notes = results.flatMap((r) => r.extra.notes.map((n) => `  ${r.size} ${r.name}: ${n}`));
  const spread = input.spread ? [...input.spread].map(([k, v]) => `  ${k}: ${v}`) : [];
  if (notes.length || spread.length) lines.push('', 'Notes:', ...notes, ...spread);
  if (input.countsConsistent !== undefined) lines.push(`  call counts identical across repeated runs: ${input.countsConsistent ? 'yes' : 'NO'}`);
  const checks = results.flatMap((r) => r.extra.checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${r.size} ${r.name}: ${c.name}${c.detail ? ` (${c.detail})` : ''}`));
  if (checks.length) lines.push('', 'Checks:', ...checks);
  if (input.bundleReport) {
    lines.push('', `Lambda bundles (${input.bundleReport.source}; cold require: median of ${Object.values(input.bundleReport.samples)[0]?.length ?? 0} fresh node processes):`);
    for (const b of input.bundleReport.bundles) {
      const samples = input.bundleReport.samples[b.function] ?? [];
      lines.push(`  ${pad(b.function, 10, false)} ${pad(fmt(b.bytes), 10)} bytes  ${pad(fmt(b.coldRequireMs, 1), 6)} ms  (min ${fmt(Math.min(...samples), 1)}, max ${fmt(Math.max(...samples), 1)})`);
    }
  }
  const targets = evaluateTargets(output, input.concurrency, results.flatMap((r) => r.extra.checks.map((check) => ({ size: r.size, name: r.name, check }))));
  lines.push('', `Targets (L, 20 ms per call, concurrency 8)${output.latencyMs === 20 && input.concurrency === 8 ? '' : ': this run uses other settings, so floor targets are shown but not judged'}:`);
  for (const t of targets) lines.push(`  ${t.ok === undefined ? '·' : t.ok ? '✓' : '✗'} ${t.target}: ${t.measured}`);
  return lines.join('\n');
}
