import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { ArchiveError, readTarGz, type ArchiveEntryInfo } from '../../lib/source/tarball';
import { buildCommitTarball, buildTar, type TarEntrySpec } from '../support/fake-github/tarball';

const SHA = 'abcdef0123456789abcdef0123456789abcdef01';

interface Collected {
  entries: ArchiveEntryInfo[];
  files: Record<string, string>;
}

async function read(archive: Uint8Array, keep: (e: ArchiveEntryInfo) => boolean = () => true, limits = {}, chunkSize?: number) {
  const out: Collected = { entries: [], files: {} };
  const chunks: Uint8Array[] = [];
  if (chunkSize) for (let i = 0; i < archive.length; i += chunkSize) chunks.push(archive.subarray(i, i + chunkSize));
  else chunks.push(archive);
  const summary = await readTarGz(
    chunks,
    {
      entry: (e) => {
        out.entries.push(e);
        return keep(e) ? 'keep' : 'skip';
      },
      file: (path, content) => {
        out.files[path] = new TextDecoder().decode(content);
      },
    },
    limits,
  );
  return { ...out, summary };
}

async function refusal(promise: Promise<unknown>): Promise<ArchiveError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ArchiveError)) throw new Error(`expected an ArchiveError, got ${String(err)}`);
  return err;
}

const top = 'acme-mesh-config-abcdef0/';
const tgz = (entries: TarEntrySpec[], options: Parameters<typeof buildTar>[1] = {}) => gzipSync(buildTar([{ path: top, type: 'directory' }, ...entries], options));

describe('readTarGz: GitHub commit tarballs', () => {
  it('strips the top folder, reads the commit SHA from the pax global header, hands over kept files', async () => {
    const archive = buildCommitTarball({ 'meshops.yaml': 'version: 1\n', 'mesh/nodes.yaml': 'kind: VirtualNode\n', 'README.md': '# hi' }, { sha: SHA });
    const { files, entries, summary } = await read(archive, (e) => e.path.endsWith('.yaml'));
    expect(files).toEqual({ 'meshops.yaml': 'version: 1\n', 'mesh/nodes.yaml': 'kind: VirtualNode\n' });
    expect(entries.map((e) => [e.path, e.type])).toEqual([
      ['README.md', 'file'],
      ['mesh', 'directory'],
      ['mesh/nodes.yaml', 'file'],
      ['meshops.yaml', 'file'],
    ]);
    expect(summary).toMatchObject({ topFolder: 'acme-mesh-config-abcdef0', commitSha: SHA, entries: 5 });
    expect(summary.uncompressedBytes).toBeGreaterThan(summary.compressedBytes);
  });

  it('reads long paths from pax headers and GNU long names, and UTF-8 names', async () => {
    const long = `mesh/${'deep/'.repeat(30)}node.yaml`;
    const gnu = `mesh/${'gnu/'.repeat(40)}node.yaml`;
    const { files } = await read(tgz([
      { path: top + long, content: 'a: 1' },
      { path: top + gnu, content: 'b: 2', gnuLongName: true },
      { path: `${top}mesh/säge-ünïcode.yaml`, content: 'c: 3' },
    ]));
    expect(files).toEqual({ [long]: 'a: 1', [gnu]: 'b: 2', 'mesh/säge-ünïcode.yaml': 'c: 3' });
  });

  it('reports links and special files with their targets, and never reads data for them', async () => {
    const { entries, files } = await read(tgz([
      { path: `${top}mesh/link.yaml`, type: 'symlink', linkTarget: '/etc/passwd' },
      { path: `${top}mesh/hard.yaml`, type: 'hardlink', linkTarget: `${top}meshops.yaml` },
      { path: `${top}mesh/fifo.yaml`, type: 'fifo' },
      { path: `${top}mesh/ok.yaml`, content: 'x: 1' },
    ]));
    expect(entries.map((e) => [e.path, e.type, e.linkTarget])).toEqual([
      ['mesh/link.yaml', 'symlink', '/etc/passwd'],
      ['mesh/hard.yaml', 'hardlink', `${top}meshops.yaml`],
      ['mesh/fifo.yaml', 'other', undefined],
      ['mesh/ok.yaml', 'file', undefined],
    ]);
    expect(Object.keys(files)).toEqual(['mesh/ok.yaml']);
  });

  it('gives the same result whatever the chunking of the bytes (property)', async () => {
    const archive = buildCommitTarball(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`mesh/f${i}.yaml`, `n: ${'x'.repeat(i * 97)}`])), { sha: SHA });
    const whole = await read(archive);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5000 }), async (size) => {
        const chunked = await read(archive, () => true, {}, size);
        return JSON.stringify(chunked.files) === JSON.stringify(whole.files);
      }),
      { numRuns: 25 },
    );
  });
});

