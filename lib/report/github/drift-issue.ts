import type { GitHubClient as Octokit } from '../../github/client';
import { statusOf } from './errors';
import { hiddenJson, markerKey, readHiddenJson } from './markers';
import { sameLogin } from './pull-request-commenter';
import type { GitHubRepoRef } from './repo-ref';
import { withRetries, type RetryOptions } from './retry';

/** First-seen time per drift item id (ids are the caller's stable keys, e.g. `changed VirtualNode watches/search-v2`). */
export interface DriftState {
  version: 1;
  items: Record<string, { firstSeen: string }>;
}

export interface DriftIssueSnapshot {
  issue?: { number: number; state: 'open' | 'closed'; url: string };
  state: DriftState;
}

export interface DriftView {
  /** Every current item with its first-seen time (kept across runs). */
  state: DriftState;
  /** Items not in the issue before this run: the ones to announce. */
  newItems: string[];
  /** Items the issue listed that are gone now. */
  resolvedItems: string[];
}

export interface DriftSyncInput {
  /** The drift found now; empty means clean. */
  items: string[];
  now: Date;
  /** Title and Markdown body for the issue (the hidden marker and state block are added here). */
  render(view: DriftView): { title: string; body: string };
  /** A comment posted when new items appear on an issue that was already open (the issue's own notification covers opening). */
  announce?(view: DriftView): string | undefined;
}

export interface DriftSyncResult extends DriftView {
  action: 'opened' | 'reopened' | 'updated' | 'unchanged' | 'closed' | 'none';
  issueNumber?: number;
  url?: string;
}

export interface DriftIssueOptions extends RetryOptions {
  /** Our own login, or how to learn it: only issues it opened are found and edited. */
  botLogin?: string | (() => Promise<string>);
  label?: string;
  labelColor?: string;
  marker?: string;
}

const STATE_BLOCK = 'meshops:drift-state';
const EMPTY: DriftState = { version: 1, items: {} };

interface FoundIssue {
  number: number;
  state: 'open' | 'closed';
  url: string;
  title: string;
  body: string;
}

/**
 * One sticky drift issue per repository, labelled `meshops-drift`: opened when drift appears,
 * updated in place while it lasts, closed when the mesh is clean again, reopened if drift comes
 * back. A hidden JSON block in the body keeps each item's first-seen time, so an item is announced
 * once, not on every scheduled run. `sync` re-reads the issue first and is retried whole, so a
 * lost response never opens a second issue.
 */
export class DriftIssue {
  private readonly label: string;
  private readonly marker: string;

  constructor(
    private readonly octokit: Octokit,
    private readonly repo: GitHubRepoRef,
    private readonly options: DriftIssueOptions = {},
  ) {
    this.label = options.label ?? 'meshops-drift';
    this.marker = options.marker ?? '<!-- meshops:drift -->';
    markerKey(this.marker);
  }

  async readState(): Promise<DriftIssueSnapshot> {
    const issue = await withRetries(`reading the drift issue of ${this.name}`, () => this.find(), this.options);
    if (!issue) return { state: EMPTY };
    return { issue: { number: issue.number, state: issue.state, url: issue.url }, state: parseState(issue.body) };
  }

  async sync(input: DriftSyncInput): Promise<DriftSyncResult> {
    return withRetries(`updating the drift issue of ${this.name}`, () => this.syncOnce(input), this.options);
  }

  private get name(): string {
    return `${this.repo.owner}/${this.repo.repo}`;
  }

