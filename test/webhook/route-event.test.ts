import { MalformedPayloadError } from '../../lib/webhook/errors';
import { routeEvent } from '../../lib/webhook/route-event';
import { HEAD_SHA, MERGE_SHA, issueCommentPayload, pingPayload, pullRequestPayload, pushPayload, tagPushPayload } from '../support/webhook-payloads';

describe('routeEvent: pull_request', () => {
  it.each(['opened', 'synchronize', 'reopened', 'ready_for_review'])('%s → plan job at the head SHA', (action) => {
    expect(routeEvent('pull_request', pullRequestPayload({ action, number: 7 }))).toEqual({
      kind: 'job',
      draft: { type: 'plan', sha: HEAD_SHA, pullRequest: 7, requestedBy: 'Codertocat' },
    });
  });

  it.each(['closed', 'labeled', 'assigned', 'converted_to_draft', 'review_requested', 'locked'])('%s is ignored', (action) => {
    const routing = routeEvent('pull_request', pullRequestPayload({ action }));
    expect(routing).toEqual({ kind: 'ignored', reason: `pull_request action ${action} is not handled` });
  });

  it('plans a draft pull request', () => {
    expect(routeEvent('pull_request', pullRequestPayload({ action: 'opened', draft: true })).kind).toBe('job');
  });

  it('ignores a pull request into another branch than the default one', () => {
    const routing = routeEvent('pull_request', pullRequestPayload({ baseRef: 'release-1' }));
    expect(routing).toEqual({ kind: 'ignored', reason: 'pull request #2 targets release-1, not the default branch main' });
  });

  it('does not plan a pull request from a fork: a collaborator with write access asks for it (a reply says so)', () => {
    const routing = routeEvent('pull_request', pullRequestPayload({ headRepo: 'mallory/mesh-config' }));
    expect(routing).toEqual({ kind: 'refused', pullRequest: 2, reason: 'pull request #2 comes from a fork: meshops plans it when a collaborator with write access comments /meshops plan' });
    expect(HEAD_SHA).toMatch(/^[0-9a-f]{40}$/);
  });

  it('treats a pull request whose fork was deleted as from a fork', () => {
    expect(routeEvent('pull_request', pullRequestPayload({ headRepo: null }))).toMatchObject({ kind: 'refused' });
  });

  it('a branch of the repository itself is not a fork, whatever the case of its name', () => {
    const payload = pullRequestPayload();
    payload.pull_request.head.repo.full_name = 'ACME/Mesh-Config';
    const routing = routeEvent('pull_request', payload);
    expect(routing.kind === 'job' && routing.draft.fromFork).toBeUndefined();
  });

  it('refuses a payload without a head SHA (400 upstream)', () => {
    const payload = pullRequestPayload();
    delete payload.pull_request.head.sha;
    expect(() => routeEvent('pull_request', payload)).toThrow(MalformedPayloadError);
    expect(() => routeEvent('pull_request', payload)).toThrow('pull_request payload: pull_request.head.sha must be a string');
  });
});

describe('routeEvent: push', () => {
  it('a push to the default branch → apply job at the pushed SHA', () => {
    expect(routeEvent('push', pushPayload({ pusher: 'octocat' }))).toEqual({ kind: 'job', draft: { type: 'apply', sha: MERGE_SHA, requestedBy: 'octocat' } });
  });

  it('follows the repository\'s default branch, whatever its name', () => {
    expect(routeEvent('push', pushPayload({ defaultBranch: 'trunk' })).kind).toBe('job');
    expect(routeEvent('push', pushPayload({ defaultBranch: 'trunk', ref: 'refs/heads/main' }))).toEqual({ kind: 'ignored', reason: 'push to main, not the default branch trunk' });
  });

  it('ignores a push to another branch', () => {
    expect(routeEvent('push', pushPayload({ ref: 'refs/heads/feature/x' }))).toEqual({ kind: 'ignored', reason: 'push to feature/x, not the default branch main' });
  });

  it('ignores a tag push (the real example payload)', () => {
    expect(routeEvent('push', tagPushPayload())).toEqual({ kind: 'ignored', reason: 'push to refs/tags/simple-tag is not a branch' });
  });

  it('ignores a tag whose name is the default branch', () => {
    expect(routeEvent('push', pushPayload({ ref: 'refs/tags/main' })).kind).toBe('ignored');
  });

  it('ignores the deletion of the default branch (zero SHA)', () => {
    expect(routeEvent('push', pushPayload({ deleted: true }))).toEqual({ kind: 'ignored', reason: 'push deleted main' });
  });
});

describe('routeEvent: issue_comment', () => {
  it('/meshops plan on a pull request → plan command for the commenter', () => {
    expect(routeEvent('issue_comment', issueCommentPayload({ number: 9, login: 'reviewer' }))).toEqual({
      kind: 'plan-command',
      pullRequest: 9,
      commenter: 'reviewer',
      defaultBranch: 'main',
    });
  });

  it('ignores an ordinary comment (the real example payload)', () => {
    const payload = issueCommentPayload();
    payload.comment.body = "You are totally right! I'll get this fixed right away.";
    expect(routeEvent('issue_comment', payload)).toEqual({ kind: 'ignored', reason: 'comment is not a meshops command' });
  });

  it('ignores the command on a plain issue', () => {
    expect(routeEvent('issue_comment', issueCommentPayload({ onPullRequest: false })).kind).toBe('ignored');
  });

  it('ignores edited and deleted comments', () => {
    expect(routeEvent('issue_comment', issueCommentPayload({ action: 'edited' })).kind).toBe('ignored');
    expect(routeEvent('issue_comment', issueCommentPayload({ action: 'deleted' })).kind).toBe('ignored');
  });

  it('ignores the command on a closed pull request', () => {
    expect(routeEvent('issue_comment', issueCommentPayload({ state: 'closed' }))).toEqual({ kind: 'refused', pullRequest: 1, reason: 'pull request #1 is closed: there is nothing to plan' });
  });

  it('says that /meshops apply does not exist', () => {
    const routing = routeEvent('issue_comment', issueCommentPayload({ body: '/meshops apply' }));
    expect(routing).toEqual({ kind: 'refused', pullRequest: 1, reason: 'unknown command "/meshops apply"; the only comment command is /meshops plan' });
  });
});

describe('routeEvent: other events', () => {
  it('ping → ping', () => {
    expect(routeEvent('ping', pingPayload())).toEqual({ kind: 'ping' });
  });

  it.each(['issues', 'check_run', 'release', 'star', 'pull_request_review'])('%s is ignored', (event) => {
    expect(routeEvent(event, {})).toEqual({ kind: 'ignored', reason: `event ${event} is not handled` });
  });
});
