import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Emulator, EmulatorOptions, RunningServer } from '../../emulator';
import type { WireRequest, WireResponse } from '../../emulator/wire/types';
import type { CliContext, CommandModule } from '../command';
import { UsageError } from '../command';
import { loadEmulator } from '../lazy';
import { REGION_PATTERN } from '../../model/settings-shapes';
import { untilSignal } from '../until-signal';

/**
 * 4566 is the port LocalStack made the customary local AWS endpoint, so tools and scripts already
 * set up for `http://localhost:4566` work unchanged; `--port 0` takes any free port.
 */
export const DEFAULT_EMULATOR_PORT = 4566;

export const EMULATOR_USAGE = `Usage: meshops emulator [options]

Serves the embedded AWS App Mesh (restJson1), AWS Cloud Map (awsJson1_1), Amazon VPC Lattice
(restJson1) and Resource Groups Tagging (GetResources, awsJson1_1) APIs on one HTTP port,
for any AWS client: the AWS CLI and SDKs with --endpoint-url, or meshops --endpoint. Runs until
interrupted (Ctrl-C, SIGTERM).

Options:
  --port N                 port to listen on (default ${DEFAULT_EMULATOR_PORT}; 0 picks a free port)
  --host HOST              address to bind (default 127.0.0.1)
  --state FILE             keep the account's state in FILE (shared by processes; default: in memory)
  --account ID             12-digit account id of the emulated account (default 111122223333)
  --region REGION          region in ARNs (default us-east-1)
  --latency-ms N           delay every call by N ms
  --latency-jitter-ms N    add a random 0..N ms to every call
  --throttle-rate R        answer this share of calls (0..1) with the throttling error
  --error-rate R           answer this share of calls (0..1) with a server error (half after committing)
  --seed N                 seed for injected faults and generated ids (same seed, same faults)
  --cloudmap-delay-ms N    how long Cloud Map operations stay SUBMITTED/PENDING (default 0)
  --cloudmap-fail          make Cloud Map operations end in FAIL
  --cloudmap-health-delay-ms N
                           how long a custom health status set by UpdateInstanceCustomHealthStatus
                           takes to show (default 0: at once; AWS documents about 30000)
  --lattice-delay-ms N     how long VPC Lattice resources stay *_IN_PROGRESS and targets INITIAL or
                           DRAINING (default 0: settled from the next call)
  --tagging-lag-ms N       show each tag change in GetResources N ms late (an eventually consistent index)
  --verbose                print one line per request on stderr

Cloud Map's DiscoverInstances: its model puts "data-" before the endpoint's host, and
data-127.0.0.1 does not resolve. Turn the host prefix off in the client: boto3
Config(inject_host_prefix=False), JavaScript SDK v3 { disableHostPrefix: true }.
`;

export interface EmulatorFlags {
  port: number;
  host: string;
  options: EmulatorOptions;
  verbose: boolean;
}

function number(flag: string, raw: string | undefined, { min, max, integer }: { min: number; max?: number; integer?: boolean }): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const ok = raw.trim() !== '' && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && (max === undefined || value <= max);
  if (!ok) {
    const kind = integer ? 'an integer' : 'a number';
    const range = max === undefined ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${flag} must be ${kind} ${range} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** Parses and checks the flags; every mistake is a UsageError naming the flag. */
export function parseEmulatorFlags(argv: string[], cwd: string): EmulatorFlags {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      state: { type: 'string' },
      account: { type: 'string' },
      region: { type: 'string' },
      'latency-ms': { type: 'string' },
      'latency-jitter-ms': { type: 'string' },
      'throttle-rate': { type: 'string' },
      'error-rate': { type: 'string' },
      seed: { type: 'string' },
      'cloudmap-delay-ms': { type: 'string' },
      'cloudmap-health-delay-ms': { type: 'string' },
      'cloudmap-fail': { type: 'boolean' },
      'lattice-delay-ms': { type: 'string' },
      'tagging-lag-ms': { type: 'string' },
      verbose: { type: 'boolean' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; see \`meshops emulator --help\``);
  const port = number('port', values.port, { min: 0, max: 65535, integer: true }) ?? DEFAULT_EMULATOR_PORT;
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) throw new UsageError(`--account must be a 12-digit AWS account id (got ${JSON.stringify(values.account)})`);
  if (values.region !== undefined && !new RegExp(REGION_PATTERN).test(values.region)) throw new UsageError(`--region takes an AWS region name such as us-east-1 (got ${JSON.stringify(values.region)})`);
  if (values.state !== undefined && values.state.trim() === '') throw new UsageError('--state must name a file');
  const throttleRate = number('throttle-rate', values['throttle-rate'], { min: 0, max: 1 });
  const errorRate = number('error-rate', values['error-rate'], { min: 0, max: 1 });
  if ((throttleRate ?? 0) + (errorRate ?? 0) > 1) throw new UsageError(`--throttle-rate and --error-rate together must not exceed 1 (got ${(throttleRate ?? 0) + (errorRate ?? 0)})`);
  const seed = number('seed', values.seed, { min: 0, max: 2 ** 32 - 1, integer: true });
  const options: EmulatorOptions = {
    faults: {
      latencyMs: number('latency-ms', values['latency-ms'], { min: 0 }),
      latencyJitterMs: number('latency-jitter-ms', values['latency-jitter-ms'], { min: 0 }),
      throttleRate,
      errorRate,
      seed,
    },
    cloudMapDelayMs: number('cloudmap-delay-ms', values['cloudmap-delay-ms'], { min: 0, integer: true }),
    cloudMapFailure: values['cloudmap-fail'] === true,
    cloudMapHealthDelayMs: number('cloudmap-health-delay-ms', values['cloudmap-health-delay-ms'], { min: 0, integer: true }),
    latticeDelayMs: number('lattice-delay-ms', values['lattice-delay-ms'], { min: 0, integer: true }),
  };
  const taggingLagMs = number('tagging-lag-ms', values['tagging-lag-ms'], { min: 0, integer: true });
  if (taggingLagMs !== undefined) options.tagging = { lagMs: taggingLagMs };
  if (values.state !== undefined) options.stateFile = resolve(cwd, values.state);
  if (values.account !== undefined) options.account = values.account;
  if (values.region !== undefined) options.region = values.region;
  if (seed !== undefined) options.seed = seed;
  return { port, host, options, verbose: values.verbose === true };
}

