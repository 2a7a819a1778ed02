import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { AppMeshClient, CreateMeshCommand, ListMeshesCommand } from '@aws-sdk/client-app-mesh';
import { CreateHttpNamespaceCommand, ListNamespacesCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { CreateServiceCommand, GetServiceCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { createEmulatorCommand, DEFAULT_EMULATOR_PORT, parseEmulatorFlags } from '../../../lib/cli/commands/emulator';
import { UsageError, type CliContext } from '../../../lib/cli/command';
import { runMeshops, startMeshopsEmulator } from '../../emulator/wire/meshops-process';

function context(argv: string[]): { ctx: CliContext; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  return { ctx: { argv, stdout, stderr, stdin: new PassThrough(), cwd: '/work', env: {} }, out: () => out, err: () => err };
}

const client = (url: string) => new AppMeshClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });

describe('meshops emulator: flags', () => {
  it('has defaults: port 4566 on 127.0.0.1, state in memory, no faults', () => {
    const flags = parseEmulatorFlags([], '/work');
    expect(flags.port).toBe(DEFAULT_EMULATOR_PORT);
    expect(DEFAULT_EMULATOR_PORT).toBe(4566);
    expect(flags.host).toBe('127.0.0.1');
    expect(flags.options.stateFile).toBeUndefined();
    expect(flags.options.cloudMapFailure).toBe(false);
  });

  it('reads every flag into emulator options', () => {
    const flags = parseEmulatorFlags(
      ['--port', '0', '--host', '0.0.0.0', '--state', 'st/state.json', '--latency-ms', '5', '--latency-jitter-ms', '2.5', '--throttle-rate', '0.1', '--error-rate', '0.2', '--seed', '7', '--cloudmap-delay-ms', '3000', '--cloudmap-fail', '--cloudmap-health-delay-ms', '30000', '--lattice-delay-ms', '1500', '--account', '444455556666', '--region', 'eu-west-1', '--verbose'],
      '/work/repo',
    );
    expect(flags).toEqual({
      port: 0,
      host: '0.0.0.0',
      verbose: true,
      options: {
        stateFile: '/work/repo/st/state.json',
        faults: { latencyMs: 5, latencyJitterMs: 2.5, throttleRate: 0.1, errorRate: 0.2, seed: 7 },
        cloudMapDelayMs: 3000,
        cloudMapFailure: true,
        cloudMapHealthDelayMs: 30000,
        latticeDelayMs: 1500,
        account: '444455556666',
        region: 'eu-west-1',
        seed: 7,
      },
    });
  });

  it.each([
    [['--port', '70000'], '--port must be an integer from 0 to 65535 (got "70000")'],
    [['--port', 'abc'], '--port must be an integer'],
    [['--throttle-rate', '1.5'], '--throttle-rate must be a number from 0 to 1'],
    [['--error-rate=-0.1'], '--error-rate must be a number from 0 to 1'],
    [['--throttle-rate', '0.6', '--error-rate', '0.6'], 'must not exceed 1'],
    [['--latency-ms=-5'], '--latency-ms must be a number >= 0'],
    [['--seed', '1.5'], '--seed must be an integer'],
    [['--cloudmap-delay-ms', 'soon'], '--cloudmap-delay-ms must be an integer >= 0'],
    [['--lattice-delay-ms=-1'], '--lattice-delay-ms must be an integer >= 0'],
    [['--cloudmap-health-delay-ms', '30s'], '--cloudmap-health-delay-ms must be an integer >= 0'],
    [['--account', '12345'], '--account must be a 12-digit AWS account id'],
    [['--region', 'Mars'], '--region takes an AWS region name'],
    [['extra'], 'unexpected argument "extra"'],
  ])('refuses %j with a usage error naming the flag', (argv, message) => {
    let thrown: unknown;
    try {
      parseEmulatorFlags(argv, '/work');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).message).toContain(message);
    expect((thrown as UsageError).exitCode).toBe(1);
  });

  it('exits 1 with one line on stderr for a bad flag value or an unknown flag (as a process)', async () => {
    const bad = await runMeshops(['emulator', '--throttle-rate', '2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('meshops emulator: --throttle-rate must be a number from 0 to 1 (got "2")\n');
    const unknown = await runMeshops(['emulator', '--prot', '1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown option '--prot'");
  });
});

describe('meshops emulator: serving', () => {
  it('serves VPC Lattice on the same port, with statuses settling after --lattice-delay-ms', async () => {
    const command = createEmulatorCommand({
      waitForStop: async (server) => {
        const lattice = new VPCLatticeClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
        const created = await lattice.send(new CreateServiceCommand({ name: 'over-http', customDomainName: 'over.http.local' }));
        expect(created.id).toMatch(/^svc-[0-9a-z]{17}$/);
        expect((await lattice.send(new GetServiceCommand({ serviceIdentifier: created.arn! }))).status).toBe('CREATE_IN_PROGRESS');
        lattice.destroy();
        return 'test';
      },
    });
    const { ctx, out } = context(['--port', '0', '--lattice-delay-ms', '60000']);
    expect(await command.run(ctx)).toBe(0);
    expect(out()).toContain('Lattice statuses after 60000 ms');
    expect(out()).toContain('aws vpc-lattice list-services --endpoint-url');
  });

  it('prints the URL and the AWS CLI setup, serves App Mesh, and stops when asked', async () => {
    let served: string | undefined;
    const command = createEmulatorCommand({
      waitForStop: async (server) => {
        served = server.url;
        const c = client(server.url);
        await c.send(new CreateMeshCommand({ meshName: 'from-test' }));
        expect((await c.send(new ListMeshesCommand({}))).meshes!.map((m) => m.meshName)).toEqual(['from-test']);
        c.destroy();
        return 'test';
      },
    });
    const { ctx, out } = context(['--port', '0']);
    expect(await command.run(ctx)).toBe(0);
    expect(out()).toContain(`listening on ${served}`);
    expect(out()).toContain(`aws appmesh list-meshes --endpoint-url ${served}`);
    expect(out()).toContain('AWS_ACCESS_KEY_ID=');
    expect(out()).toContain('stopped (test)');
  });

  it('says so when the port is taken (exit 1, no stack trace)', async () => {
    const first = await startMeshopsEmulator(['--port', '0']);
    try {
      const port = new URL(first.url).port;
      const second = await runMeshops(['emulator', '--port', port]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await first.stop();
    }
  });

  it('runs as a process until SIGTERM or SIGINT, keeping state in --state FILE across runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshops-cli-'));
    try {
      const state = join(dir, 'state.json');
      const one = await startMeshopsEmulator(['--port', '0', '--state', state, '--verbose']);
      const c1 = client(one.url);
      await c1.send(new CreateMeshCommand({ meshName: 'persisted' }));
      c1.destroy();
      const first = await one.stop('SIGTERM');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('stopped (SIGTERM)');
      expect(first.stderr).toContain('PUT /v20190125/meshes → 200');
      const two = await startMeshopsEmulator(['--port', '0', '--state', state]);
      const c2 = client(two.url);
      expect((await c2.send(new ListMeshesCommand({}))).meshes!.map((m) => m.meshName)).toEqual(['persisted']);
      c2.destroy();
      expect((await two.stop('SIGINT')).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('meshops emulator: its state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshops-state-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('restarted on the same --state with the same --seed, does not replay the ids it generated', async () => {
    const state = join(dir, 'state.json');
    const cloudMap = (url: string) => new ServiceDiscoveryClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const run = async (namespace: string, mesh: string) => {
      const emulator = await startMeshopsEmulator(['--port', '0', '--state', state, '--seed', '7']);
      const sd = cloudMap(emulator.url);
      const am = client(emulator.url);
      await sd.send(new CreateHttpNamespaceCommand({ Name: namespace }));
      const uid = (await am.send(new CreateMeshCommand({ meshName: mesh }))).mesh!.metadata!.uid!;
      const namespaces = (await sd.send(new ListNamespacesCommand({}))).Namespaces!.map((n) => `${n.Name} ${n.Id}`);
      sd.destroy();
      am.destroy();
      expect((await emulator.stop('SIGTERM')).code).toBe(0);
      return { uid, namespaces };
    };
    const first = await run('one', 'm1');
    const second = await run('two', 'm2');
    expect(second.namespaces).toHaveLength(2);
    expect(second.namespaces).toContain(first.namespaces[0]);
    expect(new Set(second.namespaces.map((n) => n.split(' ')[1])).size).toBe(2);
    expect(second.uid).not.toBe(first.uid);
  });

  it.each([
    ['[]', 'it holds a list, not an object with one entry per service'],
    ['null', 'it holds null, not an object with one entry per service'],
    ['42', 'it holds number, not an object with one entry per service'],
    ['{"cloudmap": null}', '"cloudmap" holds null, not an object'],
    ['{"appmesh": []}', '"appmesh" holds a list, not an object'],
    ['{"cloudmap": {"namespaces": null}}', '"cloudmap.namespaces" holds null'],
  ])('refuses to start on a state file holding %s, naming the file and the problem', async (content, problem) => {
    const state = join(dir, 'state.json');
    writeFileSync(state, content);
    const out = await runMeshops(['emulator', '--port', '0', '--state', state]);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(`meshops emulator: emulator state file ${state} is not an emulator state: ${problem}; move it away to start afresh\n`);
    expect(readFileSync(state, 'utf8')).toBe(content);
  });

  it('says so when the state file is empty, and starts an empty account', async () => {
    const state = join(dir, 'state.json');
    writeFileSync(state, '');
    const emulator = await startMeshopsEmulator(['--port', '0', '--state', state]);
    const c = client(emulator.url);
    expect((await c.send(new ListMeshesCommand({}))).meshes).toEqual([]);
    c.destroy();
    const stopped = await emulator.stop('SIGTERM');
    expect(stopped.stderr).toContain(`the state file ${state} was empty: starting with an empty account`);
  });
});
