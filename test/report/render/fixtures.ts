/**
 * Real plans, apply results and drift reports for the renderer tests, built with the planner from
 * the shared builders (so the goldens move when the planner's output does).
 */
import { mapToLattice } from '../../../lib/mapping';
import { buildPlan } from '../../../lib/plan/build-plan';
import { detectDrift } from '../../../lib/plan/drift';
import type { Plan } from '../../../lib/plan/types';
import type { ApplyResult, DriftReport, OperationResult } from '../../../lib/resources/results';
import type { JsonObject } from '../../../lib/resources/json';
import type { DesiredResource, DesiredState, LastApplied } from '../../../lib/resources/types';
import type { Diagnostic } from '../../../lib/model/diagnostics';
import { canaryRepo, declared, httpNode, httpRoute, liveOf, liveState, mesh, OWNER, router, settings, state, virtualService } from '../../support/builders';

export const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const REPO = 'acme/mesh-config';
export const CONTEXT = { repo: REPO, sha: SHA } as const;

/** The canary repo plus what a platform repo also holds: a Cloud Map namespace and service, an ingress gateway and its route. */
export function fullRepo(weights: [number, number] = [90, 10]): DesiredResource[] {
  return [
    declared('CloudMapNamespace', 'watches.local', { type: 'HTTP', description: 'watches services' }),
    declared('CloudMapService', 'search', { description: 'search API' }, { parent: 'watches.local' }),
    ...canaryRepo(weights),
    declared('VirtualGateway', 'ingress', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
    declared(
      'GatewayRoute',
      'search',
      { httpRoute: { match: { prefix: '/search' }, action: { target: { virtualService: { virtualServiceName: 'search.watches' } } } } },
      { parent: 'ingress', tags: { team: 'search' } },
    ),
  ];
}

export function canaryWeightPlan(): Plan {
  return buildPlan({ desired: state(canaryRepo([50, 50])), live: liveState(canaryRepo([90, 10]).map((r) => liveOf(r))) });
}

export function freshCreatePlan(): Plan {
  return buildPlan({ desired: state(fullRepo()), live: liveState([]) });
}

/** Deletes, a replace (a namespace's type), a conflict, unmanaged resources, and more deletions than maxDeletes allows. */
export function destructivePlan(): Plan {
  const desired = [
    declared('CloudMapNamespace', 'watches.local', { type: 'HTTP' }),
    mesh(),
    httpNode('search-v1'),
    httpNode('search-v2'),
  ];
  const live = [
    liveOf(declared('CloudMapNamespace', 'watches.local', { type: 'DNS_PUBLIC' })),
    liveOf(desired[1]),
    liveOf(desired[2], { owner: 'payments/mesh-config' }),
    liveOf(desired[3]),
    liveOf(httpNode('legacy-v0')),
    liveOf(httpNode('legacy-v0-canary')),
    liveOf(httpNode('debug-shell'), { owner: null }),
  ];
  return buildPlan({ desired: state(desired, { maxDeletes: 1 }), live: liveState(live) });
}

/** The router moves from http to http2: its routes must be deleted before and re-created after the listener update. */
export function listenerChangePlan(): Plan {
  const http2Route = (name: string, targets: Record<string, number>, priority: number) =>
    declared(
      'Route',
      name,
      { http2Route: { match: { prefix: '/' }, action: { weightedTargets: Object.entries(targets).map(([virtualNode, weight]) => ({ virtualNode, weight })) } }, priority },
      { parent: 'search-router' },
    );
  const before = canaryRepo([90, 10]);
  const after = [
    ...before.filter((r) => r.kind !== 'Route' && r.kind !== 'VirtualRouter'),
    router('search-router', [{ port: 8080, protocol: 'http2' }]),
    http2Route('canary', { 'search-v1': 90, 'search-v2': 10 }, 10),
    http2Route('default', { 'search-v1': 100 }, 100),
  ];
  return buildPlan({ desired: state(after), live: liveState(before.map((r) => liveOf(r))) });
}

export const VALIDATION_ERRORS: Diagnostic[] = [
  { severity: 'error', code: 'unknown-field', message: 'unknown field "weigth" (did you mean "weight"?)', file: 'mesh/routes/search.yaml', line: 14, column: 13, path: 'spec.httpRoute.action.weightedTargets[1].weigth' },
  { severity: 'error', code: 'route-target-missing', message: 'route target virtual node search-v3 is not declared in mesh watches', file: 'mesh/routes/search.yaml', line: 12, column: 29, path: 'spec.httpRoute.action.weightedTargets[0].virtualNode' },
  { severity: 'error', code: 'required', message: 'version is required', file: 'meshops.yaml', line: 1, column: 1, path: 'version' },
  { severity: 'warning', code: 'quota', message: 'router search-router has 51 routes; the default quota is 50 (L-BB90B7FF)', file: 'mesh/routers.yaml', line: 3, column: 1 },
];

const T0 = Date.parse('2026-11-25T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function operationsOf(plan: Plan, statusOf: (step: number, i: number) => OperationResult['status']): OperationResult[] {
  const out: OperationResult[] = [];
  plan.steps.forEach((step, s) => step.forEach((op, i) => out.push({ step: s, type: op.type, kind: op.kind, id: op.id, status: statusOf(s, i), calls: 1 })));
  return out;
}

/** The fresh create applied until step 3 (the router), whose create fails on a quota; the rest does not run. */
export function failedApply(): { plan: Plan; result: ApplyResult } {
  const plan = freshCreatePlan();
  const failAt = plan.steps.findIndex((s) => s.some((op) => op.kind === 'VirtualRouter'));
  const operations = operationsOf(plan, (s) => (s < failAt ? 'done' : s === failAt ? 'failed' : 'not-run'));
  for (const op of operations) {
    if (op.status === 'failed') op.error = { name: 'LimitExceededException', message: 'The request exceeds the maximum allowed number of virtual routers per mesh (200).' };
  }
  return {
    plan,
    result: {
      status: 'failed',
      fingerprint: plan.fingerprint,
      sha: SHA,
      startedAt: at(0),
      finishedAt: at(12),
      operations,
      error: { code: 'LimitExceededException', message: 'creating virtual router search-router: LimitExceededException: The request exceeds the maximum allowed number of virtual routers per mesh (200).' },
    },
  };
}

/** A canary weight change applied after an earlier apply's process died half-way. */
export function interruptedApply(): { plan: Plan; result: ApplyResult } {
  const plan = canaryWeightPlan();
  return {
    plan,
    result: {
      status: 'applied',
      fingerprint: plan.fingerprint,
      sha: SHA,
      startedAt: at(60),
      finishedAt: at(63),
      operations: operationsOf(plan, () => 'done'),
      interrupted: { startedAt: at(0), fingerprint: 'c0ffee00d15ea5e5c0ffee00d15ea5e5c0ffee00d15ea5e5c0ffee00d15ea5e5', sha: '0badc0de0badc0de0badc0de0badc0de0badc0de', holder: 'lambda:reconcile:2f9c', done: 3, total: 7 },
    },
  };
}

/**
 * Drift of every class: the canary route's weights edited in the console (changed), search-v3
 * deleted behind Git's back (missing), a debug node created by hand (unmanaged), search-v4 merged
 * but not applied yet (pending).
 */
export function driftReport(): DriftReport {
  const applied = [...canaryRepo([90, 10]), httpNode('search-v3')];
  const git = [...applied, httpNode('search-v4')];
  const liveResources = [
    ...canaryRepo([70, 30])
      .filter((r) => r.kind !== 'VirtualNode' || r.name !== 'search-v3')
      .map((r) => liveOf(r)),
    liveOf(httpNode('debug-shell'), { owner: null }),
  ];
  const lastApplied: LastApplied = { sha: '0badc0de0badc0de0badc0de0badc0de0badc0de', fingerprint: 'f'.repeat(64), appliedAt: at(-3600), owner: OWNER, resources: applied.map(({ source: _s, ...r }) => r) };
  const plan = buildPlan({ desired: state(git), live: liveState(liveResources), lastApplied });
  const report = detectDrift(plan, lastApplied, at(900), SHA);
  // Items seen by an earlier run keep their first-seen time.
  for (const item of report.items) item.firstSeen = item.class === 'changed' ? at(-1800) : at(900);
  return report;
}

/** Names and values chosen to break out of every context the renderers write into. */
export const HOSTILE = {
  node: '</details><script>alert(1)</script>',
  unmanaged: 'x" onmouseover="alert(1)',
  deleted: '`@acme/admins #1 ``` </summary> ~~*_[x](javascript:alert(1))_*~~ | cell',
  tagValue: '```\n</details>\n<img src=x onerror=alert(1)>\n%%{init: {"securityLevel": "loose"}}%%',
  terminal: '\u001b[2J\u001b[31mred\u001b[0m\rover',
} as const;

export function hostilePlan(): Plan {
  const routeTo = (weights: Record<string, number>) => declared('Route', 'canary', { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: Object.entries(weights).map(([virtualNode, weight]) => ({ virtualNode, weight })) } } }, { parent: 'search-router' });
  const base = [mesh(), httpNode('search-v1'), httpNode(HOSTILE.node), router('search-router'), declared('VirtualService', 'search.watches', { provider: { virtualRouter: { virtualRouterName: 'search-router' } } })];
  const tagged = declared('VirtualNode', HOSTILE.terminal, { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, { tags: { note: HOSTILE.tagValue } });
  const desired = [...base, tagged, routeTo({ 'search-v1': 50, [HOSTILE.node]: 50 })];
  const live = [
    ...base.map((r) => liveOf(r)),
    liveOf(tagged, { tags: { note: 'old' } }),
    liveOf(routeTo({ 'search-v1': 100 })),
    liveOf(httpNode(HOSTILE.deleted)),
    liveOf(httpNode(HOSTILE.unmanaged), { owner: null }),
  ];
  return buildPlan({ desired: state(desired), live: liveState(live) });
}

