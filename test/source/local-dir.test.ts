import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDesiredState } from '../../lib/model';
import { MAX_FILE_BYTES, MAX_RESOURCE_FILES, readLocalSnapshot, RepoDirectoryError, SettingsFileMissingError } from '../../lib/source';

const SETTINGS = 'version: 1\nregion: us-east-1\nowner: acme/mesh-config\n';
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'meshops-source-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(path: string, content: string | Buffer): void {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
}

const paths = (s: { files: { path: string }[] }) => s.files.map((f) => f.path);

describe('readLocalSnapshot', () => {
  it('reads meshops.yaml and every .yaml/.yml below path, at any depth, sorted', async () => {
    write('meshops.yaml', SETTINGS);
    write('mesh/b.yaml', 'kind: Mesh\nname: b\n');
    write('mesh/a/deep/er/c.yml', 'kind: Mesh\nname: c\n');
    write('mesh/README.md', '# not read');
    write('mesh/.drafts/d.yaml', 'kind: Mesh\nname: d\n');
    write('mesh/.hidden.yaml', 'kind: Mesh\nname: e\n');
    write('other/x.yaml', 'kind: Mesh\nname: x\n');
    const snapshot = await readLocalSnapshot(root);
    expect(snapshot.repo).toBe(root);
    expect(paths(snapshot)).toEqual(['meshops.yaml', 'mesh/a/deep/er/c.yml', 'mesh/b.yaml']);
    expect(snapshot.refused).toEqual([]);
    expect(new TextDecoder().decode(snapshot.files[2].content)).toBe('kind: Mesh\nname: b\n');
  });

  it("follows the settings' path", async () => {
    write('meshops.yaml', `${SETTINGS}path: infra/app-mesh\n`);
    write('infra/app-mesh/m.yaml', 'kind: Mesh\nname: m\n');
    write('mesh/ignored.yaml', 'kind: Mesh\nname: i\n');
    expect(paths(await readLocalSnapshot(root))).toEqual(['meshops.yaml', 'infra/app-mesh/m.yaml']);
  });

  it("a settings path that leaves the repository reads the default folder; the model reports the path", async () => {
    write('meshops.yaml', `${SETTINGS}path: ../outside\n`);
    mkdirSync(join(root, '..', 'outside'), { recursive: true });
    const snapshot = await readLocalSnapshot(root);
    expect(paths(snapshot)).toEqual(['meshops.yaml']);
    const result = loadDesiredState(snapshot);
    expect(result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['settings-path meshops.yaml:4']);
  });

  it('a missing meshops.yaml and a missing directory are clear errors', async () => {
    write('mesh/m.yaml', 'kind: Mesh\nname: m\n');
    await expect(readLocalSnapshot(root)).rejects.toThrow(SettingsFileMissingError);
    await expect(readLocalSnapshot(root)).rejects.toThrow(/has no meshops\.yaml: a mesh repository keeps its settings in meshops\.yaml at its root/);
    await expect(readLocalSnapshot(join(root, 'nope'))).rejects.toThrow(RepoDirectoryError);
    await expect(readLocalSnapshot(join(root, 'mesh/m.yaml'))).rejects.toThrow(/is not a directory/);
  });

  it('refuses symlinks that leave the repository, for files and folders', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'meshops-outside-'));
    try {
      writeFileSync(join(outside, 'secret.yaml'), 'kind: Mesh\nname: stolen\n');
      write('meshops.yaml', SETTINGS);
      write('mesh/ok.yaml', 'kind: Mesh\nname: ok\n');
      symlinkSync(join(outside, 'secret.yaml'), join(root, 'mesh/link.yaml'));
      symlinkSync(outside, join(root, 'mesh/linked-dir'));
      symlinkSync('../../..', join(root, 'mesh/up'));
      const snapshot = await readLocalSnapshot(root);
      expect(paths(snapshot)).toEqual(['meshops.yaml', 'mesh/ok.yaml']);
      expect(snapshot.refused?.map((r) => [r.path, r.reason])).toEqual([
        ['mesh/link.yaml', 'symlink-outside-repo'],
        ['mesh/linked-dir', 'symlink-outside-repo'],
        ['mesh/up', 'symlink-outside-repo'],
      ]);
      const result = loadDesiredState(snapshot);
      expect(result.state).toBeUndefined();
      expect(result.diagnostics.map((d) => `${d.file}: ${d.message}`)).toContain('mesh/link.yaml: mesh/link.yaml is a symbolic link that leads outside the repository; it is not read');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a meshops.yaml that is a symlink out of the repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'meshops-outside-'));
    try {
      writeFileSync(join(outside, 'meshops.yaml'), SETTINGS);
      symlinkSync(join(outside, 'meshops.yaml'), join(root, 'meshops.yaml'));
      const snapshot = await readLocalSnapshot(root);
      expect(snapshot.files).toEqual([]);
      expect(loadDesiredState(snapshot).diagnostics.map((d) => d.code)).toEqual(['symlink-outside-repo']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('follows symlinks inside the repository, survives loops, and refuses dangling resource links', async () => {
    write('meshops.yaml', SETTINGS);
    write('shared/mesh.yaml', 'kind: Mesh\nname: shared\n');
    mkdirSync(join(root, 'mesh'));
    symlinkSync('../shared', join(root, 'mesh/shared'));
    symlinkSync('.', join(root, 'mesh/loop'));
    symlinkSync('nowhere.yaml', join(root, 'mesh/dangling.yaml'));
    symlinkSync('no-folder', join(root, 'mesh/dangling-folder'));
    const snapshot = await readLocalSnapshot(root);
    expect(paths(snapshot)).toEqual(['meshops.yaml', 'mesh/shared/mesh.yaml']);
    expect(snapshot.refused).toEqual([{ path: 'mesh/dangling.yaml', reason: 'unreadable', message: 'mesh/dangling.yaml is a symbolic link to nothing; fix or remove the link' }]);
    expect(loadDesiredState(snapshot).state).toBeUndefined();
  });

  it('refuses a resource file with a backslash in its name (or its folder\'s) as unsafe-path, like the GitHub source; a backslash elsewhere is not read', async () => {
    write('meshops.yaml', SETTINGS);
    write('mesh/mesh.yaml', 'kind: Mesh\nname: watches\n');
    write('mesh/search\\v1.yaml', 'kind: Mesh\nname: other\n');
    write('mesh/team\\a/nodes.yml', 'kind: Mesh\nname: third\n');
    write('mesh/notes\\draft.md', 'not yaml');
    write('docs\\x.yaml', 'kind: Mesh\nname: outside\n');
    const snapshot = await readLocalSnapshot(root);
    expect(paths(snapshot)).toEqual(['meshops.yaml', 'mesh/mesh.yaml']);
    expect((snapshot.refused ?? []).map((r) => `${r.reason} ${r.path}`)).toEqual(['unsafe-path mesh/search\\v1.yaml', 'unsafe-path mesh/team\\a/nodes.yml']);
    const result = loadDesiredState(snapshot);
    expect(result.state).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.file} ${d.message}`)).toEqual([
      'unsafe-path mesh/search\\v1.yaml "mesh/search\\\\v1.yaml" is not a plain path inside the repository (no backslash, drive letter, "..", NUL or absolute path); it is not read. Rename it',
      'unsafe-path mesh/team\\a/nodes.yml "mesh/team\\\\a/nodes.yml" is not a plain path inside the repository (no backslash, drive letter, "..", NUL or absolute path); it is not read. Rename it',
    ]);
  });

  it('refuses files over 1 MiB by name, without reading them', async () => {
    write('meshops.yaml', SETTINGS);
    write('mesh/big.yaml', Buffer.alloc(MAX_FILE_BYTES + 1, 0x61));
    write('mesh/small.yaml', 'kind: Mesh\nname: s\n');
    const snapshot = await readLocalSnapshot(root);
    expect(paths(snapshot)).toEqual(['meshops.yaml', 'mesh/small.yaml']);
    expect(snapshot.refused).toEqual([{ path: 'mesh/big.yaml', reason: 'file-too-large', message: 'mesh/big.yaml is 1.0 MiB; files may be at most 1.0 MiB' }]);
    expect(loadDesiredState(snapshot).diagnostics.map((d) => [d.code, d.file])).toEqual([['file-too-large', 'mesh/big.yaml']]);
  });

  it('refuses more than 5,000 resource files with one clear message', async () => {
    write('meshops.yaml', SETTINGS);
    for (let i = 0; i <= MAX_RESOURCE_FILES; i++) write(`mesh/d${i % 50}/f${i}.yaml`, '');
    const snapshot = await readLocalSnapshot(root);
    expect(paths(snapshot)).toEqual(['meshops.yaml']);
    expect(snapshot.refused).toEqual([
      { path: 'mesh', reason: 'too-many-files', message: 'mesh/ holds more than 5000 resource files; at most 5000 are read (split the mesh over several repositories)' },
    ]);
    const result = loadDesiredState(snapshot);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['too-many-files']);
  });

  it('reads exactly 5,000 files', async () => {
    write('meshops.yaml', SETTINGS);
    for (let i = 0; i < MAX_RESOURCE_FILES; i++) write(`mesh/d${i % 50}/f${i}.yaml`, '');
    const snapshot = await readLocalSnapshot(root);
    expect(snapshot.files).toHaveLength(MAX_RESOURCE_FILES + 1);
    expect(snapshot.refused).toEqual([]);
  });

  it('reads the template repository', async () => {
    const snapshot = await readLocalSnapshot(join(__dirname, '..', '..', 'mesh-repo-template'));
    expect(paths(snapshot)[0]).toBe('meshops.yaml');
    expect(paths(snapshot).every((p) => p === 'meshops.yaml' || p.startsWith('mesh/'))).toBe(true);
    expect(loadDesiredState(snapshot).diagnostics).toEqual([]);
  });
});
