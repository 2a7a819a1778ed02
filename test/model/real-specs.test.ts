import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_INFO, type Kind } from '../../lib/resources';
import { parseYamlFile, validateDocument } from '../../lib/model';

/**
 * App Mesh specs exactly as AWS publishes them (AWS CLI examples, aws-app-mesh-examples, the App
 * Mesh user guide), each fixture naming its source: every one must be accepted unchanged, with no
 * error and no warning, and come out of validation as written.
 */
interface Fixture {
  source: string;
  kind: Kind;
  spec: Record<string, unknown>;
}

const dir = join(__dirname, 'real-specs');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture] as const);

function documentFor(fixture: Fixture): string {
  const info = KIND_INFO[fixture.kind];
  const lines = [`kind: ${fixture.kind}`, 'name: real-spec'];
  if (info.inMesh) lines.push('mesh: examples');
  if (info.parent) lines.push(`${info.parent.field}: parent`);
  // YAML is a superset of JSON: the published JSON goes in as it is.
  lines.push(`spec: ${JSON.stringify(fixture.spec, null, 2).replace(/\n/g, '\n  ')}`);
  return `${lines.join('\n')}\n`;
}

describe('real-world App Mesh specs', () => {
  it('cover at least 15 specs across all seven App Mesh kinds, each with its source', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    const kinds = new Set(fixtures.map(([, f]) => f.kind));
    expect([...kinds].sort()).toEqual(['GatewayRoute', 'Mesh', 'Route', 'VirtualGateway', 'VirtualNode', 'VirtualRouter', 'VirtualService']);
    for (const [, f] of fixtures) expect(f.source).toMatch(/^https:\/\//);
  });

  it.each(fixtures)('%s is accepted unchanged', (file, fixture) => {
    const parsed = parseYamlFile(`mesh/${file}.yaml`, documentFor(fixture));
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.documents).toHaveLength(1);
    const result = validateDocument(parsed.documents[0]);
    expect(result.diagnostics).toEqual([]);
    expect(result.resource?.spec).toEqual(fixture.spec);
  });
});