  private async syncOnce(input: DriftSyncInput): Promise<DriftSyncResult> {
    const { owner, repo } = this.repo;
    const issue = await this.find();
    const previous = issue ? parseState(issue.body) : EMPTY;
    const now = input.now.toISOString();
    const ids = [...new Set(input.items)].sort();
    const state: DriftState = { version: 1, items: Object.fromEntries(ids.map((id) => [id, { firstSeen: previous.items[id]?.firstSeen ?? now }])) };
    const view: DriftView = { state, newItems: ids.filter((id) => !previous.items[id]), resolvedItems: Object.keys(previous.items).filter((id) => !state.items[id]).sort() };

    if (ids.length === 0) {
      if (!issue || issue.state === 'closed') return { action: 'none', ...view, ...(issue ? { issueNumber: issue.number, url: issue.url } : {}) };
      const { title, body } = input.render(view);
      await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, title, body: this.body(body, state), state: 'closed', state_reason: 'completed' });
      return { action: 'closed', issueNumber: issue.number, url: issue.url, ...view };
    }

    const { title, body } = input.render(view);
    const fullBody = this.body(body, state);
    if (!issue) {
      await this.ensureLabel();
      const { data } = await this.octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title, body: fullBody, labels: [this.label] });
      return { action: 'opened', issueNumber: data.number, url: data.html_url, ...view };
    }
    if (issue.state === 'closed') {
      await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, title, body: fullBody, state: 'open' });
      return { action: 'reopened', issueNumber: issue.number, url: issue.url, ...view };
    }
    if (issue.title === title && issue.body === fullBody) return { action: 'unchanged', issueNumber: issue.number, url: issue.url, ...view };
    await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, title, body: fullBody });
    const announcement = view.newItems.length > 0 ? input.announce?.(view) : undefined;
    if (announcement) await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: issue.number, body: announcement });
    return { action: 'updated', issueNumber: issue.number, url: issue.url, ...view };
  }

  private body(markdown: string, state: DriftState): string {
    return `${this.marker}\n${markdown}\n\n${hiddenJson(STATE_BLOCK, state)}`;
  }

  /** Ours: labelled, and its body starts with the marker. An open one wins; then the newest. */
  private async find(): Promise<FoundIssue | undefined> {
    const { owner, repo } = this.repo;
    const login = typeof this.options.botLogin === 'function' ? await this.options.botLogin() : this.options.botLogin;
    const issues = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues', { owner, repo, labels: this.label, state: 'all', per_page: 100 });
    const ours = issues
      .filter((i) => !i.pull_request && (i.body ?? '').startsWith(this.marker) && (login === undefined || sameLogin(i.user?.login, login)))
      .map((i): FoundIssue => ({ number: i.number, state: i.state === 'open' ? 'open' : 'closed', url: i.html_url, title: i.title, body: i.body ?? '' }));
    const open = ours.filter((i) => i.state === 'open').sort((a, b) => a.number - b.number);
    if (open.length > 0) return open[0];
    return ours.sort((a, b) => b.number - a.number)[0];
  }

  private async ensureLabel(): Promise<void> {
    const { owner, repo } = this.repo;
    try {
      await this.octokit.request('GET /repos/{owner}/{repo}/labels/{name}', { owner, repo, name: this.label });
      return;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    try {
      await this.octokit.request('POST /repos/{owner}/{repo}/labels', { owner, repo, name: this.label, color: this.options.labelColor ?? 'd93f0b', description: 'Changes made outside Git, found by meshops' });
    } catch (err) {
      // 422 already_exists: someone (or a retried attempt) created it meanwhile.
      if (statusOf(err) !== 422) throw err;
    }
  }
}

function parseState(body: string): DriftState {
  const raw = readHiddenJson(STATE_BLOCK, body) as Partial<DriftState> | undefined;
  if (!raw || raw.version !== 1 || typeof raw.items !== 'object' || raw.items === null) return EMPTY;
  const items: DriftState['items'] = {};
  for (const [id, value] of Object.entries(raw.items)) {
    const firstSeen = (value as { firstSeen?: unknown })?.firstSeen;
    if (typeof firstSeen === 'string' && !Number.isNaN(Date.parse(firstSeen))) items[id] = { firstSeen };
  }
  return { version: 1, items };
}
