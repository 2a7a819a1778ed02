import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { appConfig } from '../lib/app/config';
import { createLogger } from '../lib/app/logger';
import { createJobDeps, runJobMessages, type JobDeps } from '../lib/app/run-job';

export type ReconcileHandler = (event: SQSEvent, context: Pick<Context, 'awsRequestId'>) => Promise<SQSBatchResponse>;

/**
 * SQS FIFO consumer (batch size 1, ReportBatchItemFailures): decode → run the job → the messages to
 * retry. Dependencies come from `depsFactory`, called once and kept (a failed build is retried on
 * the next invocation, and every message of that batch is returned for retry).
 */
export function createReconcileHandler(depsFactory: () => Promise<JobDeps>): ReconcileHandler {
  let deps: Promise<JobDeps> | undefined;
  return async (event, context) => {
    const messages = event.Records.map((r) => ({ messageId: r.messageId, body: r.body, receiveCount: Number(r.attributes?.ApproximateReceiveCount ?? 1) || 1, receiptHandle: r.receiptHandle }));
    let resolved: JobDeps;
    try {
      deps ??= depsFactory();
      resolved = await deps;
    } catch (err) {
      deps = undefined;
      createLogger({ fields: { function: 'reconcile' } }).error('reconcile cannot start', { err });
      return { batchItemFailures: messages.map((m) => ({ itemIdentifier: m.messageId })) };
    }
    const { failedMessageIds } = await runJobMessages(messages, resolved, context.awsRequestId);
    return { batchItemFailures: failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

export const handler = middy<SQSEvent, SQSBatchResponse>().handler(
  createReconcileHandler(() => {
    const config = appConfig();
    return createJobDeps(config, createLogger({ level: config.logLevel, fields: { function: 'reconcile' } }));
  }),
);
