import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';

/** The AWS CLI (v1 on these machines): a client no one here wrote. Suites skip where it is absent. */
export const awsCliAvailable = spawnSync('aws', ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
export const describeWithAwsCli: typeof describe = awsCliAvailable ? describe : (describe.skip as typeof describe);

export interface AwsCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function commandEnv(extraEnv: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
    ...extraEnv,
  };
}

/**
 * The Python interpreter behind `aws` when it is the Python CLI (a script whose first line names
 * its interpreter, possibly behind a pyenv shim), so commands can run in one long-lived process
 * (test/support/aws-cli-session.py) instead of paying a Python start each: a session of sixty
 * commands costs seconds instead of a minute of CPU. Undefined for anything else (the v2 binary).
 */
function awsCliPython(): string | undefined {
  let script = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'aws')).find((p) => existsSync(p));
  if (!script) return undefined;
  const firstLine = (path: string) => readFileSync(path, 'utf8').slice(0, 300).split('\n')[0];
  if (!firstLine(script).includes('python')) {
    const shim = spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8', timeout: 30_000 });
    if (shim.status !== 0) return undefined;
    script = shim.stdout.trim();
  }
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(firstLine(script));
  if (!shebang) return undefined;
  const python = shebang[1].endsWith('/env') ? shebang[2] : shebang[1];
  if (!python) return undefined;
  return spawnSync(python, ['-c', 'import awscli.clidriver'], { stdio: 'ignore', timeout: 30_000 }).status === 0 ? python : undefined;
}

interface Session {
  child: ChildProcessWithoutNullStreams;
  pending: ((result: AwsCliResult) => void)[];
}

let python: string | null | undefined;
let session: Session | undefined;

function startSession(interpreter: string): Session {
  const child = spawn(interpreter, [join(__dirname, 'aws-cli-session.py')], { stdio: ['pipe', 'pipe', 'pipe'], env: commandEnv({}) });
  const started: Session = { child, pending: [] };
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  createInterface({ input: child.stdout }).on('line', (line) => started.pending.shift()?.(JSON.parse(line) as AwsCliResult));
  child.once('close', (code) => {
    if (session === started) session = undefined;
    for (const resolve of started.pending.splice(0)) resolve({ code: 255, stdout: '', stderr: `the AWS CLI session ended (${code}): ${stderr}` });
  });
  return started;
}

function stopSession(): void {
  session?.child.stdin.end();
  session = undefined;
}

// A test file's session ends with the file (jest runs many files in one worker).
if (typeof afterAll === 'function') afterAll(stopSession);

/** Runs `aws <service> <args> --endpoint-url <endpoint> --output json` with a clean, offline environment. */
export function runAwsCli(service: string, args: string[], endpoint: string, extraEnv: Record<string, string> = {}): Promise<AwsCliResult> {
  const argv = [service, ...args, '--endpoint-url', endpoint, '--output', 'json'];
  const env = commandEnv(extraEnv);
  if (python === undefined) python = awsCliPython() ?? null;
  if (python) {
    session ??= startSession(python);
    const current = session;
    return new Promise((resolve) => {
      current.pending.push(resolve);
      current.child.stdin.write(`${JSON.stringify({ args: argv, env })}\n`);
    });
  }
  return new Promise((resolve, reject) => {
    const child = spawn('aws', argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A CLI answer as JSON (the shapes vary by command). */
export type CliJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const REFUSAL = /An error occurred \((\w+)\) when calling the (\w+) operation: ?(.*)/;

/**
 * `aws <service>` against an endpoint known once its server is up: `run` as is, `ok` for a call
 * that must succeed (its JSON), `fails` for one that must be refused with an error code (its
 * message), `refusal` for the code a refused call printed.
 */
export function awsCliFor(service: string, endpoint: () => string) {
  const run = (args: string[], extraEnv: Record<string, string> = {}) => runAwsCli(service, args, endpoint(), extraEnv);
  return {
    run,
    async ok(args: string[], extraEnv?: Record<string, string>): Promise<CliJson> {
      const res = await run(args, extraEnv);
      if (res.code !== 0) throw new Error(`aws ${service} ${args.join(' ')} failed (${res.code}): ${res.stderr}`);
      return res.stdout.trim() ? (JSON.parse(res.stdout) as CliJson) : {};
    },
    async fails(errorName: string, args: string[]): Promise<string> {
      const res = await run(args);
      expect(res.code).not.toBe(0);
      const match = REFUSAL.exec(res.stderr);
      expect(match?.[1]).toBe(errorName);
      return match![3];
    },
    async refusal(args: string[]): Promise<string> {
      const res = await run(args);
      expect(res.code).not.toBe(0);
      const match = REFUSAL.exec(res.stderr);
      if (!match) throw new Error(`unexpected CLI failure: ${res.stderr}`);
      return match[1];
    },
  };
}
