/**
 * The reconcile use-case: one job (plan, apply, drift) in, its result on GitHub and in S3 out.
 * Jobs that fail for the user's reasons (an invalid repository, conflicts, maxDeletes, a spec AWS
 * refuses) are reported and return; infrastructure failures (GitHub or AWS 5xx and throttling
 * after retries, S3, a held lock) throw, so SQS delivers the job again and dead-letters it after
 * its last receive.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { PLAN_CHECK, APPLY_CHECK, CheckRuns, type GitHubRepoRef } from '../report/github';
import { GitHubReportError } from '../report/github/errors';
import { decodeJobMessage } from '../queue/decode-job-message';
import { JobMessageError } from '../queue/errors';
import { SqsJobQueue } from '../queue/sqs-job-queue';
import { S3StateStore } from '../state/s3-state-store';
import type { StateStore } from '../state/types';
import type { Job } from '../webhook/job';
import { githubSignIn, requireSetting, type AppConfig } from './config';
import { createEngine, type Engine, type Target } from './engine';
import { runApplyJob } from './apply-job';
import { rateLimitBackOffSeconds } from './job-back-off';
import { runDriftJob } from './drift-job';
import { createGitHubAccess, githubWebUrl, readGitHubToken, type GitHubAccess, type GitHubCredentials } from './github-client';
import type { Logger } from './logger';
import { runPlanJob } from './plan-job';
import { runRolloutJob } from './rollout-job';
import { runReplyJob } from './reply-job';
import { DEFAULT_MAX_RECEIVES, jobScope, shortSha, type JobDeps, type JobOutcome, type JobRun, type JobScope } from './reconcile-job';

export type { JobDeps, JobOutcome, JobRun } from './reconcile-job';
export { JobRetryError } from './reconcile-job';

export async function runJob(job: Job, deps: JobDeps, run: JobRun): Promise<JobOutcome> {
  const scope = jobScope(job, deps, run);
  scope.log.info('job started', { pullRequest: job.pullRequest, requestedBy: job.requestedBy });
  try {
    const outcome = job.type === 'plan' ? await runPlanJob(scope) : job.type === 'apply' ? await runApplyJob(scope) : job.type === 'rollout' ? await runRolloutJob(scope) : job.type === 'reply' ? await runReplyJob(scope) : await runDriftJob(scope);
    scope.log.info('job finished', { outcome });
    return outcome;
  } catch (err) {
    // GitHub refused a call with a 4xx that is not a rate limit (a permission, a validation): the
    // same call fails the same way on every delivery, so the job ends now, with a failed check.
    if (err instanceof GitHubReportError && !err.retryable && err.status !== undefined && err.status >= 400 && err.status < 500) {
      scope.log.error('job failed: GitHub refused a call, which no retry can change; not delivered again', { err });
      await reportGivingUp(scope, err, `GitHub answered ${err.status} to a call meshops made, and would answer the same again, so the job ends here.`);
      return { status: 'reported', detail: `GitHub refused a call (${err.status})` };
    }
    const last = run.receiveCount >= (deps.maxReceives ?? DEFAULT_MAX_RECEIVES);
    const backOff = rateLimitBackOffSeconds(err, githubNow(deps));
    const again = backOff === undefined ? 'job failed: SQS delivers it again' : `job failed on GitHub's rate limit: delivered again in ${backOff} s, when it resets`;
    scope.log.error(last ? 'job failed on its last delivery: SQS moves it to the dead-letter queue' : again, { err, ...(backOff === undefined ? {} : { retryInSeconds: backOff }) });
    if (last) await reportGivingUp(scope, err);
    throw err;
  }
}

/**
 * On the last delivery, the commit's check says the job failed, so nobody waits on a check that
 * stays "in progress". Only the error's name goes to GitHub: messages can carry account ids and
 * ARNs, and the logs (job id given) have the rest. Best effort: GitHub may be what is failing.
 */
async function reportGivingUp(scope: JobScope, err: unknown, why?: string): Promise<void> {
  const { job } = scope;
  if (job.type === 'drift' || job.type === 'rollout' || job.type === 'reply') return;
  const name = job.type === 'plan' ? PLAN_CHECK : APPLY_CHECK;
  const retry = job.type === 'plan' ? 'Push again or comment `/meshops plan` to try again.' : 'Push to the default branch again to try again.';
  try {
    await scope.checks.set(job.sha, name, {
      status: 'completed',
      conclusion: 'failure',
      title: `meshops could not finish (${(err as Error)?.name ?? 'Error'})`,
      summary: `${why ?? `The ${job.type} job for ${shortSha(job.sha)} failed ${scope.run.receiveCount} times and was moved to the dead-letter queue.`} The reconcile function's logs have the details (job id \`${job.id}\`). ${retry}`,
    });
  } catch (reportErr) {
    scope.log.warn('could not report the failure on GitHub', { err: reportErr });
  }
}

/** The clock GitHub's rate-limit reset is compared with (tests inject it with the retries). */
export function githubNow(deps: Pick<JobDeps, 'githubRetry'>): number {
  return (deps.githubRetry?.now ?? Date.now)();
}

export interface JobMessage {
  messageId: string;
  body: string;
  /** SQS ApproximateReceiveCount. */
  receiveCount: number;
  /** To change its visibility timeout (a rate-limited job is received again when the limit resets). */
  receiptHandle?: string;
}

