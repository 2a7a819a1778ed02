/**
 * The naive baseline the figures are compared with: what a straightforward script would do. One
 * call at a time: list every kind page by page, describe every resource and read its tags, then
 * plan (the same pure planner), then each write one after the other in plan order, without the
 * applier's re-reads. Same SDK clients, same adapters, same emulator and latency as meshops.
 */
import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { AppMeshApi, type AppMeshKind, type AppMeshRef } from '../lib/aws/app-mesh-api';
import { CallPolicy } from '../lib/aws/call-policy';
import { CloudMapApi } from '../lib/aws/cloud-map-api';
import type { Emulator } from '../lib/emulator/emulator';
import { emulatorRequestHandler } from '../lib/emulator/wire/sdk-request-handler';
import { idempotencyToken } from '../lib/apply/tokens';
import { buildPlan } from '../lib/plan/build-plan';
import { normalizeTags } from '../lib/plan/normalize';
import { operationTask } from '../lib/plan/operation-task';
import type { AdoptChange, Operation, Plan, UpdateChange } from '../lib/plan/types';
import type { DesiredState, LiveResource, LiveState, Tags } from '../lib/resources/types';
import { OWNER_TAG } from '../lib/resources/types';

export interface NaiveApis {
  appMesh: AppMeshApi;
  cloudMap: CloudMapApi;
}

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/** Our adapters over SDK clients to `emulator`, limited to `concurrency` calls at a time (default one). */
export function naiveApis(emulator: Emulator, region: string, concurrency = 1): NaiveApis {
  const requestHandler = emulatorRequestHandler((r) => emulator.handle(r));
  const policy = new CallPolicy(concurrency);
  // The engine's client settings (lib/app/engine.ts), so that the yardstick pays no SDK overhead meshops avoids.
  const config = { region, credentials, maxAttempts: 1, cacheMiddleware: true, requestHandler };
  return {
    appMesh: new AppMeshApi(new AppMeshClient(config), policy),
    cloudMap: new CloudMapApi(new ServiceDiscoveryClient(config), policy),
  };
}

const MESH_CHILDREN: AppMeshKind[] = ['VirtualNode', 'VirtualService', 'VirtualRouter', 'VirtualGateway'];

async function describeAndTag(apis: NaiveApis, ref: AppMeshRef): Promise<LiveResource | undefined> {
  const described = await apis.appMesh.describe(ref);
  if (!described) return undefined;
  const tags = await apis.appMesh.listTags(ref.arn);
  return {
    kind: ref.kind,
    name: ref.name,
    ...(ref.mesh !== undefined ? { mesh: ref.mesh } : {}),
    ...(ref.parent !== undefined ? { parent: ref.parent } : {}),
    spec: described.spec,
    tags,
    arn: ref.arn,
    version: described.version,
    lastUpdatedAt: described.lastUpdatedAt,
  };
}

/** Everything the repo manages, read one call at a time. */
export async function naiveRead(apis: NaiveApis, desired: DesiredState): Promise<LiveState> {
  const owner = desired.settings.owner;
  const declaredMeshes = new Set(desired.resources.filter((r) => r.kind === 'Mesh').map((r) => r.name));
  const declaredNamespaces = new Set(desired.resources.filter((r) => r.kind === 'CloudMapNamespace').map((r) => r.name));
  const resources: LiveResource[] = [];
  const scope = { meshes: [] as string[], namespaces: [] as string[] };
  for (const meshRef of await apis.appMesh.listAll('Mesh', {})) {
    const mesh = await describeAndTag(apis, meshRef);
    if (!mesh || !(declaredMeshes.has(mesh.name) || mesh.tags[OWNER_TAG] === owner)) continue;
    resources.push(mesh);
    scope.meshes.push(mesh.name);
    for (const kind of MESH_CHILDREN) {
      for (const ref of await apis.appMesh.listAll(kind, { mesh: mesh.name })) {
        const r = await describeAndTag(apis, ref);
        if (!r) continue;
        resources.push(r);
        if (kind !== 'VirtualRouter' && kind !== 'VirtualGateway') continue;
        for (const childRef of await apis.appMesh.listAll(kind === 'VirtualRouter' ? 'Route' : 'GatewayRoute', { mesh: mesh.name, parent: r.name })) {
          const child = await describeAndTag(apis, childRef);
          if (child) resources.push(child);
        }
      }
    }
  }
  for (const ns of await apis.cloudMap.listNamespaces()) {
    const tags = await apis.cloudMap.listTags(ns.arn);
    if (!(declaredNamespaces.has(ns.name) || tags[OWNER_TAG] === owner)) continue;
    const full = ns.type === 'HTTP' ? ns : ((await apis.cloudMap.getNamespace(ns.id)) ?? ns);
    resources.push({ kind: 'CloudMapNamespace', name: ns.name, spec: full.spec, tags, arn: ns.arn, id: ns.id });
    scope.namespaces.push(ns.name);
    for (const s of await apis.cloudMap.listServices(ns.id)) {
      resources.push({ kind: 'CloudMapService', name: s.name, parent: ns.name, spec: s.spec, tags: await apis.cloudMap.listTags(s.arn), arn: s.arn, id: s.id, ...(s.instanceCount !== undefined ? { instanceCount: s.instanceCount } : {}) });
    }
  }
  return { resources, scope: { meshes: scope.meshes.sort(), namespaces: scope.namespaces.sort() }, warnings: [] };
}

