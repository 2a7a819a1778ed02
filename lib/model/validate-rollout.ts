import { validateShape } from '../api-model';
import type { RolloutSpec } from '../resources/types';
import { formatDuration, MAX_INTERVAL_MS, MIN_INTERVAL_MS, parseDuration } from '../rollout/duration';
import type { Diagnostic } from './diagnostics';
import { envelopeShapes, ROLLOUT_SHAPE } from './document-shapes';
import { diagnosticAt, issueToDiagnostic } from './issues';
import type { ParsedDocument } from './yaml/parse-file';

/**
 * A Route's `rollout` (docs/progressive-delivery.md): the shape (steps 1–99, an interval, at least
 * one alarm), then what a shape cannot say: steps strictly increasing, the interval within
 * 1 second to 24 hours, no alarm named twice. Undefined when absent or invalid (the errors are
 * in `diagnostics`).
 */
export function validateRollout(doc: ParsedDocument, value: unknown, diagnostics: Diagnostic[]): RolloutSpec | undefined {
  if (value === undefined || value === null) return undefined;
  const before = diagnostics.length;
  for (const issue of validateShape(envelopeShapes, ROLLOUT_SHAPE, value, ['rollout'])) {
    if (issue.code === 'pattern' && issue.path[1] === 'interval') {
      diagnostics.push(diagnosticAt(doc, issue.path, `${JSON.stringify((value as { interval?: unknown }).interval)} is not a duration: write hours, minutes and seconds like 90s, 5m, 1h or 1h30m`, 'duration'));
    } else {
      diagnostics.push(issueToDiagnostic(doc, issue));
    }
  }
  if (diagnostics.length > before) return undefined;
  const rollout = value as { steps: number[]; interval: string; alarms: string[] };
  rollout.steps.forEach((step, i) => {
    if (i > 0 && step <= rollout.steps[i - 1]!) {
      diagnostics.push(diagnosticAt(doc, ['rollout', 'steps', i], `steps must increase: ${step} comes after ${rollout.steps[i - 1]} (each step is a percentage of the way to the declared weights)`, 'rollout-steps'));
    }
  });
  const intervalMs = parseDuration(rollout.interval);
  if (intervalMs === undefined || intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
    diagnostics.push(diagnosticAt(doc, ['rollout', 'interval'], `the interval is ${intervalMs === undefined ? rollout.interval : formatDuration(intervalMs)}; it must be from 1s to 24h`, 'rollout-interval'));
  }
  rollout.alarms.forEach((name, i) => {
    if (rollout.alarms.indexOf(name) !== i) diagnostics.push(diagnosticAt(doc, ['rollout', 'alarms', i], `alarm ${JSON.stringify(name)} is listed twice`, 'rollout-alarms'));
  });
  if (diagnostics.length > before) return undefined;
  return { steps: [...rollout.steps], interval: rollout.interval, intervalMs: intervalMs!, alarms: [...rollout.alarms] };
}
