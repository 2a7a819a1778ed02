/**
 * A request the webhook refuses. `status` is the HTTP answer; `message` is safe to send back to
 * the caller (GitHub shows it in the delivery log) and never contains a secret or payload content.
 */
export class WebhookRejectedError extends Error {
  override name = 'WebhookRejectedError';
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A payload that passed the signature check but lacks a field the event needs. */
export class MalformedPayloadError extends Error {
  override name = 'MalformedPayloadError';
  constructor(
    readonly event: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${event} payload: ${field} ${detail}`);
  }
}

/** Asking GitHub about the commenter or the pull request failed (network, 5xx, rate limit). */
export class GitHubLookupError extends Error {
  override name = 'GitHubLookupError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
