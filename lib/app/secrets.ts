import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { registerSecret } from './logger';

export interface AppSecrets {
  /** The GitHub token, or the GitHub App's private key when the deployment signs in as an App. */
  githubToken: string;
  webhookSecret: string;
}

export interface SecretParameterNames {
  githubToken: string;
  webhookSecret: string;
}

/** Reading the secrets failed: the function cannot do anything useful, and says which parameter. */
export class SecretsError extends Error {
  override name = 'SecretsError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The GitHub token and the webhook secret, from SSM Parameter Store SecureStrings: one
 * GetParameters call (WithDecryption) on first use, kept for the life of the Lambda container.
 * A failed read is not cached, so the next invocation tries again. Each value is registered with
 * the logger's redaction guard before anyone can see it.
 */
export class SecretsProvider {
  private loading: Promise<AppSecrets> | undefined;

  constructor(
    private readonly ssm: Pick<SSMClient, 'send'>,
    private readonly names: SecretParameterNames,
  ) {}

  get(): Promise<AppSecrets> {
    if (!this.loading) {
      this.loading = this.load();
      this.loading.catch(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async load(): Promise<AppSecrets> {
    const names = [...new Set([this.names.githubToken, this.names.webhookSecret])];
    let out;
    try {
      out = await this.ssm.send(new GetParametersCommand({ Names: names, WithDecryption: true }));
    } catch (err) {
      throw new SecretsError(`reading SSM parameters ${names.join(', ')}: ${(err as Error).name}: ${(err as Error).message}`, { cause: err });
    }
    if (out.InvalidParameters?.length) throw new SecretsError(`SSM parameters not found: ${out.InvalidParameters.join(', ')}`);
    const byName = new Map((out.Parameters ?? []).map((p) => [p.Name, p]));
    const read = (name: string): string => {
      const parameter = byName.get(name);
      if (!parameter || !parameter.Value) throw new SecretsError(`SSM parameter ${name} is missing or empty`);
      registerSecret(parameter.Value);
      // A plain String parameter is readable by anyone with ssm:GetParameter and is stored unencrypted.
      if (parameter.Type !== 'SecureString') throw new SecretsError(`SSM parameter ${name} must be a SecureString, is ${parameter.Type ?? 'unknown'}`);
      return parameter.Value;
    };
    return { githubToken: read(this.names.githubToken), webhookSecret: read(this.names.webhookSecret) };
  }
}
