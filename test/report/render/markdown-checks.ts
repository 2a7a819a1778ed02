/**
 * Structural checks on rendered Markdown and Mermaid (there is no Markdown or Mermaid parser in the
 * project): fences balanced, only our own HTML tags outside code, every Mermaid line well formed and
 * every edge between declared nodes.
 */

/** Fenced blocks (info string and content) and the text outside them; throws on an unclosed fence. */
export function splitFences(markdown: string): { outside: string; blocks: { info: string; content: string }[] } {
  const lines = markdown.split('\n');
  const outside: string[] = [];
  const blocks: { info: string; content: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,})([^`]*)$/.exec(lines[i]);
    if (!open) {
      outside.push(lines[i]);
      continue;
    }
    const fence = open[1];
    const content: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ {0,3}(`{3,})\s*$/.exec(lines[j]);
      if (close && close[1].length >= fence.length) break;
      content.push(lines[j]);
    }
    if (j >= lines.length) throw new Error(`unclosed fence opened at line ${i + 1}`);
    blocks.push({ info: open[2].trim(), content: content.join('\n') });
    i = j;
  }
  return { outside: outside.join('\n'), blocks };
}

const OUR_TAGS = new Set(['details', 'summary', 'code', 'b', 'sub', 'br']);

/** HTML tags outside code fences that are not ones the renderers write. */
export function foreignTags(markdown: string): string[] {
  const { outside } = splitFences(markdown);
  return [...outside.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)[^>]*>/g)].map((m) => m[1].toLowerCase()).filter((t) => !OUR_TAGS.has(t));
}

export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

const NODE = /^ {4}(n\d+)(\[\[|\(\[|\{\{|\[|\()"([^"]*)"(\]\]|\]\)|\}\}|\]|\))$/;
const EDGE = /^ {2}(n\d+) (-->|-\.->)(?:\|"([^"]*)"\|)? (n\d+)$/;
const PAIRS: Record<string, string> = { '[[': ']]', '([': '])', '{{': '}}', '[': ']', '(': ')' };

/** Throws unless the Mermaid source is a flowchart we can vouch for; returns its nodes and edges. */
export function checkMermaid(source: string): { nodes: Map<string, string>; edges: { from: string; to: string; label?: string; dashed: boolean }[] } {
  const lines = source.split('\n');
  if (lines[0] !== 'flowchart LR') throw new Error(`first line: ${lines[0]}`);
  const nodes = new Map<string, string>();
  const edges: { from: string; to: string; label?: string; dashed: boolean }[] = [];
  const classes = new Set<string>();
  const pending: (() => void)[] = [];
  let depth = 0;
  const label = (text: string, where: string) => {
    if (/[<>]/.test(text.replace(/<br\/>/g, ''))) throw new Error(`raw angle bracket in ${where}: ${text}`);
    if (text.includes('%%')) throw new Error(`%% in ${where}: ${text}`);
  };
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = /^ {2}subgraph (mesh\d+)\["([^"]*)"\]$/.exec(line))) {
      if (depth) throw new Error('nested subgraph');
      depth++;
      label(m[2], line);
    } else if (line === '  end') {
      if (!depth) throw new Error('end without subgraph');
      depth--;
    } else if ((m = NODE.exec(line))) {
      if (!depth) throw new Error(`node outside a subgraph: ${line}`);
      if (PAIRS[m[2]] !== m[4]) throw new Error(`mismatched shape brackets: ${line}`);
      if (nodes.has(m[1])) throw new Error(`node declared twice: ${m[1]}`);
      label(m[3], line);
      nodes.set(m[1], m[3]);
    } else if ((m = EDGE.exec(line))) {
      if (m[3] !== undefined) label(m[3], line);
      edges.push({ from: m[1], to: m[4], ...(m[3] !== undefined ? { label: m[3] } : {}), dashed: m[2] === '-.->' });
    } else if ((m = /^ {2}classDef ([a-z]+) ([a-z-]+:[^,\s]+(,[a-z-]+:[^,]+)*)$/.exec(line))) {
      classes.add(m[1]);
    } else if ((m = /^ {2}class (n\d+(?:,n\d+)*) ([a-z]+)$/.exec(line))) {
      const [ids, cls] = [m[1].split(','), m[2]];
      pending.push(() => {
        if (!classes.has(cls)) throw new Error(`class ${cls} not defined`);
        for (const id of ids) if (!nodes.has(id)) throw new Error(`class on undeclared node ${id}`);
      });
    } else if ((m = /^ {2}linkStyle (\d+(?:,\d+)*) (.+)$/.exec(line))) {
      const indices = m[1].split(',').map(Number);
      pending.push(() => {
        for (const i of indices) if (i >= edges.length) throw new Error(`linkStyle ${i} beyond ${edges.length} edges`);
      });
    } else {
      throw new Error(`unexpected Mermaid line: ${JSON.stringify(line)}`);
    }
  }
  if (depth) throw new Error('unclosed subgraph');
  for (const e of edges) for (const id of [e.from, e.to]) if (!nodes.has(id)) throw new Error(`edge to undeclared node ${id}`);
  for (const check of pending) check();
  return { nodes, edges };
}
