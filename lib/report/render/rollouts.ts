import type { ShownPlan } from '../../plan/types';
import { markdownText, terminalText } from './escape';

/** The "Rollouts" section of a plan or an apply: one line per route that declares a `rollout`. */
export function rolloutLinesText(plan: ShownPlan | undefined, style: { bold: (s: string) => string }): string[] {
  const notes = plan?.rollouts ?? [];
  if (!notes.length) return [];
  return [style.bold('Rollouts'), ...notes.map((n) => `  ${terminalText(n.id)}: ${terminalText(n.message)}`), ''];
}

export function rolloutLinesMarkdown(plan: ShownPlan | undefined): string[] {
  const notes = plan?.rollouts ?? [];
  if (!notes.length) return [];
  return ['### Rollouts', '', ...notes.map((n) => `- \`${n.id}\`: ${markdownText(n.message)}`), ''];
}
