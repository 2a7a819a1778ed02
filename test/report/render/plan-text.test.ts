import { renderPlanText } from '../../../lib/report/render/plan-text';
import { canaryWeightPlan, destructivePlan, freshCreatePlan, listenerChangePlan, VALIDATION_ERRORS } from './fixtures';
import { expectGolden } from './golden';

const ESC = '\u001b';

describe('renderPlanText', () => {
  it.each([
    ['plan-canary-weight.txt', canaryWeightPlan],
    ['plan-fresh-create.txt', freshCreatePlan],
    ['plan-destructive.txt', destructivePlan],
    ['plan-listener-change.txt', listenerChangePlan],
  ])('matches the golden file %s', (name, build) => {
    expectGolden(name, renderPlanText(build(), { color: false }));
  });

  it('matches the golden file for validation errors', () => {
    expectGolden('plan-validation-errors.txt', renderPlanText(undefined, { color: false, diagnostics: VALIDATION_ERRORS }));
  });

  it('ends with the summary line', () => {
    const lines = renderPlanText(destructivePlan(), { color: false }).split('\n');
    expect(lines[lines.length - 1]).toBe('Plan: 0 to create, 0 to update, 0 to adopt, 2 to delete, 1 to replace, 1 conflict, 1 unmanaged.');
  });

  it('uses a Terraform-like symbol per action', () => {
    const text = renderPlanText(destructivePlan(), { color: false });
    expect(text).toContain('\n-/+ replace CloudMapNamespace watches.local');
    expect(text).toContain('\n  - delete VirtualNode legacy-v0\n');
    expect(text).toContain('\n  ! conflict VirtualNode search-v1');
    expect(text).toContain('\n  ? VirtualNode watches/debug-shell  # not tagged meshops:owner');
    expect(renderPlanText(canaryWeightPlan(), { color: false })).toContain(
      '\n  ~ update Route search-router/canary  (mesh/Route.yaml:1)\n      ~ spec.httpRoute.action.weightedTargets[virtualNode=search-v1].weight: 90 → 50\n',
    );
    expect(renderPlanText(freshCreatePlan(), { color: false })).toContain('\n  + create Mesh watches  (mesh/Mesh.yaml:1)\n      + spec: {}\n');
  });

  it('shows the traffic shift the way docs/design.md §2 describes it', () => {
    expect(renderPlanText(canaryWeightPlan(), { color: false })).toContain('search.watches · search-router/canary: search-v1 90% → 50%, search-v2 10% → 50%');
  });

  it('writes ANSI colour codes only when asked', () => {
    for (const plan of [canaryWeightPlan(), destructivePlan()]) {
      expect(renderPlanText(plan, { color: false })).not.toContain(ESC);
      const coloured = renderPlanText(plan, { color: true });
      expect(coloured).toContain(`${ESC}[`);
      // Colour changes nothing but the escapes.
      expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderPlanText(plan, { color: false }));
    }
    expect(renderPlanText(undefined, { color: false, diagnostics: VALIDATION_ERRORS })).not.toContain(ESC);
    expect(renderPlanText(undefined, { color: true, diagnostics: VALIDATION_ERRORS })).toContain(`${ESC}[31m`);
  });
});
