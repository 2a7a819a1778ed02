import fc from 'fast-check';
import { DIAGRAM_TOO_BIG, GITHUB_COMMENT_LIMIT, splitComment } from '../../../lib/report/render/split-comment';

/** An independent balance check: fences toggle, details nest, both outside fences only. */
function balance(part: string): { openFence: boolean; details: number } {
  let fence: string | undefined;
  let details = 0;
  for (const line of part.split('\n')) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1]!;
      continue;
    }
    details += (line.match(/<details(\s[^>]*)?>/gi)?.length ?? 0) - (line.match(/<\/details>/gi)?.length ?? 0);
    if (details < 0) return { openFence: false, details };
  }
  return { openFence: fence !== undefined, details };
}

function isSubsequence(original: string[], parts: string[]): boolean {
  const all = parts.join('\n').split('\n');
  let i = 0;
  for (const line of all) if (i < original.length && line === original[i]) i++;
  return i === original.length;
}

const diffBlock = (n: number) => ['```diff', ...Array.from({ length: n }, (_, i) => `- weight: ${i}\n+ weight: ${i + 1}`), '```'].join('\n');

describe('splitComment', () => {
  it('leaves a comment under the limit alone', () => {
    expect(splitComment('# Plan\n\nNo changes.')).toEqual(['# Plan\n\nNo changes.']);
    expect(GITHUB_COMMENT_LIMIT).toBe(65536);
  });

  it('closes and re-opens a fenced block cut in two, with its info string', () => {
    const md = `Intro\n\n${diffBlock(60)}\n\nOutro`;
    const parts = splitComment(md, 600);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(600);
      expect(balance(part)).toEqual({ openFence: false, details: 0 });
    }
    expect(parts[1]!.startsWith('```diff\n')).toBe(true);
    expect(parts[0]!.endsWith('\n```')).toBe(true);
  });

  it('closes and re-opens <details> with its summary marked continued', () => {
    const md = ['<details>', '<summary>VirtualRouter search-router: update</summary>', '', diffBlock(40), '', '</details>'].join('\n');
    const parts = splitComment(md, 500);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(balance(part)).toEqual({ openFence: false, details: 0 });
    expect(parts[1]).toMatch(/^<details>\n<summary>VirtualRouter search-router: update \(continued\)<\/summary>\n```diff\n/);
    expect(parts[0]).toMatch(/\n```\n<\/details>$/);
  });

  it('handles details and summary on one line, nested details, and tildes', () => {
    const inner = ['~~~yaml', ...Array.from({ length: 30 }, (_, i) => `key${i}: value`), '~~~'].join('\n');
    const md = ['<details><summary>outer</summary>', '<details><summary>inner</summary>', inner, '</details>', '</details>'].join('\n');
    const parts = splitComment(md, 300);
    for (const part of parts) expect(balance(part)).toEqual({ openFence: false, details: 0 });
    expect(parts[1]).toMatch(/^<details><summary>outer \(continued\)<\/summary>\n<details><summary>inner \(continued\)<\/summary>\n~~~yaml\n/);
  });

  const graph = (edges: number) => ['```mermaid', 'flowchart LR', ...Array.from({ length: edges }, (_, i) => `  n${i} --> n${i + 1}`), '```'].join('\n');

  it('never cuts a Mermaid block: the part ends before it and the next part holds it whole', () => {
    const md = `${'Intro line.\n'.repeat(30)}\n${graph(20)}\n\nOutro`;
    const parts = splitComment(md, 600);
    const holding = parts.filter((p) => p.includes('flowchart LR'));
    expect(holding).toHaveLength(1);
    expect(holding[0]).toContain(graph(20));
    expect(parts.filter((p) => p.includes('```mermaid'))).toEqual(holding);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(600);
  });

  it('keeps a Mermaid block inside <details> whole too, re-opening the details around it', () => {
    const md = ['<details><summary>Graph</summary>', '', 'x'.repeat(300), '', graph(12), '', '</details>'].join('\n');
    const parts = splitComment(md, 500);
    expect(parts.some((p) => p.includes(graph(12)))).toBe(true);
    for (const part of parts) expect(balance(part)).toEqual({ openFence: false, details: 0 });
  });

  it('replaces a Mermaid block that no part can hold by a one-line note, and leaves other fences alone', () => {
    const md = `Before\n\n${graph(100)}\n\n${diffBlock(60)}\n\nAfter`;
    const parts = splitComment(md, 1000);
    const all = parts.join('\n');
    expect(all).not.toContain('flowchart LR');
    expect(all).toContain(DIAGRAM_TOO_BIG);
    expect(all).toContain('+ weight: 60');
  });

  it('repeats a table\'s header in the next part', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `| search-v${i} | ${i}% | ${i + 1}% |`);
    const md = ['| node | before | after |', '|---|--:|--:|', ...rows, '', 'done'].join('\n');
    const parts = splitComment(md, 400);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts.slice(1, -1)) expect(part.startsWith('| node | before | after |\n|---|--:|--:|\n| search-v')).toBe(true);
  });

  it('does not treat details inside a code block as markup', () => {
    const md = ['```html', ...Array.from({ length: 30 }, () => '<details><summary>not markup</summary>'), '```'].join('\n');
    for (const part of splitComment(md, 400)) expect(part).not.toMatch(/^<\/details>/m);
  });

  it('prefers to cut at a blank line between blocks', () => {
    const para = (i: number) => `Paragraph ${i} ${'lorem ipsum '.repeat(5)}`;
    const md = Array.from({ length: 20 }, (_, i) => para(i)).join('\n\n');
    for (const part of splitComment(md, 500).slice(0, -1)) expect(part.endsWith('\n')).toBe(true);
  });

  it('cuts a single line longer than a part at character boundaries, keeping surrogate pairs whole', () => {
    const md = '🙂'.repeat(1000);
    const parts = splitComment(md, 501);
    expect(parts.join('')).toBe(md);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(501);
  });

  it('at GitHub\'s limit, a 200,000-character plan becomes parts of at most 65,536', () => {
    const md = Array.from({ length: 400 }, (_, i) => `<details>\n<summary>change ${i}</summary>\n\n${diffBlock(12)}\n\n</details>`).join('\n\n');
    expect(md.length).toBeGreaterThan(100_000);
    const parts = splitComment(md);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(balance(part)).toEqual({ openFence: false, details: 0 });
    }
  });

  it('property: parts fit, are balanced, and keep every original line in order', () => {
    const line = fc.stringMatching(/^[a-z0-9 :+-]{0,40}$/);
    const block = fc.oneof(
      fc.array(line, { minLength: 1, maxLength: 5 }).map((ls) => ls.join('\n')),
      fc.tuple(fc.constantFrom('```', '````', '~~~'), fc.constantFrom('', 'diff', 'yaml'), fc.array(line, { maxLength: 15 })).map(([f, info, ls]) => [f + info, ...ls, f].join('\n')),
      fc.tuple(line, fc.array(line, { maxLength: 10 })).map(([s, ls]) => ['<details>', `<summary>${s}</summary>`, '', ...ls, '</details>'].join('\n')),
      fc.tuple(line, fc.array(line, { maxLength: 8 })).map(([s, ls]) => ['<details>', `<summary>${s}</summary>`, '```diff', ...ls, '```', '</details>'].join('\n')),
      fc.array(line, { minLength: 1, maxLength: 10 }).map((ls) => ['| a | b |', '|---|---|', ...ls.map((l) => `| ${l} | x |`)].join('\n')),
    );
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 30 }), fc.integer({ min: 200, max: 1500 }), (blocks, limit) => {
        const md = blocks.join('\n\n');
        const parts = splitComment(md, limit);
        for (const part of parts) {
          if (part.length > limit) return false;
          const b = balance(part);
          if (b.openFence || b.details !== 0) return false;
        }
        return isSubsequence(md.split('\n'), parts);
      }),
      { numRuns: 300 },
    );
  });
});
