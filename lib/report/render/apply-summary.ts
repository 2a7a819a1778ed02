/**
 * What an apply did, in words shared by the PR comment, the CLI and the check run.
 */
import type { Plan } from '../../plan/types';
import { ADVICE, type Surface } from './advice';
import type { ApplyResult, OperationResult } from '../../resources/results';
import { formatTime, plural, shortFingerprint, shortSha } from './labels';

export interface ApplyCounts {
  done: number;
  failed: number;
  notRun: number;
  total: number;
}

export function applyCounts(result: ApplyResult): ApplyCounts {
  const count = (s: OperationResult['status']) => result.operations.filter((o) => o.status === s).length;
  return { done: count('done'), failed: count('failed'), notRun: count('not-run'), total: result.operations.length };
}

/** `Apply failed: 6 done, 1 failed, 4 not run.` */
export function applyLine(result: ApplyResult): string {
  const c = applyCounts(result);
  switch (result.status) {
    case 'applied':
      return `Applied: ${plural(c.done, 'operation')} done.`;
    case 'nothing-to-do':
      return 'Nothing to do: live already matched Git.';
    case 'failed':
      return `Apply failed: ${c.done} done, ${c.failed} failed, ${c.notRun} not run.`;
    case 'refused':
      return result.error?.code === 'locked' ? 'Apply refused: another apply of this repository holds the lock. Nothing was changed.' : 'Apply refused: nothing was changed.';
  }
}

/** A short title: `Applied 11 operations`, `Apply failed at create VirtualRouter watches/search-router`. */
export function applyTitle(result: ApplyResult): string {
  const c = applyCounts(result);
  switch (result.status) {
    case 'applied':
      return `Applied ${plural(c.done, 'operation')}`;
    case 'nothing-to-do':
      return 'Nothing to do';
    case 'failed': {
      const first = result.operations.find((o) => o.status === 'failed');
      return first ? `Apply failed at ${first.type} ${first.id.replace('/', ' ')}${first.error ? `: ${first.error.name}` : ''}` : 'Apply failed';
    }
    case 'refused':
      return `Apply refused${result.error ? ` (${result.error.code})` : ''}`;
  }
}

/** What to do after a failed or refused apply. */
export function nextStep(result: ApplyResult, plan: Pick<Plan, 'errors'> | undefined, surface: Surface): string | undefined {
  if (result.status === 'failed') {
    if (result.error?.code === 'stale-plan') {
      return 'Live changed after the plan was made, so meshops stopped before touching it. Apply again: the next apply re-plans against live.';
    }
    return ADVICE[surface].applyAgain;
  }
  if (result.status === 'refused') {
    if (result.error?.code === 'locked') return 'Another apply is running. This one can be retried once it finishes; a lock whose holder died is taken over after its timeout.';
    if (result.error?.code === 'plan-errors') {
      // A conflict is a live resource with another owner's tag: what to change is in AWS (or
      // the declaration in Git), never something a new commit alone can settle.
      const conflicts = plan?.errors.filter((e) => e.code === 'conflict').length ?? 0;
      const others = (plan?.errors.length ?? 0) - conflicts;
      if (conflicts > 0 && others === 0) {
        return 'The resources below are owned by another owner in AWS (their meshops:owner tag): resolve it in AWS (re-tag or remove them there), or stop declaring them in Git. meshops never changes what it does not own.';
      }
      if (conflicts > 0) return 'Fix the plan errors below: the conflicts in AWS (resources with another owner\'s meshops:owner tag), the others in Git.';
      return 'Fix the plan errors below in Git; the next push applies again.';
    }
  }
  return undefined;
}

/** `An earlier apply did not finish: ...` */
export function interruptedLine(i: NonNullable<ApplyResult['interrupted']>): string {
  const of = [`plan ${shortFingerprint(i.fingerprint)}`, ...(i.sha ? [`commit ${shortSha(i.sha)}`] : []), `run by ${i.holder}`].join(', ');
  return `An earlier apply did not finish: it started ${formatTime(i.startedAt)} (${of}) and had done ${i.done} of ${plural(i.total, 'operation')} when it stopped. This apply took over its lock and re-planned against live, so it carried on from where that one stopped.`;
}

/** The resource of an operation without its kind: `watches/search-router/canary`. */
export function operationTarget(op: OperationResult): string {
  const slash = op.id.indexOf('/');
  return slash < 0 ? op.id : op.id.slice(slash + 1);
}
