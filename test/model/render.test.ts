import { join } from 'node:path';
import { countDiagnostics, loadDesiredState, renderDiagnostics, type Diagnostic } from '../../lib/model';
import { readLocalSnapshot } from '../../lib/source';
import { expectGolden } from './support/golden';
import { load, snapshot } from './support/repo';

const fixture = (name: string) => readLocalSnapshot(join(__dirname, '..', 'fixtures', 'broken', name));

describe('renderDiagnostics (golden files; UPDATE_GOLDEN=1 rewrites them)', () => {
  it('a repository with errors in several files', async () => {
    const snap = await fixture('enum/several-errors-one-run');
    const { diagnostics } = loadDesiredState(snap);
    expectGolden('several-errors.txt', renderDiagnostics(diagnostics, { color: false, files: snap.files }));
  });

  it('the same, in colour for a terminal', async () => {
    const snap = await fixture('enum/several-errors-one-run');
    const { diagnostics } = loadDesiredState(snap);
    expectGolden('several-errors.color.txt', renderDiagnostics(diagnostics, { color: true, files: snap.files }));
  });

  it('settings, YAML and input-safety errors with warnings', () => {
    const files = {
      'mesh/mesh.yaml': 'kind: Mesh\nname: watches\nname: again\n',
      'mesh/bad.yaml': 'kind: VirtualNode\nname: n\nmesh: watches\nspec:\n  serviceDiscovery:\n    awsCloudMap: { namespaceName: elsewhere, serviceName: s }\n  listeners:\n    - portMapping: { port: 8080, protocol: http }\n      healthCheck: { protocol: tcp, path: /x, healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000 }\n',
      'mesh/bin.yml': new Uint8Array([0x6b, 0x3a, 0x20, 0xff, 0x0a]),
    };
    const snap = snapshot(files, { settings: 'version: 1\nregion: us-east-1\nprune: "no"\n' });
    snap.refused = [{ path: 'mesh/huge.yaml', reason: 'file-too-large', message: 'mesh/huge.yaml is 3.2 MiB; files may be at most 1.0 MiB' }];
    const { diagnostics } = loadDesiredState(snap);
    expectGolden('mixed.txt', `${renderDiagnostics(diagnostics, { color: false, files: snap.files })}${countDiagnostics(diagnostics)}\n`);
  });

  it('warnings only, on a valid repository', () => {
    const snap = snapshot(
      {
        'mesh/m.yaml': 'kind: Mesh\nname: watches\n---\nkind: VirtualNode\nname: n\nmesh: watches\nspec:\n  serviceDiscovery:\n    awsCloudMap:\n      namespaceName: shared\n      serviceName: n\n',
      },
      { settings: 'version: 1\nregion: us-east-1\n' },
    );
    const result = loadDesiredState(snap);
    expect(result.state).toBeDefined();
    expectGolden('warnings.txt', renderDiagnostics(result.diagnostics, { color: false, files: snap.files }));
  });
});

describe('renderDiagnostics details', () => {
  it('puts the caret under the column, keeping tabs, and survives missing sources', () => {
    const d: Diagnostic = { severity: 'error', code: 'type', message: 'bad', file: 'a.yaml', line: 1, column: 4 };
    const text = renderDiagnostics([d], { color: false, files: [{ path: 'a.yaml', content: '#\tab: 1\n' }] });
    expect(text).toBe('a.yaml:1:4: error: bad [type]\n 1 | #\tab: 1\n   |  \t ^\n');
    expect(renderDiagnostics([d], { color: false })).toBe('a.yaml:1:4: error: bad [type]\n');
    expect(renderDiagnostics([{ severity: 'warning', code: 'quota', message: 'repo-wide' }], { color: false })).toBe('warning: repo-wide [quota]\n');
    expect(renderDiagnostics([{ severity: 'error', code: 'repo-unreadable', message: 'm', file: 'dir' }], { color: false })).toBe('dir: error: m [repo-unreadable]\n');
    expect(renderDiagnostics([], { color: true })).toBe('');
  });

  it('counts', () => {
    expect(countDiagnostics([])).toBe('no problems');
    expect(countDiagnostics(load({ 'mesh/a.yaml': 'kind: Mash\n---\nkind: Mesh\nname: 1\n' }).diagnostics)).toBe('2 errors');
  });
});
