#!/usr/bin/env node
// Generates lib/api-model/generated/*.ts from AWS's published service models in models/aws/.
// The output is committed; test/api-model/generated.test.ts fails when it and this script disagree.
// Usage: node scripts/generate-shapes.cjs [--check]
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

/** Keys of a botocore shape or member that the validator, the emulator or the schema emitter use. */
const SHAPE_KEYS = ['type', 'members', 'member', 'key', 'value', 'required', 'union', 'enum', 'min', 'max', 'pattern', 'payload', 'error', 'exception', 'fault', 'retryable', 'box', 'timestampFormat'];
const MEMBER_KEYS = ['shape', 'location', 'locationName', 'idempotencyToken', 'deprecated'];

function pick(obj, keys) {
  const out = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  }
  return value;
}

function compactModel(model) {
  const shapes = {};
  for (const [name, shape] of Object.entries(model.shapes)) {
    const s = pick(shape, SHAPE_KEYS);
    if (s.members) s.members = Object.fromEntries(Object.entries(s.members).map(([m, d]) => [m, pick(d, MEMBER_KEYS)]));
    if (s.member) s.member = pick(s.member, ['shape']);
    if (s.key) s.key = pick(s.key, ['shape']);
    if (s.value) s.value = pick(s.value, ['shape']);
    shapes[name] = s;
  }
  const operations = {};
  for (const [name, op] of Object.entries(model.operations)) {
    operations[name] = {
      name,
      http: pick(op.http ?? {}, ['method', 'requestUri', 'responseCode']),
      ...(op.input ? { input: op.input.shape } : {}),
      ...(op.output ? { output: op.output.shape } : {}),
      errors: (op.errors ?? []).map((e) => e.shape),
      ...(op.idempotent ? { idempotent: true } : {}),
      ...(op.endpoint ? { hostPrefix: op.endpoint.hostPrefix } : {}),
    };
  }
  const metadata = pick(model.metadata, ['apiVersion', 'endpointPrefix', 'protocol', 'jsonVersion', 'signingName', 'targetPrefix', 'serviceId']);
  return sortKeys({ metadata, operations, paginators: model.paginators ?? {}, shapes });
}

// ---- Cloud Map resource documents: the API's members with a lower-case first word ----
// "TTL" -> "ttl", "SOA" -> "soa", "DnsRecords" -> "dnsRecords", "HealthCheckConfig" -> "healthCheckConfig".
function documentName(wireName) {
  const m = /^([A-Z]+)(?=[A-Z][a-z]|$)/.exec(wireName);
  if (m) return m[1].toLowerCase() + wireName.slice(m[1].length);
  return wireName[0].toLowerCase() + wireName.slice(1);
}

/** Clones `shapeName` and everything it reaches into `out` under a `CloudMap.` prefix with document member names. */
function cloneForDocuments(shapes, shapeName, out, omit = {}) {
  const docName = `CloudMap.${shapeName}`;
  if (out[docName]) return docName;
  const shape = shapes[shapeName];
  const s = { ...shape };
  out[docName] = s;
  if (shape.type === 'structure') {
    s.members = {};
    for (const [wire, member] of Object.entries(shape.members)) {
      if ((omit[shapeName] ?? []).includes(wire)) continue;
      s.members[documentName(wire)] = { ...member, shape: cloneForDocuments(shapes, member.shape, out, omit), wireName: wire };
    }
    if (shape.required) s.required = shape.required.filter((r) => !(omit[shapeName] ?? []).includes(r)).map(documentName);
  } else if (shape.type === 'list') {
    s.member = { shape: cloneForDocuments(shapes, shape.member.shape, out, omit) };
  } else if (shape.type === 'map') {
    s.key = { shape: cloneForDocuments(shapes, shape.key.shape, out, omit) };
    s.value = { shape: cloneForDocuments(shapes, shape.value.shape, out, omit) };
  }
  return docName;
}

