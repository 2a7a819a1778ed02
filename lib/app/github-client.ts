import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { GitHubAppAuthError, InstallationTokens } from '../github/app-auth';
import type { GitHubClient } from '../github/client';
import { registerSecret, type Logger } from './logger';
import { SecretsError } from './secrets';

/** The GitHub REST client every function uses: our user agent, its log lines through ours (redacted). */
const GitHubOctokit = Octokit.plugin(paginateRest);

/** How meshops signs in to GitHub: a token (a machine user's), or a GitHub App's id and private key. */
export type GitHubCredentials =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: string; privateKey: string; permissions?: Record<string, 'read' | 'write'> };

export interface GitHubAccess {
  octokit: GitHubClient;
  /**
   * The login meshops' comments and issues are written by (the token's user, or `<app>[bot]`):
   * only those are found, edited or deleted. Asked once and kept.
   */
  identity(): Promise<string>;
}

const REPO_IN_URL = /\/repos\/([^/]+)\/([^/?#]+)/;

export function createGitHubAccess(credentials: GitHubCredentials, baseUrl: string, logger: Logger): GitHubAccess {
  if (credentials.kind === 'token') {
    const octokit = createOctokit(credentials.token, baseUrl, logger);
    let login: Promise<string> | undefined;
    return {
      octokit,
      identity: () => {
        login ??= octokit.request('GET /user').then(
          ({ data }) => data.login,
          (err: unknown) => {
            login = undefined;
            throw new GitHubAppAuthError(`asking GitHub who the token belongs to (GET /user): ${(err as Error).message}. meshops only edits comments written by its own identity, so it needs a user's token or a GitHub App`, { cause: err });
          },
        );
        return login;
      },
    };
  }
  const bare = new Octokit({ baseUrl, userAgent: 'meshops' });
  const tokens = new InstallationTokens({ appId: credentials.appId, privateKey: credentials.privateKey }, (route, params, jwt) => bare.request(route, { ...params, headers: { authorization: `bearer ${jwt}` } }), credentials.permissions ? { permissions: credentials.permissions } : {});
  const octokit = createOctokit(undefined, baseUrl, logger);
  octokit.hook.before('request', async (options) => {
    const inUrl = REPO_IN_URL.exec(String(options.url));
    const owner = typeof options.owner === 'string' ? options.owner : inUrl?.[1];
    const repo = typeof options.repo === 'string' ? options.repo : inUrl?.[2];
    const token = await tokens.tokenFor(owner, repo);
    registerSecret(token);
    options.headers.authorization = `token ${token}`;
  });
  octokit.hook.error('request', (err) => {
    // A revoked token (or changed permissions): the next request buys a new one.
    if ((err as { status?: number }).status === 401) tokens.invalidate();
    throw err;
  });
  return { octokit, identity: () => tokens.botLogin() };
}

export function createOctokit(token: string | undefined, baseUrl: string, logger: Logger): GitHubClient {
  return new GitHubOctokit({
    ...(token !== undefined ? { auth: token } : {}),
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
