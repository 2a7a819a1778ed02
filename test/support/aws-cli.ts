import { spawn, spawnSync } from 'node:child_process';

/** The AWS CLI (v1 on these machines): a client no one here wrote. Suites skip where it is absent. */
export const awsCliAvailable = spawnSync('aws', ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
export const describeWithAwsCli: typeof describe = awsCliAvailable ? describe : (describe.skip as typeof describe);

export interface AwsCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aws <service> <args> --endpoint-url <endpoint> --output json` with a clean, offline environment. */
export function runAwsCli(service: string, args: string[], endpoint: string, extraEnv: Record<string, string> = {}): Promise<AwsCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('aws', [service, ...args, '--endpoint-url', endpoint, '--output', 'json'], {
      env: {
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
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
