import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { runCli } from '../../lib/cli/main';
import { documentJsonSchema, settingsJsonSchema } from '../../lib/model';
import { KINDS } from '../../lib/resources';
import { readLocalSnapshot } from '../../lib/source';
import { documentArbitrary } from '../model/support/arbitraries';
import { jsonSchemaErrors } from '../model/support/json-schema-check';

const root = join(__dirname, '..', '..');
const template = join(root, 'mesh-repo-template');

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const code = await runCli({ argv, stdout: out, stderr: err, stdin: new PassThrough(), cwd: root, env: {} });
  return { code, stdout, stderr };
}

describe('meshops schema', () => {
  it('prints the resource document schema, and with --settings the settings schema', async () => {
    const docs = await cli('schema');
    expect(docs.code).toBe(0);
    expect(JSON.parse(docs.stdout)).toEqual(documentJsonSchema());
    const settings = await cli('schema', '--settings');
    expect(settings.code).toBe(0);
    expect(JSON.parse(settings.stdout)).toEqual(settingsJsonSchema());
  });

  it('refuses arguments and unknown options without a stack trace', async () => {
    expect(await cli('schema', 'extra')).toMatchObject({ code: 1, stderr: 'meshops schema: takes no arguments (got extra)\n' });
    const unknown = await cli('schema', '--yaml');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^meshops schema: Unknown option '--yaml'/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });

  it('the schemas committed in the template are what `meshops schema` prints', async () => {
    expect(readFileSync(join(template, 'schema/resources.json'), 'utf8')).toBe((await cli('schema')).stdout);
    expect(readFileSync(join(template, 'schema/settings.json'), 'utf8')).toBe((await cli('schema', '--settings')).stdout);
  });

  it('has one oneOf branch per kind and every $ref resolves', () => {
    const schema = documentJsonSchema();
    expect((schema.oneOf as unknown[]).length).toBe(KINDS.length);
    const defs = schema.$defs as Record<string, unknown>;
    const refs = JSON.stringify(schema).match(/"\$ref":"#\/\$defs\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(defs[ref.slice('"$ref":"#/$defs/'.length, -1)]).toBeDefined();
  });
});

describe('the JSON Schemas agree with the validator', () => {
  const documents: unknown[] = [];
  beforeAll(async () => {
    const snapshot = await readLocalSnapshot(template);
    for (const file of snapshot.files.filter((f) => f.path !== 'meshops.yaml')) {
      for (const doc of parseAllDocuments(new TextDecoder().decode(file.content))) documents.push(doc.toJS());
    }
  });

  it('accept every document of the template and its settings', () => {
    expect(documents.length).toBeGreaterThan(10);
    for (const doc of documents) expect(jsonSchemaErrors(documentJsonSchema(), doc)).toEqual([]);
    expect(jsonSchemaErrors(settingsJsonSchema(), parse(readFileSync(join(template, 'meshops.yaml'), 'utf8')))).toEqual([]);
  });

  it('refuse what the validator refuses', () => {
    const schema = documentJsonSchema();
    expect(jsonSchemaErrors(schema, { kind: 'Mesh', name: 'm', spec: { egressFilter: { type: 'SOME' } } })).not.toEqual([]);
    expect(jsonSchemaErrors(schema, { kind: 'Mesh', name: 'm', colour: 'blue' })).not.toEqual([]);
    expect(jsonSchemaErrors(schema, { kind: 'VirtualNode', name: 'n', spec: {} })).not.toEqual([]); // mesh missing
    expect(jsonSchemaErrors(schema, { kind: 'Mesh', name: 'a/b' })).not.toEqual([]);
    expect(jsonSchemaErrors(schema, { kind: 'Mesh', name: 'm', tags: { 'meshops:owner': 'x' } })).not.toEqual([]);
    expect(jsonSchemaErrors(schema, { kind: 'Nope', name: 'm' })).not.toEqual([]);
    const settings = settingsJsonSchema();
    expect(jsonSchemaErrors(settings, { version: 1, region: 'us-east-1' })).toEqual([]);
    expect(jsonSchemaErrors(settings, { version: 2, region: 'us-east-1' })).not.toEqual([]);
    expect(jsonSchemaErrors(settings, { version: 1, region: 'us-east-1', path: '../x' })).not.toEqual([]);
    expect(jsonSchemaErrors(settings, { version: 1 })).not.toEqual([]);
  });

  it.each(KINDS)('accept generated valid %s documents', (kind) => {
    const schema = documentJsonSchema();
    fc.assert(
      fc.property(documentArbitrary(kind), (doc) => {
        expect(jsonSchemaErrors(schema, doc)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
