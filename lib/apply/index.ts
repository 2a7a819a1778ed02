// lib/apply: Plan → ApplyResult. Does I/O through the injected App Mesh and Cloud Map adapters
// (lib/aws); builds no client itself.
export { applyPlan, type ApplyDeps, type ApplyOptions, type WrittenResource } from './apply-plan';
export { StalePlanError, ApplyRefusedError } from './errors';
export { idempotencyToken } from './tokens';
