import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { processAlive } from '../../state/process-info';

/**
 * The emulated account's state: one JSON-serialisable object per service (`appmesh`, `cloudmap`),
 * each owned by that service's module. Handlers validate fully before they mutate, so a thrown API
 * error never leaves a half-applied change behind.
 */
export type EmulatorState = Record<string, unknown>;

export interface StateStore {
  /** Runs `fn` on the latest state without changing it. */
  read<T>(fn: (state: EmulatorState) => T): T;
  /** Runs `fn` with exclusive access; what it changes is persisted before this returns. */
  write<T>(fn: (state: EmulatorState) => T): T;
}

export class MemoryStateStore implements StateStore {
  constructor(private state: EmulatorState = {}) {}
  read<T>(fn: (state: EmulatorState) => T): T {
    return fn(this.state);
  }
  write<T>(fn: (state: EmulatorState) => T): T {
    return fn(this.state);
  }
  snapshot(): EmulatorState {
    return structuredClone(this.state);
  }
}

/**
 * Why parsed JSON cannot be an emulator state, or undefined. A state is an object with one object
 * per service, whose collections are objects, lists or counters: `[]` would take every write and
 * keep none (JSON drops an array's named properties), `null` would fail every call.
 */
export function stateShapeProblem(value: unknown): string | undefined {
  const what = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `it holds ${what(value)}, not an object with one entry per service`;
  for (const [service, section] of Object.entries(value)) {
    if (typeof section !== 'object' || section === null || Array.isArray(section)) return `"${service}" holds ${what(section)}, not an object`;
    for (const [key, member] of Object.entries(section)) {
      if (member === null || typeof member === 'boolean') return `"${service}.${key}" holds ${what(member)}`;
    }
  }
  return undefined;
}

export class StateFileError extends Error {
  override name = 'StateFileError';
}

interface FileIdentity {
  mtimeMs: number;
  size: number;
  ino: number;
}

/**
 * State persisted in a JSON file so that separate processes (`meshops emulator --state`, CLI runs)
 * share one simulated account. Writes take a lock file (O_EXCL), re-read the file if another
 * process changed it, and replace it atomically (write a temporary file, fsync, rename).
 */
export class FileStateStore implements StateStore {
  /** The file existed but was empty when first read (said at startup: not an account's state). */
  startedEmpty = false;
  private state: EmulatorState = {};
  private loadedFrom: FileIdentity | undefined;
  private readonly lockPath: string;

  constructor(
    readonly path: string,
    private readonly options: { lockTimeoutMs?: number; staleLockMs?: number; shapeProblem?: (state: unknown) => string | undefined } = {},
  ) {
    this.lockPath = `${path}.lock`;
    mkdirSync(dirname(path), { recursive: true });
    this.reloadIfChanged();
  }

  read<T>(fn: (state: EmulatorState) => T): T {
    this.reloadIfChanged();
    return fn(this.state);
  }

  write<T>(fn: (state: EmulatorState) => T): T {
    this.acquireLock();
    try {
      this.reloadIfChanged();
      let result: T;
      try {
        result = fn(this.state);
      } catch (err) {
        // Handlers throw before mutating; still, never keep an in-memory state the file does not have.
        this.loadedFrom = undefined;
        throw err;
      }
      this.persist();
      return result;
    } finally {
      this.releaseLock();
    }
  }

  private identity(): FileIdentity | undefined {
    try {
      const s = statSync(this.path);
      return { mtimeMs: s.mtimeMs, size: s.size, ino: s.ino };
    } catch {
      return undefined;
    }
  }

  private reloadIfChanged(): void {
    const id = this.identity();
    if (!id) {
      // The file was removed (or never existed): an empty account.
      if (this.loadedFrom) this.state = {};
      this.loadedFrom = undefined;
      return;
    }
    if (this.loadedFrom && id.mtimeMs === this.loadedFrom.mtimeMs && id.size === this.loadedFrom.size && id.ino === this.loadedFrom.ino) return;
    const text = readFileSync(this.path, 'utf8');
    let parsed: unknown;
    try {
      parsed = text.trim() ? JSON.parse(text) : {};
    } catch (err) {
      throw new StateFileError(`emulator state file ${this.path} is not valid JSON; move it away to start afresh`, { cause: err });
    }
    const problem = typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) ? stateShapeProblem(parsed) : this.options.shapeProblem?.(parsed);
    if (problem) throw new StateFileError(`emulator state file ${this.path} is not an emulator state: ${problem}; move it away to start afresh`);
    if (!this.loadedFrom && !text.trim()) this.startedEmpty = true;
    this.state = parsed as EmulatorState;
    this.loadedFrom = id;
  }

  private persist(): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(this.state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    this.loadedFrom = this.identity();
  }

  private acquireLock(): void {
    const timeoutMs = this.options.lockTimeoutMs ?? 30_000;
    const staleMs = this.options.staleLockMs ?? 10_000;
    const started = Date.now();
    const me = JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() });
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(this.lockPath, 'wx');
        writeSync(fd, me);
        closeSync(fd);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      if (this.lockIsStale(staleMs)) {
        try {
          unlinkSync(this.lockPath);
        } catch {
          /* another process took it over first */
        }
        continue;
      }
      if (Date.now() - started > timeoutMs) {
        throw new StateFileError(`timed out after ${timeoutMs} ms waiting for the emulator state lock ${this.lockPath}`);
      }
      sleepSync(Math.min(50, 2 + attempt));
    }
  }

  private lockIsStale(staleMs: number): boolean {
    try {
      const holder = JSON.parse(readFileSync(this.lockPath, 'utf8')) as { pid: number; host: string; at: number };
      if (holder.host === hostname() && !processAlive(holder.pid)) return true;
      return Date.now() - holder.at > staleMs;
    } catch {
      // Unreadable or half-written lock: stale once it is old enough.
      try {
        return Date.now() - statSync(this.lockPath).mtimeMs > staleMs;
      } catch {
        return true;
      }
    }
  }

  private releaseLock(): void {
    try {
      unlinkSync(this.lockPath);
    } catch {
      /* already gone */
    }
  }

  /** For tests: whether a state file exists. */
  exists(): boolean {
    return existsSync(this.path);
  }

  /** Replace the whole state (tests, `--reset`). */
  reset(state: EmulatorState = {}): void {
    this.write((s) => {
      for (const k of Object.keys(s)) delete s[k];
      Object.assign(s, state);
    });
  }
}


const sleepBuffer = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepBuffer, 0, 0, ms);
}
