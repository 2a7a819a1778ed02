import type { GitHubClient as Octokit } from '../../github/client';
import { GITHUB_COMMENT_LIMIT, splitComment } from '../render/split-comment';
import { hiddenJson, markerKey, partMarker, partOf, readHiddenJson, type CommentMeta } from './markers';
import type { GitHubRepoRef } from './repo-ref';
import { withRetries, type RetryOptions } from './retry';

export interface CommenterOptions extends RetryOptions {
  /**
   * Our own login (e.g. `meshops[bot]`), or how to learn it: only comments it wrote are found,
   * edited or deleted, so a comment anyone else posts with our marker is never taken for ours.
   */
  botLogin?: string | (() => Promise<string>);
  /** Characters per comment; GitHub's limit by default (lower in tests). */
  commentLimit?: number;
}

export interface UpsertResult {
  /** Ids of the comments that now hold the body, in order. */
  commentIds: number[];
  /** Link to the first part. */
  url: string;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export interface StickyComment {
  commentId: number;
  url: string;
  /** The content as posted (all parts joined), without meshops' hidden headers. */
  body: string;
  meta: CommentMeta;
  updatedAt: string;
}

interface Found {
  id: number;
  body: string;
  url: string;
  updatedAt: string;
  part: number;
}

const META = 'meshops:meta';
const HEADER_BUDGET = 400;

/**
 * One sticky comment per pull request and marker, updated in place. A body above GitHub's limit
 * becomes a first comment plus continuation comments (split without breaking code blocks or
 * `<details>`), each marked with its part number so the next update reuses them and deletes the
 * parts it no longer needs. Every upsert starts by listing the pull request's comments and is
 * retried whole on a 5xx: a comment whose creation "failed" after GitHub stored it is found and
 * updated by the retry, never posted twice. Duplicates left by anything else are deleted.
 */
export class PullRequestCommenter {
  constructor(
    private readonly octokit: Octokit,
    private readonly repo: GitHubRepoRef,
    private readonly options: CommenterOptions = {},
  ) {}

  async upsert(prNumber: number, markdown: string, marker: string, meta?: CommentMeta): Promise<UpsertResult> {
    const key = markerKey(marker);
    const bodies = this.render(key, markdown, meta);
    const action = `updating the ${key} comment on ${this.repo.owner}/${this.repo.repo}#${prNumber}`;
    return withRetries(action, () => this.write(prNumber, key, bodies), this.options);
  }

  /** The sticky comment as last posted, with the meta it carries (e.g. the plan fingerprint). */
  async readLast(prNumber: number, marker: string): Promise<StickyComment | undefined> {
    const key = markerKey(marker);
    const found = await withRetries(`reading the ${key} comment on ${this.repo.owner}/${this.repo.repo}#${prNumber}`, () => this.find(prNumber, key), this.options);
    const first = found.get(1)?.[0];
    if (!first) return undefined;
    const parts = [...found.entries()].filter(([n]) => n >= 1).sort(([a], [b]) => a - b).map(([, list]) => list[0]!);
    const content = parts.map((p) => stripHeaders(p.body)).join('\n');
    const meta = readHiddenJson(META, first.body);
    return { commentId: first.id, url: first.url, body: content, meta: isMeta(meta) ? meta : {}, updatedAt: first.updatedAt };
  }

  private render(key: string, markdown: string, meta: CommentMeta | undefined): string[] {
    const metaLine = meta ? `${hiddenJson(META, meta)}\n` : '';
    const limit = (this.options.commentLimit ?? GITHUB_COMMENT_LIMIT) - HEADER_BUDGET - metaLine.length;
    const parts = splitComment(markdown, limit);
    const n = parts.length;
    return parts.map((part, i) => {
      if (i === 0) return `${partMarker(key, 1)}\n${metaLine}${part}${n > 1 ? `\n\n_Continued in the next comment (part 1 of ${n})._` : ''}`;
      return `${partMarker(key, i + 1)}\n_Continued (part ${i + 1} of ${n})._\n\n${part}`;
    });
  }

  private async find(prNumber: number, key: string): Promise<Map<number, Found[]>> {
    const login = typeof this.options.botLogin === 'function' ? await this.options.botLogin() : this.options.botLogin;
    const comments = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: this.repo.owner, repo: this.repo.repo, issue_number: prNumber, per_page: 100 });
    const byPart = new Map<number, Found[]>();
    for (const c of comments) {
      if (login !== undefined && !sameLogin(c.user?.login, login)) continue;
      const part = partOf(key, c.body);
      if (part === undefined) continue;
      const list = byPart.get(part) ?? [];
      list.push({ id: c.id, body: c.body ?? '', url: c.html_url, updatedAt: c.updated_at, part });
      byPart.set(part, list);
    }
    for (const list of byPart.values()) list.sort((a, b) => a.id - b.id);
    return byPart;
  }

  private async write(prNumber: number, key: string, bodies: string[]): Promise<UpsertResult> {
    const { owner, repo } = this.repo;
    const found = await this.find(prNumber, key);
    const result: UpsertResult = { commentIds: [], url: '', created: 0, updated: 0, unchanged: 0, deleted: 0 };
    const surplus: number[] = [];
    for (let i = 0; i < bodies.length; i++) {
      const body = bodies[i]!;
      const [keep, ...duplicates] = found.get(i + 1) ?? [];
      surplus.push(...duplicates.map((d) => d.id));
      if (!keep) {
        const { data } = await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: prNumber, body });
        result.commentIds.push(Number(data.id));
        result.created++;
        if (i === 0) result.url = data.html_url;
        continue;
      }
      result.commentIds.push(keep.id);
      if (i === 0) result.url = keep.url;
      if (keep.body === body) {
        result.unchanged++;
      } else {
        await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner, repo, comment_id: keep.id, body });
        result.updated++;
      }
    }
    for (const [part, list] of found) if (part > bodies.length) surplus.push(...list.map((c) => c.id));
    for (const id of surplus) {
      try {
        await this.octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner, repo, comment_id: id });
      } catch (err) {
        // Already gone (a retried delete whose first response was lost): the goal is met.
        if ((err as { status?: number }).status !== 404) throw err;
      }
      result.deleted++;
    }
    return result;
  }
}

/** GitHub logins are case-insensitive. */
export function sameLogin(a: string | null | undefined, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

function stripHeaders(body: string): string {
  const lines = body.split('\n');
  lines.shift(); // the part marker
  while (lines[0]?.startsWith(`<!-- ${META} `)) lines.shift();
  if (lines[0]?.startsWith('_Continued (part ')) lines.splice(0, lines[1] === '' ? 2 : 1);
  let text = lines.join('\n');
  text = text.replace(/\n\n_Continued in the next comment \(part 1 of \d+\)\._$/, '');
  return text;
}

function isMeta(value: unknown): value is CommentMeta {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

