import { KIND_INFO } from '../resources/kinds';
import { SOURCE_TAG } from '../resources/kinds';
import { desiredBody, liveBody } from './change-facts';
import type { Change } from './types';

/**
 * The App Mesh document a Lattice change comes from (`Route watches/search-router/canary`): the
 * `meshops:source` tag of the declared resource, else of the live one. Undefined for other kinds.
 */
export function changeOrigin(change: Change): string | undefined {
  if (KIND_INFO[change.kind].service !== 'lattice') return undefined;
  return desiredBody(change)?.tags[SOURCE_TAG] ?? liveBody(change)?.tags[SOURCE_TAG];
}
