/**
 * The few primitives the state store needs from where it keeps objects: an S3 bucket or a local
 * folder. Conditional writes give compare-and-swap on one object, which is all the lock needs.
 * Keys are relative (`state/acme/mesh/lock`) and already safe (see keys.ts).
 * Methods throw the underlying error (fs or SDK) unchanged; the store names the action.
 */
export interface ObjectBackend {
  /** Where a key lives, for messages: a path or an `s3://` URL. */
  where(key: string): string;
  /** Where the whole store lives. */
  readonly location: string;
  get(key: string): Promise<StoredObject | undefined>;
  /** Replaces the object atomically: a reader sees the old or the new content, never a mix. */
  put(key: string, body: string): Promise<void>;
  /** Creates the object if no object has the key; returns its ETag, or undefined when the key exists. */
  putIfAbsent(key: string, body: string): Promise<string | undefined>;
  /** Replaces the object if its ETag is still `etag`; returns the new ETag, or undefined when it changed or is gone. */
  putIfMatch(key: string, body: string, etag: string): Promise<string | undefined>;
  /** Deletes the object if its ETag is still `etag`; false when it changed or is gone. */
  deleteIfMatch(key: string, etag: string): Promise<boolean>;
  /** Names (not keys) of the objects directly inside `folder` (which ends with `/`), any order. */
  list(folder: string): Promise<string[]>;
}

export interface StoredObject {
  body: string;
  etag: string;
  /** Last modification, epoch ms (an unreadable lock ages from here). */
  modifiedAt: number;
}
