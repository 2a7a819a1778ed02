/** The fake GitHub's data: plain records the routes read and write, and tests inspect. */

export type Role = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface UserRecord {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

export interface CommitRecord {
  sha: string;
  tarball: Uint8Array;
  message: string;
}

export interface PullRecord {
  headRef: string;
  headSha: string;
  /** Full name of the repository the head branch lives in; null when that fork was deleted. */
  headRepo: string | null;
  baseRef: string;
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  /** Commits the pull request contains (head last). */
  commits: string[];
}

export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | 'not_planned' | null;
  user: string;
  labels: string[];
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  pull?: PullRecord;
}

export interface CommentRecord {
  id: number;
  repo: string;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface CheckRunRecord {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | null;
  startedAt: string | null;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  suiteId: number;
  appLogin: string;
}

export interface StatusRecord {
  id: number;
  repo: string;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  fork: boolean;
  defaultBranch: string;
  createdAt: string;
  branches: Map<string, string>;
  commits: Map<string, CommitRecord>;
  issues: Map<number, IssueRecord>;
  labels: Map<string, LabelRecord>;
  collaborators: Map<string, Role>;
  nextNumber: number;
}

export class FakeGitHubState {
  readonly users = new Map<string, UserRecord>();
  readonly repos = new Map<string, RepoRecord>();
  readonly comments = new Map<number, CommentRecord>();
  readonly checkRuns = new Map<number, CheckRunRecord>();
  readonly statuses: StatusRecord[] = [];
  private nextId = 1000;

  constructor(private readonly clock: () => Date) {}

  id(): number {
    return this.nextId++;
  }

  now(): string {
    return this.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  user(login: string, type: UserRecord['type'] = login.endsWith('[bot]') ? 'Bot' : 'User'): UserRecord {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = { login, id: this.id(), type };
      this.users.set(key, user);
    }
    return user;
  }

  repo(fullName: string): RepoRecord | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  mustRepo(fullName: string): RepoRecord {
    const repo = this.repo(fullName);
    if (!repo) throw new Error(`fake GitHub has no repository ${fullName}`);
    return repo;
  }
}
