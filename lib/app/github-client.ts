import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import type { GitHubClient } from '../github/client';
import { registerSecret, type Logger } from './logger';
import { SecretsError } from './secrets';

/** The GitHub REST client every function uses: our user agent, its log lines through ours (redacted). */
const GitHubOctokit = Octokit.plugin(paginateRest);

export function createOctokit(token: string, baseUrl: string, logger: Logger): GitHubClient {
  return new GitHubOctokit({
    auth: token,
    baseUrl,
    userAgent: 'meshops',
    log: {
      debug: (message: string) => logger.debug(message, { source: 'octokit' }),
      info: (message: string) => logger.debug(message, { source: 'octokit' }),
      warn: (message: string) => logger.warn(message, { source: 'octokit' }),
      error: (message: string) => logger.error(message, { source: 'octokit' }),
    },
  });
}

/**
 * Where people read what the API serves, for links in comments: `https://api.github.com` →
 * `https://github.com`; GitHub Enterprise Server's `https://HOST/api/v3` → `https://HOST`. Anything
 * else (a test server) is its own web root.
 */
export function githubWebUrl(apiUrl: string): string {
  const url = apiUrl.replace(/\/+$/, '');
  if (/^https:\/\/api\.github\.com$/i.test(url)) return 'https://github.com';
  const enterprise = /^(https?:\/\/[^/]+)\/api\/v3$/i.exec(url);
  return enterprise ? enterprise[1]! : url;
}

/**
 * The GitHub token alone, for functions that never see a webhook (reconcile): one GetParameter
 * with decryption, so their role needs no access to the webhook secret. The value is registered
 * with the logger's redaction guard before anything else can see it.
 */
export async function readGitHubToken(ssm: Pick<SSMClient, 'send'>, parameterName: string): Promise<string> {
  let out;
  try {
    out = await ssm.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
  } catch (err) {
    throw new SecretsError(`reading SSM parameter ${parameterName}: ${(err as Error).name}: ${(err as Error).message}`, { cause: err });
  }
  const value = out.Parameter?.Value;
  if (!value) throw new SecretsError(`SSM parameter ${parameterName} is missing or empty`);
  registerSecret(value);
  // A plain String parameter is readable by anyone with ssm:GetParameter and is stored unencrypted.
  if (out.Parameter?.Type !== 'SecureString') throw new SecretsError(`SSM parameter ${parameterName} must be a SecureString, is ${out.Parameter?.Type ?? 'unknown'}`);
  return value;
}
