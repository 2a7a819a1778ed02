import { validation } from './errors';

/**
 * The page size when `maxResults` is absent. The model allows 1–100 and AWS documents no
 * default; a page smaller than the maximum makes clients that forget to follow `nextToken` fail
 * here rather than in a real account.
 */
export const DEFAULT_PAGE_SIZE = 50;

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

interface TokenBody {
  /** The list the token belongs to. */
  s: string;
  /** The sort key of the last item returned. */
  a: string;
}

/**
 * Pages a list sorted by `keyOf` (ascending, as strings). The token holds the last key returned,
 * not an offset, so a page boundary stays put when items are created or deleted between calls.
 */
export function paginate<T>(sorted: T[], keyOf: (item: T) => string, options: { maxResults?: number; nextToken?: string; scope: string }): Page<T> {
  const limit = options.maxResults ?? DEFAULT_PAGE_SIZE;
  let rest = sorted;
  if (options.nextToken !== undefined) {
    const after = decodeToken(options.nextToken, options.scope);
    rest = sorted.filter((item) => keyOf(item) > after);
  }
  const items = rest.slice(0, limit);
  const nextToken = rest.length > limit ? encodeToken({ s: options.scope, a: keyOf(items[items.length - 1]) }) : undefined;
  return nextToken === undefined ? { items } : { items, nextToken };
}

/** A sort key for creation order (`seq`), comparable as a string. */
export const seqKey = (seq: number) => String(seq).padStart(12, '0');

function encodeToken(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeToken(token: string, scope: string): string {
  let body: Partial<TokenBody> | undefined;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    body = undefined;
  }
  if (!body || typeof body.a !== 'string' || body.s !== scope) {
    throw validation(`Invalid nextToken: ${token.length > 40 ? `${token.slice(0, 37)}...` : token}`, 'fieldValidationFailed', [{ name: 'nextToken', message: 'the token does not belong to this list' }]);
  }
  return body.a;
}
