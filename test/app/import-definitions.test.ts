import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { importDefinitions, type DefinitionsImportOptions } from '../../lib/app/import-definitions';
import { ImportRefusedError } from '../../lib/import';
import { loadDesiredState } from '../../lib/model';
import { cli } from '../support/cli';

const FIXTURES = join(__dirname, '..', 'fixtures', 'import');

function files(kind: 'cloudformation' | 'kubernetes', names: string[]): DefinitionsImportOptions['files'] {
  return names.map((n) => ({ path: `${kind}/${n}`, content: readFileSync(join(FIXTURES, kind, n)) }));
}

/** Published templates and manifests (see test/fixtures/import/README.md) with the values their walkthroughs pass. */
const REAL: [string, Omit<DefinitionsImportOptions, 'region'>, number][] = [
  ['howto-servicediscovery-cloudmap', { from: 'cloudformation', files: files('cloudformation', ['howto-servicediscovery-cloudmap.yaml']), parameters: { 'AWS::StackName': 'howto-sd' } }, 8],
  ['howto-ipv6 (dns, v6 preferred)', { from: 'cloudformation', files: files('cloudformation', ['howto-ipv6-dns-mesh-v6-preferred.yaml']), parameters: { AppMeshMeshName: 'ipv6' } }, 20],
  ['howto-mutual-tls-acm (Fn::ImportValue)', {
    from: 'cloudformation', files: files('cloudformation', ['howto-mutual-tls-acm-mesh.yaml']),
    importValues: { 'mtls-ec2-appmesh-example:AcmPcaColorTellerEndpointCertArn': 'arn:aws:acm:us-east-1:111122223333:certificate/1', 'mtls-ec2-appmesh-example:AcmPcaColorTellerRootCAArn': 'arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/2' },
  }, 5],
  ['howto-timeout-policy', { from: 'cloudformation', files: files('cloudformation', ['howto-timeout-policy.yaml']), parameters: { MeshName: 'timeouts', ServicesDomain: 'timeouts.local', CertificateAuthorityArn: 'arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/1', CertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/2' } }, 4],
  ['ecs-cross-account (two templates)', { from: 'cloudformation', files: files('cloudformation', ['ecs-cross-account-backend.yml', 'ecs-cross-account-frontend.yml']), parameters: { MeshOwner: '111122223333' } }, 9],
  ['howto-k8s-http-ingress-v2', { from: 'kubernetes', files: files('kubernetes', ['howto-k8s-http-ingress-v2.yaml', 'howto-k8s-http-ingress-v2-rewrite-prefix.yaml']) }, 15],
  ['howto-k8s-cloudmap', { from: 'kubernetes', files: files('kubernetes', ['howto-k8s-cloudmap.yaml']) }, 10],
  ['howto-k8s-grpc-ingress-v2 (a field the API ignored)', { from: 'kubernetes', files: files('kubernetes', ['howto-k8s-grpc-ingress-v2.yaml']) }, 5],
  ['djapp', { from: 'kubernetes', files: files('kubernetes', ['djapp-meshed-app.yaml']) }, 10],
  ['eks-getting-started (several files, --mesh)', { from: 'kubernetes', files: readdirSync(join(FIXTURES, 'kubernetes', 'eks-getting-started')).sort().flatMap((f) => files('kubernetes', [`eks-getting-started/${f}`])), mesh: 'yelb' }, 12],
];

describe('importDefinitions on published templates and manifests', () => {
  it.each(REAL)('%s: imports, validates, plans without errors against an empty emulator, byte-stable', async (_name, options, resources) => {
    const first = await importDefinitions({ region: 'us-east-1', owner: 'acme/mesh', ...options });
    expect(first.resources).toBe(resources);
    expect(first.plan.errors).toEqual([]);
    expect(first.plan.summary.create).toBe(resources);
    const enc = new TextEncoder();
    const loaded = loadDesiredState({ repo: 'imported', files: first.files.map((f) => ({ path: f.path, content: enc.encode(f.content) })) });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.state!.resources).toHaveLength(resources);
    // Every document says where it came from.
    const documents = first.files.filter((f) => f.path.startsWith('mesh/')).flatMap((f) => f.content.split('\n---\n'));
    expect(documents).toHaveLength(resources);
    for (const d of documents) expect(d).toMatch(/^# from (cloudformation|kubernetes)\/[^:]+:\d+ \(/m);
    const second = await importDefinitions({ region: 'us-east-1', owner: 'acme/mesh', ...options });
    expect(second.files).toEqual(first.files);
  });

  it('drops a field the API accepted and ignored, with a note at its line', async () => {
    const out = await importDefinitions({ region: 'us-east-1', from: 'kubernetes', files: files('kubernetes', ['howto-k8s-grpc-ingress-v2.yaml']) });
    expect(out.notes).toContain('kubernetes/howto-k8s-grpc-ingress-v2.yaml:114: "path" is only used by http and http2 health checks; this one is grpc: dropped (the API ignored it)');
    const nodes = out.files.find((f) => f.path.endsWith('/virtual-nodes.yaml'))!.content;
    expect(nodes).toContain('protocol: grpc');
    expect(nodes).not.toContain('path: /ping');
  });

  it('points each comment at the line the object starts on', async () => {
    const out = await importDefinitions({ region: 'us-east-1', ...REAL[0][1] });
    const nodes = out.files.find((f) => f.path === 'mesh/howto-sd/virtual-nodes.yaml')!.content;
    const source = readFileSync(join(FIXTURES, 'cloudformation', 'howto-servicediscovery-cloudmap.yaml'), 'utf8').split('\n');
    const [, line] = /# from cloudformation\/howto-servicediscovery-cloudmap\.yaml:(\d+) \(Resources\.ColorTellerBlueNode\)/.exec(nodes)!;
    expect(source[Number(line) - 1]).toBe('  ColorTellerBlueNode:');
  });

  it('refuses with every problem at its input line: a backend declared in another template', async () => {
    const err = await importDefinitions({ region: 'us-east-1', from: 'cloudformation', files: files('cloudformation', ['ecs-cross-account-frontend.yml']), parameters: { MeshOwner: '111122223333' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRefusedError);
    expect((err as ImportRefusedError).problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'cloudformation/ecs-cross-account-frontend.yml:61: spec.backends[0].virtualService.virtualServiceName: backend virtual service yelb-db is not declared in mesh yelb',
      'cloudformation/ecs-cross-account-frontend.yml:63: spec.backends[1].virtualService.virtualServiceName: backend virtual service redis-server is not declared in mesh yelb',
    ]);
  });
});

describe('importDefinitions: flags that name nothing', () => {
  it('refuses a --parameter no template declares and a --resource no template has', async () => {
    const err = await importDefinitions({ ...REAL[0][1], region: 'us-east-1', parameters: { 'AWS::StackName': 'x', ProjectNmae: 'y' }, resourceValues: { Vpc: 'vpc-1' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRefusedError);
    expect((err as ImportRefusedError).problems.map((p) => p.message)).toEqual([
      '--parameter ProjectNmae: no input template declares a parameter ProjectNmae',
      '--resource Vpc: no input template has a resource Vpc',
    ]);
  });
});

describe('meshops import --from', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshops-import-from-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the repository, and the same bytes on a second run', async () => {
    const args = ['import', '--from', 'kubernetes', relative(dir, join(FIXTURES, 'kubernetes', 'djapp-meshed-app.yaml')), '--owner', 'acme/mesh'];
    const run1 = await cli([...args, '--out', 'a'], { cwd: dir });
    expect(run1.stderr).toBe('');
    expect(run1.code).toBe(0);
    expect(run1.stdout).toMatch(/^wrote 10 resources in \d+ files to a\n/);
    expect(run1.stdout).toMatch(/checked: it validates, and its first plan against an empty account would create 10 \(no errors\)/);
    const run2 = await cli([...args, '--out', 'b'], { cwd: dir });
    expect(run2.code).toBe(0);
    const read = (root: string) => readdirSync(join(dir, root), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [relative(join(dir, root), join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), 'utf8')]).sort();
    expect(read('b')).toEqual(read('a'));
    const validate = await cli(['validate', 'a'], { cwd: dir });
    expect(validate.code).toBe(0);
  });

  it('refuses with file:line and the flag, exits non-zero, writes nothing and prints no stack trace', async () => {
    const run = await cli(['import', '--from', 'cloudformation', relative(dir, join(FIXTURES, 'cloudformation', 'howto-servicediscovery-cloudmap.yaml')), '--out', 'out'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/howto-servicediscovery-cloudmap\.yaml:6:22: AWS::StackName is only known inside a stack \(pass --parameter AWS::StackName=VALUE\)/);
    expect(run.stderr).toContain('to supply the missing values, pass: --parameter AWS::StackName=VALUE\n');
    expect(run.stderr).toMatch(/nothing was written\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('checks its flags', async () => {
    expect((await cli(['import', '--from', 'terraform', 'x', '--out', 'o'], { cwd: dir })).stderr).toMatch(/--from takes cloudformation or kubernetes/);
    expect((await cli(['import', '--from', 'kubernetes', '--out', 'o'], { cwd: dir })).stderr).toMatch(/takes the files to import/);
    expect((await cli(['import', '--from', 'kubernetes', 'x.yaml', '--out', 'o', '--parameter', 'A=b'], { cwd: dir })).stderr).toMatch(/--parameter is for --from cloudformation/);
    expect((await cli(['import', '--from', 'cloudformation', 'missing.yaml', '--out', 'o'], { cwd: dir })).stderr).toMatch(/cannot read missing\.yaml: ENOENT/);
    expect((await cli(['import', '--from', 'cloudformation', 'missing.yaml', '--out', 'o', '--parameter', 'novalue'], { cwd: dir })).stderr).toMatch(/--parameter takes KEY=VALUE/);
    expect((await cli(['import', '--from', 'cloudformation', 'missing.yaml', '--out', 'o', '--region', 'Mars'], { cwd: dir })).stderr).toMatch(/--region takes an AWS region/);
  });
});
