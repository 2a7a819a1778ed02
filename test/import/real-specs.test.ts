import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCloudFormationTemplate } from '../../lib/import';
import { KIND_INFO, type Kind } from '../../lib/resources';

/**
 * Every published App Mesh spec of test/model/real-specs, written the way CloudFormation writes it
 * (PascalCase, and with every scalar a string, as CloudFormation passes them), comes back as the
 * API's spec: the names and types come from the API's model, so no field is left out.
 */
interface Fixture {
  kind: Kind;
  spec: Record<string, unknown>;
}

const dir = join(__dirname, '..', 'model', 'real-specs');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture] as const);

function cloudFormationStyle(value: unknown, scalars: 'as-is' | 'strings'): unknown {
  if (Array.isArray(value)) return value.map((v) => cloudFormationStyle(v, scalars));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), cloudFormationStyle(v, scalars)]));
  }
  return scalars === 'strings' ? String(value) : value;
}

function template(fixture: Fixture, scalars: 'as-is' | 'strings'): string {
  const info = KIND_INFO[fixture.kind];
  const name = (k: Kind) => KIND_INFO[k].api.nameMember.charAt(0).toUpperCase() + KIND_INFO[k].api.nameMember.slice(1);
  const properties: Record<string, unknown> = { [name(fixture.kind)]: 'real-spec', Spec: cloudFormationStyle(fixture.spec, scalars) };
  if (info.inMesh) properties.MeshName = 'examples';
  if (info.parent) properties[name(info.parent.kind)] = 'parent';
  return JSON.stringify({ Resources: { R: { Type: `AWS::AppMesh::${fixture.kind}`, Properties: properties } } }, null, 2);
}

describe.each(fixtures)('%s written for CloudFormation', (_file, fixture) => {
  it.each(['as-is', 'strings'] as const)('imports to the API spec (scalars %s)', (scalars) => {
    const r = importCloudFormationTemplate('t.json', template(fixture, scalars), { parameters: {}, importValues: {}, resourceValues: {}, region: 'us-east-1' });
    expect(r.problems).toEqual([]);
    expect(r.documents[0].value.spec).toEqual(fixture.spec);
  });
});
