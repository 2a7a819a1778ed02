/**
 * The deployment, end to end, in one process: the three Lambda handlers as Lambda calls them, an
 * SQS FIFO queue that keeps what the webhook sent (group and deduplication ids included), the
 * emulator behind the real SDK clients, the fake GitHub over real HTTP for the unmodified Octokit
 * client, and the fake S3 behind the real S3 client for the state store.
 */
import { AppMeshClient, DescribeRouteCommand, UpdateRouteCommand } from '@aws-sdk/client-app-mesh';
import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SendMessageCommand, SQSClient, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyStructuredResultV2, Context, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { createDriftHandler, type DriftHandler } from '../../functions/drift';
import { createReconcileHandler, type ReconcileHandler } from '../../functions/reconcile';
import { handler as webhookHandler, resetWebhookDependencies } from '../../functions/webhook';
import { appConfig, resetAppConfig } from '../../lib/app/config';
import { createEngine } from '../../lib/app/engine';
import { createLogger } from '../../lib/app/logger';
import { createJobDeps } from '../../lib/app/run-job';
import { createDriftScheduleDeps } from '../../lib/app/schedule-drift-job';
import { ManualClock } from '../../lib/emulator/core/clock';
import { Emulator } from '../../lib/emulator/emulator';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import { S3StateStore } from '../../lib/state/s3-state-store';
import { DEFAULT_TOKEN, filesFromDirectory, startFakeGitHub, type FakeGitHub, type FakeGitHubApp } from '../support/fake-github';
import { FakeS3 } from '../support/fake-s3';
import { TEST_REPO, delivery, apiGatewayEvent } from '../support/webhook-payloads';

export const SECRET = 'whsec-e2e-7f3a91';
export const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/meshops-jobs.fifo';
export const BUCKET = 'meshops-state';
const TOKEN_PARAMETER = '/meshops/github-token';
const SECRET_PARAMETER = '/meshops/webhook-secret';
const APP_KEY_PARAMETER = '/meshops/github-app-key';
const TEMPLATE = join(__dirname, '..', '..', 'mesh-repo-template');

let appKeys: { privateKey: string; publicKey: string } | undefined;

/** The meshops GitHub App (its bot is `meshops[bot]`), installed on the `acme` account. */
export function testApp(): { privateKey: string; fake: FakeGitHubApp } {
  appKeys ??= generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });
  return { privateKey: appKeys.privateKey, fake: { id: 4242, slug: 'meshops', publicKey: appKeys.publicKey, installations: { acme: 77, mallory: 78 } } };
}

interface QueuedMessage {
  messageId: string;
  body: string;
  group: string;
  dedupId: string;
  receiveCount: number;
}

/** SQS FIFO as the functions see it: content-based deduplication off, 5-minute dedup window, one message in flight per group, redrive after 3 receives. */
export class FakeFifoQueue {
  readonly sent: SendMessageCommandInput[] = [];
  readonly deadLetters: QueuedMessage[] = [];
  private readonly pending: QueuedMessage[] = [];
  private readonly dedup = new Map<string, number>();
  private seq = 0;

  constructor(private readonly now: () => number, private readonly maxReceives = 3) {}

  send(input: SendMessageCommandInput): { MessageId: string } {
    this.sent.push(input);
    if (input.QueueUrl !== QUEUE_URL) throw new Error(`unknown queue ${input.QueueUrl}`);
    if (!input.MessageGroupId || !input.MessageDeduplicationId) throw Object.assign(new Error('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly'), { name: 'InvalidParameterValue' });
    const messageId = `m-${++this.seq}`;
    const seenAt = this.dedup.get(input.MessageDeduplicationId);
    if (seenAt !== undefined && this.now() - seenAt < 5 * 60_000) return { MessageId: messageId };
    this.dedup.set(input.MessageDeduplicationId, this.now());
    this.pending.push({ messageId, body: input.MessageBody!, group: input.MessageGroupId, dedupId: input.MessageDeduplicationId, receiveCount: 0 });
    return { MessageId: messageId };
  }

  /** Messages waiting, in order. */
  get messages(): readonly QueuedMessage[] {
    return this.pending;
  }

  receive(): QueuedMessage | undefined {
    const message = this.pending.shift();
    if (message) message.receiveCount++;
    return message;
  }

  /** The consumer reported the message failed: back to the head of the queue, or to the DLQ after its last receive. */
  fail(message: QueuedMessage): void {
    if (message.receiveCount >= this.maxReceives) this.deadLetters.push(message);
    else this.pending.unshift(message);
  }
}

