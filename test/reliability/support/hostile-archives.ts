import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createGzip, gzipSync } from 'node:zlib';
import { loadDesiredState } from '../../../lib/model';
import { SourceError } from '../../../lib/source/errors';
import { fetchGitHubSnapshot, type GitHubSnapshotOptions } from '../../../lib/source/github';
import { ArchiveError } from '../../../lib/source/tarball';
import { buildCommitTarball, buildTar, type FakeGitHub, type TarEntrySpec } from '../../support/fake-github';

/**
 * Hostile and broken commit archives, served by the fake GitHub and read with the real Octokit
 * client and fetchGitHubSnapshot at the production limits (unless a case says it lowers one).
 * Each is either refused whole (an ArchiveError: nothing of it is used), refused before the
 * download (not a commit SHA), or read with the offending entries refused, which the model turns
 * into errors: in every case no DesiredState comes out.
 */
export const REPO = 'acme/mesh-config';
const [OWNER, NAME] = REPO.split('/') as [string, string];
const SETTINGS = 'version: 1\nregion: us-east-1\nowner: acme/mesh-config\n';
const MESH = 'kind: Mesh\nname: watches\nspec: {}\n';
const MiB = 1024 * 1024;

export type ArchiveOutcome =
  | { name: string; kind: 'refused-whole'; reason: string; message: string; desiredState: false; compressedBytes: number }
  | { name: string; kind: 'refused-before-download'; message: string; desiredState: false; calls: number }
  | { name: string; kind: 'refused-files'; codes: string[]; messages: string[]; desiredState: boolean; compressedBytes: number };

export interface HostileArchive {
  name: string;
  /** The gzip bytes GitHub serves for the commit. */
  archive(sha: string): Uint8Array | Promise<Uint8Array>;
  /** What is asked of fetchGitHubSnapshot (default: the commit's SHA). */
  ref?(sha: string): string;
  options?: GitHubSnapshotOptions;
  /** Matched against the outcome (toMatchObject). */
  expect: Record<string, unknown>;
}

const top = (sha: string) => `${OWNER}-${NAME}-${sha.slice(0, 7)}/`;

/** A GitHub-shaped archive (global pax header with the SHA, top folder) with hand-made entries. */
function raw(sha: string, entries: TarEntrySpec[], options: { omitEnd?: boolean } = {}): Uint8Array {
  return gzipSync(buildTar([{ path: top(sha), type: 'directory' }, ...entries], { globalPax: { comment: sha }, ...options }));
}

function withExtra(sha: string, extra: TarEntrySpec[], files: Record<string, string | Uint8Array> = { 'meshops.yaml': SETTINGS, 'mesh/mesh.yaml': MESH }): Uint8Array {
  return buildCommitTarball(files, { owner: OWNER, repo: NAME, sha, extraEntries: extra });
}

/** Gzips parts as they are produced, so a bomb of hundreds of MiB never sits in memory whole. */
async function gzipStream(parts: Iterable<Uint8Array>, level = 1): Promise<Uint8Array> {
  const gz = createGzip({ level });
  const chunks: Buffer[] = [];
  gz.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(gz, 'end');
  for (const part of parts) if (!gz.write(part)) await once(gz, 'drain');
  gz.end();
  await ended;
  return Buffer.concat(chunks);
}

function* bombParts(sha: string, entries: number, entryBytes: number): Generator<Uint8Array> {
  yield buildTar([{ path: top(sha), type: 'directory' }], { globalPax: { comment: sha }, omitEnd: true });
  const zeros = new Uint8Array(entryBytes);
  // Headers that declare the size; the zeros follow (entryBytes is a multiple of 512).
  for (let i = 0; i < entries; i++) {
    yield buildTar([{ path: `${top(sha)}blobs/blob-${i}.bin`, declaredSize: entryBytes }], { omitEnd: true });
    yield zeros;
  }
  yield new Uint8Array(1024);
}

function* manyEntries(sha: string, count: number): Generator<Uint8Array> {
  yield buildTar([{ path: top(sha), type: 'directory' }], { globalPax: { comment: sha }, omitEnd: true });
  for (let i = 0; i < count; i++) yield buildTar([{ path: `${top(sha)}e/${i}`, content: '' }], { omitEnd: true });
  yield new Uint8Array(1024);
}

const whole = (reason: string, message: RegExp) => ({ kind: 'refused-whole', reason, message: expect.stringMatching(message) });
const files = (codes: string[]) => ({ kind: 'refused-files', codes });

