import { settingsJsonSchema } from '../../lib/model';
import { brief, load } from './support/repo';

const MESH = { 'mesh/mesh.yaml': 'kind: Mesh\nname: watches\n' };
const BASE = 'version: 1\nregion: us-east-1\nowner: acme/mesh-config\n';
const settingsOf = (extra: string) => load(MESH, { settings: `${BASE}${extra}` });

describe('meshops.yaml: targets and lattice', () => {
  it('reads both targets and every lattice setting', () => {
    const result = settingsOf(`targets: [appmesh, lattice]
lattice:
  serviceNetwork: watches-net
  authType: AWS_IAM
  vpcs:
    - { vpc: vpc-0123456789abcdef0, securityGroups: [sg-0123456789abcdef0, sg-01234567] }
    - { vpc: vpc-01234567 }
  registration: cloudmap
  unsupported: warn
`);
    expect(result.diagnostics).toEqual([]);
    expect(result.state?.settings.targets).toEqual(['appmesh', 'lattice']);
    expect(result.state?.settings.lattice).toEqual({
      serviceNetwork: 'watches-net',
      authType: 'AWS_IAM',
      vpcs: [
        { vpc: 'vpc-0123456789abcdef0', securityGroups: ['sg-0123456789abcdef0', 'sg-01234567'] },
        { vpc: 'vpc-01234567', securityGroups: [] },
      ],
      registration: 'cloudmap',
      unsupported: 'warn',
    });
  });

  it('defaults: App Mesh only, lattice settings filled', () => {
    const result = settingsOf('targets: [lattice]\n');
    expect(result.state?.settings.targets).toEqual(['lattice']);
    expect(result.state?.settings.lattice).toEqual({ authType: 'NONE', vpcs: [], registration: 'none', unsupported: 'error' });
  });

  it.each([
    ['an empty targets list', 'targets: []\n', ['size@4:10 targets']],
    ['an unknown target', 'targets: [appmesh, ecs]\n', ['enum@4:20 targets[1]']],
    ['a target listed twice', 'targets: [lattice, lattice]\n', ['settings-duplicate-target@4:20 targets[1]']],
    ['targets not a list', 'targets: lattice\n', ['type@4:10 targets']],
    ['an unknown lattice key', 'lattice:\n  servicenetwork: x\n', ['unknown-field@5:3 lattice.servicenetwork']],
    ['a service network name with capitals', 'lattice:\n  serviceNetwork: Watches\n', ['pattern@5:19 lattice.serviceNetwork']],
    ['a service network name with a doubled hyphen', 'lattice:\n  serviceNetwork: a--b\n', ['pattern@5:19 lattice.serviceNetwork']],
    ['an auth type Lattice lacks', 'lattice:\n  authType: IAM\n', ['enum@5:13 lattice.authType']],
    ['a VPC id of the wrong form', 'lattice:\n  vpcs:\n    - { vpc: vpc-12 }\n', ['pattern@6:14 lattice.vpcs[0].vpc']],
    ['a VPC entry without vpc', 'lattice:\n  vpcs:\n    - { securityGroups: [] }\n', ['required@6:7 lattice.vpcs[0]']],
    ['six security groups', `lattice:\n  vpcs:\n    - { vpc: vpc-01234567, securityGroups: [${Array.from({ length: 6 }, (_, i) => `sg-0000000${i}`).join(', ')}] }\n`, ['size@6:44 lattice.vpcs[0].securityGroups']],
    ['a VPC listed twice', 'lattice:\n  vpcs:\n    - { vpc: vpc-01234567 }\n    - { vpc: vpc-01234567 }\n', ['settings-duplicate-vpc@7:14 lattice.vpcs[1].vpc']],
    ['an unknown registration', 'lattice:\n  registration: ecs\n', ['enum@5:17 lattice.registration']],
    ['unsupported: ignore', 'lattice:\n  unsupported: ignore\n', ['enum@5:16 lattice.unsupported']],
  ])('%s is an error at its line', (_name, extra, expected) => {
    const result = settingsOf(extra);
    expect(result.diagnostics.map(brief)).toEqual(expected);
    expect(result.state).toBeUndefined();
  });

  it('the editor schema knows targets and lattice', () => {
    const schema = settingsJsonSchema() as { $defs: Record<string, { properties?: Record<string, { description?: string }>; enum?: string[] }> };
    const root = schema.$defs['Meshops.Settings'].properties!;
    expect(root.targets.description).toMatch(/lattice/);
    expect(schema.$defs['Meshops.Target'].enum).toEqual(['appmesh', 'lattice']);
    expect(Object.keys(schema.$defs['Meshops.LatticeSettings'].properties!)).toEqual(['serviceNetwork', 'authType', 'vpcs', 'registration', 'unsupported']);
  });
});
