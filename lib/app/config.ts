import { DEFAULT_MAX_BODY_BYTES } from '../webhook/raw-body';
import { parseOwnerTagValues } from '../resources/owner-tag-values';
import { RepoAllowlist } from '../webhook/allowlist';
import type { LogLevel } from './logger';

/**
 * The deployment's settings, read from the environment once per cold start (serverless.yml sets
 * them). Secrets are not here: only the names of the SSM parameters that hold them.
 */
export interface AppConfig {
  /** `MESHOPS_ALLOWED_REPOS`: comma- or space-separated `owner/name` or `owner/*`. */
  allowlist: RepoAllowlist;
  /** `MESHOPS_QUEUE_URL`: the FIFO job queue. */
  queueUrl?: string;
  /** `MESHOPS_STATE_BUCKET`: last-applied records, audit log, drift reports, locks. */
  stateBucket?: string;
  /** `MESHOPS_GITHUB_TOKEN_PARAMETER`: SSM SecureString with the GitHub token. */
  githubTokenParameter?: string;
  /** `MESHOPS_WEBHOOK_SECRET_PARAMETER`: SSM SecureString with the webhook secret. */
  webhookSecretParameter?: string;
  /** `MESHOPS_GITHUB_APP_ID`: sign in as this GitHub App instead of with a token. */
  githubAppId?: string;
  /** `MESHOPS_GITHUB_APP_KEY_PARAMETER`: SSM SecureString with the App's private key (PEM). */
  githubAppKeyParameter?: string;

  /** `MESHOPS_GITHUB_API_URL`: GitHub's REST API root (GitHub Enterprise Server: `https://HOST/api/v3`). */
  githubApiUrl: string;
  /** `MESHOPS_WEBHOOK_MAX_BODY_BYTES`. */
  webhookMaxBodyBytes: number;
  /** `MESHOPS_LOG_LEVEL`: debug | info | warn | error. */
  logLevel: LogLevel;
  /** `AWS_REGION`, set by Lambda. */
  region?: string;
  /** `MESHOPS_MESH_ENDPOINT`: the mesh APIs at a compatible endpoint (an emulator) instead of AWS. */
  meshEndpoint?: string;
  /**
   * `MESHOPS_OWNER_TAG_VALUES`: the meshops:owner patterns the deployment's role may write
   * (serverless.yml `ownerTagValues`); undefined when any value is allowed.
   */
  ownerTagValues?: string[];
}

export type RequiredSetting = 'queueUrl' | 'stateBucket' | 'githubTokenParameter' | 'webhookSecretParameter' | 'region';

const ENV_NAMES: Record<RequiredSetting, string> = {
  queueUrl: 'MESHOPS_QUEUE_URL',
  stateBucket: 'MESHOPS_STATE_BUCKET',
  githubTokenParameter: 'MESHOPS_GITHUB_TOKEN_PARAMETER',
  webhookSecretParameter: 'MESHOPS_WEBHOOK_SECRET_PARAMETER',
  region: 'AWS_REGION',
};

/** The deployment is misconfigured (an environment variable is missing or malformed). */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

