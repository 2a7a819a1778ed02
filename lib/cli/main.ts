import { parseArgs } from 'node:util';
import type { CliContext, Command } from './command';
import { UsageError } from './command';
import { commands } from './commands';

function helpText(list: Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length), 8);
  return [
    'meshops — GitOps for service meshes on AWS: VPC Lattice, App Mesh and Cloud Map',
    '',
    'Usage: meshops <command> [options] [repo-dir]',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `meshops <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

/** The same context for other arguments, its getters kept (a spread would call them: see `main`). */
function withArgv(ctx: CliContext, argv: string[]): CliContext {
  const next = Object.defineProperties({}, Object.getOwnPropertyDescriptors(ctx)) as CliContext;
  next.argv = argv;
  return next;
}

export async function runCli(ctx: CliContext, list: Command[] = commands): Promise<number> {
  const [name, ...rest] = ctx.argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(helpText(list));
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    ctx.stdout.write('meshops 0.1.0\n');
    return 0;
  }
  const command = list.find((c) => c.name === name);
  if (!command) {
    ctx.stderr.write(`meshops: unknown command "${name}"\n\n${helpText(list)}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(withArgv(ctx, rest));
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.stderr.write(`meshops ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      // `--max-deletes -1`: parseArgs takes "-1" for an option and calls the value "ambiguous".
      const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec((err as Error).message);
      const value = ambiguous ? rest[rest.indexOf(ambiguous[1]) + 1] : undefined;
      if (ambiguous && value !== undefined && /^-\d/.test(value)) {
        ctx.stderr.write(`meshops ${name}: ${ambiguous[1]} takes a whole number, 0 or more (got ${JSON.stringify(value)})\n`);
        return 1;
      }
      ctx.stderr.write(`meshops ${name}: ${(err as Error).message}\nRun \`meshops ${name} --help\` for usage.\n`);
      return 1;
    }
    // Anything else is a bug or an unexpected environment failure: one line, no stack trace.
    ctx.stderr.write(`meshops ${name}: ${(err as Error)?.message ?? String(err)}\n`);
    if (ctx.env.MESHOPS_DEBUG) ctx.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return 1;
  }
}

/**
 * A reader that goes away (`meshops schema | head -c 10`, `meshops apply … | true`) makes every
 * later write fail with EPIPE, emitted as an 'error' event that would crash the process in the
 * middle of whatever it was doing (an apply, holding its lock). The output has nowhere to go:
 * drop it and let the command finish, so an apply still completes, records and unlocks.
 */
function dropOutputOnceClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' || err.code === 'ECONNRESET') return;
    throw err;
  });
}

export function main(argv: string[]): Promise<number> {
  dropOutputOnceClosed(process.stdout);
  dropOutputOnceClosed(process.stderr);
  return runCli({
    argv,
    stdout: process.stdout,
    stderr: process.stderr,
    // Created when a command reads it (apply's question): setting up stdin costs milliseconds
    // that --help, validate and plan have no use for.
    get stdin() {
      return process.stdin;
    },
    cwd: process.cwd(),
    env: process.env,
  });
}

export { parseArgs };