/** The plan's operations one by one, in order, each a single write (plus tag calls when tags differ). */
export async function naiveWrite(apis: NaiveApis, plan: Plan, live: LiveState): Promise<void> {
  const write = planWriter(apis, plan, live);
  for (const op of plan.steps.flat()) await write(op);
}

/** Runs one operation of `plan` as a single write (plus tag calls when tags differ), without re-reads. */
export function planWriter(apis: NaiveApis, plan: Plan, live: LiveState): (op: Operation) => Promise<void> {
  const namespaceIds = new Map(live.resources.filter((r) => r.kind === 'CloudMapNamespace').map((r) => [r.name, r.id!]));
  const arnOf = new Map(live.resources.map((r) => [`${r.kind}|${r.mesh ?? ''}|${r.parent ?? ''}|${r.name}`, r.arn]));
  return async (op) => {
    const task = operationTask(op, plan.changes[op.change]);
    const { change } = task;
    const token = idempotencyToken(plan.fingerprint, `${op.type}:${op.id}`);
    const tags: Tags = { ...(task.type !== 'delete' ? task.change.desired.tags : {}), [OWNER_TAG]: plan.owner };
    const arn = arnOf.get(`${change.kind}|${change.mesh ?? ''}|${change.parent ?? ''}|${change.name}`);
    if (change.kind === 'CloudMapNamespace') {
      if (task.type === 'create') namespaceIds.set(change.name, await apis.cloudMap.createNamespace(change.name, task.change.desired.spec, tags, token));
      else if (task.type === 'update') await apis.cloudMap.updateNamespace(task.change.live.ref.id!, change.name, task.change.desired.spec, token);
      else await apis.cloudMap.deleteNamespace(task.change.live.ref.id!, change.name);
    } else if (change.kind === 'CloudMapService') {
      if (task.type === 'create') await apis.cloudMap.createService(namespaceIds.get(change.parent!)!, change.name, task.change.desired.spec, tags, token);
      else if (task.type === 'update') await apis.cloudMap.updateService(task.change.live.ref.id!, change.name, task.change.desired.spec);
      else await apis.cloudMap.deleteService(task.change.live.ref.id!, change.name);
    } else if (task.type === 'create') await apis.appMesh.create(change, task.change.desired.spec, tags, token);
    else if (task.type === 'update') await apis.appMesh.update(change, task.change.desired.spec, token);
    else await apis.appMesh.delete(change);
    if (task.type === 'update' && arn) await syncTags(apis, task.change, arn, tags);
  };
}

/** Tags are sent only when the plan found them different (an adoption adds the owner tag). */
async function syncTags(apis: NaiveApis, change: UpdateChange | AdoptChange, arn: string, wanted: Tags): Promise<void> {
  if (change.action !== 'adopt' && !change.diff.some((d) => d.path.startsWith('tags'))) return;
  const current = normalizeTags(change.live.tags);
  const api = change.kind === 'CloudMapNamespace' || change.kind === 'CloudMapService' ? apis.cloudMap : apis.appMesh;
  await api.tag(arn, Object.fromEntries(Object.entries(wanted).filter(([k, v]) => current[k] !== v)));
  await api.untag(arn, Object.keys(current).filter((k) => !(k in wanted)));
}

/** Read, plan, write: the whole naive run. Returns the plan it executed. */
export async function naiveReconcile(apis: NaiveApis, desired: DesiredState, options: { write: boolean }): Promise<Plan> {
  const live = await naiveRead(apis, desired);
  const plan = buildPlan({ desired, live });
  if (options.write && plan.errors.length === 0) await naiveWrite(apis, plan, live);
  return plan;
}
