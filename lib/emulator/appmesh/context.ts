import { KIND_INFO, makeKey, referencesOf, resourceId, type Reference } from '../../resources';
import type { ServiceEnv } from '../core/service';
import { notFound, resourceInUse } from './errors';
import { recordKey, type AppMeshKind, type AppMeshState, type ResourceRecord } from './state';

/** Where a resource lives: its mesh, its parent (router or gateway) and its name. */
export interface Target {
  mesh: string;
  parent?: string;
  name: string;
}

/** One request's view of the App Mesh state, with the lookups every kind needs. */
export class AppMeshContext {
  readonly now: number;
  constructor(
    readonly env: ServiceEnv,
    readonly state: AppMeshState,
  ) {
    this.now = env.clock.now();
  }

  get account(): string {
    return this.env.account;
  }

  find(kind: AppMeshKind, mesh: string, parent: string | undefined, name: string): ResourceRecord | undefined {
    return this.state.resources[recordKey(kind, mesh, parent, name)];
  }

  /** Records of a kind, optionally in one mesh and under one parent, sorted by name. */
  all(kind: AppMeshKind, mesh?: string, parent?: string): ResourceRecord[] {
    const out: ResourceRecord[] = [];
    const resources = this.state.resources;
    // `for in`, not Object.values: lists and counts run on every list page and create, and a copy
    // of a quota-size account's records per call was most of what reading several meshes allocated.
    for (const key in resources) {
      const r = resources[key];
      if (r.kind !== kind) continue;
      if (mesh !== undefined && r.mesh !== mesh) continue;
      if (parent !== undefined && r.parent !== parent) continue;
      out.push(r);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** `all(kind, mesh, parent).filter(match).length` without building and sorting the list (quota checks run on every create). */
  count(kind: AppMeshKind, mesh?: string, parent?: string, match?: (record: ResourceRecord) => boolean): number {
    let n = 0;
    const resources = this.state.resources;
    for (const key in resources) {
      const r = resources[key];
      if (r.kind !== kind) continue;
      if (mesh !== undefined && r.mesh !== mesh) continue;
      if (parent !== undefined && r.parent !== parent) continue;
      if (match && !match(r)) continue;
      n++;
    }
    return n;
  }

  /** Every record inside a mesh (not the mesh itself). */
  inMesh(mesh: string): ResourceRecord[] {
    const out: ResourceRecord[] = [];
    const resources = this.state.resources;
    for (const key in resources) if (resources[key].kind !== 'Mesh' && resources[key].mesh === mesh) out.push(resources[key]);
    return out;
  }

  byArn(arn: string): ResourceRecord | undefined {
    // The ARN names the record (records.ts arnOf): look it up directly. Tag calls come once per
    // resource in a drift scan, and scanning every record for each made a quota-size mesh's scan
    // quadratic. Anything the parse does not recognise still gets the full scan.
    const key = keyFromArn(arn);
    const record = key ? this.state.resources[key] : undefined;
    if (record?.arn === arn) return record;
    return Object.values(this.state.resources).find((r) => r.arn === arn);
  }

  put(record: ResourceRecord): void {
    this.state.resources[recordKey(record.kind, record.mesh, record.parent, record.name)] = record;
  }

  remove(record: ResourceRecord): void {
    delete this.state.resources[recordKey(record.kind, record.mesh, record.parent, record.name)];
  }

  /**
   * `meshOwner` names the account that owns the mesh (RAM sharing). The emulator holds one
   * account and shares nothing, so a mesh under any other owner does not exist for the caller:
   * NotFoundException, as for a mesh name that is not there. (ForbiddenException would need a
   * mesh that exists and is not shared with the caller; no such mesh can exist here.)
   */
  requireMesh(meshName: string, meshOwner?: string): ResourceRecord {
    const owner = meshOwner ?? this.account;
    const mesh = owner === this.account ? this.find('Mesh', meshName, undefined, meshName) : undefined;
    if (!mesh) throw notFound(`Mesh with name ${meshName} is not present for account ${owner}`);
    return mesh;
  }

  requireParent(kind: 'VirtualRouter' | 'VirtualGateway', mesh: string, name: string): ResourceRecord {
    const parent = this.find(kind, mesh, undefined, name);
    if (!parent) throw notFound(`${kind} with name ${name} is not present under mesh ${mesh} for account ${this.account}`);
    return parent;
  }

  /** The record, or NotFoundException with the message the service gives (docs/aws-behaviour.md §7). */
  require(kind: AppMeshKind, target: Target): ResourceRecord {
    if (kind === 'Mesh') return this.requireMesh(target.name);
    const record = this.find(kind, target.mesh, target.parent, target.name);
    if (!record) {
      const under = target.parent !== undefined ? `${KIND_INFO[kind].parent!.kind} ${target.parent} in mesh ${target.mesh}` : `mesh ${target.mesh}`;
      throw notFound(`${kind} with name ${target.name} is not present under ${under} for account ${this.account}`);
    }
    return record;
  }

  /** The references a resource with this spec makes (the same rules the planner orders by). */
  referencesOf(kind: AppMeshKind, target: Target, spec: ResourceRecord['spec']): Reference[] {
    return referencesOf({ kind, name: target.name, mesh: kind === 'Mesh' ? undefined : target.mesh, parent: target.parent, spec });
  }

  /**
   * Hard references (route targets, virtual service providers, gateway route targets) must exist
   * before a create or an update (docs/aws-behaviour.md §5.1). The observed message for a missing route
   * target is "VirtualNode with name product-v2-vn is missing" (NotFoundException).
   */
  requireReferences(kind: AppMeshKind, target: Target, spec: ResourceRecord['spec']): void {
    for (const ref of this.referencesOf(kind, target, spec)) {
      if (!ref.hard || isIdentityReference(ref)) continue; // the mesh and the parent are checked first
      const t = ref.target;
      if (!this.find(t.kind as AppMeshKind, t.mesh ?? t.name, t.parent, t.name)) throw notFound(`${t.kind} with name ${t.name} is missing`);
    }
  }

  /**
   * Why a record cannot be deleted (docs/aws-behaviour.md §5.2): another resource holds a hard reference to
   * it (a route target, a virtual service provider, a gateway route target, a route under a
   * router, a gateway route under a gateway), or, for a mesh, anything at all lives in it.
   */
  deleteBlocker(record: ResourceRecord): void {
    if (record.kind === 'Mesh') {
      const inside = this.inMesh(record.name).sort((a, b) => KIND_INFO[b.kind].createRank - KIND_INFO[a.kind].createRank || (a.name < b.name ? -1 : 1));
      if (inside.length > 0) {
        const first = inside[0];
        const more = inside.length > 1 ? ` and ${inside.length - 1} more` : '';
        throw resourceInUse(
          `Mesh ${record.name} cannot be deleted because it still contains ${first.kind} ${label(first)}${more}. ` +
            'You must delete all resources (virtual services, routes, virtual routers, gateway routes, virtual gateways and virtual nodes) in the mesh before you can delete the mesh.',
        );
      }
      return;
    }
    const id = resourceId(makeKey(record.kind, record.name, record.mesh, record.parent));
    for (const other of this.inMesh(record.mesh)) {
      if (other === record) continue;
      for (const ref of this.referencesOf(other.kind, other, other.spec)) {
        if (!ref.hard || ref.role === 'mesh' || resourceId(ref.target) !== id) continue;
        const why = isIdentityReference(ref) ? `it still has ${other.kind} ${other.name}` : `it is the ${ref.label} of ${other.kind} ${label(other)}`;
        throw resourceInUse(`${record.kind} ${label(record)} in mesh ${record.mesh} cannot be deleted because ${why}`);
      }
    }
  }
}

/** A reference made by the resource's identity (its mesh, its router or gateway), not by its spec. */
function isIdentityReference(ref: Reference): boolean {
  return ref.role === 'mesh' || ref.role === 'parent';
}

function label(r: ResourceRecord): string {
  return r.parent !== undefined ? `${r.parent}/${r.name}` : r.name;
}

const ARN_KINDS: Record<string, AppMeshKind> = {
  virtualNode: 'VirtualNode',
  virtualService: 'VirtualService',
  virtualRouter: 'VirtualRouter',
  virtualGateway: 'VirtualGateway',
  route: 'Route',
  gatewayRoute: 'GatewayRoute',
};

/** `arn:aws:appmesh:r:a:mesh/m/virtualRouter/r/route/x` → the record key of Route m/r/x. */
function keyFromArn(arn: string): string | undefined {
  const parts = arn.split(':').slice(5).join(':').split('/');
  if (parts[0] !== 'mesh') return undefined;
  if (parts.length === 2) return recordKey('Mesh', parts[1], undefined, parts[1]);
  if (parts.length === 4 && ARN_KINDS[parts[2]]) return recordKey(ARN_KINDS[parts[2]], parts[1], undefined, parts[3]);
  if (parts.length === 6 && ARN_KINDS[parts[4]]) return recordKey(ARN_KINDS[parts[4]], parts[1], parts[3], parts[5]);
  return undefined;
}
