import { ConfigurationError, loadConfig, requireSetting } from '../../lib/app/config';
import { DEFAULT_MAX_BODY_BYTES } from '../../lib/webhook/raw-body';

describe('loadConfig', () => {
  it('reads the environment, with defaults', () => {
    const config = loadConfig({
      MESHOPS_ALLOWED_REPOS: 'acme/mesh-config, acme/*',
      MESHOPS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/jobs.fifo',
      MESHOPS_GITHUB_TOKEN_PARAMETER: '/meshops/github-token',
      MESHOPS_WEBHOOK_SECRET_PARAMETER: '/meshops/webhook-secret',
      AWS_REGION: 'us-east-1',
    });
    expect(config.allowlist.allows('acme/anything')).toBe(true);
    expect(config).toMatchObject({ queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/jobs.fifo', githubApiUrl: 'https://api.github.com', webhookMaxBodyBytes: DEFAULT_MAX_BODY_BYTES, logLevel: 'info', region: 'us-east-1' });
    expect(config.stateBucket).toBeUndefined();
    expect(requireSetting(config, 'githubTokenParameter')).toBe('/meshops/github-token');
  });

  it('names the variable that is missing when a function needs it', () => {
    expect(() => requireSetting(loadConfig({}), 'queueUrl')).toThrow(new ConfigurationError('MESHOPS_QUEUE_URL is not set'));
  });

  it.each([
    [{ MESHOPS_ALLOWED_REPOS: 'not a repo' }, /MESHOPS_ALLOWED_REPOS: allowlist entry "not"/],
    [{ MESHOPS_WEBHOOK_MAX_BODY_BYTES: '12' }, /MESHOPS_WEBHOOK_MAX_BODY_BYTES must be an integer of at least 1024/],
    [{ MESHOPS_WEBHOOK_MAX_BODY_BYTES: '1mb' }, /MESHOPS_WEBHOOK_MAX_BODY_BYTES/],
    [{ MESHOPS_LOG_LEVEL: 'verbose' }, /MESHOPS_LOG_LEVEL must be/],
    [{ MESHOPS_GITHUB_API_URL: 'http://github.example.com/api/v3' }, /MESHOPS_GITHUB_API_URL is not a usable URL: only https/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the owner values the role may write; `*` (the deployment default) means no check', () => {
    expect(loadConfig({ MESHOPS_OWNER_TAG_VALUES: 'acme/*,team-payments' }).ownerTagValues).toEqual(['acme/*', 'team-payments']);
    expect(loadConfig({ MESHOPS_OWNER_TAG_VALUES: '*' }).ownerTagValues).toBeUndefined();
    expect(loadConfig({}).ownerTagValues).toBeUndefined();
  });

  it('accepts a GitHub Enterprise Server URL, and http to localhost (tests, the fake GitHub)', () => {
    expect(loadConfig({ MESHOPS_GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }).githubApiUrl).toBe('https://ghe.example.com/api/v3');
    expect(loadConfig({ MESHOPS_GITHUB_API_URL: 'http://127.0.0.1:3000' }).githubApiUrl).toBe('http://127.0.0.1:3000');
  });
});