function cloudMapDocumentShapes(compact) {
  const shapes = compact.shapes;
  const out = {};
  // DnsConfig.NamespaceId is deprecated in the API; a document names its namespace at the top level.
  const omit = {
    CreateServiceRequest: ['Name', 'NamespaceId', 'CreatorRequestId', 'Tags'],
    DnsConfig: ['NamespaceId'],
  };
  const service = cloneForDocuments(shapes, 'CreateServiceRequest', out, omit);
  out['CloudMapServiceSpec'] = out[service];
  delete out[service];
  const properties = cloneForDocuments(shapes, 'PrivateDnsNamespaceProperties', out, omit);
  const description = cloneForDocuments(shapes, 'ResourceDescription', out, omit);
  const vpc = cloneForDocuments(shapes, 'ResourceId', out, omit);
  out['CloudMap.NamespaceType'] = { ...shapes.NamespaceType };
  // Names, for the envelope's `name` of Cloud Map documents.
  for (const name of ['ServiceName', 'NamespaceNameHttp', 'NamespaceNamePrivate', 'NamespaceNamePublic']) cloneForDocuments(shapes, name, out, omit);
  // Namespace create inputs differ per type (HTTP has no Vpc or Properties); the type-specific
  // rules live in lib/api-model/spec-rules.ts so that one document shape covers all three.
  out['CloudMapNamespaceSpec'] = {
    type: 'structure',
    required: ['type'],
    members: {
      type: { shape: 'CloudMap.NamespaceType' },
      vpc: { shape: vpc, wireName: 'Vpc' },
      description: { shape: description, wireName: 'Description' },
      properties: { shape: properties, wireName: 'Properties' },
    },
  };
  return sortKeys(out);
}

/** The App Mesh shapes a resource document's `spec` reaches (the seven spec shapes), plus names and tags. */
function appMeshDocumentShapes(compact) {
  const roots = ['MeshSpec', 'VirtualNodeSpec', 'VirtualServiceSpec', 'VirtualRouterSpec', 'RouteSpec', 'VirtualGatewaySpec', 'GatewayRouteSpec', 'ResourceName', 'TagKey', 'TagValue'];
  const out = {};
  const visit = (name) => {
    if (out[name]) return;
    const shape = compact.shapes[name];
    out[name] = shape;
    for (const m of Object.values(shape.members ?? {})) visit(m.shape);
    for (const k of ['member', 'key', 'value']) if (shape[k]) visit(shape[k].shape);
  };
  roots.forEach(visit);
  return sortKeys(out);
}

function tsModule(exportName, value, typeName) {
  return `// Generated by scripts/generate-shapes.cjs from models/aws. Do not edit.\n` +
    `import type { ${typeName} } from '../types';\n\n` +
    `export const ${exportName}: ${typeName} = ${JSON.stringify(value, null, 1)};\n`;
}

function generate() {
  const appMesh = compactModel(JSON.parse(readFileSync(join(root, 'models/aws/appmesh.json'), 'utf8')));
  const cloudMap = compactModel(JSON.parse(readFileSync(join(root, 'models/aws/servicediscovery.json'), 'utf8')));
  const vpcLattice = compactModel(JSON.parse(readFileSync(join(root, 'models/aws/vpc-lattice.json'), 'utf8')));
  const documentShapes = appMeshDocumentShapes(appMesh);
  // The service model carries only the shapes documents do not reach; lib/api-model/service-models.ts
  // merges the two, so no shape is written twice.
  const operationShapes = Object.fromEntries(Object.entries(appMesh.shapes).filter(([name]) => !(name in documentShapes)));
  return {
    'lib/api-model/generated/app-mesh-model.ts': tsModule('appMeshOperationModel', { ...appMesh, shapes: operationShapes }, 'ServiceModel'),
    'lib/api-model/generated/cloud-map-model.ts': tsModule('cloudMapModel', cloudMap, 'ServiceModel'),
    'lib/api-model/generated/cloud-map-document-shapes.ts': tsModule('cloudMapDocumentShapes', cloudMapDocumentShapes(cloudMap), 'ShapeTable'),
    'lib/api-model/generated/app-mesh-document-shapes.ts': tsModule('appMeshDocumentShapes', documentShapes, 'ShapeTable'),
    // The whole VPC Lattice model: the emulator's Lattice wire layer routes and validates with it.
    'lib/api-model/generated/vpc-lattice-model.ts': tsModule('vpcLatticeModel', vpcLattice, 'ServiceModel'),
  };
}

module.exports = { generate, compactModel, cloudMapDocumentShapes, documentName };

if (require.main === module) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, content] of Object.entries(generate())) {
    const path = join(root, file);
    let current = '';
    try { current = readFileSync(path, 'utf8'); } catch { /* new file */ }
    if (current === content) continue;
    if (check) { console.error(`stale: ${file}`); stale++; } else { writeFileSync(path, content); console.log(`wrote ${file}`); }
  }
  process.exit(stale ? 1 : 0);
}
