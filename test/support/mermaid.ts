/**
 * `parseMermaid(sources)`: what the real `mermaid` library (the one GitHub renders with) says of
 * each source. mermaid is ESM-only and needs a DOM, so it runs in a child `node` process
 * (test/support/mermaid-parse.mjs) with jsdom; tests that use this are in the system tier.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface MermaidVerdict {
  ok: boolean;
  diagramType?: string;
  error?: string;
}

const SCRIPT = join(__dirname, 'mermaid-parse.mjs');

export function parseMermaid(sources: readonly string[]): MermaidVerdict[] {
  const run = spawnSync(process.execPath, [SCRIPT], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (run.status !== 0) throw new Error(`mermaid-parse.mjs exited with ${run.status ?? run.signal}: ${run.stderr}`);
  const verdicts = JSON.parse(run.stdout) as MermaidVerdict[];
  if (verdicts.length !== sources.length) throw new Error(`mermaid-parse.mjs answered ${verdicts.length} verdicts for ${sources.length} sources`);
  return verdicts;
}
