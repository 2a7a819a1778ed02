import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_MESH_REGISTRY } from '../../lib/resources/targets/app-mesh';
import { LATTICE_REGISTRY } from '../../lib/resources/targets/lattice';
import { KIND_INFO, KINDS, KINDS_BY_CREATE_RANK, LATTICE_KINDS, TARGETS, type Kind } from '../../lib/resources/kinds';
import type { KindEntry } from '../../lib/resources/kind-entry';

interface ApiModel {
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, { members?: Record<string, unknown> }>;
}

const model = (file: string): ApiModel => JSON.parse(readFileSync(join(__dirname, '../../models/aws', file), 'utf8')) as ApiModel;
const MODELS: Record<KindEntry['service'], ApiModel> = { appmesh: model('appmesh.json'), cloudmap: model('servicediscovery.json'), lattice: model('vpc-lattice.json') };

const kinds = Object.keys(KIND_INFO) as Kind[];
const names = (op: KindEntry['api']['operations']['create'] | undefined): string[] => (op === undefined ? [] : typeof op === 'string' ? [op] : Object.values(op));
const members = (m: ApiModel, operation: string, side: 'input' | 'output'): string[] => Object.keys(m.shapes[m.operations[operation][side]!.shape].members ?? {});

describe('the kind registry', () => {
  it('is the union of the targets, each kind in exactly one, keyed by its own kind', () => {
    expect(TARGETS.map((t) => t.name)).toEqual(['appmesh', 'lattice']);
    expect(TARGETS.flatMap((t) => [...t.kinds]).sort()).toEqual([...kinds].sort());
    expect(Object.keys(APP_MESH_REGISTRY)).toEqual([...KINDS]);
    expect(Object.keys(LATTICE_REGISTRY)).toEqual([...LATTICE_KINDS]);
    for (const kind of kinds) expect(KIND_INFO[kind].kind).toBe(kind);
  });

  it('ranks every kind once, each after its parent and after the targets of its hard references', () => {
    expect(new Set(kinds.map((k) => KIND_INFO[k].createRank)).size).toBe(kinds.length);
    expect(KINDS_BY_CREATE_RANK.slice(0, 3)).toEqual(['CloudMapNamespace', 'CloudMapService', 'Mesh']);
    for (const kind of kinds) {
      const info = KIND_INFO[kind];
      if (info.parent) expect(KIND_INFO[info.parent.kind].createRank).toBeLessThan(info.createRank);
      for (const ref of info.references.filter((r) => r.hard)) expect([kind, KIND_INFO[ref.target].createRank < info.createRank]).toEqual([kind, true]);
    }
  });

  it('names operations and members the service API models have', () => {
    for (const kind of kinds) {
      const { api, service } = KIND_INFO[kind];
      const m = MODELS[service];
      const { create, read, update, delete: del, list } = api.operations;
      for (const op of [...names(create), read, ...names(update), del, list]) expect([kind, op, op in m.operations]).toEqual([kind, op, true]);
      for (const op of names(create)) {
        expect([kind, op, members(m, op, 'input').includes(api.nameMember)]).toEqual([kind, op, true]);
        if (api.parentMember) expect([kind, op, members(m, op, 'input').includes(api.parentMember)]).toEqual([kind, op, true]);
      }
      if (api.outputMember) expect([kind, members(m, read, 'output')]).toEqual([kind, expect.arrayContaining([api.outputMember])]);
      expect([kind, members(m, list, 'output')]).toEqual([kind, expect.arrayContaining([api.listMember])]);
    }
  });

  it('gives a Lattice service association no update: it cannot change in place', () => {
    expect(KIND_INFO.ServiceNetworkServiceAssociation.api.operations.update).toBeUndefined();
    expect(MODELS.lattice.operations.UpdateServiceNetworkServiceAssociation).toBeUndefined();
  });

  it('lays out every declared kind in a file, and no derived kind', () => {
    for (const t of TARGETS) for (const kind of t.kinds) expect([kind, KIND_INFO[kind].repoFile !== undefined]).toEqual([kind, t.declared]);
    for (const kind of KINDS) {
      const file = KIND_INFO[kind].repoFile!;
      for (const field of file.match(/\{(\w+)\}/g) ?? []) expect(['{name}', '{mesh}', '{parent}']).toContain(field);
      if (file.includes('{parent}')) expect(KIND_INFO[kind].parent).toBeDefined();
      if (file.includes('{mesh}')) expect(KIND_INFO[kind].inMesh).toBe(true);
    }
  });

  it('has words for every kind, and a parent label for every parent', () => {
    for (const kind of kinds) {
      const { words, parent } = KIND_INFO[kind];
      expect(words.one.length).toBeGreaterThan(0);
      expect(words.many).not.toBe(words.one);
      if (parent) expect(parent.label.length).toBeGreaterThan(0);
    }
  });

  it('walks route members only in kinds that have them', () => {
    for (const kind of kinds) {
      const info = KIND_INFO[kind];
      const walks = info.references.some((r) => r.path.includes('$routeType'));
      if (walks) expect(info.routeMembers?.length).toBeGreaterThan(0);
    }
    expect(KIND_INFO.Route.routeMembers).toEqual(['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute']);
    expect(KIND_INFO.GatewayRoute.routeMembers).toEqual(['httpRoute', 'http2Route', 'grpcRoute']);
  });

  it('puts a scope kind at the top of its target: no mesh, no parent', () => {
    const scopes = kinds.filter((k) => KIND_INFO[k].scope);
    expect(scopes.sort()).toEqual(['CloudMapNamespace', 'Mesh']);
    for (const kind of scopes) expect([KIND_INFO[kind].inMesh, KIND_INFO[kind].parent]).toEqual([false, undefined]);
  });
});