export interface JobMessagesResult {
  /** The messages for SQS to deliver again (batch item failures). */
  failedMessageIds: string[];
  /**
   * The failed job hit GitHub's rate limit: its message should be received again in `seconds`
   * (when the limit resets), not after the queue's visibility timeout.
   */
  retryAfter?: { messageId: string; seconds: number };
}

/**
 * Runs queued jobs in order. A message that is not a job is dropped (it cannot get better; its id
 * is logged). After a failure the rest of the batch is returned as failed too: in a FIFO queue a
 * later message of the group must not run before an earlier one that will be retried.
 */
export async function runJobMessages(messages: JobMessage[], deps: JobDeps, requestId: string): Promise<JobMessagesResult> {
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    let job: Job;
    try {
      job = decodeJobMessage(message.body);
    } catch (err) {
      if (!(err instanceof JobMessageError)) throw err;
      deps.logger.error('dropping a message that is not a job', { messageId: message.messageId, err });
      continue;
    }
    try {
      await runJob(job, deps, { requestId, receiveCount: message.receiveCount });
    } catch (err) {
      const failedMessageIds = messages.slice(i).map((m) => m.messageId);
      const seconds = rateLimitBackOffSeconds(err, githubNow(deps));
      if (seconds === undefined) return { failedMessageIds };
      if (deps.messages && message.receiptHandle) {
        try {
          await deps.messages.changeVisibility(message.receiptHandle, seconds);
        } catch (visibilityErr) {
          deps.logger.warn("the rate-limited job waits for the queue's visibility timeout instead", { messageId: message.messageId, err: visibilityErr });
        }
      }
      return { failedMessageIds, retryAfter: { messageId: message.messageId, seconds } };
    }
  }
  return { failedMessageIds: [] };
}

export interface JobClients {
  ssm?: Pick<SSMClient, 'send'>;
  s3?: Pick<S3Client, 'send'>;
  sqs?: Pick<SQSClient, 'send'>;
  /** Tests: the GitHub client for the credentials read from SSM. */
  github?: (credentials: GitHubCredentials) => GitHubAccess;
  /** Tests: the engine for a region against an emulator. */
  engine?: (region: string, store: StateStore) => Engine;
}

/**
 * The reconcile function's dependencies, built once per cold start: the GitHub token (one SSM
 * read; the webhook secret is not this function's to read), the GitHub client, the S3 state store,
 * and one engine per region, pointed at real AWS unless MESHOPS_MESH_ENDPOINT names an endpoint.
 */
export async function createJobDeps(config: AppConfig, logger: Logger, clients: JobClients = {}): Promise<JobDeps> {
  const region = requireSetting(config, 'region');
  const bucket = requireSetting(config, 'stateBucket');
  const signIn = githubSignIn(config);
  const ssm = clients.ssm ?? new SSMClient({ region });
  const secret = await readGitHubToken(ssm, signIn.parameter);
  const credentials: GitHubCredentials = signIn.kind === 'app' ? { kind: 'app', appId: signIn.appId, privateKey: secret } : { kind: 'token', token: secret };
  const access = clients.github?.(credentials) ?? createGitHubAccess(credentials, config.githubApiUrl, logger);
  const store = new S3StateStore({ client: clients.s3 ?? new S3Client({ region }), bucket });
  // The job queue, for the visibility of rate-limited jobs; without it they wait for its timeout.
  const messages = config.queueUrl ? new SqsJobQueue(clients.sqs ?? new SQSClient({ region }), config.queueUrl) : undefined;
  const target: Target = config.meshEndpoint ? { kind: 'endpoint', url: config.meshEndpoint } : { kind: 'aws' };
  const deps = assembleJobDeps(config, logger, { access, store, engine: (meshRegion) => clients.engine?.(meshRegion, store) ?? createEngine(target, { region: meshRegion, store }) });
  return messages ? { ...deps, messages } : deps;
}

/**
 * The reconcile dependencies from clients already built: the Lambda path (above) reads them from
 * SSM and S3; `meshops dev` passes a token, a local state folder and the embedded emulator.
 */
export function assembleJobDeps(config: AppConfig, logger: Logger, built: { access: GitHubAccess; store: StateStore; engine: (region: string) => Engine }): JobDeps {
  const { octokit } = built.access;
  const engines = new Map<string, Engine>();
  const checkRuns = new Map<string, CheckRuns>();
  return {
    octokit,
    ownerFor: (repo) => config.allowlist.ownerFor(repo),
    identity: built.access.identity,
    store: built.store,
    engine: (meshRegion) => {
      let engine = engines.get(meshRegion);
      if (!engine) {
        engine = built.engine(meshRegion);
        engines.set(meshRegion, engine);
      }
      return engine;
    },
    checkRuns: (ref: GitHubRepoRef) => {
      const key = `${ref.owner}/${ref.repo}`.toLowerCase();
      let checks = checkRuns.get(key);
      if (!checks) {
        checks = new CheckRuns(octokit, ref);
        checkRuns.set(key, checks);
      }
      return checks;
    },
    logger,
    clock: () => new Date(),
    githubWebUrl: githubWebUrl(config.githubApiUrl),
    ...(config.ownerTagValues ? { ownerTagValues: config.ownerTagValues } : {}),
  };
}
