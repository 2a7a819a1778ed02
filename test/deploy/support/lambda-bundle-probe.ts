/**
 * Bundled with the Lambda bundles' esbuild plugins (scripts/lambda-bundle-plugins.cjs) and run in
 * a child process by test/deploy/lambda-bundle.system.test.ts: every SDK client a function sends
 * with, through the adapters the functions use, against moto (S3, SSM, SQS) and the embedded
 * emulator (App Mesh, Cloud Map, Tagging, VPC Lattice, CloudWatch). Credentials come from the
 * environment, as on Lambda. Prints one JSON line of what it saw.
 */
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { applyDesired } from '../../../lib/app/apply-desired';
import { createEngine } from '../../../lib/app/engine';
import { planDesired } from '../../../lib/app/plan-desired';
import { SecretsProvider } from '../../../lib/app/secrets';
import { CloudWatchAlarms } from '../../../lib/aws/cloudwatch-alarms';
import { Emulator } from '../../../lib/emulator/emulator';
import { loadDesiredState } from '../../../lib/model/load';
import { readLocalSnapshot } from '../../../lib/source/local-dir';
import { hasChanges } from '../../../lib/plan/types';
import { SqsJobQueue } from '../../../lib/queue/sqs-job-queue';
import { S3StateStore } from '../../../lib/state/s3-state-store';
import { makeJob } from '../../../lib/webhook/job';

const failure = (err: unknown) => `${(err as Error).name}: ${(err as Error).message}`;

async function main(): Promise<void> {
  const [motoUrl, repoDir] = process.argv.slice(2);
  const base = { region: 'us-east-1', endpoint: motoUrl, maxAttempts: 1 };
  const out: Record<string, unknown> = {};

  const s3 = new S3Client({ ...base, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'probe-state' }));
  const store = new S3StateStore({ client: s3, bucket: 'probe-state' });
  out.missingRecord = (await store.getLastApplied('acme/mesh')) ?? null;
  await store.putLastApplied('acme/mesh', { fingerprint: 'f1', appliedAt: '2026-12-02T00:00:00.000Z', owner: 'acme/mesh', resources: [] });
  out.storedRecord = await store.getLastApplied('acme/mesh');
  const lock = await store.acquireLock('acme/mesh', { holder: 'probe-1', purpose: 'probe', timeoutMs: 60_000 });
  out.secondLock = await store.acquireLock('acme/mesh', { holder: 'probe-2', purpose: 'probe', timeoutMs: 60_000 }).then(() => 'taken', (err: Error) => err.name);
  await lock.release();
  out.afterRelease = await store.acquireLock('acme/mesh', { holder: 'probe-2', purpose: 'probe', timeoutMs: 60_000 }).then(async (l) => (await l.release(), 'taken'), failure);

  const ssm = new SSMClient(base);
  await ssm.send(new PutParameterCommand({ Name: '/probe/token', Value: 'probe-token', Type: 'SecureString' }));
  await ssm.send(new PutParameterCommand({ Name: '/probe/secret', Value: 'probe-secret', Type: 'SecureString' }));
  out.secrets = await new SecretsProvider(ssm, { githubToken: '/probe/token', webhookSecret: '/probe/secret' }).get();
  out.missingSecret = await new SecretsProvider(ssm, { githubToken: '/probe/none', webhookSecret: '/probe/secret' }).get().then(() => 'read', failure);

  const sqs = new SQSClient(base);
  const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'probe-jobs.fifo', Attributes: { FifoQueue: 'true' } }));
  await new SqsJobQueue(sqs, queueUrl!).enqueue(makeJob({ type: 'apply', sha: 'a'.repeat(40) }, 'acme/mesh', 'probe-delivery', new Date('2026-12-02T00:00:00Z')));
  out.queued = ((await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).Messages ?? []).length;

  const emulator = new Emulator({ region: 'us-east-1' });
  const engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store, emulator });
  const loaded = loadDesiredState(await readLocalSnapshot(repoDir));
  if (!loaded.state) throw new Error('the repository does not load');
  const applied = await applyDesired(loaded.state, engine, { repo: 'acme/mesh', holder: 'probe', lockTimeoutMs: 60_000 });
  out.applied = applied.result.status;
  const { plan } = await planDesired(loaded.state, engine, { repo: 'acme/mesh' });
  out.replanChanges = hasChanges(plan);
  out.resources = loaded.state.resources.length;
  out.missingMesh = await engine.apis.appMesh.describe({ kind: 'Mesh', name: 'no-such-mesh' }).then((r) => r ?? null, failure);
  out.latticeNetworks = (await engine.apis.lattice!.listServiceNetworks()).length;

  const cloudWatch = new CloudWatchClient(base);
  await cloudWatch.send(new PutMetricAlarmCommand({ AlarmName: 'probe-errors', MetricName: 'Errors', Namespace: 'Probe', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' }));
  out.alarms = (await new CloudWatchAlarms(cloudWatch).read(['probe-errors', 'no-such-alarm'])).map((a) => ({ name: a.name, state: a.state ?? null }));
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
