import { KIND_INFO } from '../resources/kinds';
import { SOURCE_TAG } from '../resources/kinds';
import type { Change } from './types';

/**
 * The App Mesh document a Lattice change comes from (`Route watches/search-router/canary`): the
 * `meshops:source` tag of the declared resource, else of the live one. Undefined for other kinds.
 */
export function changeOrigin(change: Pick<Change, 'kind' | 'desired' | 'live'>): string | undefined {
  if (KIND_INFO[change.kind].service !== 'lattice') return undefined;
  return change.desired?.tags[SOURCE_TAG] ?? change.live?.tags[SOURCE_TAG];
}
