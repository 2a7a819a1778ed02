import * as o from './objects';
import type { FakeGitHub, TokenIdentity } from './server';
import type { CheckRunRecord, FakeGitHubState, IssueRecord, RepoRecord } from './state';

export interface RouteContext {
  fake: FakeGitHub;
  state: FakeGitHubState;
  api: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
  identity: TokenIdentity | undefined;
  url: URL;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  raw?: Uint8Array;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** The path as GitHub's OpenAPI description writes it (empty for routes outside the REST API). */
  template: string;
  operationId: string;
  pattern: RegExp;
  public?: boolean;
  /** Authenticated with the App's JWT instead of a token (the /app routes). */
  auth?: 'app-jwt';
  handler(ctx: RouteContext): RouteResult;
}

const DOCS = 'https://docs.github.com/rest';
const MAX_BODY = 65536;

function notFound(): RouteResult {
  return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
}

function invalid(message: string, errors: Record<string, unknown>[] = []): RouteResult {
  return { status: 422, body: { message, documentation_url: DOCS, errors: errors.map((e) => ({ code: 'invalid', ...e })) } };
}

function patternOf(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) =>
      segment.replace(/\{([a-z_]+)\}/g, (_m, name: string) => {
        if (name.endsWith('_number') || name.endsWith('_id')) return `(?<${name}>\\d+)`;
        if (name === 'ref' && template.includes('/git/ref/')) return `(?<${name}>.+)`;
        return `(?<${name}>[^/]+)`;
      }),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

function route(method: string, template: string, operationId: string, handler: (ctx: RouteContext) => RouteResult, extra: Partial<Route> = {}): Route {
  return { method, template, operationId, pattern: patternOf(template), handler, ...extra };
}

function withRepo(handler: (ctx: RouteContext, repo: RepoRecord) => RouteResult): (ctx: RouteContext) => RouteResult {
  return (ctx) => {
    const repo = ctx.state.repo(`${ctx.params.owner}/${ctx.params.repo}`);
    return repo ? handler(ctx, repo) : notFound();
  };
}

function paginate(ctx: RouteContext, items: unknown[]): RouteResult {
  const perPage = Math.min(Math.max(Number(ctx.query.per_page ?? 30) || 30, 1), 100);
  const page = Math.max(Number(ctx.query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const links: string[] = [];
  const link = (p: number, rel: string) => {
    const u = new URL(ctx.url.toString());
    u.searchParams.set('page', String(p));
    u.searchParams.set('per_page', String(perPage));
    links.push(`<${u.toString()}>; rel="${rel}"`);
  };
  if (page < last) {
    link(page + 1, 'next');
    link(last, 'last');
  }
  if (page > 1) {
    link(1, 'first');
    link(page - 1, 'prev');
  }
  return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), ...(links.length ? { headers: { link: links.join(', ') } } : {}) };
}