describe('readTarGz: hostile and broken archives', () => {
  it.each([
    ['a parent-folder climb', `${top}../../etc/passwd`, /climbs out of its folder/],
    ['a climb in the middle', `${top}mesh/../../x.yaml`, /climbs out/],
    ['an absolute path', '/etc/passwd', /absolute path/],
    ['a Windows drive path', 'C:\\Windows\\win.ini', /absolute path/],
    ['another top folder', 'other-folder/mesh/x.yaml', /outside the archive's top folder/],
  ])('refuses %s', async (_name, path, message) => {
    const err = await refusal(read(tgz([{ path, content: 'x' }])));
    expect(err.reason).toBe('unsafe-path');
    expect(err.message).toMatch(message);
  });

  it('refuses a traversal hidden in a pax path record', async () => {
    const err = await refusal(read(tgz([{ path: `${top}mesh/innocent.yaml`, content: 'x', pax: { path: `${top}../escape.yaml` } }])));
    expect(err.reason).toBe('unsafe-path');
  });

  it('refuses an entry that declares a huge size (base-256) before reading anything', async () => {
    const err = await refusal(read(tgz([{ path: `${top}mesh/huge.yaml`, content: 'x', declaredSize: 10 * 1024 ** 3, base256Size: true }])));
    expect(err).toMatchObject({ reason: 'limit' });
    expect(err.message).toMatch(/declares 10737418240 bytes/);
  });

  it('stops a gzip bomb at the uncompressed limit', async () => {
    // Each entry is under the limit; together they inflate far past it.
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const bomb = tgz(Array.from({ length: 16 }, (_, i) => ({ path: `${top}bomb-${i}.bin`, content: zeros })));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const err = await refusal(read(bomb, () => false, { maxUncompressedBytes: 8 * 1024 * 1024 }));
    expect(err.message).toMatch(/inflates to more than 8388608 bytes/);
  });

  it('stops at the compressed-size limit', async () => {
    const archive = buildCommitTarball({ 'a.bin': randomBytes(200_000) }, { sha: SHA });
    const err = await refusal(read(archive, () => false, { maxCompressedBytes: 64 * 1024 }, 16 * 1024));
    expect(err.message).toMatch(/larger than 65536 bytes compressed/);
  });

  it('stops at the entry-count limit', async () => {
    const entries = Array.from({ length: 50 }, (_, i) => ({ path: `${top}f${i}`, content: '' }));
    await expect(read(tgz(entries), () => false, { maxEntries: 20 })).rejects.toThrow(/more than 20 entries/);
  });

  it('refuses an oversized pax header', async () => {
    const err = await refusal(read(tgz([{ path: `${top}x`, content: 'x', pax: { comment: 'c'.repeat(5000) } }]), () => true, { maxPaxBytes: 1024 }));
    expect(err.reason).toBe('limit');
  });

  it('refuses a header with a bad checksum', async () => {
    const err = await refusal(read(tgz([{ path: `${top}mesh/a.yaml`, content: 'x', badChecksum: true }])));
    expect(err).toMatchObject({ reason: 'corrupt' });
    expect(err.message).toMatch(/checksum/);
  });

  it('refuses an archive without its end blocks (a truncated tar cannot pass as complete)', async () => {
    const err = await refusal(read(tgz([{ path: `${top}mesh/a.yaml`, content: 'x' }], { omitEnd: true })));
    expect(err.message).toMatch(/truncated \(it ends before the end-of-archive blocks\)/);
  });

  it('refuses a truncated gzip stream', async () => {
    const archive = buildCommitTarball({ 'mesh/a.yaml': 'x'.repeat(5000) }, { sha: SHA });
    const err = await refusal(read(archive.subarray(0, archive.length - 40)));
    expect(err.reason).toBe('corrupt');
  });

  it('refuses bytes that are not gzip', async () => {
    const err = await refusal(read(buildTar([{ path: `${top}a`, content: 'x' }])));
    expect(err.reason).toBe('not-gzip');
  });

  it('refuses the same kept path twice (a later entry would silently replace the first)', async () => {
    const err = await refusal(read(tgz([{ path: `${top}mesh/a.yaml`, content: 'one' }, { path: `${top}mesh/a.yaml`, content: 'two' }])));
    expect(err.message).toMatch(/holds mesh\/a.yaml twice/);
  });
});
