/** What the webhook use-case receives: API Gateway's view of the HTTP request, before any decoding. */
export interface WebhookRequest {
  /** Header names in any case (API Gateway HTTP API lower-cases them; tests may not). */
  headers: Record<string, string | undefined>;
  /** The body as API Gateway delivers it: text, or base64 when `isBase64Encoded`. */
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface WebhookResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function header(request: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

export function jsonResponse(statusCode: number, body: Record<string, unknown>): WebhookResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
