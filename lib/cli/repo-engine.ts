import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Engine, Target } from '../app/engine';
import { DEFAULT_CONCURRENCY } from '../aws/call-policy';
import { loadEmulator, loadEngine } from './lazy';
import { countDiagnostics, loadDesiredState, renderDiagnostics, type Diagnostic } from '../model';
import { REGION_PATTERN } from '../model/settings-shapes';
import type { DesiredState } from '../resources/types';
import { readLocalSnapshot, SourceError, type RepoSnapshot } from '../source';
import { LocalStateStore } from '../state/local-state-store';
import type { CliContext } from './command';
import { UsageError } from './command';
import { useColor } from './commands/validate';

/** Options every command that talks to the mesh APIs takes. */
export const TARGET_OPTIONS = {
  endpoint: { type: 'string' },
  aws: { type: 'boolean' },
  region: { type: 'string' },
  concurrency: { type: 'string' },
  'state-dir': { type: 'string' },
} as const;

export const TARGET_USAGE = `Target (default: the embedded emulator, its state in .meshops/ of the working directory):
  --endpoint URL     any compatible endpoint (\`meshops emulator\`, moto's server)
  --aws              the real AWS account, through the default credential chain
  --region R         override meshops.yaml's region
  --concurrency N    pin the concurrent AWS calls to N (default: start at 10, halve on
                     throttling, grow while calls succeed, up to 40)
  --state-dir DIR    where meshops keeps its records and the embedded emulator's state (default .meshops)`;

/** What a terminal shows during a long run (plan, apply, drift). */
export const PROGRESS_USAGE = `Progress: on a terminal, a read or an apply that takes longer than a second shows one live line
on stderr, erased when it ends: calls done (of the previous read's count, kept in the state
directory) or operations done of the plan's, and the slowest kind so far. Nothing on a pipe or
with --json.`;

export interface TargetValues {
  endpoint?: string;
  aws?: boolean;
  region?: string;
  concurrency?: string;
  'state-dir'?: string;
}

export function positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} takes a positive integer (got ${JSON.stringify(value)})`);
  return Number(value);
}

export function nonNegativeInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number (got ${JSON.stringify(value)})`);
  return Number(value);
}

/** `10m`, `30s`, `1h`, `500ms` or plain milliseconds. */
export function duration(value: string | undefined, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const m = /^(\d+)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new UsageError(`${flag} takes a duration such as 30s, 10m or 1h (got ${JSON.stringify(value)})`);
  const n = Number(m[1]);
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
}

/** `--region`, checked like meshops.yaml's `region`. */
export function regionOption(value: string | undefined): string | undefined {
  if (value !== undefined && !new RegExp(REGION_PATTERN).test(value)) throw new UsageError(`--region takes an AWS region name such as us-east-1 (got ${JSON.stringify(value)})`);
  return value;
}

/**
 * The region a run talks to: `--region` when given (it then replaces the settings' region in the
 * desired state, so the plan and its footer say where it runs), else meshops.yaml's.
 */
export function applyRegionOption(repo: LoadedRepo, value: string | undefined): string {
  const region = regionOption(value);
  if (region !== undefined) repo.desired = { ...repo.desired, settings: { ...repo.desired.settings, region } };
  return repo.desired.settings.region;
}

export function stateDir(ctx: CliContext, values: TargetValues): string {
  return resolve(ctx.cwd, values['state-dir'] ?? '.meshops');
}

export function targetOf(ctx: CliContext, values: TargetValues): Target {
  if (values.endpoint && values.aws) throw new UsageError('choose one target: --endpoint or --aws');
  if (values.endpoint) {
    try {
      const url = new URL(values.endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    } catch {
      throw new UsageError(`--endpoint takes an http(s) URL (got ${JSON.stringify(values.endpoint)})`);
    }
    return { kind: 'endpoint', url: values.endpoint };
  }
  if (values.aws) return { kind: 'aws' };
  return { kind: 'embedded', stateFile: join(stateDir(ctx, values), 'emulator', 'state.json') };
}

/**
 * The SDK clients and the emulator are loaded here, on first use, not when the CLI starts:
 * `meshops --help` and `validate` never need them (they are most of the CLI's start-up time).
 */
export async function buildEngine(ctx: CliContext, values: TargetValues, region: string): Promise<Engine> {
  const target = targetOf(ctx, values);
  const concurrency = values.concurrency !== undefined ? positiveInteger(values.concurrency, '--concurrency', DEFAULT_CONCURRENCY) : undefined;
  const store = new LocalStateStore({ dir: stateDir(ctx, values) });
  const { createEngine } = loadEngine();
  const emulator = target.kind === 'embedded' ? new (loadEmulator().Emulator)({ ...(target.stateFile ? { stateFile: target.stateFile } : {}), region }) : undefined;
  return createEngine(target, { region, store, ...(concurrency !== undefined ? { concurrency } : {}), ...(emulator ? { emulator } : {}) });
}

/** The state store's key for a repo run from the CLI: its owner when that reads `owner/name`. */
export function repoKey(settings: DesiredState['settings']): string {
  const parts = settings.owner.split('/');
  return parts.length === 2 && parts[0] && parts[1] ? settings.owner : `local/${settings.owner || 'unowned'}`;
}

export function cliHolder(): string {
  return `cli:${hostname()}:${process.pid}`;
}

export interface LoadedRepo {
  dir: string;
  shown: string;
  snapshot: RepoSnapshot;
  desired: DesiredState;
  warnings: Diagnostic[];
}

/**
 * Reads and validates a repo directory. On errors it prints them (or, with --json, a JSON object
 * with them) and returns the exit code instead.
 */
export async function loadRepoOrReport(ctx: CliContext, dirArg: string | undefined, json: boolean): Promise<LoadedRepo | number> {
  const shown = dirArg ?? '.';
  const dir = resolve(ctx.cwd, shown);
  let snapshot: RepoSnapshot;
  try {
    snapshot = await readLocalSnapshot(dir);
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    if (json) ctx.stdout.write(`${JSON.stringify({ errors: [{ severity: 'error', code: 'repo-unreadable', message: err.message }] }, null, 2)}\n`);
    else ctx.stderr.write(`${err.message}\n`);
    return 1;
  }
  const result = loadDesiredState(snapshot);
  if (!result.state) {
    if (json) ctx.stdout.write(`${JSON.stringify({ errors: result.diagnostics.filter((d) => d.severity === 'error'), warnings: result.diagnostics.filter((d) => d.severity === 'warning') }, null, 2)}\n`);
    else ctx.stderr.write(`${renderDiagnostics(result.diagnostics, { color: useColor(ctx), files: snapshot.files })}\n${shown}: invalid — ${countDiagnostics(result.diagnostics)}; nothing was planned\n`);
    return 1;
  }
  return { dir, shown, snapshot, desired: result.state, warnings: result.diagnostics.filter((d) => d.severity === 'warning') };
}
