import { appMeshDocumentShapes, cloudMapDocumentShapes } from '../../api-model';
import { parseYamlFile, type PathSegment } from '../../model';
import { KIND_INFO, type JsonObject, type JsonValue, type Kind } from '../../resources';
import { convertByModel, type ModelWalk } from '../convert-by-model';
import type { ImportProblem } from '../errors';
import { DocumentBuilder, sourceAt, type ImportedDocument } from '../imported-document';
import { SourceOrigins } from '../source-origins';
import { problemFromDiagnostic, type SourceImport } from '../source-import';
import { NO_VALUE, Refusal, ResourceToken, TemplateEvaluator, type TemplateInputs } from './evaluate';
import { cloudFormationTags } from './intrinsic-tags';
import { APP_MESH_CREATED_ATTRIBUTES, APP_MESH_TYPES, CLOUD_MAP_NAMESPACE_TYPES, CLOUD_MAP_SERVICE_TYPE, nameProperty } from './resource-types';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const SHAPES = { ...appMeshDocumentShapes, ...cloudMapDocumentShapes };

/**
 * One CloudFormation template (YAML with short or long intrinsic forms, or JSON) → resource
 * documents for its App Mesh and Cloud Map resources. Other resource types are counted and
 * skipped; `DependsOn` and the other resource attributes are ignored; a resource whose
 * `Condition` is false is left out. Pure.
 */
