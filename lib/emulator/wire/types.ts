/** An HTTP request as the emulator sees it, whichever way it came in (SDK handler or HTTP server). */
export interface WireRequest {
  method: string;
  hostname: string;
  /** The path as sent, still percent-encoded (`/v20190125/meshes/m1/virtualRouter/vr%201/routes`). */
  path: string;
  /** Query parameters, decoded. */
  query: Record<string, string | string[]>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The body's bytes, for binary protocols (CBOR); `body` is their UTF-8 reading. */
  rawBody?: Uint8Array;
}

export interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  /** A binary body (CBOR): sent instead of `body` when set. */
  bodyBytes?: Uint8Array;
}

/** What a service handler returns: the response and the operation it ran (for call statistics). */
export interface HandledRequest {
  operation: string;
  response: WireResponse;
}
