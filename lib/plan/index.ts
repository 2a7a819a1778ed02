// lib/plan: (DesiredState, LiveState, settings) → Plan, and drift classification. Pure: no I/O,
// no SDK; imports only lib/resources and lib/api-model.
export { buildPlan, liveDigest, userTags, planFingerprint, type PlanInput } from './build-plan';
export { detectDrift } from './drift';
export { changeOrigin } from './origin';
export { normalizeSpec, normalizeTags } from './normalize';
export { describeMatch } from './traffic';
export { routeFitsListeners, listenersOf } from '../resources/routes';
export * from './types';
