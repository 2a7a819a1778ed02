import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../lib/cli/command';
import { PassThrough } from 'node:stream';
import { createDevCommand, DEFAULT_DEV_HOST, DEFAULT_DEV_PORT, isLoopback, parseDevFlags } from '../../../lib/cli/commands/dev';

const dir = mkdtempSync(join(tmpdir(), 'meshops-dev-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
writeFileSync(join(dir, 'app.pem'), privateKey);
writeFileSync(join(dir, 'not-a-key.pem'), '-----BEGIN RSA PRIVATE KEY-----\nnot base64 at all\n-----END RSA PRIVATE KEY-----\n');
const { privateKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
writeFileSync(join(dir, 'ec.pem'), ecKey);
const NO_SIGN_IN = ['--webhook-secret', 's3cret', '--allow', 'acme/mesh-config'];

const REQUIRED = ['--webhook-secret', 's3cret', '--github-token', 'ghp_x', '--allow', 'acme/mesh-config'];

describe('meshops dev flags', () => {
  it('defaults: port 8787, .meshops/dev, github.com, the embedded emulator, drift only on request', () => {
    const flags = parseDevFlags(REQUIRED, '/work', {});
    expect(flags).toMatchObject({ port: DEFAULT_DEV_PORT, host: DEFAULT_DEV_HOST, stateDir: join('/work', '.meshops', 'dev'), driftEveryMs: 0, webhookSecret: 's3cret', github: { kind: 'token', token: 'ghp_x' } });
    expect(flags.config.githubApiUrl).toBe('https://api.github.com');
    expect(flags.config.meshEndpoint).toBeUndefined();
    expect(flags.config.allowlist.ownerFor('acme/mesh-config')).toBe('acme/mesh-config');
  });

  it('every flag has an environment variable, and a flag wins over it', () => {
    const env = {
      MESHOPS_DEV_PORT: '9000',
      MESHOPS_DEV_HOST: '0.0.0.0',
      MESHOPS_GITHUB_API_URL: 'http://127.0.0.1:3000',
      MESHOPS_MESH_ENDPOINT: 'http://127.0.0.1:4566',
      MESHOPS_WEBHOOK_SECRET: 'from-env',
      MESHOPS_GITHUB_TOKEN: 'ghp_env',
      MESHOPS_ALLOWED_REPOS: 'acme/a,acme/b=team-b',
      MESHOPS_DEV_STATE_DIR: 'state',
      MESHOPS_DRIFT_EVERY: '10m',
    };
    const fromEnv = parseDevFlags([], '/work', env);
    expect(fromEnv).toMatchObject({ port: 9000, host: '0.0.0.0', webhookSecret: 'from-env', github: { kind: 'token', token: 'ghp_env' }, stateDir: join('/work', 'state'), driftEveryMs: 600_000 });
    expect(fromEnv.config).toMatchObject({ githubApiUrl: 'http://127.0.0.1:3000', meshEndpoint: 'http://127.0.0.1:4566' });
    expect(fromEnv.config.allowlist.ownerFor('acme/b')).toBe('team-b');
    const flagged = parseDevFlags(['--port', '0', '--allow', 'acme/c', '--drift-every', '30s', ...REQUIRED.slice(0, 4)], '/work', env);
    expect(flagged).toMatchObject({ port: 0, host: '0.0.0.0', webhookSecret: 's3cret', driftEveryMs: 30_000 });
    expect(parseDevFlags(['--host', '::1', ...REQUIRED], '/work', env).host).toBe('::1');
    expect(flagged.config.allowlist.allows('acme/c')).toBe(true);
    expect(flagged.config.allowlist.allows('acme/a')).toBe(false);
  });

  it.each([
    [['--github-token', 't', '--allow', 'acme/x'], /--webhook-secret \(or MESHOPS_WEBHOOK_SECRET\) is required/],
    [['--webhook-secret', 's', '--allow', 'acme/x'], /--github-token \(or MESHOPS_GITHUB_TOKEN\), or --github-app-id \(or MESHOPS_GITHUB_APP_ID\) with --github-app-key-file \(or MESHOPS_GITHUB_APP_KEY_FILE\), is required/],
    [[...REQUIRED, '--github-app-id', '4242'], /sign in to GitHub one way: .*not both/],
    [[...NO_SIGN_IN, '--github-app-id', '4242'], /--github-app-key-file \(or MESHOPS_GITHUB_APP_KEY_FILE\) is required with --github-app-id/],
    [[...NO_SIGN_IN, '--github-app-key-file', join(dir, 'app.pem')], /--github-app-id \(or MESHOPS_GITHUB_APP_ID\) is required with --github-app-key-file/],
    [[...NO_SIGN_IN, '--github-app-id', 'meshops', '--github-app-key-file', join(dir, 'app.pem')], /--github-app-id .* takes the App's numeric id \(got "meshops"\)/],
    [[...NO_SIGN_IN, '--github-app-id', '4242', '--github-app-key-file', join(dir, 'missing.pem')], /--github-app-key-file .*: cannot read .*missing\.pem \(ENOENT\)/],
    [[...NO_SIGN_IN, '--github-app-id', '4242', '--github-app-key-file', join(dir, 'not-a-key.pem')], /not-a-key\.pem is not an RSA private key in PEM/],
    [[...NO_SIGN_IN, '--github-app-id', '4242', '--github-app-key-file', join(dir, 'ec.pem')], /ec\.pem is not an RSA private key in PEM/],
    [['--webhook-secret', 's', '--github-token', 't'], /--allow \(or MESHOPS_ALLOWED_REPOS\) is required/],
    [[...REQUIRED, '--port', '70000'], /--port .* takes a port number/],
    [[...REQUIRED, '--drift-every', 'soon'], /--drift-every .* takes a duration/],
    [[...REQUIRED, '--drift-every', '10ms'], /--drift-every .* at least 1s/],
    [[...REQUIRED, '--allow', 'not a repo'], /--allow \(or MESHOPS_ALLOWED_REPOS\): .*not owner\/name/],
    [[...REQUIRED, '--github-url', 'http://github.example.com'], /--github-url \(or MESHOPS_GITHUB_API_URL\): .*https/],
    [[...REQUIRED, 'extra'], /unexpected argument "extra"/],
  ])('%j is refused with a message naming the flag', (argv, message) => {
    expect(() => parseDevFlags(argv, '/work', {})).toThrow(UsageError);
    expect(() => parseDevFlags(argv, '/work', {})).toThrow(message);
  });

  it('signs in as a GitHub App: its id and the PEM key file (relative to the working folder), from flags or variables', () => {
    expect(parseDevFlags([...NO_SIGN_IN, '--github-app-id', '4242', '--github-app-key-file', 'app.pem'], dir, {}).github).toEqual({ kind: 'app', appId: '4242', privateKey });
    expect(parseDevFlags(NO_SIGN_IN, '/work', { MESHOPS_GITHUB_APP_ID: '4242', MESHOPS_GITHUB_APP_KEY_FILE: join(dir, 'app.pem') }).github).toEqual({ kind: 'app', appId: '4242', privateKey });
  });

  it('tells loopback addresses from the others (which get a warning at start)', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'dev.example.com']) expect(isLoopback(host)).toBe(false);
  });

  it.each([
    ['0.0.0.0', true],
    ['127.0.0.1', false],
  ])('listening on %s: warned about at start: %s', async (host, warned) => {
    let stderr = '';
    const err = new PassThrough();
    err.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const command = createDevCommand({ waitForStop: async (running) => running.url });
    const code = await command.run({ argv: ['--host', host, '--port', '0', '--state-dir', join(dir, `state-${host}`), ...REQUIRED], stdout: new PassThrough(), stderr: err, stdin: new PassThrough(), cwd: dir, env: {} });
    expect(code).toBe(0);
    expect(stderr).toMatch(/webhook on http:\/\/127\.0\.0\.1:\d+\/webhook/);
    expect(stderr.includes(`warning: listening on ${host}, not a loopback address`)).toBe(warned);
  });
});