export function importCloudFormationTemplate(file: string, content: Uint8Array | string, inputs: TemplateInputs): SourceImport {
  const problems: ImportProblem[] = [];
  const notes: string[] = [];
  const parsed = parseYamlFile(file, content, { tags: cloudFormationTags, positions: 'eager' });
  for (const d of parsed.diagnostics) {
    if (d.severity !== 'error') continue;
    const p = problemFromDiagnostic(d);
    if (d.code === 'yaml-tag') p.message = `${d.message.replace(/:.*$/, '')}: not a CloudFormation intrinsic function`;
    problems.push(p);
  }
  if (problems.length) return { documents: [], notes, problems };
  if (parsed.documents.length !== 1 || !isObj(parsed.documents[0].value) || !isObj((parsed.documents[0].value as Obj).Resources)) {
    return { documents: [], notes, problems: [{ file, ...(parsed.documents[1] ? { line: parsed.documents[1].start.line } : {}), message: 'not a CloudFormation template: expected one document with a Resources mapping' }] };
  }
  const doc = parsed.documents[0];
  const template = doc.value as Obj;
  const resources = template.Resources as Obj;
  const origins = new SourceOrigins(file, doc.positions);
  origins.recordParsed(template);
  const refusal = (e: Refusal): ImportProblem => {
    const at = origins.locatePath(e.path);
    return { file, ...(at ? { line: at.line, column: at.column } : {}), message: e.message, ...(e.flag ? { flag: e.flag } : {}) };
  };

  const names = new Map<string, string>();
  const naming = new Set<string>();
  const unnamed: string[] = [];
  const propertiesOf = (id: string): Obj => (isObj(resources[id]) && isObj((resources[id] as Obj).Properties) ? ((resources[id] as Obj).Properties as Obj) : {});
  const typeOf = (id: string): string => (isObj(resources[id]) && typeof (resources[id] as Obj).Type === 'string' ? ((resources[id] as Obj).Type as string) : '');

  const stringProperty = (id: string, property: string, path: PathSegment[]): string | undefined => {
    const raw = propertiesOf(id)[property];
    if (raw === undefined) return undefined;
    const value = evaluator.evaluate(raw, ['Resources', id, 'Properties', property]);
    if (value === NO_VALUE || value === undefined) return undefined;
    if (value instanceof ResourceToken) throw new Refusal(`${id}.${property} is ${value.describe()}, only known once CloudFormation has created ${value.logicalId}`, ['Resources', id, 'Properties', property], `--resource ${value.logicalId}${value.attribute === 'Ref' ? '' : `.${value.attribute}`}=VALUE`);
    if (typeof value !== 'string' && typeof value !== 'number') throw new Refusal(`${id}.${property} must be a string`, path.length ? path : ['Resources', id, 'Properties', property]);
    return String(value);
  };

  /** The name a resource of the template gets in the repository. */
  const nameOf = (id: string, path: PathSegment[]): string => {
    const known = names.get(id);
    if (known !== undefined) return known;
    if (naming.has(id)) throw new Refusal(`the name of ${id} depends on itself`, path);
    naming.add(id);
    try {
      const type = typeOf(id);
      const kind = APP_MESH_TYPES[type];
      const property = kind ? nameProperty(kind) : 'Name';
      let name = stringProperty(id, property, []);
      if (name === undefined) {
        if (!kind) throw new Refusal(`${id} has no Name`, ['Resources', id, 'Properties']);
        // CloudFormation would generate a name; the repository needs a stable one.
        name = id;
        unnamed.push(id);
      }
      names.set(id, name);
      return name;
    } finally {
      naming.delete(id);
    }
  };

  const evaluator = new TemplateEvaluator(template, origins, inputs, (id, attribute, path) => {
    const type = typeOf(id);
    const kind = APP_MESH_TYPES[type];
    const what = attribute === 'Ref' ? `Ref ${id}` : `Fn::GetAtt ${id}.${attribute}`;
    const flag = `--resource ${attribute === 'Ref' ? id : `${id}.${attribute}`}=VALUE`;
    const created = (meaning: string) => new Refusal(`${what} is ${meaning}, only known once CloudFormation has created it`, path, flag);
    if (kind) {
      const info = KIND_INFO[kind];
      if (attribute === nameProperty(kind)) return nameOf(id, path);
      if (attribute === 'MeshName' && info.inMesh) return stringProperty(id, 'MeshName', path);
      if (info.parent && attribute === nameProperty(info.parent.kind)) return stringProperty(id, nameProperty(info.parent.kind), path);
      if (attribute === 'Ref') throw created(`the ARN of ${type} ${id}`);
      if (APP_MESH_CREATED_ATTRIBUTES.includes(attribute)) throw created(`the ${attribute} of ${type} ${id}`);
      throw new Refusal(`${type} has no attribute ${attribute}`, path);
    }
    if (CLOUD_MAP_NAMESPACE_TYPES[type] || type === CLOUD_MAP_SERVICE_TYPE) {
      if (attribute === 'Ref' || attribute === 'Id') return new ResourceToken(id, type, attribute);
      if (attribute === 'Name' && type === CLOUD_MAP_SERVICE_TYPE) return nameOf(id, path);
      if (attribute === 'Arn' || attribute === 'HostedZoneId') throw created(`the ${attribute} of ${type} ${id}`);
      throw new Refusal(`${type} has no attribute ${attribute}`, path);
    }
    throw new Refusal(`${what}: ${id} is a ${type || 'resource without a Type'}, which the import does not bring`, path, flag);
  });

  const documents: ImportedDocument[] = [];
  const skipped = new Map<string, number>();
  for (const [id, resource] of Object.entries(resources)) {
    const base: PathSegment[] = ['Resources', id];
    const type = typeOf(id);
    const kind: Kind | undefined = APP_MESH_TYPES[type] ?? (CLOUD_MAP_NAMESPACE_TYPES[type] ? 'CloudMapNamespace' : type === CLOUD_MAP_SERVICE_TYPE ? 'CloudMapService' : undefined);
    if (!kind) {
      skipped.set(type || '(no Type)', (skipped.get(type || '(no Type)') ?? 0) + 1);
      continue;
    }
    const start = origins.locatePath(base, true) ?? doc.start;
    const b = new DocumentBuilder(file, start, `Resources.${id}`);
    const resourceProblems: ImportProblem[] = [];
    try {
      const r = resource as Obj;
      if (r.Condition !== undefined && !evaluator.condition(r.Condition, [...base, 'Condition'])) {
        notes.push(`${file}:${start.line}: ${id} left out: its condition ${String(r.Condition)} is false`);
        continue;
      }
      const raw = isObj(r.Properties) ? r.Properties : {};
      if (!isObj(r.Properties)) origins.record(raw, [...base, 'Properties']);
      const props = evaluator.evaluate(raw, [...base, 'Properties']) as Obj;
      const walk: ModelWalk = {
        table: SHAPES,
        origins,
        out: b,
        problems: resourceProblems,
        opaque: (v) => (v instanceof ResourceToken ? { message: `${v.describe()} is only known once CloudFormation has created ${v.logicalId}`, flag: `--resource ${v.logicalId}${v.attribute === 'Ref' ? '' : `.${v.attribute}`}=VALUE` } : undefined),
      };
      b.set('kind', kind, sourceAt(origins, r, 'Type'));
      b.set('name', nameOf(id, [...base, 'Properties']), sourceAt(origins, props, kind in KIND_INFO && APP_MESH_TYPES[type] ? nameProperty(kind) : 'Name'));
      if (APP_MESH_TYPES[type]) buildAppMesh(kind, id, props, b, walk, resourceProblems, notes);
      else if (CLOUD_MAP_NAMESPACE_TYPES[type]) buildNamespace(CLOUD_MAP_NAMESPACE_TYPES[type], props, r, b, walk, resourceProblems);
      else buildService(props, r, b, walk, resourceProblems, notes, (token, path) => nameOf(token.logicalId, path));
      const tags = tagsOf(props, b, origins, resourceProblems);
      if (tags) b.value.tags = tags;
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      resourceProblems.push(refusal(e));
    }
    if (resourceProblems.length) problems.push(...resourceProblems);
    else documents.push(b.build());
  }
  for (const id of unnamed) {
    const at = origins.locatePath(['Resources', id], true);
    notes.push(`${file}:${at?.line ?? 1}: ${id} sets no ${nameProperty(APP_MESH_TYPES[typeOf(id)])}: named ${id} after its logical ID (CloudFormation would have generated one)`);
  }
  if (skipped.size) {
    const total = [...skipped.values()].reduce((a, b) => a + b, 0);
    notes.push(`${file}: skipped ${total} resource(s) of other types: ${[...skipped.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, n]) => `${t} ×${n}`).join(', ')}`);
  }
  const declared = { parameters: isObj(template.Parameters) ? Object.keys(template.Parameters) : [], logicalIds: Object.keys(resources) };
  return { documents, notes, problems, declared };
}

