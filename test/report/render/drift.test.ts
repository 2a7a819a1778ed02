import { renderDriftMarkdown } from '../../../lib/report/render/drift-markdown';
import { renderDriftText } from '../../../lib/report/render/drift-text';
import { DRIFT_MARKER } from '../../../lib/report/render/markers';
import type { DriftReport } from '../../../lib/resources/results';
import { CONTEXT, driftReport } from './fixtures';
import { expectGolden } from './golden';
import { count, foreignTags } from './markdown-checks';

describe('renderDriftMarkdown / renderDriftText', () => {
  it('renders drift of every class (golden)', () => {
    const report = driftReport();
    expect(new Set(report.items.map((i) => i.class))).toEqual(new Set(['changed', 'missing', 'unmanaged', 'pending']));
    const md = renderDriftMarkdown(report, CONTEXT);
    expectGolden('drift-every-class.md', md);
    expectGolden('drift-every-class.txt', renderDriftText(report, { color: false }));
    expect(md.split('\n')[0]).toBe(DRIFT_MARKER);
    expect(foreignTags(md)).toEqual([]);
    expect(count(md, '<details>')).toBe(count(md, '</details>'));
  });

  it('has a table per class with first-seen times, new items marked', () => {
    const md = renderDriftMarkdown(driftReport(), CONTEXT);
    expect(md).toContain('**Drift: 1 changed, 1 missing, 1 unmanaged, 1 pending.**');
    expect(md).toContain('| Route <code>watches/search-router/canary</code> | edited outside Git since the last apply | 2026-11-25 09:30 UTC |');
    expect(md).toContain('| VirtualNode <code>watches/debug-shell</code> | created outside Git, in a mesh this repo manages | 2026-11-25 10:15 UTC 🆕 |');
    const headings = [...md.matchAll(/^### \S+ (.+) \(\d+\)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Changed outside Git', 'Missing: deleted outside Git', 'Unmanaged: created outside Git', 'Pending: Git is ahead of the last apply']);
  });

  it('shows the console edit as live against Git and says how to fix it', () => {
    const md = renderDriftMarkdown(driftReport(), CONTEXT);
    expect(md).toContain('- spec.httpRoute.action.weightedTargets[virtualNode=search-v2].weight: 30\n+ spec.httpRoute.action.weightedTargets[virtualNode=search-v2].weight: 10');
    expect(md).toContain('**To fix:** revert the change where it was made, or update Git to match it and merge.');
  });

  it('says so when there is no drift', () => {
    const clean: DriftReport = { checkedAt: '2026-11-25T10:15:00.000Z', items: [], summary: { changed: 0, missing: 0, unmanaged: 0, pending: 0 }, fingerprint: 'ab'.repeat(32) };
    const md = renderDriftMarkdown(clean, CONTEXT);
    expect(md).toContain('## meshops drift: no drift');
    expect(md).toContain('**No drift: live matches Git.**');
    expect(md).not.toContain('###');
    expect(renderDriftText(clean, { color: false }).split('\n').pop()).toBe('No drift: live matches Git.');
  });

  it('writes ANSI colour codes only when asked', () => {
    const report = driftReport();
    expect(renderDriftText(report, { color: false })).not.toContain('\u001b');
    const coloured = renderDriftText(report, { color: true });
    expect(coloured).toContain('\u001b[');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderDriftText(report, { color: false }));
  });
});
