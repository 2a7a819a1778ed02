import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import type { WireRequest, WireResponse } from './types';

const decoder = new TextDecoder();

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  // JSON protocol bodies arrive as a Uint8Array subclass; decode without Buffer.from (it warns).
  if (body instanceof Uint8Array) return decoder.decode(body);
  throw new Error('the emulator accepts string or byte request bodies only');
}

export function toWireRequest(req: HttpRequest): WireRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = String(v);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v === null || v === undefined) continue;
    query[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return { method: req.method, hostname: req.hostname ?? '', path: req.path || '/', query, headers, body: bodyText(req.body), ...(req.body instanceof Uint8Array ? { rawBody: req.body } : {}) };
}

/**
 * A request handler for AWS SDK v3 clients that answers from the emulator in-process: the real
 * serializers and deserializers run unchanged, only the socket is gone.
 */
export function emulatorRequestHandler(handle: (request: WireRequest) => Promise<WireResponse>): RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  return {
    async handle(req: HttpRequest) {
      const res = await handle(toWireRequest(req));
      const response: HttpResponse = { statusCode: res.statusCode, headers: res.headers, body: res.bodyBytes ? Buffer.from(res.bodyBytes) : Buffer.from(res.body, 'utf8') };
      return { response };
    },
  };
}
