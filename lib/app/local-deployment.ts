/**
 * The deployment in one local process, for `meshops dev`: the webhook use-case behind an HTTP
 * server, an in-memory FIFO queue in place of SQS, the reconcile use-case consuming it (one job at
 * a time per repository, repositories in parallel, redelivery and dead-lettering as SQS does), and
 * the drift schedule on demand or on a timer. Only the clients differ from Lambda's: a token
 * instead of SSM, a local folder instead of S3, and the embedded emulator or an endpoint for AWS.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryJobQueue, type ReceivedJob } from '../queue/in-memory-job-queue';
import { LocalStateStore } from '../state/local-state-store';
import { octokitLookup } from '../webhook/github-lookup';
import { jsonResponse, type WebhookResponse } from '../webhook/request';
import type { AppConfig } from './config';
import type { Engine } from './engine';
import { createGitHubAccess, type GitHubCredentials } from './github-client';
import { registerSecret, type Logger } from './logger';
import { receiveWebhook, WEBHOOK_APP_PERMISSIONS, type WebhookDeps } from './receive-webhook';
import { DEFAULT_MAX_RECEIVES } from './reconcile-job';
import { rateLimitBackOffSeconds } from './job-back-off';
import { assembleJobDeps, githubNow, runJob, type JobDeps } from './run-job';
import { scheduleDriftJobs, type ScheduledDrift } from './schedule-drift-job';
import type { StateStore } from '../state/types';

export interface LocalDeploymentOptions {
  config: AppConfig;
  webhookSecret: string;
  /** A token, or a GitHub App (the webhook's installation tokens then ask for read access only, as deployed). */
  github: GitHubCredentials;
  /** Records, audit log, locks (and the embedded emulator's state, if the caller puts it there). */
  stateDir: string;
  /** The engine for a region over the given store (the embedded emulator, or an endpoint). */
  engine: (region: string, store: StateStore) => Engine;
  logger: Logger;
  port: number;
  host?: string;
  /** Queue the drift jobs this often (milliseconds; 0 or undefined: only on `POST /drift`). */
  driftEveryMs?: number;
  /**
   * Wait before a failed job is received again (SQS's visibility timeout; default 1 s × receive
   * count). A job that hit GitHub's rate limit waits until it resets instead, as on Lambda.
   */
  retryDelayMs?: (receiveCount: number) => number;
}

