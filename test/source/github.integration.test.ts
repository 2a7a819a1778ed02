import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadDesiredState } from '../../lib/model';
import { SourceError } from '../../lib/source/errors';
import { GitHubSourceError, fetchGitHubSnapshot } from '../../lib/source/github';
import { readLocalSnapshot } from '../../lib/source/local-dir';
import { ArchiveError } from '../../lib/source/tarball';
import { FakeGitHub, buildCommitTarball, startFakeGitHub } from '../support/fake-github';

const REPO = 'acme/mesh-config';
const [owner, repo] = REPO.split('/') as [string, string];
let next = 0;
const newSha = () => (++next).toString(16).padStart(40, 'a');

const SETTINGS = 'version: 1\nregion: us-east-1\nowner: acme/mesh-config\n';
const MESH = 'kind: Mesh\nname: watches\nspec:\n  egressFilter:\n    type: DROP_ALL\n';
const NODE = 'kind: VirtualNode\nname: search-v1\nmesh: watches\nspec:\n  listeners:\n    - portMapping: { port: 8080, protocol: http }\n  serviceDiscovery:\n    dns: { hostname: search-v1.watches.local }\n';

const decode = (files: { path: string; content: Uint8Array }[]) => Object.fromEntries(files.map((f) => [f.path, new TextDecoder().decode(f.content)]));

