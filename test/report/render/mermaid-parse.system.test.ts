/**
 * Every Mermaid block meshops writes is parsed by the real `mermaid` library (the one GitHub
 * renders with), whole plans and each part of split ones, and stays within GitHub's limits. The
 * library runs in a child process (test/support/mermaid.ts), hence the system tier.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPlanMarkdown } from '../../../lib/report/render/plan-markdown';
import { GITHUB_MERMAID_MAX_CHARS, GITHUB_MERMAID_MAX_EDGES, routingGraph } from '../../../lib/report/render/mermaid';
import { GITHUB_COMMENT_LIMIT, splitComment } from '../../../lib/report/render/split-comment';
import type { Plan } from '../../../lib/plan/types';
import { parseMermaid } from '../../support/mermaid';
import { canaryWeightPlan, CONTEXT, destructivePlan, freshCreatePlan, hostilePlan, listenerChangePlan, manyServicesPlan } from './fixtures';
import { splitFences } from './markdown-checks';

const GOLDEN = join(__dirname, 'golden');
const ROOT = join(__dirname, '..', '..', '..');

function mermaidBlocks(markdown: string): string[] {
  return splitFences(markdown).blocks.filter((b) => b.info === 'mermaid').map((b) => b.content);
}

const PLANS: [string, () => Plan][] = [
  ['canary weight', canaryWeightPlan],
  ['fresh create', freshCreatePlan],
  ['listener change', listenerChangePlan],
  ['destructive', destructivePlan],
  ['hostile names', hostilePlan],
  ['8 services (49 creates)', () => manyServicesPlan(8)],
  ['20 services (121 creates)', () => manyServicesPlan(20)],
  ['53 services (319 creates, drawn per router)', () => manyServicesPlan(53)],
  ['120 services (721 creates, no graph)', () => manyServicesPlan(120)],
];

/** Every comment body meshops would post: each plan whole, split at GitHub's limit and at smaller ones, and the golden files. */
function writtenBodies(): { name: string; body: string }[] {
  const out: { name: string; body: string }[] = [];
  for (const [name, build] of PLANS) {
    const md = renderPlanMarkdown(build(), CONTEXT);
    out.push({ name, body: md });
    for (const limit of [GITHUB_COMMENT_LIMIT, 16_000, 4_000]) splitComment(md, limit).forEach((part, i) => out.push({ name: `${name}, part ${i + 1} at ${limit}`, body: part }));
  }
  for (const file of readdirSync(GOLDEN).filter((f) => f.endsWith('.md'))) out.push({ name: `golden ${file}`, body: readFileSync(join(GOLDEN, file), 'utf8') });
  // The sample comments the docs show.
  for (const file of [join(ROOT, 'README.md'), ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))]) {
    out.push({ name: `doc ${file.slice(ROOT.length + 1)}`, body: readFileSync(file, 'utf8') });
  }
  return out;
}

describe('Mermaid blocks, parsed by the mermaid library', () => {
  const bodies = writtenBodies();
  const blocks = bodies.flatMap(({ name, body }) => mermaidBlocks(body).map((source) => ({ name, source })));

  it('covers graphs of every size class, split plans included', () => {
    expect(blocks.length).toBeGreaterThan(20);
    expect(blocks.some((b) => b.name.includes('part 2'))).toBe(true);
    expect(blocks.some((b) => b.name.includes('golden'))).toBe(true);
    expect(blocks.some((b) => b.name.startsWith('doc '))).toBe(true);
  });

  it('every block parses as a flowchart and is within GitHub\'s limits', () => {
    // The same graph recurs in a plan's parts and goldens: each distinct source is parsed once.
    const distinct = [...new Set(blocks.map((b) => b.source))];
    const verdicts = new Map(parseMermaid(distinct).map((v, i) => [distinct[i]!, v]));
    const failures = blocks.flatMap((b) => {
      const v = verdicts.get(b.source)!;
      return v.ok && v.diagramType === 'flowchart-v2' ? [] : [`${b.name}: ${v.error ?? v.diagramType}`];
    });
    expect(failures).toEqual([]);
    for (const b of blocks) {
      expect(b.source.length).toBeLessThanOrEqual(GITHUB_MERMAID_MAX_CHARS);
      expect(b.source.split('\n').filter((l) => / (-->|-\.->)/.test(l)).length).toBeLessThanOrEqual(GITHUB_MERMAID_MAX_EDGES);
    }
  });

  it('a split plan keeps its graph whole in one part: the changes in part 1 follow it', () => {
    const md = renderPlanMarkdown(manyServicesPlan(20), CONTEXT);
    const whole = mermaidBlocks(md);
    const parts = splitComment(md);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap(mermaidBlocks)).toEqual(whole);
    expect(parts[0]).toContain('### Changes');
  });

  it('fails on broken blocks: a label left open, a graph continued without its header, and more edges than GitHub draws', () => {
    const graph = routingGraph(canaryWeightPlan());
    if (!graph || !('mermaid' in graph)) throw new Error('no graph');
    const lines = graph.mermaid.split('\n');
    const broken = [
      graph.mermaid.replace(/"\]\)/, '])'),
      lines.slice(Math.floor(lines.length / 2)).join('\n'),
      ['flowchart LR', ...Array.from({ length: GITHUB_MERMAID_MAX_EDGES + 1 }, (_, i) => `  a${i} --> b${i}`)].join('\n'),
    ];
    const verdicts = parseMermaid([graph.mermaid, ...broken]);
    expect(verdicts[0]!.ok).toBe(true);
    expect(verdicts.slice(1).map((v) => v.ok)).toEqual([false, false, false]);
    expect(verdicts[3]!.error).toMatch(/Edge limit exceeded/);
  });
});
