import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { appConfig } from '../lib/app/config';
import { createLogger } from '../lib/app/logger';
import { createDriftScheduleDeps, scheduleDriftJobs, type DriftScheduleDeps, type ScheduledDrift } from '../lib/app/schedule-drift-job';

export type DriftHandler = (event: Pick<ScheduledEvent, 'time'>) => Promise<ScheduledDrift>;

/**
 * EventBridge schedule → one drift job per allowlisted repository on the FIFO queue. A throw makes
 * Lambda retry the (asynchronous) invocation; jobs already queued are dropped as duplicates.
 */
export function createDriftHandler(depsFactory: () => DriftScheduleDeps): DriftHandler {
  let deps: DriftScheduleDeps | undefined;
  return async (event) => {
    deps ??= depsFactory();
    const at = new Date(event.time);
    return scheduleDriftJobs(Number.isNaN(at.getTime()) ? new Date() : at, deps);
  };
}

export const handler = middy<ScheduledEvent, ScheduledDrift>().handler(
  createDriftHandler(() => {
    const config = appConfig();
    return createDriftScheduleDeps(config, createLogger({ level: config.logLevel, fields: { function: 'drift' } }));
  }),
);
