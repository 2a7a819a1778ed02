import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { LocalStateStore, LockHeldError } from '../../lib/state';
import { stateStoreContract } from './contract';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempStateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshops-state-'));
  dirs.push(dir);
  return join(dir, '.meshops');
}

async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await visit(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  await visit(root);
  return out.sort();
}

stateStoreContract('LocalStateStore', async () => {
  const dir = tempStateDir();
  return {
    store: (runtime) => new LocalStateStore({ dir, ...runtime }),
    async writeRaw(key, body) {
      await mkdir(dirname(join(dir, key)), { recursive: true });
      await writeFile(join(dir, key), body);
    },
    readRaw: (key) => readFile(join(dir, key), 'utf8').catch(() => undefined),
    // Temporary and mutex files are listed too: none may be left behind.
    listRaw: () => walk(dir),
  };
});

describe('LocalStateStore', () => {
  it('lives in .meshops of the working directory by default', () => {
    expect(new LocalStateStore().dir).toBe(resolve('.meshops'));
    expect(new LocalStateStore().location).toBe(resolve('.meshops'));
  });

  it('names the file and the OS error when it cannot write', async () => {
    const dir = tempStateDir();
    await mkdir(dirname(dir), { recursive: true });
    await writeFile(dir, 'a file where the folder should be');
    const store = new LocalStateStore({ dir });
    await expect(store.putLastApplied('acme/mesh', { fingerprint: 'f', appliedAt: 'x', owner: 'o', resources: [] })).rejects.toMatchObject({
      name: 'StateAccessError',
      message: expect.stringMatching(new RegExp(`^writing the last-applied record of acme/mesh to ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/state/acme/mesh/last-applied.json: (ENOTDIR|EEXIST)`)),
    });
  });
});

describe('LocalStateStore lock dated in the future', () => {
  const REPO = 'acme/mesh-config';
  const lockPath = (dir: string) => join(dir, 'state', 'acme', 'mesh-config', 'lock');
  const request = { holder: 'me', purpose: 'apply', timeoutMs: 600_000 };
  async function writeLock(dir: string, mtime: Date): Promise<void> {
    await mkdir(dirname(lockPath(dir)), { recursive: true });
    // A hand-made lock from another host, dated 2100: it must not hold for 74 years.
    await writeFile(lockPath(dir), JSON.stringify({ holder: 'time-traveller', purpose: 'apply', startedAt: '2100-01-01T00:00:00.000Z', renewedAt: '2100-01-01T00:01:00.000Z', host: 'elsewhere', pid: 1, token: 't' }));
    utimesSync(lockPath(dir), mtime, mtime);
  }

  it('ages from the file time when its dates are in the future', async () => {
    const dir = tempStateDir();
    await writeLock(dir, new Date());
    const held = await new LocalStateStore({ dir }).acquireLock(REPO, request).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(LockHeldError);
    expect(Date.parse((held as LockHeldError).staleAt)).toBeLessThan(Date.now() + 601_000);
    utimesSync(lockPath(dir), new Date(Date.now() - 700_000), new Date(Date.now() - 700_000));
    const lock = await new LocalStateStore({ dir }).acquireLock(REPO, request);
    expect(lock.takenOver).toMatchObject({ holder: 'time-traveller', reason: 'timed-out' });
    await lock.release();
  });

  it('is taken over at once when the file time is in the future too', async () => {
    const dir = tempStateDir();
    await writeLock(dir, new Date('2100-01-01T00:00:00Z'));
    const lock = await new LocalStateStore({ dir }).acquireLock(REPO, request);
    expect(lock.takenOver).toMatchObject({ holder: 'time-traveller', reason: 'dated-in-future' });
    await lock.release();
  });
});
