/**
 * A small world for the reconcile function's tests: the handler built by createReconcileHandler
 * with injected dependencies (the fake GitHub over HTTP, the fake S3, the emulator), and jobs
 * delivered as SQS records.
 */
import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import type { SQSRecord } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createReconcileHandler, type ReconcileHandler } from '../../functions/reconcile';
import { createEngine } from '../../lib/app/engine';
import { createLogger } from '../../lib/app/logger';
import type { JobDeps } from '../../lib/app/run-job';
import { ManualClock } from '../../lib/emulator/core/clock';
import { Emulator } from '../../lib/emulator/emulator';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import { encodeJobMessage } from '../../lib/queue/job-queue';
import { S3StateStore } from '../../lib/state/s3-state-store';
import { makeJob, type Job, type JobDraft } from '../../lib/webhook/job';
import { BOT_LOGIN, filesFromDirectory, startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../support/fake-github';
import { FakeS3 } from '../support/fake-s3';
import { TEST_REPO } from '../support/webhook-payloads';

export const sha = (n: number): string => createHash('sha1').update(`reconcile ${n}`).digest('hex');
const TEMPLATE = join(__dirname, '..', '..', 'mesh-repo-template');
const decoder = new TextDecoder();

export interface World {
  gh: FakeGitHub;
  s3: FakeS3;
  store: S3StateStore;
  emulator: Emulator;
  appMesh: AppMeshClient;
  deps: JobDeps;
  logs: string[];
  metrics: string[];
  handler: ReconcileHandler;
  /** Delivers jobs as one SQS batch; returns the ids SQS should deliver again. */
  deliver(jobs: Job[], receiveCount?: number): Promise<string[]>;
  job(draft: JobDraft, deliveryId?: string): Job;
  /** The template repository at `commit`, edited. */
  commit(commit: string, edit?: (files: Record<string, string>) => void, options?: { branch?: string }): void;
  close(): Promise<void>;
}

let deliveries = 0;

export async function world(options: { github?: FakeGitHubOptions } = {}): Promise<World> {
  const gh = await startFakeGitHub(options.github ?? {});
  gh.addRepo(TEST_REPO);
  const s3 = new FakeS3({ buckets: ['state'] });
  const store = new S3StateStore({ client: s3.client(), bucket: 'state' });
  const emulator = new Emulator({ seed: 3, clock: new ManualClock() });
  const logs: string[] = [];
  const metrics: string[] = [];
  const deps: JobDeps = {
    octokit: gh.octokit(),
    ownerFor: (repo) => (repo.toLowerCase() === TEST_REPO ? repo : undefined),
    identity: async () => (options.github?.tokens ? Object.values(options.github.tokens)[0]!.login : BOT_LOGIN),
    store,
    engine: (region) => createEngine({ kind: 'embedded' }, { region, store, emulator, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, cloudMapWait: { pollMs: 1 } }),
    logger: createLogger({ write: (line) => logs.push(line) }),
    clock: () => new Date(Date.UTC(2026, 10, 25, 12, 0, 0)),
    githubWebUrl: 'https://github.com',
    githubRetry: { sleep: async () => {} },
    lockWaitMs: 0,
    writeMetric: (line) => metrics.push(line),
  };
  const handler = createReconcileHandler(async () => deps);
  const template = filesFromDirectory(TEMPLATE);
  const record = (job: Job, receiveCount: number): SQSRecord => ({
    messageId: `msg-${job.id}`,
    receiptHandle: `rh-${job.id}-${receiveCount}`,
    body: encodeJobMessage(job),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0', MessageGroupId: TEST_REPO, MessageDeduplicationId: job.deliveryId },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:meshops-jobs.fifo',
    awsRegion: 'us-east-1',
  });
  return {
    gh,
    s3,
    store,
    emulator,
    appMesh: new AppMeshClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => emulator.handle(r)) }),
    deps,
    logs,
    metrics,
    handler,
    async deliver(jobs, receiveCount = 1) {
      const result = await handler({ Records: jobs.map((j) => record(j, receiveCount)) }, { awsRequestId: `req-${++deliveries}` });
      return result.batchItemFailures.map((f) => f.itemIdentifier);
    },
    job(draft, deliveryId = `delivery-${++deliveries}`) {
      return makeJob(draft, TEST_REPO, deliveryId, new Date(Date.UTC(2026, 10, 25, 12, 0, 0)));
    },
    commit(commit, edit, commitOptions = {}) {
      const files: Record<string, string> = Object.fromEntries(Object.entries(template).map(([path, bytes]) => [path, decoder.decode(bytes)]));
      edit?.(files);
      gh.addCommit(TEST_REPO, commit, files, commitOptions.branch ? { branch: commitOptions.branch } : {});
    },
    close: () => gh.stop(),
  };
}

export function canaryWeights(v1: number, v2: number): (files: Record<string, string>) => void {
  return (files) => {
    const path = 'mesh/search/routing.yaml';
    files[path] = files[path]!.replace(/(- virtualNode: search-v1\n\s+weight: )90/, `$1${v1}`).replace(/(- virtualNode: search-v2\n\s+weight: )10/, `$1${v2}`);
  };
}

export function checkRun(w: World, commit: string, name: string) {
  return [...w.gh.state.checkRuns.values()].filter((r) => r.headSha === commit && r.name === name).pop();
}