export const hostileArchiveCases: HostileArchive[] = [
  // ---- refused whole: paths ----
  { name: 'path climbing out of the archive (../../etc/passwd)', archive: (sha) => raw(sha, [{ path: `${top(sha)}../../etc/passwd`, content: 'root:x:0:0' }]), expect: whole('unsafe-path', /climbs out of its folder/) },
  { name: 'climb hidden in the middle (mesh/../../x.yaml)', archive: (sha) => raw(sha, [{ path: `${top(sha)}mesh/../../x.yaml`, content: MESH }]), expect: whole('unsafe-path', /climbs out/) },
  { name: 'absolute path (/etc/cron.d/x)', archive: (sha) => raw(sha, [{ path: '/etc/cron.d/x', content: '* * * * * root sh' }]), expect: whole('unsafe-path', /absolute path/) },
  { name: 'Windows drive path', archive: (sha) => raw(sha, [{ path: 'C:\\Windows\\win.ini', content: 'x' }]), expect: whole('unsafe-path', /absolute path/) },
  { name: 'entry outside the top folder', archive: (sha) => raw(sha, [{ path: 'elsewhere/mesh/x.yaml', content: MESH }]), expect: whole('unsafe-path', /outside the archive's top folder/) },
  { name: 'traversal in a pax path record', archive: (sha) => raw(sha, [{ path: `${top(sha)}mesh/innocent.yaml`, content: MESH, pax: { path: `${top(sha)}../escape.yaml` } }]), expect: whole('unsafe-path', /climbs out/) },
  { name: 'traversal in a GNU long name', archive: (sha) => raw(sha, [{ path: `${top(sha)}${'a/'.repeat(60)}${'../'.repeat(70)}escape.yaml`, content: MESH, gnuLongName: true }]), expect: whole('unsafe-path', /climbs out/) },
  { name: 'path longer than 4,096 bytes', archive: (sha) => raw(sha, [{ path: `${top(sha)}mesh/${'d'.repeat(5000)}.yaml`, content: MESH }]), expect: { kind: 'refused-whole' } },
  // ---- refused whole: sizes and counts, at the production limits ----
  { name: 'entry declaring 10 GiB (base-256 size)', archive: (sha) => raw(sha, [{ path: `${top(sha)}mesh/huge.yaml`, content: 'x', declaredSize: 10 * 1024 * MiB, base256Size: true }]), expect: whole('limit', /declares 10737418240 bytes/) },
  { name: 'gzip bomb: 600 MiB of zeros in 150 entries', archive: (sha) => gzipStream(bombParts(sha, 150, 4 * MiB)), expect: whole('limit', /inflates to more than/) },
  { name: '100,001 entries', archive: (sha) => gzipStream(manyEntries(sha, 100_001), 6), expect: whole('limit', /more than 100000 entries/) },
  { name: 'pax header over 1 MiB', archive: (sha) => raw(sha, [{ path: `${top(sha)}x`, content: 'x', pax: { comment: 'c'.repeat(MiB + 10) } }]), expect: whole('limit', /./) },
  { name: '20,001 YAML files ahead of meshops.yaml', archive: (sha) => withExtra(sha, [], { ...Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`mesh/f/${i}.yaml`, 'k: v\n'])), 'meshops.yaml': SETTINGS }), expect: whole('limit', /more than 20000 YAML files ahead of meshops.yaml/) },
  { name: 'compressed stream over the limit (limit lowered to 1 MiB)', archive: (sha) => withExtra(sha, [], { 'meshops.yaml': SETTINGS, 'blob.bin': randomBytes(2 * MiB) }), options: { archiveLimits: { maxCompressedBytes: MiB } }, expect: whole('limit', /compressed/) },
  // ---- refused whole: damage ----
  { name: 'header with a bad checksum', archive: (sha) => raw(sha, [{ path: `${top(sha)}mesh/a.yaml`, content: MESH, badChecksum: true }]), expect: whole('corrupt', /checksum/) },
  { name: 'tar without its end blocks', archive: (sha) => raw(sha, [{ path: `${top(sha)}mesh/a.yaml`, content: MESH }], { omitEnd: true }), expect: whole('corrupt', /truncated/) },
  { name: 'truncated gzip stream', archive: (sha) => {
      const full = withExtra(sha, [], { 'meshops.yaml': SETTINGS, 'mesh/a.yaml': randomBytes(6000).toString('hex') });
      return full.subarray(0, Math.floor(full.length / 2));
    }, expect: whole('corrupt', /./) },
  { name: 'bytes that are not gzip', archive: (sha) => buildTar([{ path: `${top(sha)}meshops.yaml`, content: SETTINGS }]), expect: whole('not-gzip', /./) },
  { name: 'zip file instead of a tarball', archive: () => Buffer.from('504b0304140000000800', 'hex'), expect: whole('not-gzip', /./) },
  { name: 'the same resource file twice (a later copy would replace the reviewed one)', archive: (sha) => raw(sha, [{ path: `${top(sha)}meshops.yaml`, content: SETTINGS }, { path: `${top(sha)}mesh/a.yaml`, content: MESH }, { path: `${top(sha)}mesh/a.yaml`, content: 'kind: Mesh\nname: evil\nspec: {}\n' }]), expect: whole('corrupt', /holds mesh\/a.yaml twice/) },
  { name: 'archive of another commit', archive: () => withExtra('b'.repeat(40), []), expect: whole('corrupt', /it is the archive of commit b{40}/) },
  // ---- refused before anything is downloaded ----
  { name: 'a branch name instead of a commit SHA', archive: (sha) => withExtra(sha, []), ref: () => 'main', expect: { kind: 'refused-before-download', calls: 0, message: expect.stringMatching(/is not a commit SHA/) } },
  { name: 'a ref with a path in it', archive: (sha) => withExtra(sha, []), ref: () => '../../../../user', expect: { kind: 'refused-before-download', calls: 0 } },
  // ---- read, with the offending entries refused (each an error: no plan) ----
  { name: 'resource file that is a symlink to /etc/passwd', archive: (sha) => withExtra(sha, [{ path: 'mesh/passwd.yaml', type: 'symlink', linkTarget: '/etc/passwd' }]), expect: files(['unreadable']) },
  { name: 'resource file that is a symlink climbing out', archive: (sha) => withExtra(sha, [{ path: 'mesh/up.yaml', type: 'symlink', linkTarget: '../../../../root/.ssh/id_rsa' }]), expect: files(['unreadable']) },
  { name: 'resource file that is a hard link', archive: (sha) => withExtra(sha, [{ path: 'mesh/hard.yaml', type: 'hardlink', linkTarget: 'meshops.yaml' }]), expect: files(['unreadable']) },
  { name: 'resource file that is a FIFO', archive: (sha) => withExtra(sha, [{ path: 'mesh/pipe.yaml', type: 'fifo' }]), expect: files(['unreadable']) },
  { name: 'resource file that is a character device', archive: (sha) => withExtra(sha, [{ path: 'mesh/zero.yaml', type: 'chardev' }]), expect: files(['unreadable']) },
  { name: 'meshops.yaml that is a symlink', archive: (sha) => withExtra(sha, [{ path: 'meshops.yaml', type: 'symlink', linkTarget: '/etc/meshops.yaml' }], { 'mesh/mesh.yaml': MESH }), expect: files(['unreadable']) },
  { name: 'resource file over 1 MiB', archive: (sha) => withExtra(sha, [], { 'meshops.yaml': SETTINGS, 'mesh/mesh.yaml': MESH, 'mesh/big.yaml': `# ${'x'.repeat(MiB + 100)}\n` }), expect: files(['file-too-large']) },
  { name: 'meshops.yaml over 1 MiB', archive: (sha) => withExtra(sha, [], { 'meshops.yaml': `${SETTINGS}# ${'x'.repeat(MiB)}\n`, 'mesh/mesh.yaml': MESH }), expect: files(['file-too-large']) },
  { name: '5,001 resource files', archive: (sha) => withExtra(sha, [], { 'meshops.yaml': SETTINGS, ...Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`mesh/n/${i}.yaml`, `kind: VirtualNode\nname: n${i}\nmesh: watches\nspec: {}\n`])) }), expect: files(['too-many-files']) },
  { name: 'resource file that is not UTF-8', archive: (sha) => withExtra(sha, [], { 'meshops.yaml': SETTINGS, 'mesh/mesh.yaml': Buffer.concat([Buffer.from('kind: Mesh\nname: wat'), Buffer.from([0xff, 0xfe]), Buffer.from('\nspec: {}\n')]) }), expect: files(['not-utf8']) },
  { name: 'no meshops.yaml at all', archive: (sha) => withExtra(sha, [], { 'mesh/mesh.yaml': MESH }), expect: files(['settings-missing']) },
];

