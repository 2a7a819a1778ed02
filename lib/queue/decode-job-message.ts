import type { Job, JobRepo, JobType } from '../webhook/job';
import { MAX_REPLY_LENGTH, SHA_PATTERN } from '../webhook/job';
import { JobMessageError } from './errors';
import { isJsonObject as isObj } from '../resources/json';

const TYPES: readonly JobType[] = ['plan', 'apply', 'drift', 'rollout', 'reply'];


function str(obj: Record<string, unknown>, key: string, max = 200): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '' || value.length > max) throw new JobMessageError(`${key} must be a non-empty string of at most ${max} characters`);
  return value;
}

/**
 * Validates a received message body. Fields this version does not know are dropped, not refused,
 * so a newer webhook and an older reconcile function can run side by side during a deployment.
 */
export function decodeJobMessage(body: string): Job {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (err) {
    throw new JobMessageError('body is not JSON', { cause: err });
  }
  if (!isObj(raw)) throw new JobMessageError('body is not a JSON object');
  const type = raw.type;
  if (typeof type !== 'string' || !TYPES.includes(type as JobType)) throw new JobMessageError(`type must be one of ${TYPES.join(', ')}`);
  if (!isObj(raw.repo)) throw new JobMessageError('repo must be an object');
  const repo: JobRepo = { owner: str(raw.repo, 'owner', 39), name: str(raw.repo, 'name', 100), fullName: str(raw.repo, 'fullName', 140) };
  if (repo.fullName !== `${repo.owner}/${repo.name}`) throw new JobMessageError('repo.fullName must be owner/name');
  const sha = str(raw, 'sha', 40);
  if (!SHA_PATTERN.test(sha)) throw new JobMessageError('sha must be a 40-hex commit SHA');
  const createdAt = str(raw, 'createdAt', 40);
  if (Number.isNaN(Date.parse(createdAt))) throw new JobMessageError('createdAt must be an ISO 8601 time');
  const job: Job = { id: str(raw, 'id', 100), type: type as JobType, repo, sha, deliveryId: str(raw, 'deliveryId', 200), createdAt };
  if (raw.pullRequest !== undefined) {
    if (typeof raw.pullRequest !== 'number' || !Number.isSafeInteger(raw.pullRequest) || raw.pullRequest < 1) throw new JobMessageError('pullRequest must be a positive integer');
    job.pullRequest = raw.pullRequest;
  }
  if (raw.requestedBy !== undefined) job.requestedBy = str(raw, 'requestedBy', 100);
  if (raw.fromFork !== undefined) {
    if (typeof raw.fromFork !== 'boolean') throw new JobMessageError('fromFork must be a boolean');
    if (raw.fromFork) job.fromFork = true;
  }
  if (raw.message !== undefined) job.message = str(raw, 'message', MAX_REPLY_LENGTH);
  if (job.type === 'reply' && (job.message === undefined || job.pullRequest === undefined)) throw new JobMessageError('a reply job needs a message and a pullRequest');
  return job;
}
