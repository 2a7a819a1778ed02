import { renderApplyMarkdown } from '../../../lib/report/render/apply-markdown';
import { renderDriftMarkdown } from '../../../lib/report/render/drift-markdown';
import { renderDriftText } from '../../../lib/report/render/drift-text';
import { code, fenced, markdownText, mermaidText, prose, terminalText } from '../../../lib/report/render/escape';
import { renderPlanMarkdown } from '../../../lib/report/render/plan-markdown';
import { renderPlanText } from '../../../lib/report/render/plan-text';
import { detectDrift } from '../../../lib/plan/drift';
import type { ApplyResult } from '../../../lib/resources/results';
import { CONTEXT, HOSTILE, hostilePlan } from './fixtures';
import { checkMermaid, count, foreignTags, splitFences } from './markdown-checks';

describe('escaping user-controlled strings', () => {
  const plan = hostilePlan();
  const md = renderPlanMarkdown(plan, CONTEXT);

  it('the hostile plan really carries the hostile names', () => {
    expect(plan.changes.map((c) => c.name)).toEqual(expect.arrayContaining([HOSTILE.deleted, HOSTILE.unmanaged, HOSTILE.terminal]));
    expect(plan.traffic[0].routes[0].targets.map((t) => t.virtualNode)).toContain(HOSTILE.node);
  });

  it('a name cannot inject HTML or close a <details> in the PR comment', () => {
    expect(foreignTags(md)).toEqual([]);
    const { outside } = splitFences(md);
    expect(outside).not.toContain('<script');
    expect(outside).not.toContain('</details><script>');
    // Three changes and the unmanaged section; the diff fences hold the hostile strings verbatim.
    expect(count(outside, '<details>')).toBe(3 + 1);
    expect(count(outside, '</details>')).toBe(4);
    expect(count(outside, '<summary>')).toBe(count(outside, '</summary>'));
    expect(md).toContain('&#60;/details&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('a name cannot mention people, link issues, open links or split a table cell', () => {
    const { outside } = splitFences(md);
    expect(outside).not.toContain('@acme');
    expect(outside).not.toContain('#1 ');
    expect(outside).not.toContain('[x](');
    expect(outside).not.toContain('| cell');
    expect(outside).toContain('&#64;acme/admins &#35;1');
  });

  it('a value cannot close the diff fence it is shown in', () => {
    const { blocks } = splitFences(md);
    const diff = blocks.find((b) => b.content.includes('tags.note'))!;
    expect(diff.info).toBe('diff');
    expect(diff.content).toContain('</details>');
    expect(md).toContain('````diff');
  });

  it('a name cannot break the Mermaid graph', () => {
    const { blocks } = splitFences(md);
    const graph = checkMermaid(blocks.find((b) => b.info === 'mermaid')!.content);
    expect([...graph.nodes.values()]).toContain('#60;/details#62;#60;script#62;alert#40;1#41;#60;/script#62;');
  });

  it('a name cannot drive the terminal', () => {
    const text = renderPlanText(plan, { color: false });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).toContain('\\u001b[2J\\u001b[31mred\\u001b[0m\\u000dover');
  });

  it('apply and drift renderings escape the same way', () => {
    const result: ApplyResult = {
      status: 'failed', fingerprint: plan.fingerprint, startedAt: '2026-11-25T10:00:00.000Z', finishedAt: '2026-11-25T10:00:01.000Z',
      operations: plan.steps.flatMap((s, i) => s.map((op) => ({ step: i, type: op.type, kind: op.kind, id: op.id, status: 'failed' as const, error: { name: 'BadRequestException', message: HOSTILE.tagValue } }))),
      error: { code: 'operation-failed', message: HOSTILE.node },
    };
    const applied = renderApplyMarkdown(result, plan, { ...CONTEXT, note: HOSTILE.node });
    expect(foreignTags(applied)).toEqual([]);
    const drift = detectDrift(plan, undefined, '2026-11-25T10:15:00.000Z');
    const driftMd = renderDriftMarkdown(drift, CONTEXT);
    expect(foreignTags(driftMd)).toEqual([]);
    const { outside } = splitFences(driftMd);
    expect(count(outside, '<details>')).toBe(count(outside, '</details>'));
    expect(renderDriftText(drift, { color: false })).not.toContain('\u001b');
  });
});

describe('escape helpers', () => {
  it.each([
    ['search-v1', 'search-v1'],
    ['a_b*c*', 'a&#95;b&#42;c&#42;'],
    ['<b>', '&#60;b&#62;'],
    ['x | y', 'x &#124; y'],
    ['line\nbreak', 'line break'],
    ['`code`', '&#96;code&#96;'],
    ['&amp;', '&#38;amp;'],
    ['bell\u0007', 'bell&#92;u0007'],
    ['→ 50%', '→ 50%'],
  ])('markdownText(%j) = %j', (input, expected) => {
    expect(markdownText(input)).toBe(expected);
  });

  it('code() wraps escaped text in <code>', () => {
    expect(code('a<b')).toBe('<code>a&#60;b</code>');
  });

  it('prose() turns our backtick spans into <code> and escapes the rest', () => {
    expect(prose('run `meshops apply` <now>')).toBe('run <code>meshops apply</code> &#60;now&#62;');
  });

  it('fenced() picks a fence longer than any backtick run inside', () => {
    expect(fenced('a', 'diff')).toBe('```diff\na\n```');
    expect(fenced('x ```` y')).toBe('`````\nx ```` y\n`````');
  });

  it('mermaidText() escapes quotes, brackets and directives, keeps single percent signs', () => {
    expect(mermaidText('a"b[c]')).toBe('a#34;b#91;c#93;');
    expect(mermaidText('50%')).toBe('50%');
    expect(mermaidText('%%{init}%%')).toBe('#37;%#123;init#125;#37;%');
  });

  it('terminalText() shows control characters instead of obeying them', () => {
    expect(terminalText('a\u001b[31mb\nc')).toBe('a\\u001b[31mb\\u000ac');
  });
});