export interface E2E {
  gh: FakeGitHub;
  s3: FakeS3;
  emulator: Emulator;
  queue: FakeFifoQueue;
  appMesh: AppMeshClient;
  store: S3StateStore;
  /** Every log line of the three functions. */
  logs: string[];
  metrics: string[];
  webhook(event: string, payload: unknown, options?: { deliveryId?: string; secret?: string }): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Runs the reconcile function on queued messages until the queue is empty; returns what ran. */
  drain(): Promise<{ messageId: string; failed: boolean }[]>;
  schedule(time: string): Promise<unknown>;
  /** The template repository, with file contents replaced by `edit` (path → new text). */
  commit(sha: string, edit?: (files: Record<string, string>) => void, options?: { branch?: string; repo?: string }): void;
  /** Sets a route's weights outside Git (the console, the CLI): drift. */
  setWeights(route: string, weights: Record<string, number>): Promise<void>;
  close(): Promise<void>;
}

const context = { awsRequestId: 'req-e2e', functionName: 'meshops-webhook', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;


function sqsRecord(message: QueuedMessage): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `rh-${message.messageId}-${message.receiveCount}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: '1764072000000',
      SenderId: 'AROAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1764072000000',
      MessageGroupId: message.group,
      MessageDeduplicationId: message.dedupId,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:meshops-jobs.fifo',
    awsRegion: 'us-east-1',
  };
}

const decoder = new TextDecoder();

/** Starts everything; `close()` stops the fake GitHub and restores the environment and the SDK mocks. */
export async function startE2E(options: { tokenKind?: 'app' | 'user'; allowedRepos?: string } = {}): Promise<E2E> {
  const saved = { ...process.env };
  // The two ways a deployment signs in: a machine user's token, or a GitHub App (the default here).
  const app = options.tokenKind === 'user' ? undefined : testApp();
  const gh = await startFakeGitHub(options.tokenKind === 'user' ? { tokens: { [DEFAULT_TOKEN]: { login: 'meshops-bot', kind: 'user' } } } : { app: app!.fake });
  gh.addRepo(TEST_REPO);
  const s3 = new FakeS3({ buckets: [BUCKET] });
  // A manual clock for AWS: timestamps (and so plan fingerprints) are the same on every run.
  const awsClock = new ManualClock(Date.UTC(2026, 10, 25, 12, 0, 0));
  const emulator = new Emulator({ seed: 7, clock: awsClock });
  let clock = Date.UTC(2026, 10, 25, 12, 0, 0);
  const queue = new FakeFifoQueue(() => clock);
  const logs: string[] = [];
  const metrics: string[] = [];

  const ssm = mockClient(SSMClient);
  const sqs = mockClient(SQSClient);
  const parameters = { [TOKEN_PARAMETER]: DEFAULT_TOKEN, [SECRET_PARAMETER]: SECRET, [APP_KEY_PARAMETER]: app?.privateKey ?? '' };
  ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({ Parameters: input.Names.map((Name) => ({ Name, Type: 'SecureString', Value: parameters[Name as keyof typeof parameters] })), InvalidParameters: [] }));
  ssm.on(GetParameterCommand).callsFake((input: { Name: string }) => ({ Parameter: { Name: input.Name, Type: 'SecureString', Value: parameters[input.Name as keyof typeof parameters] } }));
  sqs.on(SendMessageCommand).callsFake((input: SendMessageCommandInput) => queue.send(input));

  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    MESHOPS_ALLOWED_REPOS: options.allowedRepos ?? TEST_REPO,
    MESHOPS_QUEUE_URL: QUEUE_URL,
    MESHOPS_STATE_BUCKET: BUCKET,
    MESHOPS_GITHUB_TOKEN_PARAMETER: TOKEN_PARAMETER,
    MESHOPS_WEBHOOK_SECRET_PARAMETER: SECRET_PARAMETER,
    MESHOPS_GITHUB_API_URL: gh.url,
    MESHOPS_LOG_LEVEL: 'info',
    ...(app ? { MESHOPS_GITHUB_APP_ID: String(app.fake.id), MESHOPS_GITHUB_APP_KEY_PARAMETER: APP_KEY_PARAMETER } : {}),
  });
  resetAppConfig();
  resetWebhookDependencies();

  const logger = createLogger({ write: (line) => logs.push(line), fields: { function: 'reconcile' } });
  const s3Client = s3.client();
  const reconcile: ReconcileHandler = createReconcileHandler(async () => {
    const deps = await createJobDeps(appConfig(), logger, {
      s3: s3Client,
      engine: (region, store) => createEngine({ kind: 'embedded' }, { region, store, emulator, retry: { baseDelayMs: 1, maxDelayMs: 2 }, cloudMapWait: { pollMs: 1 } }),
    });
    // Links as on github.com (the fake's address changes every run); no waiting between GitHub retries.
    return { ...deps, githubWebUrl: 'https://github.com', githubRetry: { sleep: async () => {} }, lockWaitMs: 0, writeMetric: (line) => metrics.push(line) };
  });
  const drift: DriftHandler = createDriftHandler(() => createDriftScheduleDeps(appConfig(), createLogger({ write: (line) => logs.push(line), fields: { function: 'drift' } })));
  const appMesh = new AppMeshClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => emulator.handle(r)) });
  const template = filesFromDirectory(TEMPLATE);

  return {
    gh,
    s3,
    emulator,
    queue,
    appMesh,
    store: new S3StateStore({ client: s3Client, bucket: BUCKET }),
    logs,
    metrics,
    async webhook(event, payload, opts = {}) {
      clock += 1000;
      awsClock.advance(60_000);
      // The webhook function logs to stdout (Lambda's way): keep its lines with the others.
      const write = process.stdout.write;
      process.stdout.write = ((chunk: string | Uint8Array) => {
        logs.push(...String(chunk).split('\n').filter(Boolean));
        return true;
      }) as typeof process.stdout.write;
      let res: APIGatewayProxyStructuredResultV2;
      try {
        res = (await webhookHandler(apiGatewayEvent(delivery({ event, payload, secret: opts.secret ?? SECRET, ...(opts.deliveryId ? { deliveryId: opts.deliveryId } : {}) })), context)) as APIGatewayProxyStructuredResultV2;
      } finally {
        process.stdout.write = write;
      }
      return { status: res.statusCode ?? 0, body: JSON.parse(String(res.body ?? '{}')) as Record<string, unknown> };
    },
    async drain() {
      const ran: { messageId: string; failed: boolean }[] = [];
      for (let guard = 0; guard < 50; guard++) {
        const message = queue.receive();
        if (!message) return ran;
        const result = await reconcile({ Records: [sqsRecord(message)] }, { awsRequestId: `req-${message.messageId}-${message.receiveCount}` });
        const failed = result.batchItemFailures.some((f) => f.itemIdentifier === message.messageId);
        if (failed) queue.fail(message);
        ran.push({ messageId: message.messageId, failed });
      }
      throw new Error('the queue did not drain in 50 receives');
    },
    async schedule(time) {
      clock = Math.max(clock, Date.parse(time));
      awsClock.advance(60_000);
      return drift({ time });
    },
    commit(sha, edit, commitOptions = {}) {
      const files: Record<string, string> = Object.fromEntries(Object.entries(template).map(([path, bytes]) => [path, decoder.decode(bytes)]));
      edit?.(files);
      gh.addCommit(commitOptions.repo ?? TEST_REPO, sha, files, commitOptions.branch ? { branch: commitOptions.branch } : {});
    },
    async setWeights(route, weights) {
      const { route: live } = await appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: route }));
      const spec = structuredClone(live!.spec!);
      spec.httpRoute!.action!.weightedTargets = Object.entries(weights).map(([virtualNode, weight]) => ({ virtualNode, weight }));
      await appMesh.send(new UpdateRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: route, spec }));
    },
    async close() {
      ssm.restore();
      sqs.restore();
      await gh.stop();
      process.env = saved;
      resetAppConfig();
      resetWebhookDependencies();
    },
  };
}

/** The canary route's weights in `mesh/search/routing.yaml`, as a commit edit. */
export function canaryWeights(v1: number, v2: number): (files: Record<string, string>) => void {
  return (files) => {
    const path = 'mesh/search/routing.yaml';
    const text = files[path]!;
    const edited = text.replace(/(- virtualNode: search-v1\n\s+weight: )90/, `$1${v1}`).replace(/(- virtualNode: search-v2\n\s+weight: )10/, `$1${v2}`);
    if (edited === text) throw new Error('the template no longer has the 90/10 canary route');
    files[path] = edited;
  };
}

/** A commit SHA that reads like one (distinct in its first 7 digits). */
export const sha = (n: number): string => createHash('sha1').update(`commit ${n}`).digest('hex');

/**
 * What a fork writes to claim another team's mesh (`payments`): the mesh, a node, a router and a
 * route moving all its traffic to that node. The trust attacks run it through the handlers and
 * through `meshops dev`.
 */
export const FORK_CLAIMING_PAYMENTS =
  [
    'kind: Mesh\nname: payments\nspec: {}',
    'kind: VirtualNode\nname: ledger-v1\nmesh: payments\nspec: {}',
    'kind: VirtualRouter\nname: ledger-router\nmesh: payments\nspec:\n  listeners: [{ portMapping: { port: 8080, protocol: http } }]',
    'kind: Route\nname: canary\nmesh: payments\nvirtualRouter: ledger-router\nspec:\n  priority: 1\n  httpRoute:\n    match: { prefix: / }\n    action: { weightedTargets: [{ virtualNode: ledger-v1, weight: 100 }] }',
  ].join('\n---\n') + '\n';
