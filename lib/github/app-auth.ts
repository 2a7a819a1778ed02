/**
 * GitHub App authentication: the App's id and private key sign a short JWT, which buys an
 * installation token for the account a repository belongs to. Tokens last an hour; each is kept
 * until five minutes before it expires, so a warm Lambda asks GitHub for one about once an hour
 * per installation.
 */
import { createPrivateKey, createSign } from 'node:crypto';

export interface AppCredentials {
  appId: string;
  /** PEM (PKCS#1 as GitHub issues it, or PKCS#8). */
  privateKey: string;
}

/** A GitHub call made with the App's JWT (GET /app, an installation, a new token). */
export type AppRequest = (route: string, params: Record<string, unknown>, jwt: string) => Promise<{ data: unknown }>;

export interface InstallationTokenOptions {
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
  /** Permissions asked for (a subset of the installation's): the webhook asks for read access only. */
  permissions?: Record<string, 'read' | 'write'>;
  /** A token is replaced this long before it expires. Default 5 minutes. */
  refreshBeforeMs?: number;
}

/** The App credentials are unusable or GitHub refused them. */
export class GitHubAppAuthError extends Error {
  override name = 'GitHubAppAuthError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const APP_ID = /^\d{1,12}$/;

export function checkAppCredentials(credentials: AppCredentials): void {
  if (!APP_ID.test(credentials.appId)) throw new GitHubAppAuthError(`the GitHub App id must be a number, got "${credentials.appId}"`);
  try {
    const key = createPrivateKey(credentials.privateKey);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key`);
  } catch (err) {
    throw new GitHubAppAuthError(`the GitHub App private key is not an RSA private key in PEM form (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
}

/**
 * The JWT GitHub expects from an App: RS256, issued a minute in the past (clock skew), valid
 * nine minutes (GitHub refuses more than ten), `iss` the App id.
 */
export function appJwt(credentials: AppCredentials, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: now - 60, exp: now + 540, iss: credentials.appId })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(credentials.privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

export class InstallationTokens {
  private readonly installations = new Map<string, Promise<number>>();
  private readonly tokens = new Map<number, Promise<CachedToken>>();
  private slug: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly refreshBeforeMs: number;
  /** The account whose token was handed out last (see tokenFor). */
  private lastAccount: string | undefined;

  constructor(
    private readonly credentials: AppCredentials,
    private readonly request: AppRequest,
    private readonly options: InstallationTokenOptions = {},
  ) {
    checkAppCredentials(credentials);
    this.now = options.now ?? Date.now;
    this.refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
  }

  /**
   * A token for the installation on `owner`'s account (found through `owner/repo`). A request
   * that names no repository (GitHub's next-page links use `/repositories/{id}`) follows the
   * request before it, so it gets the token of the account used last.
   */
  async tokenFor(owner: string | undefined, repo: string | undefined): Promise<string> {
    const account = owner?.toLowerCase() ?? this.lastAccount;
    if (!account) throw new GitHubAppAuthError('a GitHub call names no repository, so no App installation can be chosen for it');
    this.lastAccount = account;
    const installation = await this.installation(account, repo);
    let cached = this.tokens.get(installation);
    if (cached) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresAt - this.refreshBeforeMs > this.now()) return token.token;
      if (this.tokens.get(installation) === cached) this.tokens.delete(installation);
    }
    cached = this.tokens.get(installation);
    if (!cached) {
      cached = this.createToken(installation);
      this.tokens.set(installation, cached);
      cached.catch(() => this.tokens.delete(installation));
    }
    return (await cached).token;
  }

  /** The login the App's comments carry: `<slug>[bot]`. */
  async botLogin(): Promise<string> {
    this.slug ??= this.request('GET /app', {}, this.jwt()).then(({ data }) => {
      const slug = (data as { slug?: unknown }).slug;
      if (typeof slug !== 'string' || !slug) throw new GitHubAppAuthError('GitHub answered GET /app without the App slug');
      return slug;
    });
    this.slug.catch(() => (this.slug = undefined));
    return `${await this.slug}[bot]`;
  }

  /** Forgets a token GitHub refused (revoked, or the installation's permissions changed). */
  invalidate(): void {
    this.tokens.clear();
  }

  private jwt(): string {
    return appJwt(this.credentials, this.now());
  }

  private installation(account: string, repo: string | undefined): Promise<number> {
    let found = this.installations.get(account);
    if (!found) {
      if (!repo) throw new GitHubAppAuthError(`no repository of ${account} was named yet, so its App installation is unknown`);
      found = this.request('GET /repos/{owner}/{repo}/installation', { owner: account, repo }, this.jwt()).then(({ data }) => {
        const id = (data as { id?: unknown }).id;
        if (typeof id !== 'number') throw new GitHubAppAuthError(`GitHub answered the installation of ${account}/${repo} without an id`);
        return id;
      });
      this.installations.set(account, found);
      found.catch(() => this.installations.delete(account));
    }
    return found;
  }

  private async createToken(installation: number): Promise<CachedToken> {
    const body = this.options.permissions ? { permissions: this.options.permissions } : {};
    const { data } = await this.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: installation, ...body }, this.jwt());
    const { token, expires_at: expiresAt } = data as { token?: unknown; expires_at?: unknown };
    if (typeof token !== 'string' || typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt))) throw new GitHubAppAuthError('GitHub answered an installation token request without a token and its expiry');
    return { token, expiresAt: Date.parse(expiresAt) };
  }
}
