import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandlerOptions, HttpResponse } from '@smithy/types';

/** The request type the SDK hands to its HTTP handler (the class, not the bare interface). */
type HandlerRequest = Parameters<NodeHttpHandler['handle']>[0];

const TIMESTAMP_MEMBERS = new Set(['createdAt', 'lastUpdatedAt', 'CreateDate', 'UpdateDate']);

/** `25/11/2026, 11:29:23` (moto's App Mesh), or anything Date.parse reads, as epoch seconds. */
export function epochSeconds(value: string): number | undefined {
  const moto = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (moto) return Date.UTC(Number(moto[3]), Number(moto[2]) - 1, Number(moto[1]), Number(moto[4]), Number(moto[5]), Number(moto[6])) / 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed / 1000;
}

/**
 * Timestamps as epoch seconds and no `null` members, as AWS answers. `isoTimestamps`: the API writes
 * timestamps as ISO 8601 strings (VPC Lattice), which stay as they are.
 */
export function repairJson(value: unknown, isoTimestamps = false): unknown {
  if (Array.isArray(value)) return value.map((v) => repairJson(v, isoTimestamps));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null) continue;
      if (!isoTimestamps && TIMESTAMP_MEMBERS.has(k) && typeof v === 'string') {
        const seconds = epochSeconds(v);
        out[k] = seconds ?? v;
        continue;
      }
      out[k] = repairJson(v, isoTimestamps);
    }
    return out;
  }
  return value;
}

/**
 * For `--endpoint` targets only: third-party implementations of the APIs (moto) answer with
 * timestamps the SDK cannot parse (`"25/11/2026, 11:29:23"`) and `null` members AWS never sends.
 * This handler repairs JSON responses before the SDK deserializes them; requests are untouched,
 * and real AWS and the embedded emulator never go through it.
 */
export class LenientEndpointHandler {
  private readonly inner = new NodeHttpHandler();
  async handle(request: HandlerRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const { response } = await this.inner.handle(request, options);
    // moto labels some JSON answers text/html: both APIs speak JSON, so try every body.
    if (!response.body) return { response };
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as Readable) chunks.push(Buffer.from(chunk as Buffer));
    const text = Buffer.concat(chunks).toString('utf8');
    let body = text;
    try {
      // The signature's credential scope names the service: VPC Lattice writes ISO 8601 timestamps.
      const iso = String(request.headers?.authorization ?? '').includes('/vpc-lattice/aws4_request');
      body = JSON.stringify(repairJson(JSON.parse(text), iso));
    } catch {
      /* not JSON after all: pass it on as it came */
    }
    const headers = { ...response.headers, 'content-length': String(Buffer.byteLength(body)) };
    return { response: { ...response, headers, body: Readable.from([Buffer.from(body)]) } };
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
  destroy(): void {
    this.inner.destroy();
  }
}
