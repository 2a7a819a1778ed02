/** A received message is not a job this version understands: never retried (it cannot get better). */
export class JobMessageError extends Error {
  override name = 'JobMessageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(`decoding a job message: ${message}`, options);
  }
}

/** Sending a job to the queue failed. */
export class EnqueueError extends Error {
  override name = 'EnqueueError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Changing a received message's visibility timeout failed (it then waits for the queue's own). */
export class MessageVisibilityError extends Error {
  override name = 'MessageVisibilityError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
