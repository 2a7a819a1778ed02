import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireRequest, WireResponse } from './types';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The body is over MAX_BODY_BYTES: a client error (413), never a retryable server error. */
class BodyTooLargeError extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`the request body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function fromIncomingMessage(req: IncomingMessage, bytes: Buffer | string): WireRequest {
  const body = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  // The path exactly as sent: `new URL()` would resolve `.` and `..` segments and send
  // `…/virtualNodes/..` to the mesh; the services refuse such paths instead.
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(q < 0 ? '' : target.slice(q + 1))) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return { method: req.method ?? 'GET', hostname: (headers.host ?? '').replace(/:\d+$/, ''), path: path.startsWith('/') ? path : `/${path}`, query, headers, body, ...(typeof bytes === 'string' ? {} : { rawBody: new Uint8Array(bytes) }) };
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Serves both APIs on one port, so any AWS client works with `--endpoint-url http://127.0.0.1:PORT`. */
export async function listen(handle: (request: WireRequest) => Promise<WireResponse>, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => handle(fromIncomingMessage(req, body)))
      .then((out) => {
        const payload = out.bodyBytes ? Buffer.from(out.bodyBytes) : Buffer.from(out.body, 'utf8');
        res.writeHead(out.statusCode, { ...out.headers, 'content-length': payload.length });
        res.end(payload);
      })
      .catch((err: Error) => {
        const tooLarge = err instanceof BodyTooLargeError;
        const body = JSON.stringify({ message: err.message });
        // A 413 closes the connection: the rest of the body is not read.
        res.writeHead(tooLarge ? 413 : 500, {
          'content-type': 'application/json',
          'x-amzn-errortype': tooLarge ? 'RequestEntityTooLargeException' : 'InternalServerErrorException',
          'content-length': Buffer.byteLength(body),
          ...(tooLarge ? { connection: 'close' } : {}),
        });
        res.end(body);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
