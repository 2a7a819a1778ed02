import type { JsonObject } from '../../resources';
import type { AppMeshContext, Target } from './context';
import type { KindDefinition } from './kinds';
import type { ResourceRecord, TagEntry } from './state';

/**
 * ARNs (docs/aws-behaviour.md §2): `arn:aws:appmesh:{region}:{owner}:mesh/{mesh}[/{kind}/{name}]`, with the
 * route or gateway route below its parent. The account is the resource owner.
 */
export function arnOf(def: KindDefinition, region: string, owner: string, target: Target): string {
  const base = `arn:aws:appmesh:${region}:${owner}:mesh/${target.mesh}`;
  if (def.kind === 'Mesh') return base;
  if (def.parent) {
    const parentSegment = def.parent.kind === 'VirtualRouter' ? 'virtualRouter' : 'virtualGateway';
    return `${base}/${parentSegment}/${target.parent}/${def.arnSegment}/${target.name}`;
  }
  return `${base}/${def.arnSegment}/${target.name}`;
}

export function newRecord(def: KindDefinition, ctx: AppMeshContext, target: Target, spec: JsonObject, tags: TagEntry[]): ResourceRecord {
  const record: ResourceRecord = {
    kind: def.kind,
    mesh: target.mesh,
    name: target.name,
    spec: def.storedSpec(spec),
    arn: arnOf(def, ctx.env.region, ctx.account, target),
    uid: ctx.env.random.uuid(),
    createdAt: ctx.now,
    lastUpdatedAt: ctx.now,
    version: 1,
    meshOwner: ctx.account,
    resourceOwner: ctx.account,
    tags,
    tokens: [],
  };
  if (target.parent !== undefined) record.parent = target.parent;
  return record;
}

export type SpecView = 'echo' | 'described';
export type StatusCode = 'ACTIVE' | 'DELETED';

/** The `…Data` object (MeshData, VirtualNodeData, …); timestamps as Dates for the serializer. */
export function dataOf(def: KindDefinition, record: ResourceRecord, view: SpecView, status: StatusCode = 'ACTIVE'): Record<string, unknown> {
  const data: Record<string, unknown> = {
    meshName: record.mesh,
    [def.nameMember]: record.name,
    metadata: {
      arn: record.arn,
      createdAt: new Date(record.createdAt),
      lastUpdatedAt: new Date(record.lastUpdatedAt),
      meshOwner: record.meshOwner,
      resourceOwner: record.resourceOwner,
      uid: record.uid,
      version: record.version,
    },
    spec: view === 'described' ? def.describedSpec(record.spec) : record.spec,
    status: { status },
  };
  if (def.parent) data[def.parent.member] = record.parent;
  return data;
}

/** The list item (`…Ref`): identity, owners, version and timestamps, no spec. */
export function refOf(def: KindDefinition, record: ResourceRecord): Record<string, unknown> {
  const ref: Record<string, unknown> = {
    arn: record.arn,
    createdAt: new Date(record.createdAt),
    lastUpdatedAt: new Date(record.lastUpdatedAt),
    meshName: record.mesh,
    meshOwner: record.meshOwner,
    resourceOwner: record.resourceOwner,
    version: record.version,
    [def.nameMember]: record.name,
  };
  if (def.parent) ref[def.parent.member] = record.parent;
  return ref;
}