function buildAppMesh(kind: Kind, id: string, props: Obj, b: DocumentBuilder, walk: ModelWalk, problems: ImportProblem[], notes: string[]): void {
  const info = KIND_INFO[kind];
  const allowed = new Set([nameProperty(kind), 'Spec', 'Tags', 'MeshOwner']);
  const stringAt = (property: string, field: string) => {
    const v = props[property];
    if (typeof v === 'string' && v) b.set(field, v, sourceAt(walk.origins, props, property));
    else problemAt(walk, props, property, v === undefined ? `${property} is required` : `${property} must be a string`, problems);
  };
  if (info.inMesh) {
    allowed.add('MeshName');
    stringAt('MeshName', 'mesh');
  }
  if (info.parent) {
    allowed.add(nameProperty(info.parent.kind));
    stringAt(nameProperty(info.parent.kind), info.parent.field);
  }
  for (const key of Object.keys(props)) {
    if (!allowed.has(key)) problemAt(walk, props, key, `${key} is not a property of AWS::AppMesh::${kind} (its properties: ${[...allowed].sort().join(', ')})`, problems, true);
  }
  if (props.MeshOwner !== undefined) {
    const at = walk.origins.locate(props, 'MeshOwner');
    notes.push(`${walk.origins.file}:${at?.line ?? b.start.line}: ${id} names MeshOwner ${String(props.MeshOwner)} (a mesh shared from another account); meshops manages the meshes of the account it runs in, so MeshOwner is not written`);
  }
  if (props.Spec !== undefined) {
    const spec = convertByModel(walk, info.specShape, props.Spec, ['spec'], props, 'Spec');
    if (spec !== undefined) b.value.spec = spec;
  } else if (!info.specOptional) {
    problemAt(walk, props, undefined, `Spec is required for AWS::AppMesh::${kind}`, problems);
  }
}

