/**
 * The drift classes in words: heading and what it means (how to fix it depends on where it is
 * read: advice.ts). Shared by the drift issue and the CLI.
 */
import type { DriftClass, DriftReport } from '../../resources/results';
import { plural } from './labels';

export const DRIFT_CLASSES: readonly DriftClass[] = ['changed', 'missing', 'unmanaged', 'pending', 'rollout'];

export const DRIFT_TEXT: Record<DriftClass, { emoji: string; symbol: string; heading: string; meaning: string }> = {
  changed: {
    emoji: '✏️',
    symbol: '~',
    heading: 'Changed outside Git',
    meaning: 'Resources meshops manages were edited outside Git (console, AWS CLI, another tool) since the last apply.',
  },
  missing: {
    emoji: '🕳️',
    symbol: '-',
    heading: 'Missing: deleted outside Git',
    meaning: 'Resources declared in Git and applied before no longer exist.',
  },
  unmanaged: {
    emoji: '👻',
    symbol: '?',
    heading: 'Unmanaged: created outside Git',
    meaning: 'Resources exist in a mesh or namespace this repository manages but are not declared in Git.',
  },
  pending: {
    emoji: '⏳',
    symbol: '>',
    heading: 'Pending: Git is ahead of the last apply',
    meaning: 'Git holds changes that were never applied: an apply is still to run, failed or was refused.',
  },
  rollout: {
    emoji: '🚦',
    symbol: '%',
    heading: 'Rollout: weights on their way, or rolled back',
    meaning: 'Routes whose weights a rollout sets: in progress (a step between the old and the declared weights) or rolled back by an alarm or an abort (the old weights, kept until a new commit changes the route).',
  },
};

/** `Drift: 1 changed, 1 missing, 1 unmanaged, 1 pending.` or `No drift: live matches Git.` */
export function driftLine(report: DriftReport): string {
  if (!report.items.length) return 'No drift: live matches Git.';
  return `Drift: ${DRIFT_CLASSES.filter((c) => c !== 'rollout' || report.summary.rollout).map((c) => `${report.summary[c] ?? 0} ${c}`).join(', ')}.`;
}

export function driftTitle(report: DriftReport): string {
  return report.items.length ? plural(report.items.length, 'drifted resource') : 'no drift';
}
