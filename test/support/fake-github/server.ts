import { createVerify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from '@octokit/rest';
import { githubOpenApi, responseSchema, validateSchema, type SchemaViolation } from './openapi';
import { ROUTES, type RouteContext, type RouteResult } from './routes';
import { FakeGitHubState, type IssueRecord, type RepoRecord, type Role } from './state';
import { buildCommitTarball, filesFromDirectory } from './tarball';

/**
 * A fake GitHub REST API on localhost for the unmodified Octokit client: stateful (repositories,
 * commits and their tarballs, pull requests, issues, comments, labels, check runs, statuses,
 * collaborator permissions), every call recorded, faults injectable per operation, and, when asked,
 * every JSON response checked against GitHub's OpenAPI description.
 */
export interface TokenIdentity {
  login: string;
  /** App installation tokens may create check runs; user tokens (PATs) get GitHub's 403. */
  kind: 'app' | 'user';
  /** Installation tokens expire (ISO 8601); a token used after it gets 401. */
  expiresAt?: string;
  /** Installation tokens: the permissions asked for (absent: all the installation has). */
  permissions?: Record<string, string>;
}

/** A GitHub App registered with the fake: JWTs signed by its private key are accepted on the /app routes. */
export interface FakeGitHubApp {
  id: number;
  slug: string;
  /** PEM of the public half of the App's key. */
  publicKey: string;
  /** Installation id per account (lower case). */
  installations: Record<string, number>;
}

export interface FakeGitHubOptions {
  tokens?: Record<string, TokenIdentity>;
  /** Check every JSON response against the OpenAPI description (loads the 13 MB description). */
  validate?: boolean;
  /** Timestamps; default: a clock that starts at 2026-11-25T12:00:00Z and ticks one second per call. */
  now?: () => Date;
  /** A GitHub App whose installation tokens the fake issues. */
  app?: FakeGitHubApp;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  operationId: string;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
  /** The response was a fault the test injected. */
  injected?: boolean;
}

export interface FaultSpec {
  /** How many of the next calls fail. Default 1. */
  count?: number;
  /** Default 502. */
  status?: number;
  /** Fail after the change was made (the client sees an error, the state changed): a lost response. */
  after?: boolean;
  /** Response headers of the failure (a rate limit: `x-ratelimit-remaining`, `x-ratelimit-reset`, `retry-after`). */
  headers?: Record<string, string>;
}

export const DEFAULT_TOKEN = 'ghs_fakeAppInstallationToken0000000001';
export const BOT_LOGIN = 'meshops[bot]';

export class FakeGitHub {
  readonly state: FakeGitHubState;
  readonly calls: RecordedCall[] = [];
  readonly violations: (SchemaViolation & { operationId: string; status: number })[] = [];
  private readonly faults = new Map<string, Required<FaultSpec>>();
  private server?: Server;
  private base = '';
  readonly tokens: Record<string, TokenIdentity>;
  readonly app: FakeGitHubApp | undefined;
  /** Installation tokens issued, in order. */
  readonly issuedTokens: { token: string; installationId: number; expiresAt: string; permissions?: Record<string, string> }[] = [];
  private readonly validate: boolean;

  constructor(options: FakeGitHubOptions = {}) {
    let tick = Date.UTC(2026, 10, 25, 12, 0, 0);
    this.state = new FakeGitHubState(options.now ?? (() => new Date((tick += 1000))));
    this.tokens = options.tokens ?? { [DEFAULT_TOKEN]: { login: BOT_LOGIN, kind: 'app' } };
    this.validate = options.validate ?? false;
    this.app = options.app;
    if (this.validate) githubOpenApi();
  }

  get url(): string {
    if (!this.base) throw new Error('the fake GitHub is not started');
    return this.base;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** An unmodified Octokit client pointed at the fake. */
  octokit(token: string = Object.keys(this.tokens)[0]!): Octokit {
    return new Octokit({ auth: token, baseUrl: this.url, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
  }

  /** The next `count` calls to an operation (its OpenAPI operationId, e.g. `issues/create-comment`) fail. */
  failNext(operationId: string, fault: FaultSpec = {}): void {
    this.faults.set(operationId, { count: fault.count ?? 1, status: fault.status ?? 502, after: fault.after ?? false, headers: fault.headers ?? {} });
  }

  callsTo(operationId: string): RecordedCall[] {
    return this.calls.filter((c) => c.operationId === operationId);
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  // ---- state set-up -------------------------------------------------------------------------

  addRepo(fullName: string, options: { defaultBranch?: string; private?: boolean; fork?: boolean } = {}): RepoRecord {
    const [owner, name] = fullName.split('/') as [string, string];
    this.state.user(owner);
    const repo: RepoRecord = {
      id: this.state.id(),
      owner,
      name,
      fullName,
      private: options.private ?? true,
      fork: options.fork ?? false,
      defaultBranch: options.defaultBranch ?? 'main',
      createdAt: this.state.now(),
      branches: new Map(),
      commits: new Map(),
      issues: new Map(),
      labels: new Map(),
      collaborators: new Map(),
      nextNumber: 1,
    };
    this.state.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  setCollaborator(repo: string, login: string, role: Role | undefined): void {
    const r = this.state.mustRepo(repo);
    this.state.user(login);
    if (role) r.collaborators.set(login.toLowerCase(), role);
    else r.collaborators.delete(login.toLowerCase());
  }

  /** A commit whose tarball holds these files; optionally moves a branch to it. */
  addCommit(repo: string, sha: string, files: Record<string, string | Uint8Array>, options: { branch?: string; tarball?: Uint8Array; message?: string } = {}): void {
    const r = this.state.mustRepo(repo);
    const tarball = options.tarball ?? buildCommitTarball(files, { owner: r.owner, repo: r.name, sha });
    r.commits.set(sha, { sha, tarball, message: options.message ?? `commit ${sha.slice(0, 7)}` });
    if (options.branch) r.branches.set(options.branch, sha);
  }

  /** A commit whose tarball holds every regular file under a local directory. */
  addCommitFromDirectory(repo: string, sha: string, dir: string, options: { branch?: string; message?: string } = {}): void {
    this.addCommit(repo, sha, filesFromDirectory(dir), options);
  }

  openPullRequest(repo: string, options: { headSha: string; headRef?: string; headRepo?: string | null; baseRef?: string; author?: string; title?: string; draft?: boolean }): IssueRecord {
    const r = this.state.mustRepo(repo);
    const author = options.author ?? 'octocat';
    this.state.user(author);
    const now = this.state.now();
    const baseRef = options.baseRef ?? r.defaultBranch;
    const record: IssueRecord = {
      number: r.nextNumber++,
      id: this.state.id(),
      title: options.title ?? 'Shift 50% of search traffic to v2',
      body: null,
      state: 'open',
      stateReason: null,
      user: author,
      labels: [],
      locked: false,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      pull: {
        headRef: options.headRef ?? 'canary-50',
        headSha: options.headSha,
        headRepo: options.headRepo === undefined ? r.fullName : options.headRepo,
        baseRef,
        baseSha: r.branches.get(baseRef) ?? '0'.repeat(40),
        draft: options.draft ?? false,
        merged: false,
        mergedAt: null,
        mergeCommitSha: null,
        mergedBy: null,
        commits: [options.headSha],
      },
    };
    r.issues.set(record.number, record);
    return record;
  }

  pushToPullRequest(repo: string, number: number, headSha: string): void {
    const pr = this.state.mustRepo(repo).issues.get(number)!;
    pr.pull!.headSha = headSha;
    pr.pull!.commits.push(headSha);
    pr.updatedAt = this.state.now();
  }

  /** Merges: the merge commit (which must have been added) becomes the base branch's head. */
  mergePullRequest(repo: string, number: number, mergeSha: string, mergedBy = 'octocat'): void {
    const r = this.state.mustRepo(repo);
    const pr = r.issues.get(number)!;
    const now = this.state.now();
    Object.assign(pr.pull!, { merged: true, mergedAt: now, mergeCommitSha: mergeSha, mergedBy });
    Object.assign(pr, { state: 'closed', closedAt: now, updatedAt: now, closedBy: mergedBy });
    r.branches.set(pr.pull!.baseRef, mergeSha);
  }

  commentsOn(repo: string, issueNumber: number): { id: number; body: string; user: string }[] {
    return [...this.state.comments.values()].filter((c) => c.repo.toLowerCase() === repo.toLowerCase() && c.issueNumber === issueNumber).sort((a, b) => a.id - b.id);
  }

  // ---- serving ------------------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const query = Object.fromEntries(url.searchParams);
    const method = (req.method ?? 'GET').toUpperCase();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let requestBody: unknown;
    try {
      requestBody = raw ? JSON.parse(raw) : undefined;
    } catch {
      return this.send(res, { method, path: url.pathname, query, operationId: 'unknown', requestBody: raw }, { status: 400, body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest' } });
    }

    for (const route of ROUTES) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const call = { method, path: url.pathname, query, operationId: route.operationId, requestBody };
      const token = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (route.auth === 'app-jwt') {
        const refused = token ? verifyAppJwt(token, this.app) : 'A JSON web token could not be decoded';
        if (refused) return this.send(res, call, { status: 401, body: { message: refused, documentation_url: 'https://docs.github.com/rest', status: '401' } }, route.template);
        return this.send(res, call, this.run(route.handler, url, match, query, requestBody, undefined), route.template);
      }
      let identity = token ? this.tokens[token] : undefined;
      if (identity?.expiresAt && Date.parse(identity.expiresAt) <= Date.now()) identity = undefined;
      if (!route.public && !identity) {
        return this.send(res, call, { status: 401, body: { message: token ? 'Bad credentials' : 'Requires authentication', documentation_url: 'https://docs.github.com/rest', status: '401' } }, route.template);
      }
      // A token made with read permissions only (the webhook's) cannot write.
      if (identity?.permissions && method !== 'GET' && !Object.values(identity.permissions).includes('write')) {
        return this.send(res, call, { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' } }, route.template);
      }
      const fault = this.faults.get(route.operationId);
      if (fault && fault.count > 0) {
        fault.count--;
        if (fault.count === 0) this.faults.delete(route.operationId);
        if (fault.after) this.run(route.handler, url, match, query, requestBody, identity);
        return this.send(res, { ...call, injected: true }, { status: fault.status, headers: fault.headers, body: { message: fault.status === 403 || fault.status === 429 ? 'API rate limit exceeded' : 'Server Error' } });
      }
      const result = this.run(route.handler, url, match, query, requestBody, identity);
      return this.send(res, call, result, route.template);
    }
    this.send(res, { method, path: url.pathname, query, operationId: 'unknown', requestBody }, { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } });
  }

  private run(handler: (ctx: RouteContext) => RouteResult, url: URL, match: RegExpExecArray, query: Record<string, string>, body: unknown, identity: TokenIdentity | undefined): RouteResult {
    const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    return handler({ fake: this, state: this.state, api: this.base, params, query, body: (body ?? {}) as Record<string, unknown>, identity, url });
  }

  private send(res: ServerResponse, call: Omit<RecordedCall, 'status' | 'responseBody'>, result: RouteResult, template?: string): void {
    const headers: Record<string, string> = { 'x-github-request-id': `FAKE:${this.calls.length}`, 'x-ratelimit-remaining': '4999', ...result.headers };
    let payload: Buffer | undefined;
    if (result.raw !== undefined) {
      payload = Buffer.from(result.raw);
    } else if (result.body !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      payload = Buffer.from(JSON.stringify(result.body));
    }
    this.calls.push({ ...call, status: result.status, responseBody: result.raw !== undefined ? `<${result.raw.length} bytes>` : result.body });
    if (this.validate && template && !call.injected && result.raw === undefined) this.check(call.method, template, call.operationId, result);
    res.writeHead(result.status, { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) });
    res.end(payload);
  }

  private check(method: string, template: string, operationId: string, result: RouteResult): void {
    const spec = githubOpenApi();
    const { schema, documented } = responseSchema(spec, method, template, result.status);
    if (!documented) {
      // GitHub documents 401/403/5xx loosely; the fake's own errors use the basic-error shape.
      if (result.status === 401 || result.status === 403 || result.status >= 500) return;
      this.violations.push({ operationId, status: result.status, path: '$', message: `status ${result.status} is not documented for ${method} ${template}` });
      return;
    }
    if (!schema) {
      if (result.body !== undefined) this.violations.push({ operationId, status: result.status, path: '$', message: 'a body where GitHub documents none' });
      return;
    }
    for (const v of validateSchema(spec, schema, result.body)) this.violations.push({ operationId, status: result.status, ...v });
  }
}

/** GitHub's check of an App JWT: RS256 over header.payload with the App's key, `iss` the App id, not expired, at most 10 minutes long. */
function verifyAppJwt(token: string, app: FakeGitHubApp | undefined): string | undefined {
  if (!app) return 'This fake GitHub has no App';
  const parts = token.split('.');
  if (parts.length !== 3) return 'A JSON web token could not be decoded';
  let header: { alg?: string };
  let payload: { iss?: unknown; iat?: number; exp?: number };
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return 'A JSON web token could not be decoded';
  }
  if (header.alg !== 'RS256') return "'alg' must be RS256";
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${parts[0]}.${parts[1]}`);
  if (!verifier.verify(app.publicKey, Buffer.from(parts[2]!, 'base64url'))) return 'A JSON web token could not be decoded';
  if (String(payload.iss) !== String(app.id)) return "'Issuer' claim ('iss') must be an Integer";
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp !== 'number' || payload.exp <= now) return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  if (typeof payload.iat !== 'number' || payload.exp - payload.iat > 600) return "'Expiration time' claim ('exp') is too far in the future";
  return undefined;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  return new FakeGitHub(options).start();
}
