/**
 * What to do next, per surface: the CLI (`meshops apply` in a terminal) and GitHub (the Lambda
 * path: pull requests, merges, comment commands). A hint that names a CLI flag or command is
 * wrong on GitHub, where nobody runs one, so every hint that depends on where it is read lives
 * here, once per surface. Markdown renderers speak to GitHub, text renderers to the CLI.
 */
import type { DriftClass } from '../../resources/results';

export type Surface = 'cli' | 'github';

export interface Advice {
  /** After a failed apply: how to apply again. */
  applyAgain: string;
  /** A plan over maxDeletes: what to do once the deletions are reviewed. */
  overMaxDeletes(deletions: number, maxDeletes: number): string;
  /** Per drift class: how to fix it. */
  driftFix: Record<DriftClass, string>;
}

const DRIFT_FIX_COMMON = {
  changed: 'revert the change where it was made, or update Git to match it and merge. The next apply of Git undoes the change (with `drift.remediate: true` meshops re-applies by itself).',
  unmanaged: 'declare them in Git (`meshops import` writes the YAML) so meshops manages them, or delete them where they were created. meshops never deletes a resource it does not own.',
};

export const ADVICE: Record<Surface, Advice> = {
  cli: {
    applyAgain: 'Fix the cause, then apply again (`meshops apply`): the next apply re-plans against live, finishes what is left and never creates anything twice.',
    overMaxDeletes: (deletions, maxDeletes) => `this plan deletes ${deletions} resources, more than maxDeletes (${maxDeletes}); review the deletions, then apply with --max-deletes ${deletions} (or raise maxDeletes in meshops.yaml)`,
    driftFix: {
      ...DRIFT_FIX_COMMON,
      missing: 'apply Git again to re-create them (`meshops apply`), or remove them from Git if they should be gone.',
      pending: 'apply Git (`meshops apply`), or look at why the last apply failed or was refused.',
      rollout: 'nothing to do while a rollout runs. After a rollback, fix what fired the alarm and change the route in a new commit, or run `meshops rollout promote` to set the declared weights.',
    },
  },
  github: {
    applyAgain: 'Fix the cause, then apply again by pushing to the default branch (merging any pull request re-applies all of Git): the next apply re-plans against live, finishes what is left and never creates anything twice.',
    overMaxDeletes: (deletions, maxDeletes) =>
      `this plan deletes ${deletions} resources, more than maxDeletes (${maxDeletes}); review the deletions, then raise maxDeletes to ${deletions} in meshops.yaml (the pull request that raises it shows reviewers the widened setting), or declare again what should stay`,
    driftFix: {
      ...DRIFT_FIX_COMMON,
      missing: 'apply Git again to re-create them (push to the default branch: merging any pull request re-applies all of Git), or remove them from Git if they should be gone.',
      pending: 'look at the last `meshops/apply` check run on the default branch and fix what failed or was refused; the next push to the default branch applies Git.',
      rollout: 'nothing to do while a rollout runs. After a rollback, fix what fired the alarm and change the route in a new commit: the rolled-back weights stay until then.',
    },
  },
};

/**
 * A plan problem's message as `surface` words it: the plan carries the CLI's wording, and the
 * problems whose advice differs are worded again from the plan's own figures.
 */
export function problemMessage(problem: { code: string; message: string }, plan: { deletions: number; maxDeletes: number }, surface: Surface): string {
  if (problem.code === 'max-deletes') return ADVICE[surface].overMaxDeletes(plan.deletions, plan.maxDeletes);
  return problem.message;
}
