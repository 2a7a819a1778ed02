import { createHmac, randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { WebhookRequest } from '../../lib/webhook/request';

/**
 * Real webhook payloads from @octokit/webhooks-examples (recorded from GitHub), adapted to a test
 * repository: every `Codertocat/Hello-World` reference is rewritten to the test repo's name and the
 * fields meshops reads are set. Nothing else is invented, so the rest of each payload is GitHub's.
 */
type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function example(event: string, pick: (p: Payload) => boolean): Payload {
  const def = (examples as unknown as { name: string; examples: Payload[] }[]).find((e) => e.name === event);
  const found = def?.examples.find(pick);
  if (!found) throw new Error(`no ${event} example matches`);
  return JSON.parse(JSON.stringify(found));
}

function retarget(payload: Payload, repo: string, from = 'Codertocat/Hello-World'): Payload {
  const [owner, name] = repo.split('/') as [string, string];
  const text = JSON.stringify(payload).split(from).join(repo);
  const out = JSON.parse(text) as Payload;
  const fix = (r: Payload | null | undefined): void => {
    if (!r || r.full_name !== repo) return;
    r.name = name;
    if (r.owner) r.owner.login = owner;
  };
  fix(out.repository);
  fix(out.pull_request?.head?.repo);
  fix(out.pull_request?.base?.repo);
  return out;
}

export const TEST_REPO = 'acme/mesh-config';
export const HEAD_SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const MERGE_SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';

export interface PullRequestOptions {
  repo?: string;
  action?: string;
  number?: number;
  headSha?: string;
  baseRef?: string;
  defaultBranch?: string;
  draft?: boolean;
  state?: string;
  /** The head repository's full name (a fork), or null for a deleted fork. */
  headRepo?: string | null;
  author?: string;
}

export function pullRequestPayload(options: PullRequestOptions = {}): Payload {
  const action = options.action ?? 'opened';
  const repo = options.repo ?? TEST_REPO;
  const p = retarget(example('pull_request', (e) => e.action === action), repo);
  const defaultBranch = options.defaultBranch ?? 'main';
  p.repository.default_branch = defaultBranch;
  p.repository.master_branch = defaultBranch;
  p.number = options.number ?? p.number;
  p.pull_request.number = p.number;
  p.pull_request.head.sha = options.headSha ?? HEAD_SHA;
  p.pull_request.base.ref = options.baseRef ?? defaultBranch;
  p.pull_request.base.repo.default_branch = defaultBranch;
  if (options.draft !== undefined) p.pull_request.draft = options.draft;
  if (options.state !== undefined) p.pull_request.state = options.state;
  if (options.author !== undefined) p.pull_request.user.login = options.author;
  if (options.headRepo === null) p.pull_request.head.repo = null;
  else if (options.headRepo !== undefined && options.headRepo !== repo) {
    const fork = JSON.parse(JSON.stringify(p.pull_request.head.repo)) as Payload;
    const [forkOwner, forkName] = options.headRepo.split('/') as [string, string];
    fork.full_name = options.headRepo;
    fork.name = forkName;
    fork.owner.login = forkOwner;
    fork.fork = true;
    fork.id = 99999;
    p.pull_request.head.repo = fork;
    p.pull_request.head.label = `${forkOwner}:${p.pull_request.head.ref}`;
  }
  return p;
}

export interface PushOptions {
  repo?: string;
  ref?: string;
  before?: string;
  after?: string;
  defaultBranch?: string;
  deleted?: boolean;
  pusher?: string;
}

export function pushPayload(options: PushOptions = {}): Payload {
  const repo = options.repo ?? TEST_REPO;
  const p = retarget(example('push', (e) => e.ref === 'refs/heads/master'), repo);
  const defaultBranch = options.defaultBranch ?? 'main';
  p.repository.default_branch = defaultBranch;
  p.repository.master_branch = defaultBranch;
  p.ref = options.ref ?? `refs/heads/${defaultBranch}`;
  p.before = options.before ?? HEAD_SHA;
  p.after = options.after ?? MERGE_SHA;
  p.created = false;
  p.deleted = options.deleted ?? false;
  if (p.deleted) p.after = '0'.repeat(40);
  if (options.pusher) {
    p.sender.login = options.pusher;
    p.pusher.name = options.pusher;
  }
  return p;
}

/** A tag push, straight from the examples (`refs/tags/simple-tag`). */
export function tagPushPayload(repo = TEST_REPO): Payload {
  return retarget(example('push', (e) => e.ref === 'refs/tags/simple-tag' && e.deleted === false), repo);
}

export interface IssueCommentOptions {
  repo?: string;
  action?: string;
  number?: number;
  body?: string;
  login?: string;
  /** The examples' issue is a plain issue; true adds GitHub's `pull_request` links. */
  onPullRequest?: boolean;
  state?: string;
  defaultBranch?: string;
}

export function issueCommentPayload(options: IssueCommentOptions = {}): Payload {
  const action = options.action ?? 'created';
  const repo = options.repo ?? TEST_REPO;
  const p = retarget(example('issue_comment', (e) => e.action === action), repo);
  const defaultBranch = options.defaultBranch ?? 'main';
  p.repository.default_branch = defaultBranch;
  p.issue.number = options.number ?? p.issue.number;
  p.issue.state = options.state ?? 'open';
  if (options.onPullRequest ?? true) {
    const base = `https://api.github.com/repos/${repo}`;
    p.issue.pull_request = {
      url: `${base}/pulls/${p.issue.number}`,
      html_url: `https://github.com/${repo}/pull/${p.issue.number}`,
      diff_url: `https://github.com/${repo}/pull/${p.issue.number}.diff`,
      patch_url: `https://github.com/${repo}/pull/${p.issue.number}.patch`,
      merged_at: null,
    };
  }
  p.comment.body = options.body ?? '/meshops plan';
  if (options.login) {
    p.comment.user.login = options.login;
    p.sender.login = options.login;
  }
  return p;
}

export function pingPayload(repo: string | null = TEST_REPO): Payload {
  if (repo === null) return example('ping', (e) => !e.repository);
  return retarget(example('ping', (e) => Boolean(e.repository)), repo, 'Octocoders/Hello-World');
}

/** GitHub's `X-Hub-Signature-256` for a body. */
export function sign(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface DeliveryOptions {
  event: string;
  payload: unknown;
  secret: string;
  deliveryId?: string;
  /** API Gateway base64-encodes bodies it does not treat as text. */
  base64?: boolean;
  contentType?: string;
  /** Replaces the computed signature header; null drops it. */
  signature?: string | null;
  /** Sends this exact body instead of JSON.stringify(payload). */
  rawBody?: string;
}

/** A signed delivery as API Gateway hands it to the function: lower-cased headers, raw body. */
export function delivery(options: DeliveryOptions): WebhookRequest & { headers: Record<string, string> } {
  const body = options.rawBody ?? JSON.stringify(options.payload);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
    'user-agent': 'GitHub-Hookshot/044aadd',
    'x-github-event': options.event,
    'x-github-delivery': options.deliveryId ?? randomUUID(),
    'x-github-hook-id': '292430182',
  };
  const signature = options.signature === undefined ? sign(options.secret, body) : options.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  return { headers, body: options.base64 ? Buffer.from(body, 'utf8').toString('base64') : body, isBase64Encoded: Boolean(options.base64) };
}

/** A delivery as API Gateway's HTTP API (payload 2.0) hands it to the webhook function. */
export function apiGatewayEvent(request: WebhookRequest, http: { sourceIp?: string; userAgent?: string; requestId?: string } = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /webhook',
    rawPath: '/webhook',
    rawQueryString: '',
    headers: request.headers as Record<string, string>,
    ...(request.body !== undefined && request.body !== null ? { body: request.body } : {}),
    isBase64Encoded: Boolean(request.isBase64Encoded),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: 'POST', path: '/webhook', protocol: 'HTTP/1.1', sourceIp: http.sourceIp ?? '192.30.252.1', userAgent: http.userAgent ?? 'GitHub-Hookshot/044aadd' },
      requestId: http.requestId ?? 'r-1',
      routeKey: 'POST /webhook',
      stage: '$default',
      time: '25/Nov/2026:12:00:00 +0000',
      timeEpoch: 1764072000000,
    },
  };
}
