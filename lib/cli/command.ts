import type { Writable } from 'node:stream';

/** What a command gets from the process: arguments and streams, injectable in tests. */
export interface CliContext {
  argv: string[];
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface Command {
  name: string;
  /** One line for `meshops --help`. */
  summary: string;
  /** Full usage text for `meshops <name> --help`. */
  usage: string;
  /** Returns the process exit code. Errors a user caused are rendered and return non-zero, never thrown. */
  run(ctx: CliContext): Promise<number>;
}

/**
 * What a command's module exports. Its name and one-line summary live in the list of commands
 * (commands/index.ts), so that `meshops --help` loads no command module.
 */
export type CommandModule = Pick<Command, 'usage' | 'run'>;

/** An error in how the command was called: rendered as `meshops <cmd>: <message>` with exit code 1 (or `exitCode`). */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
