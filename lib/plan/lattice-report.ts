import type { DesiredState } from '../resources/types';
import type { LatticePlanReport, PlanProblem } from './types';

/**
 * What the Lattice mapping could not carry over: each entry is a plan error with
 * `unsupported: error` (the plan is still printed whole), a warning with `warn`.
 */
export function latticeReport(desired: DesiredState): { report?: LatticePlanReport; errors: PlanProblem[]; warnings: PlanProblem[] } {
  const errors: PlanProblem[] = [];
  const warnings: PlanProblem[] = [];
  if (!desired.lattice) return { errors, warnings };
  const { unsupported, registration } = desired.settings.lattice;
  for (const n of desired.lattice.notCarried) {
    const problem: PlanProblem = { code: 'lattice-unsupported', message: `${n.file}:${n.line}:${n.column}: ${n.source}${n.path ? ` ${n.path}` : ''}: ${n.feature} is not carried over to VPC Lattice: ${n.reason}` };
    (unsupported === 'error' ? errors : warnings).push(problem);
  }
  if (unsupported === 'error' && desired.lattice.notCarried.length > 0) {
    errors.push({ code: 'lattice-unsupported', message: `${desired.lattice.notCarried.length} App Mesh field(s) or kind(s) have no VPC Lattice counterpart (listed above); remove them, or set lattice.unsupported: warn in meshops.yaml to go ahead without them` });
  }
  return { report: { notCarried: desired.lattice.notCarried, registrations: desired.lattice.registrations, unsupported, registration }, errors, warnings };
}
