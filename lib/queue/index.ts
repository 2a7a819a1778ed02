// lib/queue: the job queue between the webhook (and the drift schedule) and the reconcile function.
// SqsJobQueue does I/O through an injected SQS client; InMemoryJobQueue is for tests and local runs.
export { type JobQueue, messageGroupId, deduplicationId, encodeJobMessage } from './job-queue';
export { SqsJobQueue } from './sqs-job-queue';
export { InMemoryJobQueue, FIFO_DEDUP_WINDOW_MS, type ReceivedJob } from './in-memory-job-queue';
export { decodeJobMessage } from './decode-job-message';
export { JobMessageError, EnqueueError, MessageVisibilityError } from './errors';
