import { renderApplyMarkdown } from '../../../lib/report/render/apply-markdown';
import { renderApplyText } from '../../../lib/report/render/apply-text';
import { APPLY_MARKER, readFingerprintMarker } from '../../../lib/report/render/markers';
import type { ApplyResult } from '../../../lib/resources/results';
import { CONTEXT, destructivePlan, failedApply, interruptedApply } from './fixtures';
import { expectGolden } from './golden';
import { count, foreignTags } from './markdown-checks';

const NOTE = 'What ran differs from the last plan posted on this PR (plan 3f2a9c1d0b7e, ran b3293ea16454): Git changed after the last push was planned.';

describe('renderApplyMarkdown / renderApplyText', () => {
  it('renders an apply that failed part-way (golden)', () => {
    const { plan, result } = failedApply();
    const md = renderApplyMarkdown(result, plan, CONTEXT);
    expectGolden('apply-failed.md', md);
    expectGolden('apply-failed.txt', renderApplyText(result, plan, { color: false }));
    expect(md.split('\n')[0]).toBe(APPLY_MARKER);
    expect(readFingerprintMarker(md)).toBe(plan.fingerprint);
    expect(md).toContain('**Apply failed: 5 done, 1 failed, 5 not run.**');
    expect(md).toContain('| 5 | create | VirtualRouter <code>watches/search-router</code> | ❌ failed: LimitExceededException: The request exceeds');
    expect(md).toContain('| 6 | create | Route <code>watches/search-router/canary</code> | ⏭️ not run |');
    expect(md).toContain('### Traffic as planned');
    expect(foreignTags(md)).toEqual([]);
  });

  it('renders an apply that took over from an interrupted one, with the caller\'s note on top (golden)', () => {
    const { plan, result } = interruptedApply();
    const md = renderApplyMarkdown(result, plan, { ...CONTEXT, note: NOTE });
    expectGolden('apply-interrupted.md', md);
    expectGolden('apply-interrupted.txt', renderApplyText(result, plan, { color: false }));
    expect(md.indexOf('> [!IMPORTANT]')).toBeLessThan(md.indexOf('**Applied'));
    expect(md).toContain('An earlier apply did not finish: it started 2026-11-25 10:00 UTC (plan c0ffee00d15e, commit 0badc0d, run by lambda:reconcile:2f9c) and had done 3 of 7 operations');
    expect(md).toContain('### Traffic now');
  });

  it('says why an apply was refused when it could not even plan (lock held)', () => {
    const result: ApplyResult = {
      status: 'refused', fingerprint: '', startedAt: '2026-11-25T10:00:00.000Z', finishedAt: '2026-11-25T10:00:00.100Z', operations: [],
      error: { code: 'locked', message: 'the lock of acme/mesh-config is held by lambda:reconcile:77 since 2026-11-25T09:59:00.000Z' },
    };
    const md = renderApplyMarkdown(result, undefined, CONTEXT);
    expect(md).toContain('## meshops apply: ⛔ refused');
    expect(md).toContain('is held by lambda:reconcile:77');
    expect(md).toContain('Another apply is running.');
    expect(readFingerprintMarker(md)).toBeUndefined();
    const text = renderApplyText(result, undefined, { color: false });
    expect(text.split('\n').pop()).toBe('Apply refused: another apply of this repository holds the lock. Nothing was changed.');
    expect(text).not.toContain('Plan fingerprint');
  });

  it('lists the plan errors of a refused plan instead of operations that never ran', () => {
    const plan = destructivePlan();
    const result: ApplyResult = {
      status: 'refused', fingerprint: plan.fingerprint, startedAt: '2026-11-25T10:00:00.000Z', finishedAt: '2026-11-25T10:00:01.000Z',
      operations: plan.steps.flatMap((s, i) => s.map((op) => ({ step: i, type: op.type, kind: op.kind, id: op.id, status: 'not-run' as const }))),
      error: { code: 'plan-errors', message: plan.errors.map((e) => e.message).join('; ') },
    };
    const md = renderApplyMarkdown(result, plan, CONTEXT);
    expect(md).not.toContain('### Operations');
    expect(md).toContain('> - this plan deletes 3 resources, more than maxDeletes (1)');
    expect(renderApplyText(result, plan, { color: false })).toContain('Plan errors\n  ✗ VirtualNode watches/search-v1 is owned by "payments/mesh-config"');
  });

  it('keeps a large apply readable: the operation table is collapsed', () => {
    const { plan, result } = failedApply();
    const many = { ...result, operations: Array.from({ length: 40 }, (_, i) => ({ ...result.operations[0], id: `VirtualNode/watches/n${i}`, kind: 'VirtualNode' as const, step: 0 })) };
    const md = renderApplyMarkdown(many, plan, CONTEXT);
    expect(md).toContain('<details><summary>All 40 operations (40 done, 0 failed, 0 not run)</summary>');
    expect(count(md, '<details>')).toBe(count(md, '</details>'));
  });

  it('says there was nothing to do', () => {
    const result: ApplyResult = { status: 'nothing-to-do', fingerprint: 'ab'.repeat(32), startedAt: '2026-11-25T10:00:00.000Z', finishedAt: '2026-11-25T10:00:00.500Z', operations: [] };
    expect(renderApplyMarkdown(result, undefined, CONTEXT)).toContain('**Nothing to do: live already matched Git.**');
    expect(renderApplyText(result, undefined, { color: false }).split('\n').pop()).toBe('Nothing to do: live already matched Git.');
  });

  it('writes ANSI colour codes only when asked', () => {
    const { plan, result } = failedApply();
    expect(renderApplyText(result, plan, { color: false })).not.toContain('\u001b');
    const coloured = renderApplyText(result, plan, { color: true });
    expect(coloured).toContain('\u001b[31m');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderApplyText(result, plan, { color: false }));
  });
});
