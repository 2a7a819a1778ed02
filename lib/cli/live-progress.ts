import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Engine } from '../app/engine';
import type { CallTimes, OperationTime } from '../aws/call-times';
import type { Operation } from '../plan/types';
import type { CliContext } from './command';

/** What the live line says: `  … reading live state: 640 of ~1,265 calls · slowest: GetService, 120 ms each`. */
export interface ProgressFigures {
  label: string;
  done: number;
  /** Known (an apply's operations) or estimated (`estimated`: a read's calls, from the previous read). */
  total?: number;
  estimated?: boolean;
  unit: 'calls' | 'operations';
  slowest?: OperationTime;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function progressText(f: ProgressFigures): string {
  const n = (x: number) => x.toLocaleString('en-US');
  // An estimate the read has outgrown says nothing: the count alone then.
  const of = f.total !== undefined && f.total >= f.done ? ` of ${f.estimated ? '~' : ''}${n(f.total)}` : '';
  const slowest = f.slowest ? ` · slowest: ${f.slowest.name}, ${formatMs(f.slowest.meanMs)}${f.slowest.count > 1 ? ' each' : ''}` : '';
  const unit = f.done === 1 && !of ? f.unit.slice(0, -1) : f.unit;
  return `  … ${f.label}: ${n(f.done)}${of} ${unit}${slowest}`;
}

/** A line that fits the terminal: a wrapped line could not be erased with `\r`. */
function fit(text: string, columns: number | undefined): string {
  if (!columns || text.length < columns) return text;
  return `${text.slice(0, Math.max(0, columns - 2))}…`;
}

export interface LiveLineOptions {
  /** --json: no live line (permanent lines still go to a terminal's stderr). */
  json?: boolean;
  /** Nothing is drawn before this (a short wait needs no progress); default 1 s. */
  delayMs?: number;
  /** Redrawn at most this often, and only when its text changed; default 250 ms. */
  everyMs?: number;
}

/**
 * Progress on stderr, only on a terminal: permanent lines (`log`, e.g. each operation of an apply)
 * and, after a second, one live line redrawn in place until `stop` erases it. Nothing at all on a
 * pipe; no live line with --json.
 */
export class LiveLine {
  private shown = '';
  private start?: ReturnType<typeof setTimeout>;
  private every?: ReturnType<typeof setInterval>;
  private stopped = false;

  constructor(
    private readonly stream: CliContext['stderr'] & { columns?: number },
    private readonly render: () => string,
    options: LiveLineOptions = {},
  ) {
    if (!stream.isTTY || options.json) return;
    this.start = setTimeout(() => {
      this.draw();
      this.every = setInterval(() => this.draw(), options.everyMs ?? 250);
    }, options.delayMs ?? 1000);
  }

  /** An empty text draws nothing (nothing started yet: an apply waiting for its lock). */
  private draw(): void {
    const text = fit(this.render(), this.stream.columns);
    if (text === this.shown) return;
    this.stream.write(`\r\x1b[K${text}`);
    this.shown = text;
  }

  /** A line that stays, printed above the live one (on a terminal only). */
  log(message: string): void {
    if (!this.stream.isTTY) return;
    this.stream.write(`${this.shown ? '\r\x1b[K' : ''}  … ${message}\n${this.shown}`);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.start);
    clearInterval(this.every);
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = '';
  }
}

/**
 * The calls the last read of the same repository against the same target took, kept in the state
 * directory: the total the next read's live line counts towards (an estimate: a warm read takes
 * fewer). Best effort: an unreadable or unwritable file only loses the estimate.
 */
export class ReadEstimates {
  constructor(private readonly file: string) {}

