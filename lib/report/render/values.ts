/**
 * How a value from a spec or a tag reads in a diff: on one line in YAML flow style when short
 * (`{ port: 8080, protocol: http }`), else as the YAML block it would be in the repo.
 */
import { stringify } from 'yaml';

/** Longest inline rendering before a value is shown as a YAML block. */
export const INLINE_WIDTH = 80;

const PLAIN = /^[A-Za-z_./@][A-Za-z0-9 _./@+=-]*$/;
const AMBIGUOUS = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function scalar(value: string): string {
  // Quoted whenever YAML could read it as something else, so types stay visible ("8080" vs 8080).
  return PLAIN.test(value) && !AMBIGUOUS.test(value) && !value.endsWith(' ') ? value : JSON.stringify(value);
}

/** One-line rendering (never contains a line break: strings with one are JSON-quoted). */
export function inlineValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (value === null) return 'null';
  if (typeof value === 'string') return scalar(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length ? `[${value.map(inlineValue).join(', ')}]` : '[]';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (!entries.length) return '{}';
    return `{ ${entries.map(([k, v]) => `${KEY.test(k) ? k : JSON.stringify(k)}: ${inlineValue(v)}`).join(', ')} }`;
  }
  return JSON.stringify(String(value));
}

/** The value as block YAML lines (as it would be written in the repo). */
export function blockValue(value: unknown): string[] {
  return stringify(value, { lineWidth: 0 }).replace(/\n$/, '').split('\n');
}

/**
 * Inline when it fits, else block. Whole documents (`spec`, `tags` of a create or delete) are always
 * blocks: they read like the file that declares them.
 */
export function renderValue(path: string, value: unknown): { inline: string } | { block: string[] } {
  const structured = value !== null && typeof value === 'object';
  const wholeDocument = path === 'spec' || path === 'tags';
  if (structured && wholeDocument && Object.keys(value as object).length > 0) return { block: blockValue(value) };
  const inline = inlineValue(value);
  if (!structured || inline.length <= INLINE_WIDTH) return { inline };
  return { block: blockValue(value) };
}
