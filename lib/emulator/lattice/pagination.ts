import { paginateByKey, type Page } from '../core/key-pagination';
import { validation } from './errors';

/**
 * The page size when `maxResults` is absent. The model allows 1–100 and AWS documents no
 * default; a page smaller than the maximum makes clients that forget to follow `nextToken` fail
 * here rather than in a real account.
 */
export const DEFAULT_PAGE_SIZE = 50;

export type { Page } from '../core/key-pagination';

/** Pages a list sorted by `keyOf` (see `paginateByKey`); a foreign token is a ValidationException. */
export function paginate<T>(sorted: T[], keyOf: (item: T) => string, options: { maxResults?: number; nextToken?: string; scope: string }): Page<T> {
  return paginateByKey(sorted, keyOf, { limit: options.maxResults ?? DEFAULT_PAGE_SIZE, nextToken: options.nextToken, scope: options.scope }, (shown) =>
    validation(`Invalid nextToken: ${shown}`, 'fieldValidationFailed', [{ name: 'nextToken', message: 'the token does not belong to this list' }]),
  );
}

/** A sort key for creation order (`seq`), comparable as a string. */
export const seqKey = (seq: number) => String(seq).padStart(12, '0');