  private all(): Record<string, number> {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, number>) : {};
    } catch {
      return {};
    }
  }

  get(key: string): number | undefined {
    const calls = this.all()[key];
    return typeof calls === 'number' && Number.isInteger(calls) && calls > 0 ? calls : undefined;
  }

  set(key: string, calls: number): void {
    if (calls <= 0) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ ...this.all(), [key]: calls }, null, 2)}\n`);
      renameSync(tmp, this.file);
    } catch {
      // the estimate is a nicety
    }
  }
}

/** Where a read's estimate lives: per repository and target (endpoint and region). */
export function readEstimatesFor(stateDir: string, engine: Pick<Engine, 'cacheScope'>, repo: string): { store: ReadEstimates; key: string } {
  return { store: new ReadEstimates(join(stateDir, 'read-calls.json')), key: `${repo} ${engine.cacheScope}` };
}

/** A live read's progress: calls done (of the previous read's count) and the slowest API operation. */
export class ReadProgress {
  readonly line: LiveLine;
  private readonly startCalls: number;

  constructor(
    ctx: CliContext,
    private readonly engine: { policy: { readonly calls: number }; callTimes: Pick<CallTimes, 'slowest'> },
    private readonly estimates: { store: ReadEstimates; key: string },
    options: LiveLineOptions = {},
  ) {
    this.startCalls = engine.policy.calls;
    const total = estimates.store.get(estimates.key);
    this.line = new LiveLine(
      ctx.stderr,
      () => this.calls() === 0 ? '' : progressText({ label: 'reading live state', done: this.calls(), ...(total !== undefined ? { total, estimated: true } : {}), unit: 'calls', ...optional('slowest', engine.callTimes.slowest()) }),
      options,
    );
  }

  calls(): number {
    return this.engine.policy.calls - this.startCalls;
  }

  /** The read is over: erase the line and remember its calls for the next read. */
  finish(): void {
    this.line.stop();
    this.estimates.store.set(this.estimates.key, this.calls());
  }
}

/**
 * An apply's progress: operations done of the plan's, and the slowest API operation since the
 * apply began (an operation's own time would mostly be its wait for a free slot: a step's
 * operations all start at once and queue for the concurrency limit).
 */
export class ApplyProgress {
  readonly line: LiveLine;
  private done = 0;

  constructor(ctx: CliContext, total: number, callTimes: Pick<CallTimes, 'slowest' | 'mark'>, options: LiveLineOptions = {}) {
    const since = callTimes.mark();
    this.line = new LiveLine(ctx.stderr, () => progressText({ label: 'applying', done: this.done, total, unit: 'operations', ...optional('slowest', callTimes.slowest(since)) }), options);
  }

  before(op: Operation): void {
    this.line.log(`${op.type} ${op.id}`);
  }

  after(): void {
    this.done++;
  }
}

/**
 * The live lines of an apply run (`apply`, `drift --remediate`): its re-plan's read, then, once the
 * plan is known, its operations. One line at a time; the apply's messages go above whichever shows.
 */
export class ApplyRunProgress {
  private readonly reading: ReadProgress;
  private line: LiveLine;
  private applying: ApplyProgress | undefined;
  private total = 0;

  constructor(
    private readonly ctx: CliContext,
    private readonly engine: ConstructorParameters<typeof ReadProgress>[1] & { callTimes: Pick<CallTimes, 'slowest' | 'mark'> },
    estimates: { store: ReadEstimates; key: string },
    private readonly options: LiveLineOptions = {},
  ) {
    this.reading = new ReadProgress(ctx, engine, estimates, options);
    this.line = this.reading.line;
  }

  /** The re-plan is made: its read is over, and its operations are the apply's total. */
  planned(plan: { steps: readonly (readonly unknown[])[] }): void {
    this.reading.finish();
    this.total = operationCount(plan);
  }

  /** The hooks `applyDesired` takes. */
  readonly hooks = {
    onProgress: (message: string): void => this.line.log(message),
    beforeOperation: (op: Operation): void => {
      this.applying ??= new ApplyProgress(this.ctx, this.total, this.engine.callTimes, this.options);
      this.line = this.applying.line;
      this.applying.before(op);
    },
    afterOperation: (): void => this.applying?.after(),
  };

  stop(): void {
    this.reading.line.stop();
    this.applying?.line.stop();
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The operations of a plan. */
export function operationCount(plan: { steps: readonly (readonly unknown[])[] }): number {
  return plan.steps.reduce((n, s) => n + s.length, 0);
}
