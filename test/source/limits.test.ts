import { isResourceFile, normalizeRepoPath, settingsPath } from '../../lib/source';
import { exceedsFlowDepth } from '../../lib/model/yaml/prescan';
import type { RepoSnapshot as ModelSnapshot } from '../../lib/model';
import type { RepoSnapshot } from '../../lib/source';

describe('normalizeRepoPath', () => {
  it.each([
    ['mesh', 'mesh'],
    ['./mesh/', 'mesh'],
    ['a//b/./c', 'a/b/c'],
    ['.', ''],
    ['', ''],
    ['..a/b', '..a/b'],
  ])('%j → %j', (input, expected) => expect(normalizeRepoPath(input)).toBe(expected));

  it.each(['../x', 'a/../../b', 'a/..', '/etc', 'a\\b', 'C:/x', 'a\0b'])('refuses %j', (input) => expect(normalizeRepoPath(input)).toBeUndefined());
});

describe('isResourceFile', () => {
  it.each([
    ['mesh/a.yaml', 'mesh', true],
    ['mesh/x/y/z.YML', 'mesh', true],
    ['mesh/a.json', 'mesh', false],
    ['mesh/.a.yaml', 'mesh', false],
    ['mesh/.github/a.yaml', 'mesh', false],
    ['meshes/a.yaml', 'mesh', false],
    ['mesh.yaml', 'mesh', false],
    ['a.yaml', '', true],
    ['meshops.yaml', '', false],
    ['.github/workflows/ci.yaml', '', false],
    ['mesh/../x.yaml', 'mesh', false],
  ])('%s under %j: %s', (path, root, expected) => expect(isResourceFile(path, root)).toBe(expected));
});

describe('settingsPath', () => {
  it.each([
    ['version: 1\n', 'mesh'],
    ['path: infra/mesh\n', 'infra/mesh'],
    ['path: ./x/\n', 'x'],
    ['path: .\n', ''],
    ['path: ../x\n', 'mesh'],
    ['path: 42\n', 'mesh'],
    ['path: [a]\n', 'mesh'],
    ['- not a mapping\n', 'mesh'],
    ['path: "unterminated\n', 'mesh'],
    ['path: *alias\n', 'mesh'],
  ])('%j → %j', (content, expected) => expect(settingsPath(content)).toBe(expected));

  it('reads bytes, and refuses non-UTF-8 and oversized content', () => {
    expect(settingsPath(new TextEncoder().encode('path: m2\n'))).toBe('m2');
    expect(settingsPath(new Uint8Array([0x70, 0x61, 0x74, 0x68, 0x3a, 0x20, 0xff]))).toBe('mesh');
    expect(settingsPath(new Uint8Array(1024 * 1024 + 1))).toBe('mesh');
    expect(settingsPath(`path: x\nz: ${'['.repeat(100_000)}`)).toBe('mesh');
  });
});

describe('exceedsFlowDepth', () => {
  it('counts brackets conservatively', () => {
    expect(exceedsFlowDepth('[[[]]]', 3)).toBe(false);
    expect(exceedsFlowDepth('[{[[]]}]', 3)).toBe(true);
    expect(exceedsFlowDepth(']]]][[[', 3)).toBe(false);
  });
});

it('the source and model snapshot types are the same type', () => {
  const fromSource: RepoSnapshot = { repo: 'r', files: [{ path: 'meshops.yaml', content: new Uint8Array() }], refused: [] };
  const asModel: ModelSnapshot = fromSource;
  expect(asModel).toBe(fromSource);
});