describe('fetchGitHubSnapshot (Octokit against the fake GitHub over HTTP)', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
  });
  afterAll(() => gh.stop());
  beforeEach(() => gh.resetCalls());

  function commit(files: Record<string, string | Uint8Array>, tarball?: Uint8Array): string {
    const sha = newSha();
    gh.addCommit(REPO, sha, files, tarball ? { tarball } : {});
    return sha;
  }
  const fetch = (sha: string, options = {}) => fetchGitHubSnapshot(gh.octokit(), { owner, repo, sha }, options);

  it('reads meshops.yaml and the YAML below the settings path at an exact commit, with one API call', async () => {
    const sha = commit({
      'meshops.yaml': SETTINGS,
      'mesh/mesh.yaml': MESH,
      'mesh/search/nodes.yml': NODE,
      'mesh/notes.md': '# not yaml',
      'mesh/.drafts/wip.yaml': 'kind: broken',
      '.github/workflows/ci.yml': 'on: push',
      'docs/example.yaml': 'kind: Mesh',
      'README.md': '# mesh config',
    });
    const snapshot = await fetch(sha);
    expect(snapshot).toMatchObject({ repo: REPO, sha, refused: [] });
    expect(decode(snapshot.files)).toEqual({ 'meshops.yaml': SETTINGS, 'mesh/mesh.yaml': MESH, 'mesh/search/nodes.yml': NODE });
    expect(snapshot.stats.apiCalls).toBe(1);
    expect(gh.calls.map((c) => `${c.operationId} ${c.status}`)).toEqual(['repos/download-tarball-archive 302', 'codeload 200']);
    expect(gh.calls[0]!.path).toBe(`/repos/${REPO}/tarball/${sha}`);
    expect(loadDesiredState(snapshot).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('follows a settings path that sorts after meshops.yaml, and drops the candidates it held before', async () => {
    const sha = commit({
      'meshops.yaml': `${SETTINGS}path: services/mesh\n`,
      'mesh/old.yaml': MESH,
      'services/mesh/mesh.yaml': MESH,
      'services/other.yaml': 'x: 1',
    });
    expect(Object.keys(decode((await fetch(sha)).files))).toEqual(['meshops.yaml', 'services/mesh/mesh.yaml']);
  });

  it('names hidden YAML files where resource files would be, like the local reader; the model warns of each', async () => {
    const files: Record<string, string> = {
      'mesh/..yaml': NODE,
      'mesh/.nodes.yaml': NODE,
      'mesh/.drafts/wip.yaml': NODE,
      'mesh/b/.x.yml': NODE,
      '.pre-commit-config.yaml': 'repos: []',
      'meshops.yaml': SETTINGS,
      'mesh/mesh.yaml': MESH,
    };
    const dir = mkdtempSync(join(tmpdir(), 'meshops-src-'));
    try {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      const local = await readLocalSnapshot(dir);
      const remote = await fetch(commit(files));
      expect(remote.hidden).toEqual(['mesh/..yaml', 'mesh/.nodes.yaml', 'mesh/b/.x.yml']);
      expect(local.hidden).toEqual(remote.hidden);
      const warnings = loadDesiredState(remote).diagnostics.filter((d) => d.code === 'hidden-file');
      expect(warnings.map((d) => `${d.severity} ${d.file}`)).toEqual(['warning mesh/..yaml', 'warning mesh/.nodes.yaml', 'warning mesh/b/.x.yml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the same files as the local reader from the same tree', async () => {
    const files: Record<string, string> = { 'meshops.yaml': SETTINGS, 'mesh/a.yaml': MESH, 'mesh/b/c.yml': NODE, 'mesh/.hidden/x.yaml': 'x', 'mesh/b/readme.txt': 't', 'other/d.yaml': 'y' };
    const dir = mkdtempSync(join(tmpdir(), 'meshops-src-'));
    try {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      const local = await readLocalSnapshot(dir);
      const remote = await fetch(commit(files));
      expect(decode(remote.files)).toEqual(decode(local.files));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses anything but a 40-hex SHA, before calling GitHub', async () => {
    for (const ref of ['main', 'refs/heads/main', 'v1.0.0', 'abc1234', `${'a'.repeat(40)}x`]) {
      await expect(fetch(ref)).rejects.toThrow(SourceError);
      await expect(fetch(ref)).rejects.toThrow(/is not a commit SHA \(40 hex digits\)/);
    }
    expect(gh.calls).toHaveLength(0);
  });

  it('says clearly when the commit does not exist (not retryable)', async () => {
    const err = await fetch('f'.repeat(40)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubSourceError);
    expect(err).toMatchObject({ status: 404, retryable: false });
    expect((err as Error).message).toBe(`commit ${'f'.repeat(40)} of ${REPO} was not found (or the token cannot read the repository)`);
  });

  it('marks a GitHub 5xx as retryable', async () => {
    const sha = commit({ 'meshops.yaml': SETTINGS });
    gh.failNext('repos/download-tarball-archive', { status: 502 });
    await expect(fetch(sha)).rejects.toMatchObject({ name: 'GitHubSourceError', status: 502, retryable: true });
    expect((await fetch(sha)).files).toHaveLength(1);
  });

  it('lists a resource file over 1 MiB as refused, and ignores a big file outside the path', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    const snapshot = await fetch(commit({ 'meshops.yaml': SETTINGS, 'mesh/big.yaml': big, 'mesh/ok.yaml': MESH, 'data/big.yaml': big }));
    expect(Object.keys(decode(snapshot.files))).toEqual(['meshops.yaml', 'mesh/ok.yaml']);
    expect(snapshot.refused).toEqual([{ path: 'mesh/big.yaml', reason: 'file-too-large', message: 'mesh/big.yaml is 1.0 MiB; files may be at most 1.0 MiB' }]);
    const errors = loadDesiredState(snapshot).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.file)).toEqual(['mesh/big.yaml']);
  });

  it('refuses a symbolic link where a resource file would be, naming its target; ignores links elsewhere', async () => {
    const sha = newSha();
    const tarball = buildCommitTarball(
      { 'meshops.yaml': SETTINGS, 'mesh/mesh.yaml': MESH },
      { sha, extraEntries: [{ path: 'mesh/passwd.yaml', type: 'symlink', linkTarget: '/etc/passwd' }, { path: 'docs/link.md', type: 'symlink', linkTarget: '../README.md' }, { path: 'mesh/dev.yaml', type: 'chardev' }] },
    );
    gh.addCommit(REPO, sha, {}, { tarball });
    const snapshot = await fetch(sha);
    expect(Object.keys(decode(snapshot.files))).toEqual(['meshops.yaml', 'mesh/mesh.yaml']);
    expect(snapshot.refused).toEqual([
      { path: 'mesh/dev.yaml', reason: 'unreadable', message: 'mesh/dev.yaml is not a regular file (a device, FIFO or sparse entry); meshops reads only regular files from a GitHub repository' },
      { path: 'mesh/passwd.yaml', reason: 'unreadable', message: 'mesh/passwd.yaml is a symbolic link (to /etc/passwd); meshops reads only regular files from a GitHub repository' },
    ]);
  });

  it('refuses a meshops.yaml that is a link', async () => {
    const sha = newSha();
    gh.addCommit(REPO, sha, {}, { tarball: buildCommitTarball({ 'mesh/mesh.yaml': MESH }, { sha, extraEntries: [{ path: 'meshops.yaml', type: 'symlink', linkTarget: 'real-settings.yaml' }] }) });
    const snapshot = await fetch(sha);
    expect(snapshot.refused).toEqual([expect.objectContaining({ path: 'meshops.yaml', reason: 'unreadable' })]);
    expect(snapshot.files.map((f) => f.path)).toEqual(['mesh/mesh.yaml']);
  });

  it('refuses more than 5,000 resource files as a whole', async () => {
    const files: Record<string, string> = { 'meshops.yaml': SETTINGS };
    for (let i = 0; i <= 5000; i++) files[`mesh/n/${String(i).padStart(5, '0')}.yaml`] = 'kind: Mesh\n';
    const snapshot = await fetch(commit(files));
    expect(snapshot.files.map((f) => f.path)).toEqual(['meshops.yaml']);
    expect(snapshot.refused).toEqual([{ path: 'mesh', reason: 'too-many-files', message: 'mesh/ holds 5001 resource files; at most 5000 are read (split the mesh over several repositories)' }]);
  });

  it('bounds the YAML held before meshops.yaml is read', async () => {
    const files: Record<string, string> = { 'meshops.yaml': SETTINGS };
    for (let i = 0; i < 30; i++) files[`a/${i}.yaml`] = 'x: 1\n';
    await expect(fetch(commit(files), { maxCandidateFiles: 20 })).rejects.toThrow(/more than 20 YAML files ahead of meshops.yaml/);
  });

  it('leaves a missing meshops.yaml to the model, which reports it', async () => {
    const snapshot = await fetch(commit({ 'mesh/mesh.yaml': MESH }));
    expect(snapshot.files.map((f) => f.path)).toEqual(['mesh/mesh.yaml']);
    expect(loadDesiredState(snapshot).diagnostics.map((d) => d.code)).toContain('settings-missing');
  });

  it('refuses a resource file with a backslash in its name as unsafe-path, as the local source does, wherever meshops.yaml sits in the archive', async () => {
    const sha = commit({ 'a\\early.yaml': 'x: 1', 'meshops.yaml': SETTINGS, 'mesh/mesh.yaml': MESH, 'mesh/search\\v1.yaml': NODE, 'docs\\x.yaml': 'x: 1' });
    const snapshot = await fetch(sha);
    expect(snapshot.files.map((f) => f.path)).toEqual(['meshops.yaml', 'mesh/mesh.yaml']);
    expect((snapshot.refused ?? []).map((r) => `${r.reason} ${r.path}`)).toEqual(['unsafe-path mesh/search\\v1.yaml']);
    const dir = mkdtempSync(join(tmpdir(), 'meshops-backslash-'));
    try {
      for (const [path, content] of Object.entries({ 'meshops.yaml': SETTINGS, 'mesh/mesh.yaml': MESH, 'mesh/search\\v1.yaml': NODE })) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      const local = await readLocalSnapshot(dir);
      expect(loadDesiredState(local).diagnostics).toEqual(loadDesiredState(snapshot).diagnostics);
      expect(loadDesiredState(local).diagnostics.map((d) => d.code)).toEqual(['unsafe-path']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a hostile archive whole, naming the commit', async () => {
    const sha = newSha();
    gh.addCommit(REPO, sha, {}, { tarball: buildCommitTarball({ 'meshops.yaml': SETTINGS }, { sha, extraEntries: [{ path: '../../../tmp/evil.yaml', content: 'x' }] }) });
    const err = await fetch(sha).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveError);
    expect(err).toMatchObject({ reason: 'unsafe-path' });
    expect((err as Error).message).toMatch(new RegExp(`^reading the archive of ${REPO}@${sha.slice(0, 7)}: the archive entry .* climbs out of its folder`));
  });

  it('refuses an archive that belongs to another commit', async () => {
    const sha = newSha();
    gh.addCommit(REPO, sha, {}, { tarball: buildCommitTarball({ 'meshops.yaml': SETTINGS }, { sha: 'b'.repeat(40) }) });
    await expect(fetch(sha)).rejects.toThrow(`it is the archive of commit ${'b'.repeat(40)}, not ${sha}`);
  });

  it('reads invalid UTF-8 bytes as they are (the model reports them)', async () => {
    const sha = commit({ 'meshops.yaml': SETTINGS, 'mesh/bad.yaml': new Uint8Array([0x6b, 0x3a, 0x20, 0xff, 0xfe, 0x0a]) });
    const file = (await fetch(sha)).files.find((f) => f.path === 'mesh/bad.yaml')!;
    expect([...file.content]).toEqual([0x6b, 0x3a, 0x20, 0xff, 0xfe, 0x0a]);
  });
});
