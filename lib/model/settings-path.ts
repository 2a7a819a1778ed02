/* eslint-disable @typescript-eslint/no-require-imports -- deliberate: the full parser loads only when the fast reader gives up */
import { DEFAULT_RESOURCE_PATH, MAX_FILE_BYTES, normalizeRepoPath } from './limits';
import { fastParseYaml } from './yaml/fast-parse';
import { exceedsFlowDepth } from './yaml/prescan';

/**
 * The settings' `path` (where resource files live), read with a light parse so a source knows
 * which files to fetch before the settings are validated. Anything unusable (unparsable file,
 * non-string value, a path that leaves the repository) yields the default `mesh`: the full
 * validation reports the mistake with its position, and a source never reads outside the repo.
 * The repository root is `''`.
 */
export function settingsPath(content: Uint8Array | string): string {
  let text: string;
  if (typeof content === 'string') {
    text = content;
  } else {
    if (content.byteLength > MAX_FILE_BYTES) return DEFAULT_RESOURCE_PATH;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      return DEFAULT_RESOURCE_PATH;
    }
  }
  if (text.length > MAX_FILE_BYTES || exceedsFlowDepth(text)) return DEFAULT_RESOURCE_PATH;
  let value: unknown;
  const fast = fastParseYaml(text);
  if (fast) {
    // One document, as the full parser below insists.
    const only = fast.count === 1 ? fast.documents[0]?.value : undefined;
    value = only !== null && typeof only === 'object' && !Array.isArray(only) ? (only as Record<string, unknown>).path : undefined;
    return typeof value === 'string' ? (normalizeRepoPath(value) ?? DEFAULT_RESOURCE_PATH) : DEFAULT_RESOURCE_PATH;
  }
  try {
    const { isMap, isScalar, parseDocument } = require('yaml') as typeof import('yaml');
    const doc = parseDocument(text, { schema: 'core', version: '1.2' });
    if (doc.errors.length || !isMap(doc.contents)) return DEFAULT_RESOURCE_PATH;
    const node = doc.contents.get('path', true);
    if (node === undefined) return DEFAULT_RESOURCE_PATH;
    if (!isScalar(node)) return DEFAULT_RESOURCE_PATH;
    value = node.value;
  } catch {
    return DEFAULT_RESOURCE_PATH;
  }
  if (typeof value !== 'string') return DEFAULT_RESOURCE_PATH;
  return normalizeRepoPath(value) ?? DEFAULT_RESOURCE_PATH;
}
