import type { DriftReport, LastApplied } from '../resources';
import { CorruptStateError } from './errors';
import type { RolloutBook } from '../rollout/types';
import type { AuditEntry, PlanRecord } from './types';
import { isJsonObject as isObject } from '../resources/json';

// Reading stored JSON back: a file that does not parse, or parses to the wrong shape, is a
// CorruptStateError naming the file, never a TypeError deep inside the engine. The checks cover
// what the engine relies on, not every field.

/** What the lock object holds. `token` tells two acquisitions by the same holder apart. */
export interface LockRecord {
  holder: string;
  purpose: string;
  startedAt: string;
  /** Set by `refresh()`: staleness counts from the later of this and `startedAt`. */
  renewedAt?: string;
  host: string;
  pid: number;
  token: string;
}

/** The read cache as stored: the scope is kept to catch a (theoretical) hash collision. */
export interface StoredReadCache {
  version: 1;
  scope: string;
  entries: Record<string, unknown>;
}

type Check = (value: Record<string, unknown>) => string | undefined;


function strings(...fields: string[]): Check {
  return (v) => {
    const bad = fields.find((f) => typeof v[f] !== 'string');
    return bad ? `"${bad}" is missing or not a string` : undefined;
  };
}

function all(...checks: Check[]): Check {
  return (v) => checks.map((c) => c(v)).find((problem) => problem !== undefined);
}

const AUDIT_STATUSES = new Set(['in-progress', 'applied', 'nothing-to-do', 'failed', 'refused', 'interrupted']);

const checks = {
  lastApplied: all(strings('fingerprint', 'appliedAt', 'owner'), (v) => (Array.isArray(v.resources) ? undefined : '"resources" is not a list')),
  audit: all(strings('repo', 'fingerprint', 'startedAt', 'status', 'holder'), (v) => (AUDIT_STATUSES.has(v.status as string) ? undefined : `unknown status "${String(v.status)}"`)),
  drift: all(strings('checkedAt', 'fingerprint'), (v) => (Array.isArray(v.items) ? undefined : '"items" is not a list'), (v) => (isObject(v.summary) ? undefined : '"summary" is not an object')),
  plan: strings('fingerprint', 'sha', 'postedAt'),
  rollouts: all((v) => (v.version === 1 ? undefined : `unknown version ${JSON.stringify(v.version)}`), (v) => (Array.isArray(v.rollouts) && v.rollouts.every((r) => isObject(r) && typeof r.id === 'string' && typeof r.status === 'string' && Array.isArray(r.from) && Array.isArray(r.to) && isObject(r.spec)) ? undefined : '"rollouts" is not a list of rollout records')),
  lock: all(strings('holder', 'purpose', 'startedAt', 'host', 'token'), (v) => (typeof v.pid === 'number' ? undefined : '"pid" is not a number')),
  cache: all(strings('scope'), (v) => (v.version === 1 ? undefined : `unknown version ${JSON.stringify(v.version)}`), (v) => (isObject(v.entries) ? undefined : '"entries" is not an object')),
};

export type RecordType = keyof typeof checks;

export interface RecordTypes {
  lastApplied: LastApplied;
  audit: AuditEntry;
  drift: DriftReport;
  plan: PlanRecord;
  rollouts: RolloutBook;
  lock: LockRecord;
  cache: StoredReadCache;
}

export function parseRecord<T extends RecordType>(type: T, text: string, location: string): RecordTypes[T] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CorruptStateError(location, `not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (!isObject(value)) throw new CorruptStateError(location, 'not a JSON object');
  const problem = checks[type](value);
  if (problem) throw new CorruptStateError(location, problem);
  return value as unknown as RecordTypes[T];
}

export function serialize(value: unknown, compact = false): string {
  return compact ? JSON.stringify(value) : `${JSON.stringify(value, null, 2)}\n`;
}
