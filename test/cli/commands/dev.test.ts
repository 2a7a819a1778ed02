import { join } from 'node:path';
import { UsageError } from '../../../lib/cli/command';
import { DEFAULT_DEV_PORT, parseDevFlags } from '../../../lib/cli/commands/dev';

const REQUIRED = ['--webhook-secret', 's3cret', '--github-token', 'ghp_x', '--allow', 'acme/mesh-config'];

describe('meshops dev flags', () => {
  it('defaults: port 8787, .meshops/dev, github.com, the embedded emulator, drift only on request', () => {
    const flags = parseDevFlags(REQUIRED, '/work', {});
    expect(flags).toMatchObject({ port: DEFAULT_DEV_PORT, stateDir: join('/work', '.meshops', 'dev'), driftEveryMs: 0, webhookSecret: 's3cret', githubToken: 'ghp_x' });
    expect(flags.config.githubApiUrl).toBe('https://api.github.com');
    expect(flags.config.meshEndpoint).toBeUndefined();
    expect(flags.config.allowlist.ownerFor('acme/mesh-config')).toBe('acme/mesh-config');
  });

  it('every flag has an environment variable, and a flag wins over it', () => {
    const env = {
      MESHOPS_DEV_PORT: '9000',
      MESHOPS_GITHUB_API_URL: 'http://127.0.0.1:3000',
      MESHOPS_MESH_ENDPOINT: 'http://127.0.0.1:4566',
      MESHOPS_WEBHOOK_SECRET: 'from-env',
      MESHOPS_GITHUB_TOKEN: 'ghp_env',
      MESHOPS_ALLOWED_REPOS: 'acme/a,acme/b=team-b',
      MESHOPS_DEV_STATE_DIR: 'state',
      MESHOPS_DRIFT_EVERY: '10m',
    };
    const fromEnv = parseDevFlags([], '/work', env);
    expect(fromEnv).toMatchObject({ port: 9000, webhookSecret: 'from-env', githubToken: 'ghp_env', stateDir: join('/work', 'state'), driftEveryMs: 600_000 });
    expect(fromEnv.config).toMatchObject({ githubApiUrl: 'http://127.0.0.1:3000', meshEndpoint: 'http://127.0.0.1:4566' });
    expect(fromEnv.config.allowlist.ownerFor('acme/b')).toBe('team-b');
    const flagged = parseDevFlags(['--port', '0', '--allow', 'acme/c', '--drift-every', '30s', ...REQUIRED.slice(0, 4)], '/work', env);
    expect(flagged).toMatchObject({ port: 0, webhookSecret: 's3cret', driftEveryMs: 30_000 });
    expect(flagged.config.allowlist.allows('acme/c')).toBe(true);
    expect(flagged.config.allowlist.allows('acme/a')).toBe(false);
  });

  it.each([
    [['--github-token', 't', '--allow', 'acme/x'], /--webhook-secret \(or MESHOPS_WEBHOOK_SECRET\) is required/],
    [['--webhook-secret', 's', '--allow', 'acme/x'], /--github-token \(or MESHOPS_GITHUB_TOKEN\) is required/],
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
});
