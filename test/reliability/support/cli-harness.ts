import { Readable, Writable } from 'node:stream';
import { Emulator, listen, type EmulatorOptions, type RunningServer } from '../../../lib/emulator';
import { runCli } from '../../../lib/cli/main';

/** The operations that change the account: anything else only reads. */
export const WRITE_OPERATION = /^(Create|Update|Delete|Tag|Untag|Register|Deregister)/;

export function writeCalls(byOperation: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(byOperation).filter(([op]) => WRITE_OPERATION.test(op)));
}

export interface EmulatorServer {
  emulator: Emulator;
  server: RunningServer;
  url: string;
  stop(): Promise<void>;
}

/** An in-process emulator behind a real HTTP port, so the CLI under test talks to it as to any endpoint (`--endpoint`). */
export async function startEmulatorServer(options: EmulatorOptions = {}): Promise<EmulatorServer> {
  const emulator = new Emulator(options);
  const server = await listen((r) => emulator.handle(r), 0);
  return { emulator, server, url: server.url, stop: () => server.close() };
}

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `meshops <argv>` in this process, with captured output and no terminal. */
export async function meshops(argv: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = Object.assign(Readable.from([]), { isTTY: false });
  const code = await runCli({ argv, stdout, stderr, stdin, cwd, env: { NO_COLOR: '1', ...env } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
