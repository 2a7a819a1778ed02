import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { clearRegisteredSecrets, redact } from '../../lib/app/logger';
import { SecretsError, SecretsProvider } from '../../lib/app/secrets';

const names = { githubToken: '/meshops/github-token', webhookSecret: '/meshops/webhook-secret' };

describe('SecretsProvider', () => {
  const ssm = mockClient(SSMClient);
  beforeEach(() => ssm.reset());
  afterEach(() => clearRegisteredSecrets());

  const ok = () =>
    ssm.on(GetParametersCommand).resolves({
      Parameters: [
        { Name: names.githubToken, Type: 'SecureString', Value: 'ghs_tokenvalue0000000000000000000001' },
        { Name: names.webhookSecret, Type: 'SecureString', Value: 'webhook-secret-value' },
      ],
      InvalidParameters: [],
    });

  it('reads both SecureStrings in one decrypted call, once, and registers them for redaction', async () => {
    ok();
    const provider = new SecretsProvider(new SSMClient({ region: 'us-east-1' }), names);
    const [a, b] = await Promise.all([provider.get(), provider.get()]);
    expect(await provider.get()).toEqual({ githubToken: 'ghs_tokenvalue0000000000000000000001', webhookSecret: 'webhook-secret-value' });
    expect(a).toBe(b);
    const calls = ssm.commandCalls(GetParametersCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({ Names: [names.githubToken, names.webhookSecret], WithDecryption: true });
    expect(redact('secret is webhook-secret-value')).toBe('secret is [REDACTED]');
  });

  it('names the missing parameter, and tries again on the next call', async () => {
    ssm.on(GetParametersCommand).resolvesOnce({ Parameters: [], InvalidParameters: [names.webhookSecret] });
    const provider = new SecretsProvider(new SSMClient({ region: 'us-east-1' }), names);
    await expect(provider.get()).rejects.toThrow(new SecretsError('SSM parameters not found: /meshops/webhook-secret'));
    ok();
    await expect(provider.get()).resolves.toMatchObject({ webhookSecret: 'webhook-secret-value' });
  });

  it('refuses a plain String parameter, without printing its value', async () => {
    ssm.on(GetParametersCommand).resolves({
      Parameters: [
        { Name: names.githubToken, Type: 'String', Value: 'plain-token-value' },
        { Name: names.webhookSecret, Type: 'SecureString', Value: 'x' },
      ],
    });
    const err = await new SecretsProvider(new SSMClient({ region: 'us-east-1' }), names).get().catch((e: Error) => e);
    expect(err).toBeInstanceOf(SecretsError);
    expect((err as Error).message).toBe('SSM parameter /meshops/github-token must be a SecureString, is String');
    expect(redact('plain-token-value')).toBe('[REDACTED]');
  });

  it('wraps an SSM failure with the action', async () => {
    ssm.on(GetParametersCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    await expect(new SecretsProvider(new SSMClient({ region: 'us-east-1' }), names).get()).rejects.toThrow('reading SSM parameters /meshops/github-token, /meshops/webhook-secret: AccessDeniedException: User is not authorized');
  });
});
