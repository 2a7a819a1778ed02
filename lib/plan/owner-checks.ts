import type { DesiredState, LiveState } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import type { PlanProblem } from './types';

/**
 * A plan needs an owner (the value of the ownership tag), and a repository that declares nothing
 * while owned resources are live is a mistake unless `allowEmpty` says it is meant.
 */
export function ownerProblems(desired: DesiredState, live: LiveState): PlanProblem[] {
  const { settings } = desired;
  const owner = settings.owner;
  const errors: PlanProblem[] = [];
  if (!owner) errors.push({ code: 'owner-missing', message: 'no owner is set: add `owner:` to meshops.yaml (the value of the meshops:owner tag on every resource meshops manages)' });
  if (owner && desired.resources.length === 0 && !settings.allowEmpty) {
    const owned = live.resources.filter((r) => r.tags[OWNER_TAG] === owner).length;
    if (owned > 0) {
      errors.push({
        code: 'empty-repository',
        message: `the repository declares no resource while ${owned} resources owned by ${JSON.stringify(owner)} are live: this plan would delete all of them; declare them, or set allowEmpty: true in meshops.yaml to delete everything on purpose`,
      });
    }
  }
  return errors;
}
