import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { appConfig, requireSetting } from '../lib/app/config';
import { createLogger } from '../lib/app/logger';
import { scheduleRolloutTicks, type RolloutScheduleDeps } from '../lib/app/schedule-rollout-ticks';
import { SqsJobQueue } from '../lib/queue/sqs-job-queue';
import { S3StateStore } from '../lib/state/s3-state-store';

export type RolloutScheduleHandler = (event: Pick<ScheduledEvent, 'time'>) => Promise<{ queued: string[] }>;

/** EventBridge schedule (every minute) → one rollout tick job per repository with a rollout in progress. */
export function createRolloutScheduleHandler(depsFactory: () => RolloutScheduleDeps): RolloutScheduleHandler {
  let deps: RolloutScheduleDeps | undefined;
  return async (event) => {
    deps ??= depsFactory();
    const at = new Date(event.time);
    return scheduleRolloutTicks(Number.isNaN(at.getTime()) ? new Date() : at, deps);
  };
}

export const handler = middy<ScheduledEvent, { queued: string[] }>().handler(
  createRolloutScheduleHandler(() => {
    const config = appConfig();
    const region = config.region ? { region: config.region } : {};
    return {
      allowlist: config.allowlist,
      queue: new SqsJobQueue(new SQSClient(region), requireSetting(config, 'queueUrl')),
      store: new S3StateStore({ client: new S3Client(region), bucket: requireSetting(config, 'stateBucket') }),
      logger: createLogger({ level: config.logLevel, fields: { function: 'rollouts' } }),
    };
  }),
);
