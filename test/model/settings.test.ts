import { loadDesiredState } from '../../lib/model';
import { brief, load, snapshot } from './support/repo';

const MESH = { 'mesh/mesh.yaml': 'kind: Mesh\nname: watches\n' };
const settingsOf = (settings: string) => load(MESH, { settings });

describe('meshops.yaml', () => {
  it('fills the defaults of docs/design.md §1', () => {
    const result = settingsOf('version: 1\nregion: eu-west-1\nowner: acme/mesh-config\n');
    expect(result.diagnostics).toEqual([]);
    expect(result.state?.settings).toEqual({
      version: 1,
      region: 'eu-west-1',
      owner: 'acme/mesh-config',
      path: 'mesh',
      prune: true,
      maxDeletes: 10,
      drift: { report: 'issue', remediate: false },
      ignore: [],
      targets: ['appmesh'],
      lattice: { authType: 'NONE', vpcs: [], registration: 'none', unsupported: 'error' },
    });
  });

  it('reads every setting', () => {
    const result = load(
      { 'infra/mesh/m.yaml': 'kind: Mesh\nname: watches\n' },
      {
        settings: `version: 1
region: us-gov-west-1
owner: platform
path: ./infra//mesh/
prune: false
maxDeletes: 0
drift: { report: none, remediate: true }
ignore:
  - { kind: VirtualNode, name: "search-*", mesh: watches, path: /spec/listeners/0/healthCheck }
  - { kind: "*", name: "*", path: /tags/team }
`,
      },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.state?.settings).toMatchObject({
      region: 'us-gov-west-1',
      path: 'infra/mesh',
      prune: false,
      maxDeletes: 0,
      drift: { report: 'none', remediate: true },
      ignore: [
        { kind: 'VirtualNode', name: 'search-*', mesh: 'watches', path: '/spec/listeners/0/healthCheck' },
        { kind: '*', name: '*', path: '/tags/team' },
      ],
    });
    expect(result.state?.resources.map((r) => r.source.file)).toEqual(['infra/mesh/m.yaml']);
  });

  it('owner comes from the file, else the caller (the GitHub repo), else a warning', () => {
    const settings = 'version: 1\nregion: us-east-1\n';
    const withDefault = loadDesiredState(snapshot(MESH, { settings }), { defaultOwner: 'acme/repo' });
    expect(withDefault.state?.settings.owner).toBe('acme/repo');
    expect(withDefault.diagnostics).toEqual([]);
    const without = settingsOf(settings);
    expect(without.state?.settings.owner).toBe('');
    expect(without.diagnostics.map(brief)).toEqual(['owner-missing@1:1']);
    expect(without.diagnostics[0].severity).toBe('warning');
    const fileWins = loadDesiredState(snapshot(MESH, { settings: `${settings}owner: team-a\n` }), { defaultOwner: 'acme/repo' });
    expect(fileWins.state?.settings.owner).toBe('team-a');
  });

  it.each([
    ['version missing', 'region: us-east-1\n', ['required@1:1']],
    ['version 2', 'version: 2\nregion: us-east-1\n', ['settings-version@1:10 version']],
    ['region missing', 'version: 1\n', ['required@1:1']],
    ['region not a region', 'version: 1\nregion: Virginia\n', ['pattern@2:9 region']],
    ['an unknown key at the key', 'version: 1\nregion: us-east-1\nprun: false\n', ['unknown-field@3:1 prun']],
    ['prune: yes is a string in YAML 1.2', 'version: 1\nregion: us-east-1\nprune: yes\n', ['type@3:8 prune']],
    ['maxDeletes negative', 'version: 1\nregion: us-east-1\nmaxDeletes: -1\n', ['range@3:13 maxDeletes']],
    ['drift.report not an option', 'version: 1\nregion: us-east-1\ndrift: { report: slack }\n', ['enum@3:18 drift.report']],
    ['a path leaving the repository', 'version: 1\nregion: us-east-1\npath: ../other\n', ['settings-path@3:7 path']],
    ['an absolute path', 'version: 1\nregion: us-east-1\npath: /etc\n', ['settings-path@3:7 path']],
    ['an ignore rule without path', 'version: 1\nregion: us-east-1\nignore:\n  - { kind: Mesh, name: "*" }\n', ['required@4:5 ignore[0]']],
    ['an ignore path outside spec and tags', 'version: 1\nregion: us-east-1\nignore:\n  - { kind: Mesh, name: "*", path: /name }\n', ['pattern@4:36 ignore[0].path']],
    ['an ignore rule of an unknown kind', 'version: 1\nregion: us-east-1\nignore:\n  - { kind: Node, name: "*", path: /spec }\n', ['enum@4:13 ignore[0].kind']],
    ['two documents', 'version: 1\nregion: us-east-1\n---\nversion: 1\n', ['settings-multiple-documents@4:1']],
    ['an empty file', '', ['settings-empty@1:1']],
    ['not a mapping', '- version: 1\n', ['type@1:1']],
  ])('%s is an error', (_name, settings, expected) => {
    const result = settingsOf(settings);
    const found = result.diagnostics.filter((d) => d.code !== 'owner-missing').map(brief);
    expect(found).toEqual(expected);
    expect(result.state).toBeUndefined();
  });

  it('explains an unsupported version and a bad region', () => {
    const messages = (s: string) => settingsOf(s).diagnostics.map((d) => d.message);
    expect(messages('version: 2\nregion: us-east-1\nowner: o\n')).toEqual(['unsupported settings version 2; this meshops reads version 1']);
    expect(messages('version: 1\nregion: Virginia\nowner: o\n')).toEqual(['"Virginia" is not an AWS region name (like us-east-1)']);
  });

  it('a missing meshops.yaml is an error', () => {
    const result = load(MESH, { settings: null });
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['settings-missing', 'meshops.yaml']]);
  });
});
