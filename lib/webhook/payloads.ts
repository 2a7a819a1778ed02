import { MalformedPayloadError } from './errors';
import { isJsonObject as isObj } from '../resources/json';

/**
 * The few fields of the handled events that meshops reads, checked one by one: a payload that
 * passed the signature check comes from GitHub, but it is still read defensively (a GHES version
 * or a future change may drop a field), and a missing field is a 400, never a crash.
 */
export interface RepositoryInfo {
  fullName: string;
  owner: string;
  name: string;
  defaultBranch: string;
}

export interface PullRequestEvent {
  action: string;
  number: number;
  state: string;
  draft: boolean;
  headSha: string;
  /** `null` when the fork the pull request came from was deleted. */
  headRepoFullName: string | null;
  baseRef: string;
  baseRepoFullName: string;
  author?: string;
  repository: RepositoryInfo;
}

export interface PushEvent {
  ref: string;
  before: string;
  after: string;
  deleted: boolean;
  pusher?: string;
  repository: RepositoryInfo;
}

export interface IssueCommentEvent {
  action: string;
  issueNumber: number;
  isPullRequest: boolean;
  issueState: string;
  body: string;
  commenter: string;
  repository: RepositoryInfo;
}

type Obj = Record<string, unknown>;


class Reader {
  constructor(private readonly event: string) {}

  obj(parent: Obj, key: string, path: string): Obj {
    const value = parent[key];
    if (!isObj(value)) throw new MalformedPayloadError(this.event, path, 'must be an object');
    return value;
  }

  str(parent: Obj, key: string, path: string): string {
    const value = parent[key];
    if (typeof value !== 'string') throw new MalformedPayloadError(this.event, path, 'must be a string');
    return value;
  }

  optStr(parent: Obj, key: string): string | undefined {
    const value = parent[key];
    return typeof value === 'string' ? value : undefined;
  }

  int(parent: Obj, key: string, path: string): number {
    const value = parent[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new MalformedPayloadError(this.event, path, 'must be a positive integer');
    return value;
  }

  bool(parent: Obj, key: string, path: string, fallback?: boolean): boolean {
    const value = parent[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'boolean') throw new MalformedPayloadError(this.event, path, 'must be a boolean');
    return value;
  }

  sha(parent: Obj, key: string, path: string): string {
    const value = this.str(parent, key, path);
    if (!/^[0-9a-f]{40}$/.test(value)) throw new MalformedPayloadError(this.event, path, 'must be a 40-hex commit SHA');
    return value;
  }

  repository(payload: Obj): RepositoryInfo {
    const repo = this.obj(payload, 'repository', 'repository');
    const fullName = this.str(repo, 'full_name', 'repository.full_name');
    const [owner, name] = fullName.split('/');
    if (!owner || !name) throw new MalformedPayloadError(this.event, 'repository.full_name', 'must be owner/name');
    return { fullName, owner, name, defaultBranch: this.str(repo, 'default_branch', 'repository.default_branch') };
  }
}

/** The repository's full name if the payload names one (org-level events may not). */
export function payloadRepository(payload: unknown): string | undefined {
  if (!isObj(payload) || !isObj(payload.repository)) return undefined;
  const fullName = payload.repository.full_name;
  return typeof fullName === 'string' ? fullName : undefined;
}

export function payloadAction(payload: unknown): string | undefined {
  return isObj(payload) && typeof payload.action === 'string' ? payload.action : undefined;
}

export function readPullRequestEvent(payload: Obj): PullRequestEvent {
  const r = new Reader('pull_request');
  const pr = r.obj(payload, 'pull_request', 'pull_request');
  const head = r.obj(pr, 'head', 'pull_request.head');
  const base = r.obj(pr, 'base', 'pull_request.base');
  const headRepo = head.repo;
  if (headRepo !== null && !isObj(headRepo)) throw new MalformedPayloadError('pull_request', 'pull_request.head.repo', 'must be an object or null');
  const baseRepo = r.obj(base, 'repo', 'pull_request.base.repo');
  const user = isObj(pr.user) ? r.optStr(pr.user, 'login') : undefined;
  return {
    action: r.str(payload, 'action', 'action'),
    number: r.int(payload, 'number', 'number'),
    state: r.str(pr, 'state', 'pull_request.state'),
    draft: r.bool(pr, 'draft', 'pull_request.draft', false),
    headSha: r.sha(head, 'sha', 'pull_request.head.sha'),
    headRepoFullName: headRepo === null ? null : r.str(headRepo, 'full_name', 'pull_request.head.repo.full_name'),
    baseRef: r.str(base, 'ref', 'pull_request.base.ref'),
    baseRepoFullName: r.str(baseRepo, 'full_name', 'pull_request.base.repo.full_name'),
    ...(user ? { author: user } : {}),
    repository: r.repository(payload),
  };
}

export function readPushEvent(payload: Obj): PushEvent {
  const r = new Reader('push');
  const pusher = isObj(payload.sender) ? r.optStr(payload.sender, 'login') : isObj(payload.pusher) ? r.optStr(payload.pusher, 'name') : undefined;
  return {
    ref: r.str(payload, 'ref', 'ref'),
    before: r.sha(payload, 'before', 'before'),
    after: r.sha(payload, 'after', 'after'),
    deleted: r.bool(payload, 'deleted', 'deleted', false),
    ...(pusher ? { pusher } : {}),
    repository: r.repository(payload),
  };
}

export function readIssueCommentEvent(payload: Obj): IssueCommentEvent {
  const r = new Reader('issue_comment');
  const issue = r.obj(payload, 'issue', 'issue');
  const comment = r.obj(payload, 'comment', 'comment');
  const user = r.obj(comment, 'user', 'comment.user');
  return {
    action: r.str(payload, 'action', 'action'),
    issueNumber: r.int(issue, 'number', 'issue.number'),
    // GitHub marks an issue that is a pull request with a `pull_request` object of links.
    isPullRequest: isObj(issue.pull_request),
    issueState: r.str(issue, 'state', 'issue.state'),
    body: typeof comment.body === 'string' ? comment.body : '',
    commenter: r.str(user, 'login', 'comment.user.login'),
    repository: r.repository(payload),
  };
}
