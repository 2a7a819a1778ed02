import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler, resetWebhookDependencies } from '../../functions/webhook';
import { resetAppConfig } from '../../lib/app/config';
import { decodeJobMessage } from '../../lib/queue/decode-job-message';
import { DEFAULT_TOKEN, FakeGitHub, startFakeGitHub } from '../support/fake-github';
import { TEST_REPO, delivery, issueCommentPayload, pullRequestPayload, pushPayload, apiGatewayEvent } from '../support/webhook-payloads';

const SECRET = 'whsec-function-test-5b2c';
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/meshops-jobs.fifo';
const PR_HEAD = '7'.repeat(40);


const context = { functionName: 'meshops-webhook', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

describe('functions/webhook (middy, API Gateway HTTP API v2)', () => {
  const ssm = mockClient(SSMClient);
  const sqs = mockClient(SQSClient);
  let gh: FakeGitHub;
  let output: string[];
  let restoreStdout: () => void;
  const saved = { ...process.env };

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(TEST_REPO);
    gh.addCommit(TEST_REPO, PR_HEAD, {});
    gh.setCollaborator(TEST_REPO, 'writer', 'write');
    gh.openPullRequest(TEST_REPO, { headSha: PR_HEAD });
  });
  afterAll(() => gh.stop());

  beforeEach(() => {
    ssm.reset();
    sqs.reset();
    ssm.on(GetParametersCommand).resolves({
      Parameters: [
        { Name: '/meshops/github-token', Type: 'SecureString', Value: DEFAULT_TOKEN },
        { Name: '/meshops/webhook-secret', Type: 'SecureString', Value: SECRET },
      ],
      InvalidParameters: [],
    });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      MESHOPS_ALLOWED_REPOS: TEST_REPO,
      MESHOPS_QUEUE_URL: QUEUE,
      MESHOPS_GITHUB_TOKEN_PARAMETER: '/meshops/github-token',
      MESHOPS_WEBHOOK_SECRET_PARAMETER: '/meshops/webhook-secret',
      MESHOPS_GITHUB_API_URL: gh.url,
    });
    resetAppConfig();
    resetWebhookDependencies();
    output = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    restoreStdout = () => {
      process.stdout.write = original;
    };
  });
  afterEach(() => {
    restoreStdout();
    process.env = { ...saved };
  });

  it('verifies, queues the job on the FIFO queue and answers 202 with the job id', async () => {
    const res = await handler(apiGatewayEvent(delivery({ event: 'pull_request', payload: pullRequestPayload({ number: 3 }), secret: SECRET, deliveryId: 'd-fn-1' })), context);
    expect(res.statusCode).toBe(202);
    const sent = sqs.commandCalls(SendMessageCommand);
    expect(sent).toHaveLength(1);
    const input = sent[0]!.args[0].input;
    expect(input).toMatchObject({ QueueUrl: QUEUE, MessageGroupId: TEST_REPO, MessageDeduplicationId: 'd-fn-1' });
    expect(JSON.parse(res.body as string).jobId).toBe(decodeJobMessage(input.MessageBody!).id);
  });

  it('reads the secrets once per cold start', async () => {
    await handler(apiGatewayEvent(delivery({ event: 'push', payload: pushPayload(), secret: SECRET })), context);
    await handler(apiGatewayEvent(delivery({ event: 'push', payload: pushPayload(), secret: SECRET })), context);
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
  });

  it('handles a base64 body from API Gateway', async () => {
    const res = await handler(apiGatewayEvent(delivery({ event: 'push', payload: pushPayload(), secret: SECRET, base64: true })), context);
    expect(res.statusCode).toBe(202);
  });

  it('a forged signature → 401 and nothing sent to SQS', async () => {
    const res = await handler(apiGatewayEvent(delivery({ event: 'push', payload: pushPayload(), secret: 'forged' })), context);
    expect(res.statusCode).toBe(401);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('asks the GitHub API (token from SSM) about a /meshops plan comment', async () => {
    const res = await handler(apiGatewayEvent(delivery({ event: 'issue_comment', payload: issueCommentPayload({ number: 1, login: 'writer' }), secret: SECRET })), context);
    expect(res.statusCode).toBe(202);
    expect(decodeJobMessage(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!)).toMatchObject({ type: 'plan', sha: PR_HEAD, requestedBy: 'writer' });
    expect(gh.callsTo('repos/get-collaborator-permission-level')).not.toHaveLength(0);
  });

  it('answers 503 when it is not configured, and says so in its log', async () => {
    delete process.env.MESHOPS_QUEUE_URL;
    resetAppConfig();
    const res = await handler(apiGatewayEvent(delivery({ event: 'push', payload: pushPayload(), secret: SECRET })), context);
    expect(res.statusCode).toBe(503);
    expect(output.join('')).toMatch(/MESHOPS_QUEUE_URL is not set/);
  });

  it('never writes the webhook secret or the GitHub token to its log', async () => {
    for (const event of [
      delivery({ event: 'push', payload: pushPayload(), secret: SECRET }),
      delivery({ event: 'push', payload: pushPayload(), secret: 'forged' }),
      delivery({ event: 'issue_comment', payload: issueCommentPayload({ number: 1, login: 'writer' }), secret: SECRET }),
      delivery({ event: 'push', payload: { token: DEFAULT_TOKEN, secret: SECRET }, secret: SECRET }),
    ]) {
      await handler(apiGatewayEvent(event), context);
    }
    const log = output.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(DEFAULT_TOKEN);
  });
});