/**
 * A fresh create of `services` canaried services (a 90/10 route and a default route, two nodes, a
 * router and a virtual service each) in one mesh: `services` × 6 + 1 resources (53 → 319 creates).
 */
export function manyServicesPlan(services: number, meshName = 'watches'): Plan {
  const repo: DesiredResource[] = [mesh(meshName)];
  const inMesh = (r: DesiredResource): DesiredResource => ({ ...r, mesh: meshName });
  for (let i = 1; i <= services; i++) {
    const s = `svc-${i}`;
    repo.push(
      inMesh(httpNode(`${s}-v1`)),
      inMesh(httpNode(`${s}-v2`)),
      inMesh(router(`${s}-router`)),
      inMesh(httpRoute(`${s}-router`, 'canary', { [`${s}-v1`]: 90, [`${s}-v2`]: 10 }, { prefix: '/', headers: [{ name: 'x-release', match: { prefix: 'canary' } }] }, 10)),
      inMesh(httpRoute(`${s}-router`, 'default', { [`${s}-v1`]: 100 }, { prefix: '/' }, 100)),
      inMesh(virtualService(`${s}.${meshName}`, { router: `${s}-router` })),
    );
  }
  return buildPlan({ desired: state(repo, { maxDeletes: 10_000 }), live: liveState([]) });
}