function resolveRef(repo: RepoRecord, ref: string): string | undefined {
  if (/^[0-9a-f]{40}$/.test(ref) && repo.commits.has(ref)) return ref;
  const branch = ref.replace(/^refs\/heads\/|^heads\//, '');
  return repo.branches.get(branch);
}

function ctxOf(ctx: RouteContext): o.ObjectContext {
  return { state: ctx.state, api: ctx.api };
}

function issueOf(repo: RepoRecord, ctx: RouteContext): IssueRecord | undefined {
  return repo.issues.get(Number(ctx.params.issue_number ?? ctx.params.pull_number));
}

function commentOf(repo: RepoRecord, ctx: RouteContext) {
  const comment = ctx.state.comments.get(Number(ctx.params.comment_id));
  return comment && comment.repo.toLowerCase() === repo.fullName.toLowerCase() ? comment : undefined;
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  return typeof body[key] === 'string' ? (body[key] as string) : undefined;
}

const CHECK_STATUSES = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'];
const CHECK_CONCLUSIONS = ['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required'];

function applyCheckRun(ctx: RouteContext, record: CheckRunRecord, body: Record<string, unknown>): RouteResult | undefined {
  if (body.status !== undefined && !CHECK_STATUSES.includes(String(body.status))) return invalid('Invalid request.', [{ field: 'status' }]);
  if (body.conclusion !== undefined && !CHECK_CONCLUSIONS.includes(String(body.conclusion))) return invalid('Invalid request.', [{ field: 'conclusion' }]);
  const output = body.output as Record<string, unknown> | undefined;
  if (output !== undefined) {
    if (typeof output.title !== 'string' || typeof output.summary !== 'string') return invalid('Invalid request.', [{ field: 'output', message: 'title and summary are required' }]);
    if (output.summary.length > 65535 || (typeof output.text === 'string' && output.text.length > 65535)) return invalid('Invalid request.', [{ field: 'output', message: 'summary and text are limited to 65535 characters' }]);
    record.output = { title: output.title, summary: output.summary, text: typeof output.text === 'string' ? output.text : null };
  }
  if (typeof body.name === 'string') record.name = body.name;
  if (typeof body.external_id === 'string') record.externalId = body.external_id;
  if (typeof body.details_url === 'string') record.detailsUrl = body.details_url;
  if (typeof body.started_at === 'string') record.startedAt = body.started_at;
  if (body.status !== undefined) record.status = body.status as CheckRunRecord['status'];
  // A conclusion completes the run, as on GitHub.
  if (body.conclusion !== undefined) {
    record.conclusion = body.conclusion as CheckRunRecord['conclusion'];
    record.status = 'completed';
  }
  if (record.status === 'completed') {
    if (!record.conclusion) return invalid('Invalid request.', [{ field: 'conclusion', message: 'conclusion is required when status is completed' }]);
    record.completedAt = typeof body.completed_at === 'string' ? body.completed_at : record.completedAt ?? ctx.state.now();
  } else {
    record.conclusion = null;
    record.completedAt = null;
  }
  return undefined;
}

const INSTALLATION_TOKEN_MS = 60 * 60_000;

export const ROUTES: Route[] = [
  // ---- GitHub App authentication ----
  route('GET', '/app', 'apps/get-authenticated', (ctx) => {
    const app = ctx.fake.app!;
    const now = ctx.state.now();
    return { status: 200, body: { id: app.id, slug: app.slug, node_id: `A_${app.id}`, owner: o.userByLogin(ctxOf(ctx), 'acme'), name: app.slug, description: null, external_url: 'https://example.com', html_url: `https://github.com/apps/${app.slug}`, created_at: now, updated_at: now, permissions: {}, events: [] } };
  }, { auth: 'app-jwt' }),

  route('GET', '/repos/{owner}/{repo}/installation', 'apps/get-repo-installation', withRepo((ctx, repo) => {
    const id = ctx.fake.app!.installations[repo.owner.toLowerCase()];
    if (id === undefined) return notFound();
    return { status: 200, body: { id, account: null, app_id: ctx.fake.app!.id, app_slug: ctx.fake.app!.slug, target_id: 1, target_type: 'Organization', permissions: {}, events: [], created_at: ctx.state.now(), updated_at: ctx.state.now(), single_file_name: null, repository_selection: 'all', access_tokens_url: `${ctx.api}/app/installations/${id}/access_tokens`, repositories_url: `${ctx.api}/installation/repositories`, html_url: `https://github.com/settings/installations/${id}`, suspended_at: null, suspended_by: null } };
  }), { auth: 'app-jwt' }),

  route('POST', '/app/installations/{installation_id}/access_tokens', 'apps/create-installation-access-token', (ctx) => {
    const app = ctx.fake.app!;
    const id = Number(ctx.params.installation_id);
    if (!Object.values(app.installations).includes(id)) return notFound();
    const token = `ghs_fakeInstallation${String(ctx.fake.issuedTokens.length + 1).padStart(20, '0')}`;
    const expiresAt = new Date(Date.now() + INSTALLATION_TOKEN_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const permissions = ctx.body.permissions as Record<string, string> | undefined;
    ctx.fake.tokens[token] = { login: `${app.slug}[bot]`, kind: 'app', expiresAt, ...(permissions ? { permissions } : {}) };
    ctx.fake.issuedTokens.push({ token, installationId: id, expiresAt, ...(permissions ? { permissions } : {}) });
    ctx.state.user(`${app.slug}[bot]`);
    return { status: 201, body: { token, expires_at: expiresAt, permissions: permissions ?? { metadata: 'read' }, repository_selection: 'all' } };
  }, { auth: 'app-jwt' }),

  route('GET', '/user', 'users/get-authenticated', (ctx) => {
    // Installation tokens act as the App's bot, which has no /user.
    if (ctx.identity!.kind === 'app') return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' } };
    // GET /user answers a public-user: the simple user plus the profile fields.
    const profile = { user_view_type: 'public', bio: null, blog: null, company: null, email: null, followers: 0, following: 0, hireable: null, location: null, name: null, public_gists: 0, public_repos: 0, created_at: ctx.state.now(), updated_at: ctx.state.now() };
    return { status: 200, body: { ...(o.userByLogin(ctxOf(ctx), ctx.identity!.login) as object), ...profile } };
  }),

  route('GET', '/repos/{owner}/{repo}', 'repos/get', withRepo((ctx, repo) => ({ status: 200, body: o.fullRepository(ctxOf(ctx), repo) }))),

  route('GET', '/repos/{owner}/{repo}/tarball/{ref}', 'repos/download-tarball-archive', withRepo((ctx, repo) => {
    const sha = resolveRef(repo, ctx.params.ref!);
    if (!sha) return notFound();
    return { status: 302, headers: { location: `${ctx.api}/_codeload/${repo.fullName}/legacy.tar.gz/${sha}` } };
  })),

  route('GET', '/_codeload/{owner}/{repo}/legacy.tar.gz/{sha}', 'codeload', withRepo((ctx, repo) => {
    const commit = repo.commits.get(ctx.params.sha!);
    if (!commit) return notFound();
    return { status: 200, raw: commit.tarball, headers: { 'content-type': 'application/x-gzip', 'content-disposition': `attachment; filename=${repo.owner}-${repo.name}-${commit.sha.slice(0, 7)}.tar.gz` } };
  }), { public: true }),

  route('GET', '/repos/{owner}/{repo}/git/ref/{ref}', 'git/get-ref', withRepo((ctx, repo) => {
    const ref = ctx.params.ref!;
    const m = /^heads\/(.+)$/.exec(ref);
    const sha = m ? repo.branches.get(m[1]!) : undefined;
    return sha ? { status: 200, body: o.gitRef(ctxOf(ctx), repo, `refs/${ref}`, sha) } : notFound();
  })),

  route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', 'pulls/get', withRepo((ctx, repo) => {
    const pr = issueOf(repo, ctx);
    return pr?.pull ? { status: 200, body: o.pullRequest(ctxOf(ctx), repo, pr) } : notFound();
  })),

  route('GET', '/repos/{owner}/{repo}/collaborators/{username}/permission', 'repos/get-collaborator-permission-level', withRepo((ctx, repo) => {
    const login = ctx.params.username!;
    const user = ctx.state.users.get(login.toLowerCase());
    if (!user) return notFound();
    const role = login.toLowerCase() === repo.owner.toLowerCase() ? 'admin' : repo.collaborators.get(login.toLowerCase());
    return { status: 200, body: o.collaboratorPermission(ctxOf(ctx), user.login, role) };
  })),

  route('GET', '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', 'repos/list-pull-requests-associated-with-commit', withRepo((ctx, repo) => {
    const sha = ctx.params.commit_sha!;
    const pulls = [...repo.issues.values()].filter((i) => i.pull && (i.pull.mergeCommitSha === sha || i.pull.commits.includes(sha)));
    return paginate(ctx, pulls.map((p) => o.pullRequestSimple(ctxOf(ctx), repo, p)));
  })),

  route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'issues/list-comments', withRepo((ctx, repo) => {
    const issue = issueOf(repo, ctx);
    if (!issue) return notFound();
    const comments = [...ctx.state.comments.values()].filter((c) => c.repo === repo.fullName && c.issueNumber === issue.number).sort((a, b) => a.id - b.id);
    return paginate(ctx, comments.map((c) => o.issueComment(ctxOf(ctx), repo, c)));
  })),

  route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'issues/create-comment', withRepo((ctx, repo) => {
    const issue = issueOf(repo, ctx);
    if (!issue) return notFound();
    const body = stringField(ctx.body, 'body');
    if (body === undefined) return invalid('Invalid request.\n\n"body" wasn\'t supplied.');
    if (body.length > MAX_BODY) return invalid('Validation Failed', [{ resource: 'IssueComment', field: 'data', code: 'unprocessable', message: 'Body is too long (maximum is 65536 characters)' }]);
    const now = ctx.state.now();
    const record = { id: ctx.state.id(), repo: repo.fullName, issueNumber: issue.number, body, user: ctx.identity!.login, createdAt: now, updatedAt: now };
    ctx.state.user(record.user);
    ctx.state.comments.set(record.id, record);
    const json = o.issueComment(ctxOf(ctx), repo, record);
    return { status: 201, body: json, headers: { location: json.url as string } };
  })),

  route('GET', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'issues/get-comment', withRepo((ctx, repo) => {
    const comment = commentOf(repo, ctx);
    return comment ? { status: 200, body: o.issueComment(ctxOf(ctx), repo, comment) } : notFound();
  })),

  route('PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'issues/update-comment', withRepo((ctx, repo) => {
    const comment = commentOf(repo, ctx);
    if (!comment) return notFound();
    const body = stringField(ctx.body, 'body');
    if (body === undefined) return invalid('Invalid request.\n\n"body" wasn\'t supplied.');
    if (body.length > MAX_BODY) return invalid('Validation Failed', [{ resource: 'IssueComment', field: 'data', code: 'unprocessable', message: 'Body is too long (maximum is 65536 characters)' }]);
    comment.body = body;
    comment.updatedAt = ctx.state.now();
    return { status: 200, body: o.issueComment(ctxOf(ctx), repo, comment) };
  })),

  route('DELETE', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'issues/delete-comment', withRepo((ctx, repo) => {
    const comment = commentOf(repo, ctx);
    if (!comment) return notFound();
    ctx.state.comments.delete(comment.id);
    return { status: 204 };
  })),

  route('GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', 'checks/list-for-ref', withRepo((ctx, repo) => {
    const sha = resolveRef(repo, ctx.params.ref!) ?? ctx.params.ref!;
    let runs = [...ctx.state.checkRuns.values()].filter((r) => r.repo === repo.fullName && r.headSha === sha);
    if (ctx.query.check_name) runs = runs.filter((r) => r.name === ctx.query.check_name);
    if (ctx.query.status) runs = runs.filter((r) => r.status === ctx.query.status);
    if ((ctx.query.filter ?? 'latest') === 'latest') {
      const latest = new Map<string, CheckRunRecord>();
      for (const r of runs) if ((latest.get(r.name)?.id ?? -1) < r.id) latest.set(r.name, r);
      runs = [...latest.values()];
    }
    runs.sort((a, b) => b.id - a.id);
    const page = paginate(ctx, runs.map((r) => o.checkRun(ctxOf(ctx), repo, r)));
    return { ...page, body: { total_count: runs.length, check_runs: page.body } };
  })),

  route('POST', '/repos/{owner}/{repo}/check-runs', 'checks/create', withRepo((ctx, repo) => {
    if (ctx.identity!.kind !== 'app') return { status: 403, body: { message: 'Resource not accessible by personal access token', documentation_url: `${DOCS}/checks/runs#create-a-check-run`, status: '403' } };
    const name = stringField(ctx.body, 'name');
    const headSha = stringField(ctx.body, 'head_sha');
    if (!name || !headSha) return invalid('Invalid request.\n\n"name" and "head_sha" are required.');
    if (!repo.commits.has(headSha)) return invalid('Validation Failed', [{ resource: 'CheckRun', field: 'head_sha', code: 'invalid' }]);
    const record: CheckRunRecord = {
      id: ctx.state.id(),
      repo: repo.fullName,
      headSha,
      name,
      status: 'queued',
      conclusion: null,
      startedAt: ctx.state.now(),
      completedAt: null,
      externalId: null,
      detailsUrl: null,
      output: { title: null, summary: null, text: null },
      suiteId: 5000 + repo.id,
      appLogin: ctx.identity!.login,
    };
    const error = applyCheckRun(ctx, record, ctx.body);
    if (error) return error;
    ctx.state.checkRuns.set(record.id, record);
    return { status: 201, body: o.checkRun(ctxOf(ctx), repo, record) };
  })),

  route('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}', 'checks/update', withRepo((ctx, repo) => {
    const existing = ctx.state.checkRuns.get(Number(ctx.params.check_run_id));
    if (!existing || existing.repo !== repo.fullName) return notFound();
    if (ctx.identity!.kind !== 'app') return { status: 403, body: { message: 'Resource not accessible by personal access token', documentation_url: DOCS, status: '403' } };
    const record = { ...existing, output: { ...existing.output } };
    const error = applyCheckRun(ctx, record, ctx.body);
    if (error) return error;
    ctx.state.checkRuns.set(record.id, record);
    return { status: 200, body: o.checkRun(ctxOf(ctx), repo, record) };
  })),

  route('POST', '/repos/{owner}/{repo}/statuses/{sha}', 'repos/create-commit-status', withRepo((ctx, repo) => {
    const state = stringField(ctx.body, 'state');
    if (!state || !['error', 'failure', 'pending', 'success'].includes(state)) return invalid('Validation Failed', [{ resource: 'Status', field: 'state', code: 'custom' }]);
    if (!repo.commits.has(ctx.params.sha!)) return invalid('No commit found for SHA: ' + ctx.params.sha);
    const description = stringField(ctx.body, 'description') ?? null;
    if (description && description.length > 140) return invalid('Validation Failed', [{ resource: 'Status', field: 'description', code: 'custom', message: 'description is too long (maximum is 140 characters)' }]);
    const now = ctx.state.now();
    const record = {
      id: ctx.state.id(),
      repo: repo.fullName,
      sha: ctx.params.sha!,
      state: state as 'success',
      context: stringField(ctx.body, 'context') ?? 'default',
      description,
      targetUrl: stringField(ctx.body, 'target_url') ?? null,
      creator: ctx.identity!.login,
      createdAt: now,
      updatedAt: now,
    };
    ctx.state.statuses.push(record);
    return { status: 201, body: o.commitStatus(ctxOf(ctx), repo, record) };
  })),

  route('GET', '/repos/{owner}/{repo}/issues', 'issues/list-for-repo', withRepo((ctx, repo) => {
    const state = ctx.query.state ?? 'open';
    const wanted = (ctx.query.labels ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
    let issues = [...repo.issues.values()].filter((i) => state === 'all' || i.state === state);
    issues = issues.filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)));
    const ascending = ctx.query.direction === 'asc';
    issues.sort((a, b) => (ascending ? a.number - b.number : b.number - a.number));
    return paginate(ctx, issues.map((i) => o.issue(ctxOf(ctx), repo, i)));
  })),

  route('POST', '/repos/{owner}/{repo}/issues', 'issues/create', withRepo((ctx, repo) => {
    const title = stringField(ctx.body, 'title');
    if (!title) return invalid('Invalid request.\n\n"title" wasn\'t supplied.');
    const body = stringField(ctx.body, 'body') ?? null;
    if (body && body.length > MAX_BODY) return invalid('Validation Failed', [{ resource: 'Issue', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }]);
    const labels = Array.isArray(ctx.body.labels) ? (ctx.body.labels as unknown[]).map(String) : [];
    // Naming a label that does not exist creates it, as GitHub does.
    for (const name of labels) if (!repo.labels.has(name.toLowerCase())) repo.labels.set(name.toLowerCase(), { id: ctx.state.id(), name, color: 'ededed', description: null });
    const now = ctx.state.now();
    const record: IssueRecord = { number: repo.nextNumber++, id: ctx.state.id(), title, body, state: 'open', stateReason: null, user: ctx.identity!.login, labels, locked: false, createdAt: now, updatedAt: now, closedAt: null, closedBy: null };
    repo.issues.set(record.number, record);
    return { status: 201, body: o.issue(ctxOf(ctx), repo, record) };
  })),

  route('GET', '/repos/{owner}/{repo}/issues/{issue_number}', 'issues/get', withRepo((ctx, repo) => {
    const issue = issueOf(repo, ctx);
    return issue ? { status: 200, body: o.issue(ctxOf(ctx), repo, issue) } : notFound();
  })),

  route('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', 'issues/update', withRepo((ctx, repo) => {
    const issue = issueOf(repo, ctx);
    if (!issue) return notFound();
    const b = ctx.body;
    if (b.state !== undefined && b.state !== 'open' && b.state !== 'closed') return invalid('Validation Failed', [{ resource: 'Issue', field: 'state' }]);
    const body = stringField(b, 'body');
    if (body && body.length > MAX_BODY) return invalid('Validation Failed', [{ resource: 'Issue', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }]);
    const now = ctx.state.now();
    if (typeof b.title === 'string') issue.title = b.title;
    if (body !== undefined) issue.body = body;
    if (Array.isArray(b.labels)) issue.labels = (b.labels as unknown[]).map(String);
    if (b.state === 'closed' && issue.state === 'open') {
      Object.assign(issue, { state: 'closed', closedAt: now, closedBy: ctx.identity!.login, stateReason: (stringField(b, 'state_reason') as IssueRecord['stateReason']) ?? 'completed' });
    } else if (b.state === 'open' && issue.state === 'closed') {
      Object.assign(issue, { state: 'open', closedAt: null, closedBy: null, stateReason: 'reopened' });
    }
    issue.updatedAt = now;
    return { status: 200, body: o.issue(ctxOf(ctx), repo, issue) };
  })),

  route('GET', '/repos/{owner}/{repo}/labels/{name}', 'issues/get-label', withRepo((ctx, repo) => {
    const record = repo.labels.get(ctx.params.name!.toLowerCase());
    return record ? { status: 200, body: o.label(ctxOf(ctx), repo, record) } : notFound();
  })),

  route('POST', '/repos/{owner}/{repo}/labels', 'issues/create-label', withRepo((ctx, repo) => {
    const name = stringField(ctx.body, 'name');
    if (!name) return invalid('Invalid request.\n\n"name" wasn\'t supplied.');
    if (repo.labels.has(name.toLowerCase())) return invalid('Validation Failed', [{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    const record = { id: ctx.state.id(), name, color: (stringField(ctx.body, 'color') ?? 'ededed').replace(/^#/, ''), description: stringField(ctx.body, 'description') ?? null };
    repo.labels.set(name.toLowerCase(), record);
    return { status: 201, body: o.label(ctxOf(ctx), repo, record) };
  })),
];
