import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigurationError, loadConfig, type AppConfig } from '../../app/config';
import { createLogger } from '../../app/logger';
import type { GitHubCredentials } from '../../app/github-client';
import type { LocalDeployment } from '../../app/local-deployment';
import type { CliContext, CommandModule } from '../command';
import { UsageError } from '../command';
import { loadEmulator, loadEngine, loadLocalDeployment } from '../lazy';
import { duration } from '../repo-engine';
import { untilSignal } from '../until-signal';

export const DEFAULT_DEV_PORT = 8787;
export const DEFAULT_DEV_HOST = '127.0.0.1';

/** Each flag and the environment variable that sets it when the flag is absent. */
export const DEV_ENV = {
  port: 'MESHOPS_DEV_PORT',
  host: 'MESHOPS_DEV_HOST',
  'github-url': 'MESHOPS_GITHUB_API_URL',
  endpoint: 'MESHOPS_MESH_ENDPOINT',
  'webhook-secret': 'MESHOPS_WEBHOOK_SECRET',
  'github-token': 'MESHOPS_GITHUB_TOKEN',
  'github-app-id': 'MESHOPS_GITHUB_APP_ID',
  'github-app-key-file': 'MESHOPS_GITHUB_APP_KEY_FILE',
  allow: 'MESHOPS_ALLOWED_REPOS',
  'state-dir': 'MESHOPS_DEV_STATE_DIR',
  'drift-every': 'MESHOPS_DRIFT_EVERY',
} as const;

export const DEV_USAGE = `Usage: meshops dev [options]

Runs the GitHub flow of a deployment on this machine: the webhook function serves POST /webhook,
its jobs go to an in-memory FIFO queue (one job at a time per repository, retried up to 3 times as
SQS would), the reconcile function runs them (plan comments, applies, check runs), and the drift
schedule runs on POST /drift and every --drift-every. Mesh changes go to the embedded emulator
(its state in the state folder) unless --endpoint names another. Runs until interrupted.

Options (each also read from the environment variable shown):
  --port N               port (default ${DEFAULT_DEV_PORT}; 0 picks a free port)                ${DEV_ENV.port}
  --host H               address to listen on (default ${DEFAULT_DEV_HOST}; any other is warned about)
                                                                                    ${DEV_ENV.host}
  --github-url URL       GitHub's REST API root (default https://api.github.com)    ${DEV_ENV['github-url']}
  --endpoint URL         the mesh APIs at this endpoint instead of the embedded emulator
                                                                                    ${DEV_ENV.endpoint}
  --webhook-secret S     the webhook's secret (required)                            ${DEV_ENV['webhook-secret']}
  --github-token T       a token that may comment, set checks and read contents  ${DEV_ENV['github-token']}
  --github-app-id ID     or sign in as a GitHub App: its numeric id               ${DEV_ENV['github-app-id']}
  --github-app-key-file F   and its private key (PEM file)                      ${DEV_ENV['github-app-key-file']}
                         (one of the two sign-ins is required)
  --allow REPO[=OWNER]   allow a repository (owner/name, owner/*), optionally pinned to an owner
                         value; repeat for more (the variable: comma-separated)     ${DEV_ENV.allow}
  --state-dir DIR        records, locks and the emulator's state (default .meshops/dev)
                                                                                    ${DEV_ENV['state-dir']}
  --drift-every D        also queue the drift checks every D (30s, 10m, 1h; default: only on POST /drift)
                                                                                    ${DEV_ENV['drift-every']}
  --log-level L          debug, info, warn or error (default info)                  MESHOPS_LOG_LEVEL

Point a GitHub webhook (content type application/json, events: pushes, pull requests, issue
comments) at http://HOST:PORT/webhook through a tunnel, or POST deliveries to it yourself.
`;

export interface DevFlags {
  port: number;
  host: string;
  webhookSecret: string;
  /** A token, or a GitHub App's id and private key (installation tokens, `<app>[bot]` comments). */
  github: GitHubCredentials;
  stateDir: string;
  driftEveryMs: number;
  /** The allowlist as given. */
  allowed: string;
  config: AppConfig;
}

