import { paginateByKey, type Page } from '../core/key-pagination';
import { badRequest } from './errors';

/** The default and largest page for App Mesh list operations (model: `limit` 1–100, "up to 100"). */
export const DEFAULT_PAGE_SIZE = 100;

export type { Page } from '../core/key-pagination';

/** Pages a list sorted by `keyOf` (see `paginateByKey`); a foreign token is a BadRequestException. */
export function paginate<T>(sorted: T[], keyOf: (item: T) => string, options: { limit?: number; nextToken?: string; scope: string; defaultLimit?: number }): Page<T> {
  return paginateByKey(sorted, keyOf, { limit: options.limit ?? options.defaultLimit ?? DEFAULT_PAGE_SIZE, nextToken: options.nextToken, scope: options.scope }, (shown) => badRequest(`Invalid nextToken: ${shown}`));
}