function buildNamespace(type: string, props: Obj, resource: Obj, b: DocumentBuilder, walk: ModelWalk, problems: ImportProblem[]): void {
  const spec = convertByModel({ ...walk, unknownKey: (shape, key) => (shape === 'CloudMapNamespaceSpec' && (key === 'Name' || key === 'Tags') ? 'skip' : undefined) }, 'CloudMapNamespaceSpec', props, ['spec'], resource, 'Properties');
  if (problems.length || !isObj(spec)) return;
  b.value.spec = { type, ...spec } as JsonObject;
  b.place(['spec', 'type'], sourceAt(walk.origins, resource, 'Type'));
}

function buildService(props: Obj, resource: Obj, b: DocumentBuilder, walk: ModelWalk, problems: ImportProblem[], notes: string[], namespaceName: (token: ResourceToken, path: PathSegment[]) => string): void {
  const dnsConfig = isObj(props.DnsConfig) ? props.DnsConfig : undefined;
  const [holder, namespaceId] = props.NamespaceId !== undefined ? [props, props.NamespaceId] : [dnsConfig, dnsConfig?.NamespaceId];
  if (namespaceId instanceof ResourceToken && CLOUD_MAP_NAMESPACE_TYPES[namespaceId.type]) {
    const path = walk.origins.pathOf(holder!) ?? [];
    b.set('namespace', namespaceName(namespaceId, [...path, 'NamespaceId']), sourceAt(walk.origins, holder, 'NamespaceId'));
  } else if (typeof namespaceId === 'string' && namespaceId) {
    // A namespace of another input template, passed by name through a parameter or an import value.
    b.set('namespace', namespaceId, sourceAt(walk.origins, holder, 'NamespaceId'));
  } else {
    problemAt(walk, holder ?? props, namespaceId === undefined ? undefined : 'NamespaceId', namespaceId === undefined ? 'NamespaceId is required: the repository declares the namespace a service lives in' : 'NamespaceId must be !Ref (or !GetAtt …Id) of a Cloud Map namespace of the input, or the name of one', problems);
    return;
  }
  const spec = convertByModel(
    {
      ...walk,
      unknownKey: (shape, key) => {
        if (shape === 'CloudMapServiceSpec' && ['Name', 'Tags', 'NamespaceId'].includes(key)) return 'skip';
        if (shape === 'CloudMap.DnsConfig' && key === 'NamespaceId') return 'skip';
        if (shape === 'CloudMapServiceSpec' && key === 'ServiceAttributes') {
          const at = walk.origins.locate(props, key);
          notes.push(`${walk.origins.file}:${at?.line ?? b.start.line}: ServiceAttributes of Cloud Map service ${String(b.value.name)} not written: the repository's CloudMapService has no field for them`);
          return 'skip';
        }
        return undefined;
      },
    },
    'CloudMapServiceSpec',
    props,
    ['spec'],
    resource,
    'Properties',
  );
  if (isObj(spec) && Object.keys(spec).length) b.value.spec = spec as JsonObject;
  else delete b.value.spec;
}

function tagsOf(props: Obj, b: DocumentBuilder, origins: SourceOrigins, problems: ImportProblem[]): Record<string, JsonValue> | undefined {
  const list = props.Tags;
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || !list.every((t) => isObj(t) && typeof t.Key === 'string' && ['string', 'number', 'boolean'].includes(typeof t.Value))) {
    const at = origins.locate(props, 'Tags');
    problems.push({ file: origins.file, ...(at ? { line: at.line, column: at.column } : {}), message: 'Tags must be a list of { Key, Value }' });
    return undefined;
  }
  const tags: Record<string, JsonValue> = {};
  for (const t of list as Obj[]) {
    tags[t.Key as string] = String(t.Value);
    b.place(['tags', t.Key as string], sourceAt(origins, t, 'Value'));
  }
  return Object.keys(tags).length ? tags : undefined;
}

function problemAt(walk: ModelWalk, container: object, key: string | undefined, message: string, problems: ImportProblem[], atKey = false): void {
  const at = walk.origins.locate(container, key, atKey) ?? walk.out.start;
  problems.push({ file: walk.origins.file, line: at.line, column: at.column, message });
}