/** Flags, then environment variables; every mistake is a UsageError naming the flag and its variable. */
export function parseDevFlags(argv: string[], cwd: string, env: Record<string, string | undefined>): DevFlags {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'github-url': { type: 'string' },
      endpoint: { type: 'string' },
      'webhook-secret': { type: 'string' },
      'github-token': { type: 'string' },
      'github-app-id': { type: 'string' },
      'github-app-key-file': { type: 'string' },
      allow: { type: 'string', multiple: true },
      'state-dir': { type: 'string' },
      'drift-every': { type: 'string' },
      'log-level': { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; see \`meshops dev --help\``);
  const pick = (flag: keyof typeof DEV_ENV): string | undefined => {
    const raw = flag === 'allow' ? undefined : (values[flag] as string | undefined);
    const value = raw ?? env[DEV_ENV[flag]];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const named = (flag: keyof typeof DEV_ENV) => `--${flag} (or ${DEV_ENV[flag]})`;

  const portText = pick('port');
  const port = portText === undefined ? DEFAULT_DEV_PORT : Number(portText);
  if (!/^\d+$/.test(portText ?? '0') || port > 65535) throw new UsageError(`${named('port')} takes a port number from 0 to 65535 (got ${JSON.stringify(portText)})`);
  const webhookSecret = pick('webhook-secret');
  if (!webhookSecret) throw new UsageError(`${named('webhook-secret')} is required: deliveries are checked against it, as the deployed webhook does`);
  const github = githubSignIn(pick, named, cwd);
  const allow = values.allow?.length ? values.allow.join(',') : (env[DEV_ENV.allow] ?? '');
  if (allow.trim() === '') throw new UsageError(`${named('allow')} is required: name the repositories meshops acts on (owner/name, owner/name=OWNER or owner/*)`);
  const driftText = pick('drift-every');
  let driftEveryMs = 0;
  try {
    driftEveryMs = duration(driftText, '--drift-every', 0);
  } catch {
    throw new UsageError(`${named('drift-every')} takes a duration such as 30s, 10m or 1h (got ${JSON.stringify(driftText)})`);
  }
  if (driftText !== undefined && driftEveryMs < 1000) throw new UsageError(`${named('drift-every')} must be at least 1s (got ${JSON.stringify(driftText)})`);

  const githubUrl = pick('github-url');
  const endpoint = pick('endpoint');
  const logLevel = values['log-level'] ?? env.MESHOPS_LOG_LEVEL;
  let config: AppConfig;
  try {
    config = loadConfig({
      MESHOPS_ALLOWED_REPOS: allow,
      ...(githubUrl ? { MESHOPS_GITHUB_API_URL: githubUrl } : {}),
      ...(endpoint ? { MESHOPS_MESH_ENDPOINT: endpoint } : {}),
      ...(logLevel ? { MESHOPS_LOG_LEVEL: logLevel } : {}),
      AWS_REGION: env.AWS_REGION ?? 'us-east-1',
    });
  } catch (err) {
    if (!(err instanceof ConfigurationError)) throw err;
    // The configuration names the deployment's variable; say which flag sets it.
    const flag = err.message.startsWith('MESHOPS_ALLOWED_REPOS') ? 'allow' : err.message.startsWith('MESHOPS_GITHUB_API_URL') ? 'github-url' : err.message.startsWith('MESHOPS_MESH_ENDPOINT') ? 'endpoint' : undefined;
    throw new UsageError(flag ? `${named(flag)}: ${err.message.replace(/^MESHOPS_[A-Z_]+:?\s*/, '')}` : err.message);
  }
  return { port, host: pick('host') ?? DEFAULT_DEV_HOST, webhookSecret, github, stateDir: resolve(cwd, pick('state-dir') ?? join('.meshops', 'dev')), driftEveryMs, allowed: allow, config };
}

/** A token, or an App's id and key file; exactly one of them. */
function githubSignIn(pick: (flag: keyof typeof DEV_ENV) => string | undefined, named: (flag: keyof typeof DEV_ENV) => string, cwd: string): GitHubCredentials {
  const token = pick('github-token');
  const appId = pick('github-app-id');
  const keyFile = pick('github-app-key-file');
  if (token && (appId || keyFile)) throw new UsageError(`sign in to GitHub one way: ${named('github-token')}, or ${named('github-app-id')} with ${named('github-app-key-file')}, not both`);
  if (token) return { kind: 'token', token };
  if (!appId && !keyFile) throw new UsageError(`${named('github-token')}, or ${named('github-app-id')} with ${named('github-app-key-file')}, is required: plans are commented and checks set with it`);
  if (!appId) throw new UsageError(`${named('github-app-id')} is required with ${named('github-app-key-file')}: the App's numeric id, on its settings page`);
  if (!/^\d{1,20}$/.test(appId)) throw new UsageError(`${named('github-app-id')} takes the App's numeric id (got ${JSON.stringify(appId)})`);
  if (!keyFile) throw new UsageError(`${named('github-app-key-file')} is required with ${named('github-app-id')}: the App's private key, a PEM file`);
  const path = resolve(cwd, keyFile);
  let privateKey: string;
  try {
    privateKey = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${named('github-app-key-file')}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    if (createPrivateKey(privateKey).asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
  } catch {
    throw new UsageError(`${named('github-app-key-file')}: ${path} is not an RSA private key in PEM (the .pem file GitHub gives when you generate the App's private key)`);
  }
  return { kind: 'app', appId, privateKey };
}

/** Loopback addresses only this machine reaches; any other exposes the webhook to the network. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

export interface DevCommandDeps {
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  waitForStop?: (running: LocalDeployment) => Promise<unknown>;
}

export function createDevCommand(deps: DevCommandDeps = {}): CommandModule {
  return {
    usage: DEV_USAGE,
    async run(ctx: CliContext): Promise<number> {
      const flags = parseDevFlags(ctx.argv, ctx.cwd, ctx.env);
      const { createEngine } = loadEngine();
      const { startLocalDeployment } = loadLocalDeployment();
      const logger = createLogger({ level: flags.config.logLevel, write: (line) => void ctx.stdout.write(`${line}\n`) });
      const endpoint = flags.config.meshEndpoint;
      const emulatorState = join(flags.stateDir, 'emulator', 'state.json');
      let running: LocalDeployment;
      try {
        running = await startLocalDeployment({
          config: flags.config,
          webhookSecret: flags.webhookSecret,
          github: flags.github,
          stateDir: flags.stateDir,
          logger,
          port: flags.port,
          host: flags.host,
          driftEveryMs: flags.driftEveryMs,
          engine: (region, store) =>
            endpoint
              ? createEngine({ kind: 'endpoint', url: endpoint }, { region, store })
              : createEngine({ kind: 'embedded', stateFile: emulatorState }, { region, store, emulator: new (loadEmulator().Emulator)({ stateFile: emulatorState, region }) }),
        });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UsageError(`port ${flags.port} is already in use; pick another with --port (0 takes any free port)`);
        if (code === 'EACCES') throw new UsageError(`not allowed to listen on port ${flags.port}; use a port above 1023`);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on ${flags.host}: no such address on this machine; see --host`);
        throw err;
      }
      ctx.stderr.write(
        [
          `meshops dev: webhook on ${running.url}/webhook, drift checks on POST ${running.url}/drift${flags.driftEveryMs ? ` and every ${flags.driftEveryMs / 1000}s` : ''}`,
          ...(isLoopback(flags.host) ? [] : [`meshops dev: warning: listening on ${flags.host}, not a loopback address: anyone who can reach this machine can post to /webhook and /drift (deliveries still need the webhook secret; /drift does not)`]),
          `  GitHub ${flags.config.githubApiUrl} ${flags.github.kind === 'app' ? `as App ${flags.github.appId}` : 'with a token'}; mesh APIs ${endpoint ?? `embedded emulator (${emulatorState})`}; records in ${flags.stateDir}`,
          `  allowed: ${flags.allowed}`,
          '',
        ].join('\n'),
      );
      const signal = await (deps.waitForStop ?? untilSignal)(running);
      await running.close();
      ctx.stderr.write(`meshops dev: stopped${typeof signal === 'string' ? ` (${signal})` : ''}\n`);
      return 0;
    },
  };
}

export const devCommand: CommandModule = createDevCommand();