function describeFaults(flags: EmulatorFlags): string {
  const f = flags.options.faults ?? {};
  const parts: string[] = [];
  if (f.latencyMs || f.latencyJitterMs) parts.push(`latency ${f.latencyMs ?? 0} ms${f.latencyJitterMs ? ` + 0..${f.latencyJitterMs} ms` : ''}`);
  if (f.throttleRate) parts.push(`throttling ${f.throttleRate * 100}%`);
  if (f.errorRate) parts.push(`server errors ${f.errorRate * 100}%`);
  if (parts.length && f.seed !== undefined) parts.push(`seed ${f.seed}`);
  return parts.length ? parts.join(', ') : 'none';
}

function banner(flags: EmulatorFlags, emulator: Emulator, server: RunningServer): string {
  const shownHost = flags.host === '0.0.0.0' || flags.host === '::' ? '127.0.0.1' : flags.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${server.port}`;
  const { account, region, cloudMapDelayMs, cloudMapFailure, latticeDelayMs } = emulator.env;
  return [
    `meshops emulator: App Mesh, Cloud Map and VPC Lattice listening on ${url}`,
    `  account ${account}, region ${region}, state ${flags.options.stateFile ?? 'in memory (lost on exit)'}`,
    `  faults: ${describeFaults(flags)}; Cloud Map operations settle after ${cloudMapDelayMs} ms${cloudMapFailure ? ' as FAIL' : ''}; Lattice statuses after ${latticeDelayMs} ms`,
    '',
    'Point the AWS CLI (or any AWS SDK) at it:',
    `  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=${region}`,
    `  aws appmesh list-meshes --endpoint-url ${url}`,
    `  aws servicediscovery list-namespaces --endpoint-url ${url}`,
    `  aws vpc-lattice list-services --endpoint-url ${url}`,
    `or meshops: meshops plan --endpoint ${url}`,
    '',
    'Stop with Ctrl-C.',
    '',
  ].join('\n');
}


export interface EmulatorCommandDeps {
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  waitForStop?: (server: RunningServer, emulator: Emulator) => Promise<unknown>;
}

export function createEmulatorCommand(deps: EmulatorCommandDeps = {}): CommandModule {
  return {
    usage: EMULATOR_USAGE,
    async run(ctx: CliContext): Promise<number> {
      const flags = parseEmulatorFlags(ctx.argv, ctx.cwd);
      const { Emulator, listen } = loadEmulator();
      const emulator = new Emulator(flags.options);
      const handle = flags.verbose
        ? async (request: WireRequest): Promise<WireResponse> => {
            const response = await emulator.handle(request);
            const target = request.headers['x-amz-target'];
            ctx.stderr.write(`${request.method} ${request.path}${target ? ` (${target})` : ''} → ${response.statusCode}${response.headers['x-amzn-errortype'] ? ` ${response.headers['x-amzn-errortype']}` : ''}\n`);
            return response;
          }
        : (request: WireRequest) => emulator.handle(request);
      let server: RunningServer;
      try {
        server = await listen(handle, flags.port, flags.host);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UsageError(`port ${flags.port} on ${flags.host} is already in use; pick another with --port (0 takes any free port)`);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on ${flags.host}: no such local address`);
        if (code === 'EACCES') throw new UsageError(`not allowed to listen on port ${flags.port}; use a port above 1023`);
        throw err;
      }
      ctx.stdout.write(banner(flags, emulator, server));
      if ((emulator.store as { startedEmpty?: boolean }).startedEmpty) ctx.stderr.write(`meshops emulator: the state file ${flags.options.stateFile} was empty: starting with an empty account\n`);
      const signal = await (deps.waitForStop ?? untilSignal)(server, emulator);
      await server.close();
      ctx.stdout.write(`meshops emulator: stopped${typeof signal === 'string' ? ` (${signal})` : ''}\n`);
      return 0;
    },
  };
}

export const emulatorCommand: CommandModule = createEmulatorCommand();
