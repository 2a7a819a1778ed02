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
 * Pages a list sorted by `keyOf` (ascending, as strings). The token is opaque to clients and holds
 * the last key returned, not an offset, so a page boundary stays put when items are created or
 * deleted between calls, as with the key-based paging of the stores behind the real services.
 * `invalidToken` builds the service's own error for a token that does not belong to this list.
 */
export function paginateByKey<T>(
  sorted: T[],
  keyOf: (item: T) => string,
  options: { limit: number; nextToken?: string; scope: string },
  invalidToken: (shown: string) => Error,
): Page<T> {
  let rest = sorted;
  if (options.nextToken !== undefined) {
    const after = decodeToken(options.nextToken, options.scope, invalidToken);
    rest = sorted.filter((item) => keyOf(item) > after);
  }
  const items = rest.slice(0, options.limit);
  const nextToken = rest.length > options.limit ? encodeToken({ s: options.scope, a: keyOf(items[items.length - 1]!) }) : undefined;
  return nextToken === undefined ? { items } : { items, nextToken };
}

function encodeToken(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeToken(token: string, scope: string, invalidToken: (shown: string) => Error): string {
  let body: Partial<TokenBody> | undefined;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    body = undefined;
  }
  if (!body || typeof body.a !== 'string' || body.s !== scope) throw invalidToken(token.length > 40 ? `${token.slice(0, 37)}...` : token);
  return body.a;
}
