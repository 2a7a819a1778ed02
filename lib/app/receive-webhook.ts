import { SSMClient } from '@aws-sdk/client-ssm';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { GitHubClient as Octokit } from '../github/client';
import { SqsJobQueue } from '../queue/sqs-job-queue';
import type { JobQueue } from '../queue/job-queue';
import type { RepoAllowlist } from '../webhook/allowlist';
import { GitHubLookupError, MalformedPayloadError, WebhookRejectedError } from '../webhook/errors';
import { mayRequestPlan, octokitLookup, type GitHubLookup } from '../webhook/github-lookup';
import { inspectDelivery } from '../webhook/inspect-delivery';
import { makeJob, NO_COMMIT, type JobDraft } from '../webhook/job';
import { payloadAction, payloadRepository } from '../webhook/payloads';
import { header, jsonResponse, type WebhookRequest, type WebhookResponse } from '../webhook/request';
import { routeEvent } from '../webhook/route-event';
import { githubSignIn, requireSetting, type AppConfig } from './config';
import { createGitHubAccess, createOctokit, type GitHubCredentials } from './github-client';
import { registerSecret, type Logger } from './logger';
import { SecretsProvider } from './secrets';

export interface WebhookDeps {
  webhookSecret: string;
  allowlist: RepoAllowlist;
  maxBodyBytes: number;
  queue: JobQueue;
  /** Only used for `/meshops plan` comments (the commenter's permission, the pull request's head). */
  github: GitHubLookup;
  logger: Logger;
  now?: () => Date;
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The webhook use-case: one HTTP request in, one answer out, at most one job queued.
 * 413/401/415/400 come from inspectDelivery (before any parsing); then 403 for a repository that
 * is not on the allowlist, 200 for ping, 202 `{ignored}` for anything not acted on, 202 `{jobId}`
 * once the job is queued. GitHub's redelivery of the same delivery id produces the same job id,
 * and the FIFO queue drops the duplicate.
 */
export async function receiveWebhook(request: WebhookRequest, deps: WebhookDeps): Promise<WebhookResponse> {
  // However the dependencies were built, the secret is redacted from every log line.
  registerSecret(deps.webhookSecret);
  // Logged before verification only if it looks like an id; an unauthenticated header is not echoed.
  const claimedDelivery = header(request, 'x-github-delivery');
  let log = deps.logger.child({ deliveryId: claimedDelivery && SAFE_ID.test(claimedDelivery) ? claimedDelivery : undefined });
  try {
    const delivery = inspectDelivery(request, { secret: deps.webhookSecret, maxBodyBytes: deps.maxBodyBytes });
    const repo = payloadRepository(delivery.payload);
    log = log.child({ event: delivery.event, action: payloadAction(delivery.payload), repo });

    if (repo !== undefined && !deps.allowlist.allows(repo)) {
      return answer(log, 403, { error: `repository ${repo} is not on the meshops allowlist` });
    }
    const routing = routeEvent(delivery.event, delivery.payload);
    if (routing.kind === 'ping') return answer(log, 200, { ok: true });
    if (repo === undefined) return answer(log, 202, { ignored: `${delivery.event} event names no repository` });
    if (routing.kind === 'ignored') return answer(log, 202, { ignored: routing.reason });
    const now = (deps.now ?? (() => new Date()))();
    // Refusals are answered on the pull request by reconcile (the webhook only reads GitHub).
    const refuse = async (pullRequest: number, reason: string): Promise<WebhookResponse> => {
      const job = makeJob({ type: 'reply', sha: NO_COMMIT, pullRequest, message: reason }, repo, delivery.deliveryId, now);
      await deps.queue.enqueue(job);
      return answer(log.child({ jobId: job.id }), 202, { ignored: reason, reply: job.id });
    };
    if (routing.kind === 'refused') return refuse(routing.pullRequest, routing.reason);

    let draft: JobDraft;
    if (routing.kind === 'plan-command') {
      const [owner, name] = repo.split('/') as [string, string];
      const permission = await deps.github.permission(owner, name, routing.commenter);
      if (!mayRequestPlan(permission)) {
        const has = permission === 'none' ? 'no' : permission;
        return refuse(routing.pullRequest, `${routing.commenter} has ${has} access to ${repo}; /meshops plan needs write access`);
      }
      const pr = await deps.github.pullRequest(owner, name, routing.pullRequest);
      if (!pr) return answer(log, 202, { ignored: `pull request #${routing.pullRequest} was not found` });
      if (pr.state !== 'open') return refuse(pr.number, `pull request #${pr.number} is ${pr.state}: there is nothing to plan`);
      if (pr.baseRef !== routing.defaultBranch) return refuse(pr.number, `pull request #${pr.number} targets ${pr.baseRef}, not the default branch ${routing.defaultBranch}: only merges into ${routing.defaultBranch} are applied, so it is not planned`);
      const fromFork = pr.headRepoFullName === null || pr.headRepoFullName.toLowerCase() !== repo.toLowerCase();
      draft = { type: 'plan', sha: pr.headSha, pullRequest: pr.number, requestedBy: routing.commenter, ...(fromFork ? { fromFork } : {}) };
    } else {
      draft = routing.draft;
    }

    const job = makeJob(draft, repo, delivery.deliveryId, now);
    log = log.child({ jobId: job.id, sha: job.sha });
    await deps.queue.enqueue(job);
    return answer(log, 202, { jobId: job.id, type: job.type, sha: job.sha, ...(job.pullRequest ? { pullRequest: job.pullRequest } : {}) });
  } catch (err) {
    if (err instanceof WebhookRejectedError) return answer(log, err.status, { error: err.message });
    if (err instanceof MalformedPayloadError) return answer(log, 400, { error: err.message });
    if (err instanceof GitHubLookupError) {
      log.error('asking GitHub about a comment command failed', { err });
      // 502 marks the delivery failed in GitHub's log, from where it can be redelivered.
      return answer(log, 502, { error: 'could not check the command with GitHub; redeliver the event to retry' });
    }
    log.error('webhook failed', { err });
    return answer(log, 500, { error: 'internal error; redeliver the event to retry' });
  }
}

function answer(log: Logger, status: number, body: Record<string, unknown>): WebhookResponse {
  const outcome = { status, ...body };
  if (status >= 500) log.error('webhook answered', outcome);
  else if (status >= 400) log.warn('webhook refused', outcome);
  else log.info('webhook answered', outcome);
  return jsonResponse(status, body);
}

export interface WebhookClients {
  ssm?: Pick<SSMClient, 'send'>;
  sqs?: Pick<SQSClient, 'send'>;
  /** Builds the GitHub client once the token is known. */
  octokit?: (token: string) => Octokit;
}

/** What the webhook's App tokens may do: read a collaborator's permission and a pull request. */
export const WEBHOOK_APP_PERMISSIONS: Record<string, 'read'> = { metadata: 'read', pull_requests: 'read' };

/**
 * Builds the webhook's dependencies: reads both secrets (one SSM call), and creates the queue and
 * the GitHub client. Called once per cold start by functions/webhook.ts.
 */
export async function createWebhookDeps(config: AppConfig, logger: Logger, clients: WebhookClients = {}): Promise<WebhookDeps> {
  // Settings first: a misconfigured deployment fails before any AWS call.
  const queueUrl = requireSetting(config, 'queueUrl');
  // The webhook only reads GitHub: its token parameter may name a read-only token; an App's tokens are asked with read permissions.
  const signIn = githubSignIn(config);
  const names = { githubToken: signIn.parameter, webhookSecret: requireSetting(config, 'webhookSecretParameter') };
  const region = config.region;
  const ssm = clients.ssm ?? new SSMClient(region ? { region } : {});
  const sqs = clients.sqs ?? new SQSClient(region ? { region } : {});
  const secrets = await new SecretsProvider(ssm, names).get();
  const credentials: GitHubCredentials = signIn.kind === 'app' ? { kind: 'app', appId: signIn.appId, privateKey: secrets.githubToken, permissions: WEBHOOK_APP_PERMISSIONS } : { kind: 'token', token: secrets.githubToken };
  const octokit = clients.octokit?.(secrets.githubToken) ?? createGitHubAccess(credentials, config.githubApiUrl, logger).octokit;
  return {
    webhookSecret: secrets.webhookSecret,
    allowlist: config.allowlist,
    maxBodyBytes: config.webhookMaxBodyBytes,
    queue: new SqsJobQueue(sqs, queueUrl),
    github: octokitLookup(octokit),
    logger,
  };
}

// Kept for callers that imported it from here; it lives in github-client.ts.
export { createOctokit };
