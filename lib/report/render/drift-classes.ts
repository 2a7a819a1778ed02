/**
 * The four drift classes in words: heading, what it means, how to fix it. Shared by the drift
 * issue and the CLI.
 */
import type { DriftClass, DriftReport } from '../../resources/results';
import { plural } from './labels';

export const DRIFT_CLASSES: readonly DriftClass[] = ['changed', 'missing', 'unmanaged', 'pending', 'rollout'];

export const DRIFT_TEXT: Record<DriftClass, { emoji: string; symbol: string; heading: string; meaning: string; fix: string }> = {
  changed: {
    emoji: '✏️',
    symbol: '~',
    heading: 'Changed outside Git',
    meaning: 'Resources meshops manages were edited outside Git (console, AWS CLI, another tool) since the last apply.',
    fix: 'revert the change where it was made, or update Git to match it and merge. The next apply of Git undoes the change (with `drift.remediate: true` meshops re-applies by itself).',
  },
  missing: {
    emoji: '🕳️',
    symbol: '-',
    heading: 'Missing: deleted outside Git',
    meaning: 'Resources declared in Git and applied before no longer exist.',
    fix: 'apply Git again to re-create them (merge any change, or run `meshops apply`), or remove them from Git if they should be gone.',
  },
  unmanaged: {
    emoji: '👻',
    symbol: '?',
    heading: 'Unmanaged: created outside Git',
    meaning: 'Resources exist in a mesh or namespace this repository manages but are not declared in Git.',
    fix: 'declare them in Git (`meshops import` writes the YAML) so meshops manages them, or delete them where they were created. meshops never deletes a resource it does not own.',
  },
  pending: {
    emoji: '⏳',
    symbol: '>',
    heading: 'Pending: Git is ahead of the last apply',
    meaning: 'Git holds changes that were never applied: an apply is still to run, failed or was refused.',
    fix: 'look at the last `meshops/apply` check run on the default branch; push again or run `meshops apply` to apply Git.',
  },
  rollout: {
    emoji: '🚦',
    symbol: '%',
    heading: 'Rollout: weights on their way, or rolled back',
    meaning: 'Routes whose weights a rollout sets: in progress (a step between the old and the declared weights) or rolled back by an alarm or an abort (the old weights, kept until a new commit changes the route).',
    fix: 'nothing to do while a rollout runs. After a rollback, fix what fired the alarm and change the route in a new commit, or run `meshops rollout promote` to set the declared weights.',
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
