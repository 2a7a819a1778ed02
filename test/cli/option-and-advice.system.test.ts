import { AppMeshClient, DescribeVirtualNodeCommand, TagResourceCommand } from '@aws-sdk/client-app-mesh';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import { meshops, startEmulatorServer, type EmulatorServer } from '../reliability/support/cli-harness';

/**
 * The small things a tester hit: a negative `--max-deletes` was "ambiguous", `--region mars-1`
 * was neither checked nor shown, and a remediation refused by a conflict (a resource re-tagged to
 * another owner in AWS) told the user to fix Git.
 */
const TEMPLATE = join(__dirname, '..', '..', 'mesh-repo-template');

describe('CLI options and advice', () => {
  const work = mkdtempSync(join(tmpdir(), 'meshops-options-'));
  let aws: EmulatorServer;
  const run = (...argv: string[]) => meshops([...argv, '--endpoint', aws.url, '--state-dir', join(work, 'state')], work);
  beforeAll(async () => {
    aws = await startEmulatorServer({ seed: 3 });
  });
  afterAll(async () => {
    await aws.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it.each(['plan', 'apply'])('%s --max-deletes -1 says what the option takes', async (command) => {
    const out = await meshops([command, TEMPLATE, '--max-deletes', '-1', '--auto-approve'].filter((a) => command === 'apply' || a !== '--auto-approve'), work);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(`meshops ${command}: --max-deletes takes a whole number, 0 or more (got "-1")\n`);
    expect(out.stderr).not.toContain('ambiguous');
  });

  it.each(['plan', 'apply', 'drift', 'emulator'])('%s --region mars-1 is refused before anything runs', async (command) => {
    aws.emulator.resetCallStats();
    const args = command === 'emulator' ? ['--port', '0'] : [TEMPLATE, '--state-dir', join(work, 'state'), ...(command === 'apply' ? ['--auto-approve'] : [])];
    const out = await meshops([command, ...args, '--region', 'mars-1'], work);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('--region takes an AWS region name such as us-east-1 (got "mars-1")');
    expect(aws.emulator.callStats().total).toBe(0);
  });

  it('plan --region shows the region it runs in', async () => {
    const out = await run('plan', TEMPLATE, '--region', 'eu-west-1');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('region eu-west-1');
    expect(out.stdout).not.toContain('region us-east-1');
  });

  it('drift --remediate refused by a conflict says the fix is in AWS', async () => {
    expect((await run('apply', TEMPLATE, '--auto-approve')).code).toBe(0);
    const client = new AppMeshClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler: emulatorRequestHandler((r) => aws.emulator.handle(r)), maxAttempts: 1 });
    const node = await client.send(new DescribeVirtualNodeCommand({ meshName: 'watches', virtualNodeName: 'search-v1' }));
    await client.send(new TagResourceCommand({ resourceArn: node.virtualNode!.metadata!.arn!, tags: [{ key: 'meshops:owner', value: 'someone/else' }] }));
    const out = await run('drift', TEMPLATE, '--remediate', '--lock-timeout', '1m');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('resolve it in AWS (re-tag or remove them there)');
    expect(out.stdout).not.toContain('in Git; the next push applies again');
  });
});