/** The canary route is removed (its requests fall to the default route), and a second router loses its only route. */
export function routeDeletedPlan(): Plan {
  const lone = [router('lone-router'), httpRoute('lone-router', 'only', { 'search-v1': 100 }), virtualService('lone.watches', { router: 'lone-router' })];
  const live = [...canaryRepo(), ...lone];
  const desired = live.filter((r) => !(r.kind === 'Route' && (r.name === 'canary' || r.name === 'only')));
  return buildPlan({ desired: state(desired), live: liveState(live.map((r) => liveOf(r))) });
}

/**
 * The move to VPC Lattice, mid-way: App Mesh still live (targets no longer lists it: decommission),
 * the Lattice canary rule moving from 90/10 to 50/50, a retry policy Lattice cannot carry.
 */
export function latticePlan(): Plan {
  const s = settings({ targets: ['lattice'], maxDeletes: 50, lattice: { authType: 'NONE', vpcs: [{ vpc: 'vpc-0123456789abcdef0', securityGroups: [] }], registration: 'none', unsupported: 'warn' } });
  const appMesh = (weights: [number, number], extraRoute: JsonObject = {}): DesiredResource[] => [
    mesh(),
    httpNode('search-v1'),
    httpNode('search-v2'),
    router('search-router'),
    virtualService('search.watches', { router: 'search-router' }),
    declared('Route', 'canary', { priority: 1, httpRoute: { match: { prefix: '/', headers: [{ name: 'x-release', match: { exact: 'canary' } }] }, action: { weightedTargets: [{ virtualNode: 'search-v1', weight: weights[0] }, { virtualNode: 'search-v2', weight: weights[1] }] }, ...extraRoute } }, { parent: 'search-router' }),
    declared('Route', 'default', { priority: 2, httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'search-v1', weight: 1 }] } } }, { parent: 'search-router' }),
  ];
  const retry = { retryPolicy: { maxRetries: 2, perRetryTimeout: { unit: 'ms', value: 100 }, httpRetryEvents: ['server-error'] } };
  const desiredMesh = appMesh([50, 50], retry);
  const mapped = mapToLattice(desiredMesh, s);
  const desired: DesiredState = { settings: s, resources: mapped.resources, lattice: { notCarried: mapped.notCarried, registrations: mapped.registrations } };
  const liveMesh = appMesh([90, 10]);
  const liveLattice = mapToLattice(liveMesh, s).resources;
  return buildPlan({ desired, live: liveState([...liveMesh, ...liveLattice].map((r) => liveOf(r))) });
}
