export type CommentCommand = { command: 'plan' } | { command: 'unknown'; text: string };

/**
 * `/meshops plan` on the first line of a comment (trimmed, case and spacing forgiven). Only the first
 * line counts so that quoting a command further down a reply does not trigger it. There is no
 * `/meshops apply`: applies only ever come from a push to the default branch.
 */
export function parseCommentCommand(body: string): CommentCommand | undefined {
  const firstLine = body.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const words = firstLine.trim().split(/\s+/);
  if (words[0]?.toLowerCase() !== '/meshops') return undefined;
  const rest = words.slice(1).join(' ');
  if (rest.toLowerCase() === 'plan') return { command: 'plan' };
  return { command: 'unknown', text: `/meshops ${rest}`.trim() };
}
