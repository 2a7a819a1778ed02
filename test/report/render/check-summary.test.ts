import { buildPlan } from '../../../lib/plan/build-plan';
import { CHECK_SUMMARY_LIMIT, renderCheckSummary } from '../../../lib/report/render/check-summary';
import { httpNode, liveOf, liveState, mesh, state } from '../../support/builders';
import { canaryWeightPlan, CONTEXT, destructivePlan, listenerChangePlan, failedApply, interruptedApply, VALIDATION_ERRORS } from './fixtures';

describe('renderCheckSummary', () => {
  it('summarises a canary plan: the summary line as title, the shift and the change in the summary', () => {
    const plan = canaryWeightPlan();
    const out = renderCheckSummary(plan);
    expect(out.title).toBe('Plan: 0 to create, 1 to update, 0 to adopt, 0 to delete, 0 to replace');
    expect(out.conclusion).toBe('success');
    expect(out.summary).toContain('search-v2 10% → **50%**');
    expect(out.summary).toContain('- 🟡 update Route <code>watches/search-router/canary</code>');
    expect(out.summary).toContain(`Plan <code>${plan.fingerprint.slice(0, 12)}</code>`);
  });

  it('a plan that can be applied but deletes or re-creates is neutral: the check asks for a closer look', () => {
    const deleting = buildPlan({ desired: state([mesh()]), live: liveState([liveOf(mesh()), liveOf(httpNode('old'))]) });
    expect(deleting.summary.delete).toBe(1);
    expect(deleting.errors).toEqual([]);
    expect(renderCheckSummary(deleting).conclusion).toBe('neutral');
    const relisted = listenerChangePlan();
    expect(renderCheckSummary(relisted).conclusion).toBe(relisted.errors.length ? 'failure' : 'neutral');
  });

  it('fails a plan that cannot be applied and says why', () => {
    const out = renderCheckSummary(destructivePlan());
    expect(out.title).toBe('Plan cannot be applied: 2 errors');
    expect(out.conclusion).toBe('failure');
    expect(out.summary).toContain('more than maxDeletes (1)');
  });

  it('fails an invalid repository, linking its errors', () => {
    const out = renderCheckSummary(undefined, { diagnostics: VALIDATION_ERRORS, context: CONTEXT });
    expect(out).toMatchObject({ title: 'Invalid repository: 3 errors', conclusion: 'failure' });
    expect(out.summary).toContain('/blob/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678/meshops.yaml#L1)');
  });

  it('summarises applies', () => {
    const failed = renderCheckSummary(failedApply().result);
    expect(failed).toMatchObject({ title: 'Apply failed at create VirtualRouter watches/search-router: LimitExceededException', conclusion: 'failure' });
    expect(failed.summary).toContain('5 operations did not run.');
    const { plan, result } = interruptedApply();
    const ok = renderCheckSummary(result, { plan });
    expect(ok).toMatchObject({ title: 'Applied 1 operation', conclusion: 'success' });
    expect(ok.summary).toContain('**Traffic now:**');
  });

  it('stays under GitHub\'s limit for a huge plan and lists only the first changes', () => {
    const repo = [mesh(), ...Array.from({ length: 3000 }, (_, i) => httpNode(`a-very-long-virtual-node-name-for-padding-${String(i).padStart(4, '0')}`))];
    const out = renderCheckSummary(buildPlan({ desired: state(repo), live: liveState([]) }));
    expect(out.summary.length).toBeLessThan(CHECK_SUMMARY_LIMIT);
    expect(out.summary).toContain('- … and 2951 more');
    expect(out.title.length).toBeLessThanOrEqual(120);
  });
});
