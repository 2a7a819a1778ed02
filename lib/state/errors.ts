/** Any failure of the state store; the subclasses say which. */
export class StateError extends Error {
  override name = 'StateError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Reading from or writing to the store failed (I/O error, access denied, an S3 error). */
export class StateAccessError extends StateError {
  override name = 'StateAccessError';
}

/** A stored file exists but is not what meshops wrote (invalid JSON, or the wrong shape). */
export class CorruptStateError extends StateError {
  override name = 'CorruptStateError';
  constructor(
    /** Where the file is: a path or an `s3://` URL. */
    readonly location: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`state file ${location} is corrupt: ${problem}; fix it or move it away`, options);
  }
}

/** A repo, scope, pull request number or audit key that cannot name a stored object. */
export class StateKeyError extends StateError {
  override name = 'StateKeyError';
}

/** The repo's lock is held by someone else and is not stale (after waiting, if asked to wait). */
export class LockHeldError extends StateError {
  override name = 'LockHeldError';
  constructor(
    readonly repo: string,
    readonly holder: string,
    readonly startedAt: string,
    readonly purpose: string,
    /** When the lock becomes stale and can be taken over, unless its holder renews it. */
    readonly staleAt: string,
  ) {
    super(`the lock on ${repo} is held by ${holder} since ${startedAt} (${purpose}); it can be taken over after ${staleAt} if not renewed`);
  }
}

/** The lock is no longer ours: it was released, or taken over as stale by someone else. */
export class LockLostError extends StateError {
  override name = 'LockLostError';
}