let counter = 0;
const nextSha = () => (0xfeed0000 + ++counter).toString(16).padStart(40, 'c');

export async function runHostileArchive(gh: FakeGitHub, c: HostileArchive): Promise<ArchiveOutcome> {
  const sha = nextSha();
  const archive = await c.archive(sha);
  gh.addCommit(REPO, sha, {}, { tarball: archive });
  gh.resetCalls();
  try {
    const snapshot = await fetchGitHubSnapshot(gh.octokit(), { owner: OWNER, repo: NAME, sha: c.ref ? c.ref(sha) : sha }, c.options ?? {});
    const result = loadDesiredState(snapshot, { defaultOwner: REPO });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    return { name: c.name, kind: 'refused-files', codes: [...new Set(errors.map((d) => d.code))], messages: errors.map((d) => `${d.file}: ${d.message}`), desiredState: result.state !== undefined, compressedBytes: archive.length };
  } catch (err) {
    if (err instanceof ArchiveError) return { name: c.name, kind: 'refused-whole', reason: err.reason, message: err.message, desiredState: false, compressedBytes: archive.length };
    if (err instanceof SourceError && gh.calls.length === 0) return { name: c.name, kind: 'refused-before-download', message: err.message, desiredState: false, calls: 0 };
    throw err;
  }
}
