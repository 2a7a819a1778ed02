import { invalidInput } from './errors';

/** `MaxResults` 1–100 (the model enforces the range); the service returns up to 100 by default. */
export const DEFAULT_MAX_RESULTS = 100;

interface PageToken {
  /** Which list the token belongs to (operation, plus the service for per-service lists). */
  s: string;
  /** The `seq` of the last item returned: the next page starts after it, so deletes between pages skip nothing. */
  a: number;
}

function encode(token: PageToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decode(text: string, scope: string): PageToken {
  let token: unknown;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    token = undefined;
  }
  const t = token as PageToken | undefined;
  if (!t || typeof t !== 'object' || typeof t.a !== 'number' || t.s !== scope) {
    throw invalidInput('NextToken: the token is not valid for this request; pass the NextToken of the previous page unchanged');
  }
  return t;
}

/**
 * One page of `items` (sorted by `seq`). The token is opaque to clients; it is absent on the last
 * page. Callers that filter apply the filter to the returned page, as the real service does.
 */
export function paginate<T extends { seq: number }>(
  items: readonly T[],
  options: { scope: string; maxResults?: number; nextToken?: string },
): { page: T[]; nextToken?: string } {
  const size = options.maxResults ?? DEFAULT_MAX_RESULTS;
  const after = options.nextToken === undefined ? -Infinity : decode(options.nextToken, options.scope).a;
  const rest = items.filter((i) => i.seq > after);
  const page = rest.slice(0, size);
  return rest.length > size ? { page, nextToken: encode({ s: options.scope, a: page[page.length - 1].seq }) } : { page };
}