function optional(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  let allowlist: RepoAllowlist;
  try {
    allowlist = RepoAllowlist.parse(env.MESHOPS_ALLOWED_REPOS ?? '');
  } catch (err) {
    throw new ConfigurationError(`MESHOPS_ALLOWED_REPOS: ${(err as Error).message}`, { cause: err });
  }

  const maxBodyText = optional(env, 'MESHOPS_WEBHOOK_MAX_BODY_BYTES');
  const webhookMaxBodyBytes = maxBodyText === undefined ? DEFAULT_MAX_BODY_BYTES : Number(maxBodyText);
  if (!Number.isSafeInteger(webhookMaxBodyBytes) || webhookMaxBodyBytes < 1024) {
    throw new ConfigurationError(`MESHOPS_WEBHOOK_MAX_BODY_BYTES must be an integer of at least 1024, got "${maxBodyText}"`);
  }

  const logLevel = (optional(env, 'MESHOPS_LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new ConfigurationError(`MESHOPS_LOG_LEVEL must be debug, info, warn or error, got "${logLevel}"`);

  const githubApiUrl = (optional(env, 'MESHOPS_GITHUB_API_URL') ?? 'https://api.github.com').replace(/\/+$/, '');
  try {
    const url = new URL(githubApiUrl);
    if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error('only https (or http to localhost)');
  } catch (err) {
    throw new ConfigurationError(`MESHOPS_GITHUB_API_URL is not a usable URL: ${(err as Error).message}`, { cause: err });
  }

  const config: AppConfig = { allowlist, githubApiUrl, webhookMaxBodyBytes, logLevel: logLevel as LogLevel };
  const queueUrl = optional(env, 'MESHOPS_QUEUE_URL');
  if (queueUrl) config.queueUrl = queueUrl;
  const stateBucket = optional(env, 'MESHOPS_STATE_BUCKET');
  if (stateBucket) config.stateBucket = stateBucket;
  const tokenParameter = optional(env, 'MESHOPS_GITHUB_TOKEN_PARAMETER');
  if (tokenParameter) config.githubTokenParameter = tokenParameter;
  const secretParameter = optional(env, 'MESHOPS_WEBHOOK_SECRET_PARAMETER');
  if (secretParameter) config.webhookSecretParameter = secretParameter;
  const appId = optional(env, 'MESHOPS_GITHUB_APP_ID');
  if (appId) {
    if (!/^\d{1,12}$/.test(appId)) throw new ConfigurationError(`MESHOPS_GITHUB_APP_ID must be the App's numeric id, got "${appId}"`);
    config.githubAppId = appId;
  }
  const appKey = optional(env, 'MESHOPS_GITHUB_APP_KEY_PARAMETER');
  if (appKey) config.githubAppKeyParameter = appKey;
  const region = optional(env, 'AWS_REGION');
  if (region) config.region = region;
  const ownerTagValues = parseOwnerTagValues(optional(env, 'MESHOPS_OWNER_TAG_VALUES'));
  if (ownerTagValues) config.ownerTagValues = ownerTagValues;
  const meshEndpoint = optional(env, 'MESHOPS_MESH_ENDPOINT');
  if (meshEndpoint) {
    try {
      const url = new URL(meshEndpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    } catch (err) {
      throw new ConfigurationError(`MESHOPS_MESH_ENDPOINT is not an http(s) URL: "${meshEndpoint}"`, { cause: err });
    }
    config.meshEndpoint = meshEndpoint;
  }
  return config;
}

/** Where the GitHub sign-in secret is: a token's parameter, or a GitHub App's id and key parameter. */
export type GitHubSignIn = { kind: 'token'; parameter: string } | { kind: 'app'; appId: string; parameter: string };

/**
 * The GitHub sign-in this function uses. With token sign-in, each function names its own token
 * parameter, so the webhook (which only reads) can be given a read-only token.
 */
export function githubSignIn(config: AppConfig): GitHubSignIn {
  if (config.githubAppId) {
    if (!config.githubAppKeyParameter) throw new ConfigurationError('MESHOPS_GITHUB_APP_KEY_PARAMETER is not set (MESHOPS_GITHUB_APP_ID is: the App needs its private key)');
    return { kind: 'app', appId: config.githubAppId, parameter: config.githubAppKeyParameter };
  }
  return { kind: 'token', parameter: requireSetting(config, 'githubTokenParameter') };
}

/** A setting this function cannot run without; the error names the environment variable. */
export function requireSetting<K extends RequiredSetting>(config: AppConfig, key: K): NonNullable<AppConfig[K]> {
  const value = config[key];
  if (value === undefined || value === '') throw new ConfigurationError(`${ENV_NAMES[key]} is not set`);
  return value as NonNullable<AppConfig[K]>;
}

let cached: AppConfig | undefined;

/** The process's configuration, read from `process.env` on first use and kept. */
export function appConfig(): AppConfig {
  cached ??= loadConfig(process.env);
  return cached;
}

/** Tests that change the environment between cases. */
export function resetAppConfig(): void {
  cached = undefined;
}
