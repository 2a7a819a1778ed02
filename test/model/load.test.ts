import { ConfigError, loadDesiredState, requireDesiredState, MAX_FILE_BYTES, MAX_RESOURCE_FILES } from '../../lib/model';
import { brief, load, snapshot } from './support/repo';

describe('loadDesiredState: what it reads from a snapshot', () => {
  it('reads only resource files below path, counts files and documents', () => {
    const result = load({
      'mesh/a.yaml': 'kind: Mesh\nname: a\n---\n---\nkind: Mesh\nname: b\n',
      'mesh/.hidden/x.yaml': 'not: read',
      'docs/x.yaml': 'not: read',
      'mesh/readme.md': 'not read',
    });
    expect(result.diagnostics).toEqual([]);
    expect(result).toMatchObject({ files: 1, documents: 2 });
    expect(result.state?.resources.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('refuses a path that holds no resource file, at the line of `path` (a typo must not plan deleting everything)', () => {
    const typo = load({ 'mesh/a.yaml': 'kind: Mesh\nname: a\n' }, { settings: 'version: 1\nregion: us-east-1\npath: meshes\nowner: o\n' });
    expect(typo.state).toBeUndefined();
    expect(typo.diagnostics.map((d) => `${d.severity} ${brief(d)}`)).toEqual(['error path-empty@3:7 path']);
    expect(typo.diagnostics[0]!.message).toMatch(/^meshes\/ does not exist or holds no \.yaml or \.yml files.*allowEmpty: true/);
    // The default path, unwritten: the error is on meshops.yaml itself.
    const unwritten = load({});
    expect(unwritten.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`)).toEqual(['error path-empty meshops.yaml:1']);
  });

  it('with allowEmpty: true, declaring nothing is only a warning', () => {
    const result = load({}, { settings: 'version: 1\nregion: us-east-1\nowner: o\nallowEmpty: true\n' });
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual(['warning no-resources mesh/ holds no .yaml or .yml files: nothing is declared (allowEmpty: true)']);
    expect(result.state?.resources).toEqual([]);
    expect(result.state?.settings.allowEmpty).toBe(true);
  });

  it('refuses an owner other than the one the deployment pins, at its line', () => {
    const files = { 'mesh/a.yaml': 'kind: Mesh\nname: a\n' };
    const claim = loadDesiredState(snapshot(files, { settings: 'version: 1\nregion: us-east-1\nowner: acme/mesh-config\n' }), { defaultOwner: 'acme/intruder', pinnedOwner: 'acme/intruder' });
    expect(claim.state).toBeUndefined();
    expect(claim.diagnostics.map((d) => `${d.severity} ${brief(d)}`)).toEqual(['error owner-not-allowed@3:8 owner']);
    expect(claim.diagnostics[0]!.message).toContain('pins it to the owner "acme/intruder"');
    // Unwritten: the pinned value. Written as the repository's own name in another case: accepted as written.
    const unwritten = loadDesiredState(snapshot(files, { settings: 'version: 1\nregion: us-east-1\n' }), { defaultOwner: 'acme/mesh-config', pinnedOwner: 'payments' });
    expect(unwritten.state?.settings.owner).toBe('payments');
    const cased = loadDesiredState(snapshot(files, { settings: 'version: 1\nregion: us-east-1\nowner: ACME/Mesh-Config\n' }), { defaultOwner: 'acme/mesh-config', pinnedOwner: 'acme/mesh-config' });
    expect(cased.state?.settings.owner).toBe('ACME/Mesh-Config');
    // A mapped owner is exact.
    const mapped = loadDesiredState(snapshot(files, { settings: 'version: 1\nregion: us-east-1\nowner: Payments\n' }), { defaultOwner: 'acme/mesh-config', pinnedOwner: 'payments' });
    expect(mapped.diagnostics.map((d) => d.code)).toEqual(['owner-not-allowed']);
  });

  it("turns the source's refusals into errors naming the file", () => {
    const snap = snapshot({ 'mesh/a.yaml': 'kind: Mesh\nname: a\n' });
    snap.refused = [
      { path: 'mesh/big.yaml', reason: 'file-too-large', message: 'mesh/big.yaml is 2.0 MiB; files may be at most 1.0 MiB' },
      { path: 'mesh/link.yaml', reason: 'symlink-outside-repo', message: 'mesh/link.yaml is a symbolic link that leads outside the repository; it is not read' },
    ];
    const result = loadDesiredState(snap);
    expect(result.state).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['file-too-large mesh/big.yaml', 'symlink-outside-repo mesh/link.yaml']);
  });

  it('re-checks the limits on any snapshot: unsafe paths, file size, file count', () => {
    const unsafe = load({ '../evil.yaml': 'kind: Mesh\nname: e\n', 'mesh/a.yaml': 'kind: Mesh\nname: a\n' });
    expect(unsafe.diagnostics.map(brief)).toEqual(['unsafe-path@-:-']);
    const big = load({ 'mesh/big.yaml': new Uint8Array(MAX_FILE_BYTES + 1) });
    expect(big.diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['file-too-large mesh/big.yaml']);
    const files: Record<string, string> = {};
    for (let i = 0; i <= MAX_RESOURCE_FILES; i++) files[`mesh/f${i}.yaml`] = '';
    const many = load(files);
    expect(many.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'too-many-files mesh/ holds 5001 resource files; at most 5000 are read (split the mesh over several repositories)',
    ]);
  });

  it('requireDesiredState throws a ConfigError carrying every diagnostic', () => {
    const snap = snapshot({ 'mesh/a.yaml': 'kind: Mash\n---\nkind: Mesh\nname: a/b\n' });
    expect(() => requireDesiredState(snap)).toThrow(ConfigError);
    try {
      requireDesiredState(snap);
    } catch (err) {
      expect(err).toMatchObject({ name: 'ConfigError', message: 'the mesh repository has 2 errors; first: mesh/a.yaml:1:7: kind: unknown kind "Mash" (did you mean Mesh?); the kinds are CloudMapNamespace, CloudMapService, Mesh, VirtualNode, VirtualRouter, Route, VirtualService, VirtualGateway, GatewayRoute' });
      expect((err as ConfigError).diagnostics).toHaveLength(2);
    }
    const ok = requireDesiredState(snapshot({ 'mesh/a.yaml': 'kind: Mesh\nname: a\n' }));
    expect(ok.state.resources).toHaveLength(1);
  });
});
