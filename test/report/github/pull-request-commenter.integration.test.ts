import { GitHubReportError } from '../../../lib/report/github/errors';
import { PullRequestCommenter } from '../../../lib/report/github/pull-request-commenter';
import { BOT_LOGIN, FakeGitHub, startFakeGitHub } from '../../support/fake-github';

const REPO = 'acme/mesh-config';
const ref = { owner: 'acme', repo: 'mesh-config' };
const MARKER = '<!-- meshops:plan -->';
const noSleep = async () => {};

const diffBlock = (label: string, n: number) => ['<details>', `<summary>${label}</summary>`, '', '```diff', ...Array.from({ length: n }, (_, i) => `- weight: ${i}\n+ weight: ${i + 10}`), '```', '', '</details>'].join('\n');
const bigPlan = (changes: number, lines = 20) => ['## meshops plan', '', ...Array.from({ length: changes }, (_, i) => diffBlock(`VirtualRouter router-${i}: update`, lines))].join('\n\n');

describe('PullRequestCommenter (Octokit against the fake GitHub over HTTP)', () => {
  let gh: FakeGitHub;
  let pr: number;
  beforeAll(async () => {
    gh = await startFakeGitHub({ validate: true });
    gh.addRepo(REPO);
  });
  beforeEach(() => {
    pr = gh.openPullRequest(REPO, { headSha: 'a'.repeat(40) }).number;
    gh.resetCalls();
  });
  afterAll(async () => {
    expect(gh.violations).toEqual([]);
    await gh.stop();
  });

  const commenter = (options = {}) => new PullRequestCommenter(gh.octokit(), ref, { sleep: noSleep, ...options });

  it('creates the comment, then updates it in place', async () => {
    const first = await commenter().upsert(pr, 'Plan: 1 to update.', MARKER);
    expect(first).toMatchObject({ created: 1, updated: 0, deleted: 0 });
    const second = await commenter().upsert(pr, 'Plan: 2 to update.', MARKER);
    expect(second).toMatchObject({ created: 0, updated: 1, commentIds: first.commentIds });
    const comments = gh.commentsOn(REPO, pr);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toBe(`${MARKER}\nPlan: 2 to update.`);
    expect(comments[0]!.user).toBe(BOT_LOGIN);
    expect(second.url).toMatch(/\/pull\/\d+#issuecomment-\d+$/);
  });

  it('does not write when nothing changed', async () => {
    await commenter().upsert(pr, 'same', MARKER);
    gh.resetCalls();
    const again = await commenter().upsert(pr, 'same', MARKER);
    expect(again).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
    expect(gh.calls.map((c) => c.operationId)).toEqual(['issues/list-comments']);
  });

  it('leaves other comments alone: people\'s, and other markers\'', async () => {
    const octokit = gh.octokit();
    await octokit.rest.issues.createComment({ ...ref, issue_number: pr, body: 'Looks good to me' });
    await commenter().upsert(pr, 'applied', '<!-- meshops:apply -->');
    await commenter().upsert(pr, 'plan', MARKER);
    await commenter().upsert(pr, 'plan v2', MARKER);
    expect(gh.commentsOn(REPO, pr).map((c) => c.body)).toEqual(['Looks good to me', '<!-- meshops:apply -->\napplied', `${MARKER}\nplan v2`]);
  });

  it('splits a long plan into continuation comments, each within the limit and balanced', async () => {
    const markdown = bigPlan(12);
    const result = await commenter({ commentLimit: 3000 }).upsert(pr, markdown, MARKER);
    const comments = gh.commentsOn(REPO, pr);
    expect(comments.length).toBeGreaterThan(2);
    expect(result.created).toBe(comments.length);
    comments.forEach((c, i) => {
      expect(c.body.length).toBeLessThanOrEqual(3000);
      expect(c.body.split('\n')[0]).toBe(i === 0 ? MARKER : `<!-- meshops:plan part=${i + 1} -->`);
      expect((c.body.match(/^```/gm) ?? []).length % 2).toBe(0);
      expect((c.body.match(/<details>/g) ?? []).length).toBe((c.body.match(/<\/details>/g) ?? []).length);
    });
    expect(comments[0]!.body).toMatch(/_Continued in the next comment \(part 1 of \d+\)\._$/);
    expect(comments[1]!.body).toMatch(/^<!-- meshops:plan part=2 -->\n_Continued \(part 2 of \d+\)\._\n\n/);
  });

  it('reuses parts when the plan changes, and deletes the parts it no longer needs', async () => {
    await commenter({ commentLimit: 3000 }).upsert(pr, bigPlan(12), MARKER);
    const before = gh.commentsOn(REPO, pr).map((c) => c.id);
    const grown = await commenter({ commentLimit: 3000 }).upsert(pr, bigPlan(16), MARKER);
    expect(grown.commentIds.slice(0, before.length)).toEqual(before);
    expect(grown.created).toBe(grown.commentIds.length - before.length);
    const shrunk = await commenter({ commentLimit: 3000 }).upsert(pr, 'Plan: no changes.', MARKER);
    expect(shrunk).toMatchObject({ commentIds: [before[0]], updated: 1, deleted: grown.commentIds.length - 1 });
    expect(gh.commentsOn(REPO, pr)).toEqual([expect.objectContaining({ id: before[0], body: `${MARKER}\nPlan: no changes.` })]);
  });

  it('posts a 200,000-character plan within GitHub\'s real 65,536 limit (the fake refuses longer)', async () => {
    const markdown = bigPlan(240, 30);
    expect(markdown.length).toBeGreaterThan(200_000);
    await commenter().upsert(pr, markdown, MARKER);
    const comments = gh.commentsOn(REPO, pr);
    expect(comments.length).toBeGreaterThanOrEqual(4);
    for (const c of comments) expect(c.body.length).toBeLessThanOrEqual(65536);
  });

  it('a create that failed after GitHub stored it is retried without a duplicate', async () => {
    gh.failNext('issues/create-comment', { after: true, status: 502 });
    const result = await commenter().upsert(pr, 'Plan: 1 to add.', MARKER);
    expect(gh.commentsOn(REPO, pr)).toHaveLength(1);
    expect(result).toMatchObject({ created: 0, unchanged: 1 });
    expect(gh.callsTo('issues/create-comment').map((c) => c.status)).toEqual([502]);
  });

  it('a failure before anything was stored is retried and creates the comment once', async () => {
    gh.failNext('issues/create-comment', { status: 500 });
    await commenter().upsert(pr, 'Plan', MARKER);
    expect(gh.commentsOn(REPO, pr)).toHaveLength(1);
    expect(gh.callsTo('issues/create-comment').map((c) => c.status)).toEqual([500, 201]);
  });

  it('retries a failed continuation part without duplicating any part', async () => {
    gh.failNext('issues/create-comment', { after: true, count: 2 });
    await commenter({ commentLimit: 3000 }).upsert(pr, bigPlan(12), MARKER);
    const parts = gh.commentsOn(REPO, pr).map((c) => c.body.split('\n')[0]);
    expect(new Set(parts).size).toBe(parts.length);
  });

  it('waits between attempts (injected sleep) and gives up with a named, retryable error', async () => {
    const sleeps: number[] = [];
    gh.failNext('issues/list-comments', { count: 5, status: 503 });
    const err = await commenter({ sleep: async (ms: number) => void sleeps.push(ms), attempts: 3, baseDelayMs: 100 }).upsert(pr, 'x', MARKER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubReportError);
    expect(err).toMatchObject({ status: 503, retryable: true });
    expect((err as Error).message).toMatch(new RegExp(`^updating the meshops:plan comment on acme/mesh-config#${pr}: 503`));
    expect(sleeps).toEqual([100, 200]);
  });

  it('does not retry a 4xx', async () => {
    gh.failNext('issues/list-comments', { status: 404 });
    await expect(commenter().upsert(pr, 'x', MARKER)).rejects.toMatchObject({ status: 404, retryable: false });
    expect(gh.callsTo('issues/list-comments')).toHaveLength(1);
  });

  it('removes duplicates of a part left by anything else', async () => {
    const octokit = gh.octokit();
    await octokit.rest.issues.createComment({ ...ref, issue_number: pr, body: `${MARKER}\nold` });
    await octokit.rest.issues.createComment({ ...ref, issue_number: pr, body: `${MARKER}\nolder` });
    await commenter().upsert(pr, 'new', MARKER);
    expect(gh.commentsOn(REPO, pr).map((c) => c.body)).toEqual([`${MARKER}\nnew`]);
  });

  it('with botLogin set, ignores a look-alike comment by someone else', async () => {
    const stranger = new FakeGitHub({ tokens: { ghp_x: { login: 'mallory', kind: 'user' } } });
    await stranger.start();
    try {
      stranger.addRepo(REPO);
      const n = stranger.openPullRequest(REPO, { headSha: 'b'.repeat(40) }).number;
      await stranger.octokit().rest.issues.createComment({ ...ref, issue_number: n, body: `${MARKER}\nfake plan` });
      const result = await new PullRequestCommenter(stranger.octokit(), ref, { botLogin: 'meshops[bot]', sleep: noSleep }).upsert(n, 'real plan', MARKER);
      expect(result.created).toBe(1);
      expect(stranger.commentsOn(REPO, n).map((c) => c.body)).toEqual([`${MARKER}\nfake plan`, `${MARKER}\nreal plan`]);
    } finally {
      await stranger.stop();
    }
  });

  it('reads back the last plan comment with its meta (the fingerprint an apply compares)', async () => {
    expect(await commenter().readLast(pr, MARKER)).toBeUndefined();
    await commenter({ commentLimit: 3000 }).upsert(pr, bigPlan(6), MARKER, { fingerprint: 'f00d', sha: 'a'.repeat(40) });
    const last = await commenter().readLast(pr, MARKER);
    expect(last?.meta).toEqual({ fingerprint: 'f00d', sha: 'a'.repeat(40) });
    expect(last?.body).toContain('## meshops plan');
    expect(last?.body).toContain('router-5');
    expect(last?.body).not.toMatch(/meshops:plan|Continued/);
  });

  it('keeps meta that looks like the end of an HTML comment intact', async () => {
    await commenter().upsert(pr, 'x', MARKER, { note: 'a --> b <!-- c' });
    expect((await commenter().readLast(pr, MARKER))?.meta).toEqual({ note: 'a --> b <!-- c' });
  });

  it('refuses a marker that is not a hidden HTML comment', async () => {
    await expect(commenter().upsert(pr, 'x', 'meshops:plan')).rejects.toThrow(/a marker is an HTML comment/);
  });
});
