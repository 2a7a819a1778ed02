// lib/webhook: GitHub webhook intake. Pure except github-lookup.ts (Octokit, injected): size and
// signature checks over the raw bytes, payload readers for the handled events, event → job routing,
// and the Job value the queue carries. Imports no AWS SDK; lib/app/receive-webhook.ts wires it.
export { type Job, type JobType, type JobRepo, type JobDraft, jobIdFor, jobRepo, makeJob, SHA_PATTERN } from './job';
export { type WebhookRequest, type WebhookResponse, header, jsonResponse } from './request';
export { DEFAULT_MAX_BODY_BYTES, rawBodyBytes } from './raw-body';
export { verifySignature, signBody, type SignatureCheck } from './signature';
export { inspectDelivery, type Delivery, type InspectOptions } from './inspect-delivery';
export { RepoAllowlist } from './allowlist';
export { routeEvent, type Routing } from './route-event';
export { parseCommentCommand, type CommentCommand } from './comment-command';
export { payloadRepository, payloadAction, readPullRequestEvent, readPushEvent, readIssueCommentEvent } from './payloads';
export { type GitHubLookup, type RepoPermission, type PullRequestHead, mayRequestPlan, octokitLookup } from './github-lookup';
export { WebhookRejectedError, MalformedPayloadError, GitHubLookupError } from './errors';
