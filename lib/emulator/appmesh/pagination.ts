import { badRequest } from './errors';

/** The default and largest page for App Mesh list operations (model: `limit` 1–100, "up to 100"). */
export const DEFAULT_PAGE_SIZE = 100;

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
 * Pages a list sorted by `keyOf`. The token is opaque to clients and holds the last key returned
 * (not an offset), so a page boundary stays put when items before it are created or deleted
 * between calls, as with the key-based paging of the store behind the real service.
 */
export function paginate<T>(sorted: T[], keyOf: (item: T) => string, options: { limit?: number; nextToken?: string; scope: string; defaultLimit?: number }): Page<T> {
  const limit = options.limit ?? options.defaultLimit ?? DEFAULT_PAGE_SIZE;
  let rest = sorted;
  if (options.nextToken !== undefined) {
    const after = decodeToken(options.nextToken, options.scope);
    rest = sorted.filter((item) => keyOf(item) > after);
  }
  const items = rest.slice(0, limit);
  const nextToken = rest.length > limit ? encodeToken({ s: options.scope, a: keyOf(items[items.length - 1]) }) : undefined;
  return nextToken === undefined ? { items } : { items, nextToken };
}

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
  if (!body || typeof body.a !== 'string' || body.s !== scope) throw badRequest(`Invalid nextToken: ${token.length > 40 ? `${token.slice(0, 37)}...` : token}`);
  return body.a;
}
