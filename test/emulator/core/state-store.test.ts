import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeMeshCommand, InternalServerErrorException } from '@aws-sdk/client-app-mesh';
import { Emulator } from '../../../lib/emulator';
import { FileStateStore, MemoryStateStore, StateFileError } from '../../../lib/emulator/core/state-store';
import { appMeshClientFor, errorOf } from '../appmesh/helpers';

describe('emulator state stores', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshops-store-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('MemoryStateStore hands out the same state to read and write', () => {
    const store = new MemoryStateStore();
    store.write((s) => {
      s.x = 1;
    });
    expect(store.read((s) => s.x)).toBe(1);
    expect(store.snapshot()).toEqual({ x: 1 });
  });

  it('FileStateStore persists writes, not a write that threw', () => {
    const path = join(dir, 'nested', 'state.json');
    const store = new FileStateStore(path);
    store.write((s) => {
      s.kept = true;
    });
    expect(() =>
      store.write((s) => {
        s.lost = true;
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ kept: true });
    expect(store.read((s) => s.lost)).toBeUndefined();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('takes over a lock left by a process that is gone', () => {
    const path = join(dir, 'state.json');
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), at: Date.now() }));
    const store = new FileStateStore(path, { lockTimeoutMs: 2000 });
    store.write((s) => {
      s.ok = true;
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ok: true });
  });

  it('gives up on a lock a live process holds, after the timeout, with an error naming the lock', () => {
    const path = join(dir, 'state.json');
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() }));
    const store = new FileStateStore(path, { lockTimeoutMs: 100, staleLockMs: 60_000 });
    expect(() => store.write(() => undefined)).toThrow(StateFileError);
    expect(() => store.write(() => undefined)).toThrow(`${path}.lock`);
  });

  it('answers InternalServerErrorException naming the file when the state file is not JSON', async () => {
    const path = join(dir, 'state.json');
    const emulator = new Emulator({ stateFile: path });
    writeFileSync(path, '{ not json');
    const err = await errorOf(appMeshClientFor(emulator).send(new DescribeMeshCommand({ meshName: 'm' })));
    expect(err).toBeInstanceOf(InternalServerErrorException);
    expect(err.message).toContain(`emulator state file ${path} is not valid JSON`);
  });
});
