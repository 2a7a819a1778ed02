// lib/report/render: Plan / ApplyResult / DriftReport → Markdown (GitHub comments, issues, check
// runs) and terminal text. Pure: no I/O, no SDK; imports only lib/plan, lib/resources, lib/model
// types and `yaml`. The GitHub adapter (lib/report/github) posts what these return.
export { renderPlanMarkdown } from './plan-markdown';
export { renderPlanText } from './plan-text';
export { renderApplyMarkdown } from './apply-markdown';
export { renderApplyText } from './apply-text';
export { renderDriftMarkdown } from './drift-markdown';
export { renderDriftText } from './drift-text';
export { renderCheckSummary, CHECK_SUMMARY_LIMIT, type CheckSummary, type CheckSummaryOptions } from './check-summary';
export { PLAN_MARKER, APPLY_MARKER, DRIFT_MARKER, fingerprintMarker, readFingerprintMarker } from './markers';
export { summaryLine } from './labels';
export { applyLine } from './apply-summary';
export { driftLine } from './drift-classes';
export { routingGraph, MAX_GRAPH_EDGES, type RoutingGraph } from './mermaid';
export type { MarkdownContext, PlanMarkdownContext, TextOptions, PlanTextOptions } from './context';
export { splitComment, GITHUB_COMMENT_LIMIT } from './split-comment';
