import type { CheckRunRecord, CommentRecord, FakeGitHubState, IssueRecord, LabelRecord, RepoRecord, Role, StatusRecord, UserRecord } from './state';

/**
 * Response objects shaped as GitHub's OpenAPI description defines them (every required field,
 * the real URL templates), built from the fake's records. The OpenAPI test validates each one.
 */
export interface ObjectContext {
  state: FakeGitHubState;
  /** The fake's API root, e.g. http://127.0.0.1:PORT. */
  api: string;
}

const WEB = 'https://github.com';
type Json = Record<string, unknown>;

function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '');
}

export function simpleUser(ctx: ObjectContext, user: UserRecord): Json {
  const url = `${ctx.api}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId('U', user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${WEB}/${user.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function userByLogin(ctx: ObjectContext, login: string): Json {
  return simpleUser(ctx, ctx.state.user(login));
}

const REPO_URL_SUFFIXES: Record<string, string> = {
  archive_url: '/{archive_format}{/ref}',
  assignees_url: '/assignees{/user}',
  blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}',
  comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}',
  contents_url: '/contents/{+path}',
  contributors_url: '/contributors',
  deployments_url: '/deployments',
  downloads_url: '/downloads',
  events_url: '/events',
  forks_url: '/forks',
  git_commits_url: '/git/commits{/sha}',
  git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks',
  issue_comment_url: '/issues/comments{/number}',
  issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}',
  keys_url: '/keys{/key_id}',
  labels_url: '/labels{/name}',
  languages_url: '/languages',
  merges_url: '/merges',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}',
  stargazers_url: '/stargazers',
  statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  tags_url: '/tags',
  teams_url: '/teams',
  trees_url: '/git/trees{/sha}',
};

/** The `repository` schema (pull request heads and bases). */
export function repository(ctx: ObjectContext, repo: RepoRecord): Json {
  const url = `${ctx.api}/repos/${repo.fullName}`;
  const urls = Object.fromEntries(Object.entries(REPO_URL_SUFFIXES).map(([key, suffix]) => [key, `${url}${suffix}`]));
  const openIssues = [...repo.issues.values()].filter((i) => i.state === 'open').length;
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: userByLogin(ctx, repo.owner),
    private: repo.private,
    html_url: `${WEB}/${repo.fullName}`,
    description: null,
    fork: repo.fork,
    url,
    ...urls,
    git_url: `git://github.com/${repo.fullName}.git`,
    ssh_url: `git@github.com:${repo.fullName}.git`,
    clone_url: `${WEB}/${repo.fullName}.git`,
    svn_url: `${WEB}/${repo.fullName}`,
    mirror_url: null,
    homepage: null,
    language: null,
    license: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1,
    default_branch: repo.defaultBranch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    allow_forking: true,
    web_commit_signoff_required: false,
  };
}