export interface LocalDeployment {
  url: string;
  port: number;
  queue: InMemoryJobQueue;
  /** Resolves when no job is queued, waiting for a retry, or running. */
  idle(): Promise<void>;
  /** Queues one drift job per allowlisted repository, as the schedule does. */
  drift(at?: Date): Promise<ScheduledDrift>;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES_MARGIN = 1;

export async function startLocalDeployment(options: LocalDeploymentOptions): Promise<LocalDeployment> {
  const { config, logger } = options;
  const queue = new InMemoryJobQueue();
  const github = options.github;
  // Never in a log line, as in a deployment (where SSM reads register them).
  registerSecret(github.kind === 'app' ? github.privateKey : github.token);
  registerSecret(options.webhookSecret);
  const access = createGitHubAccess(github, config.githubApiUrl, logger.child({ function: 'reconcile' }));
  const webhookAccess = github.kind === 'app' ? createGitHubAccess({ ...github, permissions: WEBHOOK_APP_PERMISSIONS }, config.githubApiUrl, logger.child({ function: 'webhook' })) : access;
  const store = new LocalStateStore({ dir: options.stateDir });
  const webhookDeps: WebhookDeps = {
    webhookSecret: options.webhookSecret,
    allowlist: config.allowlist,
    maxBodyBytes: config.webhookMaxBodyBytes,
    queue,
    github: octokitLookup(webhookAccess.octokit),
    logger: logger.child({ function: 'webhook' }),
  };
  const reconcileLogger = logger.child({ function: 'reconcile' });
  const jobDeps: JobDeps = {
    ...assembleJobDeps(config, reconcileLogger, { access, store, engine: (region) => options.engine(region, store) }),
    writeMetric: (line) => reconcileLogger.debug('metric', { emf: line }),
  };
  const retryDelay = options.retryDelayMs ?? ((n: number) => 1000 * n);

  let running = 0;
  let requests = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let wakeUp: NodeJS.Timeout | undefined;

  const settleIdle = () => {
    if (running === 0 && queue.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const runOne = async (received: ReceivedJob) => {
    const { job, receiptHandle, receiveCount } = received;
    try {
      await runJob(job, jobDeps, { requestId: `dev-${++requests}`, receiveCount });
      queue.delete(receiptHandle);
    } catch (err) {
      // runJob has logged it (and, on the last receive, failed the commit's check on GitHub).
      if (receiveCount >= DEFAULT_MAX_RECEIVES) {
        reconcileLogger.error('job dead-lettered: dropped after its last delivery', { jobId: job.id, repo: job.repo.fullName, receiveCount });
        queue.delete(receiptHandle);
      } else {
        // The repository's group stays blocked until the message is visible again, as with SQS FIFO.
        const rateLimit = rateLimitBackOffSeconds(err, githubNow(jobDeps));
        queue.release(receiptHandle, rateLimit === undefined ? retryDelay(receiveCount) : rateLimit * 1000);
      }
    }
  };

  /** Receives every visible job, and wakes up when the next delayed one becomes visible. */
  function pump(): void {
    if (closed) return;
    for (let received = queue.receive(); received; received = queue.receive()) {
      running++;
      void runOne(received).finally(() => {
        running--;
        pump();
        settleIdle();
      });
    }
    if (wakeUp) clearTimeout(wakeUp);
    const next = queue.nextVisibleInMs();
    wakeUp = next === undefined ? undefined : setTimeout(pump, next);
    settleIdle();
  }

  const drift = async (at = new Date()) => {
    const result = await scheduleDriftJobs(at, { allowlist: config.allowlist, queue, logger: logger.child({ function: 'drift' }) });
    pump();
    return result;
  };

  const handle = async (req: IncomingMessage): Promise<WebhookResponse> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/webhook') {
      if (req.method !== 'POST') return jsonResponse(405, { error: 'POST a GitHub webhook delivery to /webhook' });
      const body = await readBody(req, config.webhookMaxBodyBytes + MAX_REQUEST_BYTES_MARGIN);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
      // Sent as base64, as API Gateway does for binary bodies: the signature is over the exact bytes.
      const response = await receiveWebhook({ headers, body: body.toString('base64'), isBase64Encoded: true }, webhookDeps);
      pump();
      return response;
    }
    if (path === '/drift') {
      if (req.method !== 'POST') return jsonResponse(405, { error: 'POST to /drift queues a drift check of every allowlisted repository' });
      return jsonResponse(202, { ...(await drift()) });
    }
    if (path === '/healthz' && req.method === 'GET') return jsonResponse(200, { ok: true, queued: queue.size, running });
    return jsonResponse(404, { error: `no route ${req.method} ${path}: meshops dev serves POST /webhook, POST /drift and GET /healthz` });
  };

  const server: Server = createServer((req, res) => {
    handle(req).then(
      (r) => send(res, r),
      (err) => {
        logger.error('request failed', { err });
        send(res, jsonResponse(500, { error: 'internal error; see the meshops dev log' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  if (options.driftEveryMs && options.driftEveryMs > 0) {
    const timer = setInterval(() => void drift().catch((err) => logger.error('scheduled drift check failed', { err })), options.driftEveryMs);
    timer.unref();
    timers.add(timer);
  }
  const shownHost = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    port,
    queue,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
    drift,
    async close() {
      closed = true;
      if (wakeUp) clearTimeout(wakeUp);
      for (const t of timers) {
        clearTimeout(t);
        clearInterval(t);
      }
      timers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The body, cut one byte past `limit` (enough for the webhook use-case to answer 413); the rest is read and dropped. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = chunk as Buffer;
    if (size < limit) chunks.push(bytes.subarray(0, limit - size));
    size += bytes.length;
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, response: WebhookResponse): void {
  res.writeHead(response.statusCode, response.headers);
  res.end(response.body);
}
