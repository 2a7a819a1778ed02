import { Readable, Writable } from 'node:stream';
import type { CliContext } from '../../lib/cli/command';
import { runCli } from '../../lib/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(isTTY: boolean): Writable & { text: string; isTTY: boolean } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.text += chunk.toString();
      cb();
    },
  }) as Writable & { text: string; isTTY: boolean };
  w.text = '';
  w.isTTY = isTTY;
  return w;
}

/** Runs `meshops <argv>` in-process with captured streams (not a terminal unless `tty`). */
export async function cli(argv: string[], options: { cwd: string; tty?: boolean; input?: string; env?: Record<string, string> }): Promise<CliRun> {
  const stdout = sink(options.tty ?? false);
  const stderr = sink(options.tty ?? false);
  const stdin = Readable.from(options.input !== undefined ? [options.input] : []) as Readable & { isTTY?: boolean };
  stdin.isTTY = options.tty ?? false;
  const ctx: CliContext = { argv, stdout, stderr, stdin, cwd: options.cwd, env: { NO_COLOR: '1', ...options.env } };
  const code = await runCli(ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