/** The `full-repository` schema (`GET /repos/{owner}/{repo}`). */
export function fullRepository(ctx: ObjectContext, repo: RepoRecord): Json {
  return {
    ...repository(ctx, repo),
    has_discussions: false,
    subscribers_count: 1,
    network_count: 0,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

export function label(ctx: ObjectContext, repo: RepoRecord, record: LabelRecord): Json {
  return {
    id: record.id,
    node_id: nodeId('L', record.id),
    url: `${ctx.api}/repos/${repo.fullName}/labels/${encodeURIComponent(record.name)}`,
    name: record.name,
    description: record.description,
    color: record.color,
    default: false,
  };
}

function labelsOf(ctx: ObjectContext, repo: RepoRecord, names: string[]): Json[] {
  return names.map((name) => repo.labels.get(name.toLowerCase())).filter((l): l is LabelRecord => Boolean(l)).map((l) => label(ctx, repo, l));
}

function association(repo: RepoRecord, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return 'OWNER';
  return repo.collaborators.has(login.toLowerCase()) ? 'COLLABORATOR' : 'NONE';
}

const NO_REACTIONS = { total_count: 0, '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 };

export function issue(ctx: ObjectContext, repo: RepoRecord, record: IssueRecord): Json {
  const url = `${ctx.api}/repos/${repo.fullName}/issues/${record.number}`;
  const comments = [...ctx.state.comments.values()].filter((c) => c.repo === repo.fullName && c.issueNumber === record.number).length;
  const out: Json = {
    id: record.id,
    node_id: nodeId('I', record.id),
    url,
    repository_url: `${ctx.api}/repos/${repo.fullName}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${WEB}/${repo.fullName}/${record.pull ? 'pull' : 'issues'}/${record.number}`,
    number: record.number,
    state: record.state,
    state_reason: record.stateReason,
    title: record.title,
    body: record.body,
    user: userByLogin(ctx, record.user),
    labels: labelsOf(ctx, repo, record.labels),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: record.locked,
    active_lock_reason: null,
    comments,
    closed_at: record.closedAt,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    closed_by: record.closedBy ? userByLogin(ctx, record.closedBy) : null,
    author_association: association(repo, record.user),
    reactions: { url: `${url}/reactions`, ...NO_REACTIONS },
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
  };
  if (record.pull) {
    out.draft = record.pull.draft;
    out.pull_request = {
      url: `${ctx.api}/repos/${repo.fullName}/pulls/${record.number}`,
      html_url: `${WEB}/${repo.fullName}/pull/${record.number}`,
      diff_url: `${WEB}/${repo.fullName}/pull/${record.number}.diff`,
      patch_url: `${WEB}/${repo.fullName}/pull/${record.number}.patch`,
      merged_at: record.pull.mergedAt,
    };
  }
  return out;
}

export function issueComment(ctx: ObjectContext, repo: RepoRecord, record: CommentRecord): Json {
  const url = `${ctx.api}/repos/${repo.fullName}/issues/comments/${record.id}`;
  const onPull = repo.issues.get(record.issueNumber)?.pull !== undefined;
  return {
    id: record.id,
    node_id: nodeId('IC', record.id),
    url,
    html_url: `${WEB}/${repo.fullName}/${onPull ? 'pull' : 'issues'}/${record.issueNumber}#issuecomment-${record.id}`,
    body: record.body,
    user: userByLogin(ctx, record.user),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    issue_url: `${ctx.api}/repos/${repo.fullName}/issues/${record.issueNumber}`,
    author_association: association(repo, record.user),
    reactions: { url: `${url}/reactions`, ...NO_REACTIONS },
    performed_via_github_app: null,
  };
}

function branchEnd(ctx: ObjectContext, repoName: string | null, ref: string, sha: string, fallbackOwner: string, nullableUser: boolean): Json {
  const repo = repoName ? ctx.state.repo(repoName) : undefined;
  const owner = repo?.owner ?? fallbackOwner;
  return {
    label: `${owner}:${ref}`,
    ref,
    sha,
    user: nullableUser && !repo ? null : userByLogin(ctx, owner),
    repo: repo ? repository(ctx, repo) : null,
  };
}

function pullLinks(ctx: ObjectContext, repo: RepoRecord, record: IssueRecord): Json {
  const api = `${ctx.api}/repos/${repo.fullName}`;
  const href = (h: string) => ({ href: h });
  return {
    self: href(`${api}/pulls/${record.number}`),
    html: href(`${WEB}/${repo.fullName}/pull/${record.number}`),
    issue: href(`${api}/issues/${record.number}`),
    comments: href(`${api}/issues/${record.number}/comments`),
    review_comments: href(`${api}/pulls/${record.number}/comments`),
    review_comment: href(`${api}/pulls/comments{/number}`),
    commits: href(`${api}/pulls/${record.number}/commits`),
    statuses: href(`${api}/statuses/${record.pull!.headSha}`),
  };
}

/** The `pull-request-simple` schema (lists). */
export function pullRequestSimple(ctx: ObjectContext, repo: RepoRecord, record: IssueRecord): Json {
  const pull = record.pull!;
  const api = `${ctx.api}/repos/${repo.fullName}`;
  return {
    url: `${api}/pulls/${record.number}`,
    id: record.id,
    node_id: nodeId('PR', record.id),
    html_url: `${WEB}/${repo.fullName}/pull/${record.number}`,
    diff_url: `${WEB}/${repo.fullName}/pull/${record.number}.diff`,
    patch_url: `${WEB}/${repo.fullName}/pull/${record.number}.patch`,
    issue_url: `${api}/issues/${record.number}`,
    commits_url: `${api}/pulls/${record.number}/commits`,
    review_comments_url: `${api}/pulls/${record.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${record.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: record.number,
    state: record.state,
    locked: record.locked,
    title: record.title,
    user: userByLogin(ctx, record.user),
    body: record.body,
    labels: labelsOf(ctx, repo, record.labels),
    milestone: null,
    active_lock_reason: null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    closed_at: record.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchEnd(ctx, pull.headRepo, pull.headRef, pull.headSha, record.user, true),
    base: branchEnd(ctx, repo.fullName, pull.baseRef, pull.baseSha, repo.owner, true),
    _links: pullLinks(ctx, repo, record),
    author_association: association(repo, record.user),
    auto_merge: null,
    draft: pull.draft,
  };
}

/** The `pull-request` schema (`GET /repos/{owner}/{repo}/pulls/{pull_number}`). */
export function pullRequest(ctx: ObjectContext, repo: RepoRecord, record: IssueRecord): Json {
  const pull = record.pull!;
  const simple = pullRequestSimple(ctx, repo, record);
  return {
    ...simple,
    // The schema types head.repo as non-null, yet GitHub sends null for a deleted fork; so does the fake.
    head: branchEnd(ctx, pull.headRepo, pull.headRef, pull.headSha, record.user, false),
    base: branchEnd(ctx, repo.fullName, pull.baseRef, pull.baseSha, repo.owner, false),
    merged: pull.merged,
    mergeable: pull.merged || record.state === 'closed' ? null : true,
    rebaseable: pull.merged || record.state === 'closed' ? null : true,
    mergeable_state: pull.merged ? 'unknown' : 'clean',
    merged_by: pull.mergedBy ? userByLogin(ctx, pull.mergedBy) : null,
    comments: [...ctx.state.comments.values()].filter((c) => c.repo === repo.fullName && c.issueNumber === record.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pull.commits.length,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

export function app(ctx: ObjectContext, login: string): Json {
  const slug = login.replace(/\[bot\]$/, '');
  const user = ctx.state.user(login);
  return {
    id: user.id,
    slug,
    node_id: nodeId('A', user.id),
    client_id: `Iv1.${user.id}`,
    owner: userByLogin(ctx, 'acme'),
    name: slug,
    description: 'meshops GitOps for App Mesh',
    external_url: `https://example.com/${slug}`,
    html_url: `${WEB}/apps/${slug}`,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    permissions: { checks: 'write', contents: 'read', issues: 'write', metadata: 'read', pull_requests: 'write' },
    events: ['pull_request', 'push', 'issue_comment'],
  };
}

export function checkRun(ctx: ObjectContext, repo: RepoRecord, record: CheckRunRecord): Json {
  const url = `${ctx.api}/repos/${repo.fullName}/check-runs/${record.id}`;
  const pulls = [...repo.issues.values()].filter((i) => i.pull && i.state === 'open' && i.pull.headSha === record.headSha);
  return {
    id: record.id,
    head_sha: record.headSha,
    node_id: nodeId('CR', record.id),
    external_id: record.externalId,
    url,
    html_url: `${WEB}/${repo.fullName}/runs/${record.id}`,
    details_url: record.detailsUrl,
    status: record.status,
    conclusion: record.conclusion,
    started_at: record.startedAt,
    completed_at: record.completedAt,
    output: { ...record.output, annotations_count: 0, annotations_url: `${url}/annotations` },
    name: record.name,
    check_suite: { id: record.suiteId },
    app: app(ctx, record.appLogin),
    pull_requests: pulls.map((p) => ({
      id: p.id,
      number: p.number,
      url: `${ctx.api}/repos/${repo.fullName}/pulls/${p.number}`,
      head: { ref: p.pull!.headRef, sha: p.pull!.headSha, repo: { id: repo.id, url: `${ctx.api}/repos/${repo.fullName}`, name: repo.name } },
      base: { ref: p.pull!.baseRef, sha: p.pull!.baseSha, repo: { id: repo.id, url: `${ctx.api}/repos/${repo.fullName}`, name: repo.name } },
    })),
  };
}

export function commitStatus(ctx: ObjectContext, repo: RepoRecord, record: StatusRecord): Json {
  const creator = ctx.state.user(record.creator);
  return {
    url: `${ctx.api}/repos/${repo.fullName}/statuses/${record.sha}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${creator.id}?v=4`,
    id: record.id,
    node_id: nodeId('SC', record.id),
    state: record.state,
    description: record.description,
    target_url: record.targetUrl,
    context: record.context,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    creator: simpleUser(ctx, creator),
  };
}

export function collaboratorPermission(ctx: ObjectContext, login: string, role: Role | undefined): Json {
  // `permission` folds maintain into write and triage into read; `role_name` keeps them apart.
  const permission = role === 'admin' ? 'admin' : role === 'maintain' || role === 'write' ? 'write' : role ? 'read' : 'none';
  return {
    permission,
    role_name: role ?? 'none',
    user: {
      ...userByLogin(ctx, login),
      permissions: {
        admin: role === 'admin',
        maintain: role === 'admin' || role === 'maintain',
        push: permission === 'admin' || permission === 'write',
        triage: role !== undefined && role !== 'read',
        pull: role !== undefined,
      },
      role_name: role ?? 'none',
    },
  };
}

export function gitRef(ctx: ObjectContext, repo: RepoRecord, ref: string, sha: string): Json {
  return {
    ref,
    node_id: nodeId('REF', sha.length + ref.length),
    url: `${ctx.api}/repos/${repo.fullName}/git/${ref}`,
    object: { type: 'commit', sha, url: `${ctx.api}/repos/${repo.fullName}/git/commits/${sha}` },
  };
}
