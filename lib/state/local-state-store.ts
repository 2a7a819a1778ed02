import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ObjectBackend, StoredObject } from './object-backend';
import { ObjectStateStore, type StoreRuntime } from './object-state-store';
import { processAlive, thisProcess } from './process-info';

export interface LocalStateStoreOptions extends StoreRuntime {
  /** The folder (default `.meshops` in the working directory). */
  dir?: string;
}

/**
 * The state store in a local folder, for the CLI. The lock is a file created exclusively; a lock
 * whose holder process is gone (same host, pid not alive) is taken over at once.
 */
export class LocalStateStore extends ObjectStateStore {
  readonly dir: string;
  constructor(options: LocalStateStoreOptions = {}) {
    const dir = resolve(options.dir ?? '.meshops');
    super(new LocalFolder(dir), { ...options, detectDeadHolders: true });
    this.dir = dir;
  }
}

const etagOf = (body: string | Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const errno = (err: unknown) => (err as NodeJS.ErrnoException)?.code;

/** A CAS mutex not released after this long belongs to a process that died in its critical section (which lasts milliseconds). */
const MUTEX_STALE_MS = 30_000;
const MUTEX_WAIT_MS = 60_000;

/**
 * Objects as files under one folder. Every write goes to a temporary file first: `put` renames it
 * over the target (atomic replace), `putIfAbsent` hard-links it to the target (atomic, fails if the
 * target exists, and a reader never sees a half-written file, unlike O_EXCL then write).
 * The conditional replace and delete take a short per-object mutex (`<file>.cas`, itself created
 * exclusively) so that the compare and the swap are one step, as S3's If-Match is.
 */
class LocalFolder implements ObjectBackend {
  constructor(readonly location: string) {}

  where(key: string): string {
    return this.pathOf(key);
  }

  private pathOf(key: string): string {
    const path = join(this.location, ...key.split('/'));
    // keys.ts makes keys safe; this is the last line of defence.
    if (path !== this.location && !path.startsWith(this.location + sep)) throw new Error(`key ${key} leaves the state folder`);
    return key.endsWith('/') ? path + sep : path;
  }

  async get(key: string): Promise<StoredObject | undefined> {
    let handle;
    try {
      handle = await open(this.pathOf(key), 'r');
    } catch (err) {
      if (errno(err) === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const stat = await handle.stat();
      const bytes = await handle.readFile();
      return { body: bytes.toString('utf8'), etag: etagOf(bytes), modifiedAt: stat.mtimeMs };
    } finally {
      await handle.close();
    }
  }

  async put(key: string, body: string): Promise<void> {
    const path = this.pathOf(key);
    const tmp = await this.writeTemp(path, body);
    try {
      await rename(tmp, path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }

  async putIfAbsent(key: string, body: string): Promise<string | undefined> {
    const path = this.pathOf(key);
    return (await this.createExclusive(path, body)) ? etagOf(body) : undefined;
  }

  async putIfMatch(key: string, body: string, etag: string): Promise<string | undefined> {
    return this.withMutex(this.pathOf(key), undefined, async () => {
      const current = await this.get(key);
      if (!current || current.etag !== etag) return undefined;
      await this.put(key, body);
      return etagOf(body);
    });
  }

  async deleteIfMatch(key: string, etag: string): Promise<boolean> {
    const path = this.pathOf(key);
    const deleteIfSame = async () => {
      const current = await this.get(key);
      if (!current || current.etag !== etag) return false;
      await unlink(path);
      return true;
    };
    try {
      return await this.withMutex(path, false, deleteIfSame);
    } catch (err) {
      // A full disk cannot hold the mutex file, but removing a file needs no space: a lock left
      // behind would refuse every apply until it times out. Without the mutex the check and the
      // unlink are not atomic; losing needs our own lock to be taken over in that instant.
      if (errno(err) !== 'ENOSPC' && errno(err) !== 'EDQUOT') throw err;
      return deleteIfSame();
    }
  }

  async list(folder: string): Promise<string[]> {
    try {
      const entries = await readdir(this.pathOf(folder), { withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => e.name);
    } catch (err) {
      if (errno(err) === 'ENOENT') return [];
      throw err;
    }
  }

  /** A complete temporary file next to `path` (same file system, so rename and link work). */
  private async writeTemp(path: string, body: string): Promise<string> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(body, 'utf8');
      await handle.sync();
    } catch (err) {
      await handle.close();
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    return tmp;
  }

  /** True when this call created `path` with `body`; false when it already existed. */
  private async createExclusive(path: string, body: string): Promise<boolean> {
    const tmp = await this.writeTemp(path, body);
    try {
      await link(tmp, path);
      return true;
    } catch (err) {
      if (errno(err) === 'EEXIST') return false;
      throw err;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  private async withMutex<T>(path: string, whenAbsent: T, fn: () => Promise<T>): Promise<T> {
    const mutex = `${path}.cas`;
    const me = thisProcess();
    const mine = JSON.stringify({ host: me.host, pid: me.pid, at: Date.now(), token: randomUUID() });
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        if (await this.createExclusive(mutex, mine)) break;
      } catch (err) {
        // No folder: no object either, so the condition cannot hold.
        if (errno(err) === 'ENOENT') return whenAbsent;
        throw err;
      }
      await this.clearIfStale(mutex);
      if (Date.now() - started > MUTEX_WAIT_MS) throw new Error(`timed out after ${MUTEX_WAIT_MS} ms waiting for ${mutex}`);
      await sleep(Math.min(50, 2 + attempt * 2) * (0.5 + Math.random() / 2));
    }
    try {
      return await fn();
    } finally {
      if ((await readFile(mutex, 'utf8').catch(() => undefined)) === mine) await unlink(mutex).catch(() => undefined);
    }
  }

  /**
   * A mutex left by a dead process (same host, pid gone) or older than MUTEX_STALE_MS is removed.
   * Read, compare, unlink is not atomic, but losing that race needs a process to die inside a
   * millisecond-long critical section and two others to clear it at the same instant.
   */
  private async clearIfStale(mutex: string): Promise<void> {
    const text = await readFile(mutex, 'utf8').catch(() => undefined);
    if (text === undefined) return;
    let holder: { host?: string; pid?: number; at?: number } = {};
    try {
      holder = JSON.parse(text) as typeof holder;
    } catch {
      /* unreadable: ages out below */
    }
    const me = thisProcess();
    const dead = holder.host === me.host && typeof holder.pid === 'number' && !processAlive(holder.pid);
    const old = Date.now() - (typeof holder.at === 'number' ? holder.at : 0) > MUTEX_STALE_MS;
    if (!dead && !old) return;
    if ((await readFile(mutex, 'utf8').catch(() => undefined)) === text) await unlink(mutex).catch(() => undefined);
  }
}
