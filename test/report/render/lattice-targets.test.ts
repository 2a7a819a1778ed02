import { mapToLattice } from '../../../lib/mapping';
import { buildPlan } from '../../../lib/plan';
import { styleFor } from '../../../lib/report/render/ansi';
import { latticeMarkdown, latticeText } from '../../../lib/report/render/lattice';
import type { DesiredState } from '../../../lib/resources/types';
import { declared, liveState, settings } from '../../support/builders';

function planFor(registration: 'none' | 'cloudmap') {
  const s = settings({ targets: ['lattice'], lattice: { authType: 'NONE', vpcs: [{ vpc: 'vpc-0123456789abcdef0', securityGroups: [] }], registration, unsupported: 'warn' } });
  const mapping = mapToLattice(
    [
      declared('Mesh', 'watches', {}),
      declared('VirtualNode', 'search-v1', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { awsCloudMap: { namespaceName: 'watches', serviceName: 'search', attributes: [{ key: 'deploymentID', value: '30494' }] } } }),
      declared('VirtualNode', 'legacy', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'legacy.internal' } } }),
      declared('VirtualService', 'search.watches', { provider: { virtualNode: { virtualNodeName: 'search-v1' } } }),
      declared('VirtualService', 'legacy.watches', { provider: { virtualNode: { virtualNodeName: 'legacy' } } }),
    ],
    s,
  );
  const desired: DesiredState = { settings: s, resources: mapping.resources, lattice: { notCarried: [], registrations: mapping.registrations } };
  return buildPlan({ desired, live: liveState([]) });
}

const section = (lines: string[], title: RegExp) => lines.slice(lines.findIndex((l) => title.test(l))).join('\n');

describe('the Lattice targets section', () => {
  it('registration: cloudmap says where each node\'s targets come from, and which nodes meshops leaves to others', () => {
    const text = section(latticeText(planFor('cloudmap'), styleFor(false)), /^Targets/);
    expect(text).toMatch(/^Targets \(meshops registers Cloud Map instances\)\n/);
    expect(text).toMatch(/VirtualNode watches\/search-v1 → search-v1-search-watches-[0-9a-f]{8} \(Cloud Map watches\/search where deploymentID=30494\)/);
    expect(text).toMatch(/VirtualNode watches\/legacy → legacy-legacy-watches-[0-9a-f]{8} \(no Cloud Map discovery: register its tasks yourself\)/);
    const md = section(latticeMarkdown(planFor('cloudmap')), /Lattice targets/);
    expect(md).toContain('| Virtual node | Target groups | Targets from |');
    expect(md).toContain('| Cloud Map watches/search where deploymentID=30494 |');
  });

  it('registration: none lists the target group each node\'s tasks must join, without a source column', () => {
    const text = section(latticeText(planFor('none'), styleFor(false)), /^Targets/);
    expect(text).toMatch(/^Targets to register \(registration: none\)\n {2}VirtualNode watches\/legacy → legacy-legacy-watches-[0-9a-f]{8}\n/);
    expect(text).not.toContain('Cloud Map');
    expect(section(latticeMarkdown(planFor('none')), /Lattice targets/)).toContain('| Virtual node | Target groups |\n|---|---|');
  });
});
