import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createDriftHandler } from '../../functions/drift';
import { loadConfig } from '../../lib/app/config';
import { createLogger } from '../../lib/app/logger';
import { createDriftScheduleDeps, DRIFT_JOB_SHA } from '../../lib/app/schedule-drift-job';
import { decodeJobMessage } from '../../lib/queue/decode-job-message';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/meshops-jobs.fifo';

describe('functions/drift (EventBridge schedule → one drift job per repository)', () => {
  const sqs = mockClient(SQSClient);
  let logs: string[];
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
    logs = [];
  });
  afterAll(() => sqs.restore());

  const handlerFor = (allowed: string) =>
    createDriftHandler(() => createDriftScheduleDeps(loadConfig({ MESHOPS_ALLOWED_REPOS: allowed, MESHOPS_QUEUE_URL: QUEUE, AWS_REGION: 'us-east-1' }), createLogger({ write: (l) => logs.push(l) })));

  it('queues one drift job per allowlisted repository: group = the repository, dedup id = repository and period', async () => {
    const result = await handlerFor('acme/mesh-config, acme/edge-mesh')({ time: '2026-11-25T12:15:00Z' });
    expect(result).toEqual({ queued: ['acme/edge-mesh', 'acme/mesh-config'], wildcards: 0 });
    const inputs = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.QueueUrl, i.MessageGroupId, i.MessageDeduplicationId])).toEqual([
      [QUEUE, 'acme/edge-mesh', 'drift:acme/edge-mesh:2026-11-25T12:15'],
      [QUEUE, 'acme/mesh-config', 'drift:acme/mesh-config:2026-11-25T12:15'],
    ]);
    const job = decodeJobMessage(inputs[0]!.MessageBody!);
    expect(job).toMatchObject({ type: 'drift', sha: DRIFT_JOB_SHA, repo: { fullName: 'acme/edge-mesh' }, deliveryId: 'drift:acme/edge-mesh:2026-11-25T12:15', createdAt: '2026-11-25T12:15:00.000Z' });
  });

  it('the same scheduled event delivered twice yields the same dedup ids (SQS drops the second); the next period does not', async () => {
    const handler = handlerFor('acme/mesh-config');
    await handler({ time: '2026-11-25T12:15:00Z' });
    await handler({ time: '2026-11-25T12:15:00Z' });
    await handler({ time: '2026-11-25T12:30:00Z' });
    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageDeduplicationId)).toEqual([
      'drift:acme/mesh-config:2026-11-25T12:15',
      'drift:acme/mesh-config:2026-11-25T12:15',
      'drift:acme/mesh-config:2026-11-25T12:30',
    ]);
  });

  it('owner/* entries are not scheduled, and the log says so', async () => {
    const result = await handlerFor('acme/mesh-config acme-labs/*')({ time: '2026-11-25T12:15:00Z' });
    expect(result).toEqual({ queued: ['acme/mesh-config'], wildcards: 1 });
    expect(logs.some((l) => l.includes('1 owner/* allowlist entries are not scheduled'))).toBe(true);
  });

  it('one repository failing to queue: the others are still queued, then the run fails (EventBridge retries it)', async () => {
    sqs.on(SendMessageCommand, { MessageGroupId: 'acme/a' }).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(handlerFor('acme/a acme/b')({ time: '2026-11-25T12:15:00Z' })).rejects.toThrow('queuing drift jobs failed for acme/a');
    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageGroupId)).toEqual(['acme/a', 'acme/b']);
  });

  it('a misconfigured deployment fails before sending anything', async () => {
    const handler = createDriftHandler(() => createDriftScheduleDeps(loadConfig({ MESHOPS_ALLOWED_REPOS: 'acme/x' }), createLogger({ write: () => {} })));
    await expect(handler({ time: '2026-11-25T12:15:00Z' })).rejects.toThrow('MESHOPS_QUEUE_URL is not set');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
