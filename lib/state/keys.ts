import { createHash } from 'node:crypto';
import { StateKeyError } from './errors';

// The key layout, the same in a local folder and in S3 (docs/design.md §4). Every segment is made safe:
// only [A-Za-z0-9._-] stay as they are, everything else is percent-encoded (UTF-8), and the
// segments `.` and `..` are encoded too, so no key can climb out of its folder.

const SAFE = /^[A-Za-z0-9._-]$/;

/** Encodes one key segment; injective, so two different inputs never share a key. */
export function safeSegment(value: string, what: string): string {
  if (value === '') throw new StateKeyError(`${what} is empty`);
  if (value === '.' || value === '..') return value.replace(/\./g, '%2E');
  let out = '';
  for (const ch of value) {
    if (SAFE.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `owner/name` → two safe segments. */
export function repoPath(repo: string): string {
  if (typeof repo !== 'string') throw new StateKeyError(`a repo must be a string "owner/name"`);
  const parts = repo.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new StateKeyError(`a repo is "owner/name", got "${repo}"`);
  return `${safeSegment(parts[0], 'the repo owner')}/${safeSegment(parts[1], 'the repo name')}`;
}

export const keys = {
  lastApplied: (repo: string) => `state/${repoPath(repo)}/last-applied.json`,
  lock: (repo: string) => `state/${repoPath(repo)}/lock`,
  rollouts: (repo: string) => `state/${repoPath(repo)}/rollouts.json`,
  auditFolder: (repo: string) => `audit/${repoPath(repo)}/`,
  driftLatest: (repo: string) => `drift/${repoPath(repo)}/latest.json`,
  driftHistoryFolder: (repo: string) => `drift/${repoPath(repo)}/history/`,
  planRecord(repo: string, pullRequest: number): string {
    if (!Number.isSafeInteger(pullRequest) || pullRequest <= 0) throw new StateKeyError(`a pull request number is a positive integer, got ${pullRequest}`);
    return `plans/${repoPath(repo)}/pr-${pullRequest}.json`;
  },
  /** The scope (endpoint + region + account) can hold anything (`https://…:4566`): only its hash names the file. */
  readCache: (scope: string) => `cache/${createHash('sha256').update(scope, 'utf8').digest('hex')}.json`,
};

/** ISO 8601 basic format, sortable as text: `20261125T103000.123Z`. */
export function basicTime(iso: string, what: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new StateKeyError(`${what} is not an ISO 8601 time: "${iso}"`);
  return new Date(ms).toISOString().replace(/[-:]/g, '');
}

/**
 * File names in a time-ordered folder: `<time>[-<tag>][~<n>].json`, where `~<n>` tells apart two
 * records written in the same millisecond. The name leads with the time; n breaks ties.
 */
export function timedName(time: string, tag: string | undefined, n: number): string {
  return `${time}${tag === undefined ? '' : `-${tag}`}${n > 0 ? `~${n}` : ''}.json`;
}

const TIMED = /^(\d{8}T\d{6}(?:\.\d+)?Z)(?:-[^~/]*)?(?:~(\d+))?\.json$/;

/** Newest first: by time, then by the tie-breaking counter, then by name. Names that are not ours sort last. */
export function compareTimedNamesNewestFirst(a: string, b: string): number {
  const ma = TIMED.exec(a);
  const mb = TIMED.exec(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  if (ma[1] !== mb[1]) return ma[1] < mb[1] ? 1 : -1;
  const na = Number(ma[2] ?? 0);
  const nb = Number(mb[2] ?? 0);
  if (na !== nb) return nb - na;
  return a < b ? 1 : a > b ? -1 : 0;
}

export function isTimedName(name: string): boolean {
  return TIMED.test(name);
}

const SEGMENT = '(?:[A-Za-z0-9._-]|%[0-9A-F]{2})+';
const AUDIT_KEY = new RegExp(`^audit/(${SEGMENT})/(${SEGMENT})/([^/]+)$`);

/** Checks a key given back to `updateAudit`: it must be an audit key of `repo`, never a path elsewhere. */
export function checkAuditKey(key: string, repo: string): void {
  const m = typeof key === 'string' ? AUDIT_KEY.exec(key) : null;
  if (!m || !isTimedName(m[3]!)) throw new StateKeyError(`not an audit key: "${key}"`);
  // repoPath never yields a raw `.` or `..` segment, so this also rules out traversal.
  if (`${m[1]}/${m[2]}` !== repoPath(repo)) throw new StateKeyError(`audit key ${key} does not belong to ${repo}`);
}
