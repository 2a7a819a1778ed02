import { applyPlan } from '../../lib/apply/apply-plan';
import { readLive } from '../../lib/live/read-live';
import { buildPlan } from '../../lib/plan/build-plan';
import { hasChanges } from '../../lib/plan/types';
import type { DesiredResource } from '../../lib/resources/types';
import { canaryRepo, declared, OWNER, state } from '../support/builders';
import { emulatedAws, type EmulatedAws } from '../support/emulated-aws';

async function planAgainst(aws: EmulatedAws, resources: DesiredResource[]) {
  // Declaring nothing (deleting everything) is meant here.
  const desired = state(resources, resources.length === 0 ? { allowEmpty: true } : {});
  const live = await readLive(aws.apis, { owner: OWNER, meshes: ['watches'], namespaces: ['watches'] });
  return { plan: buildPlan({ desired, live: live.state }), live: live.state };
}

async function converge(aws: EmulatedAws, resources: DesiredResource[]) {
  const { plan, live } = await planAgainst(aws, resources);
  const result = await applyPlan(plan, { ...aws.apis, live });
  return { plan, result };
}

const cloudMap = (): DesiredResource[] => [
  declared('CloudMapNamespace', 'watches', { type: 'HTTP', description: 'search services' }),
  declared('CloudMapService', 'search', { description: 'search', healthCheckCustomConfig: {} }, { parent: 'watches' }),
];

describe('applyPlan against the emulator', () => {
  it('creates a repo from nothing, after which the plan is empty', async () => {
    const aws = emulatedAws();
    const { result } = await converge(aws, [...cloudMap(), ...canaryRepo()]);
    expect(result.status).toBe('applied');
    expect(result.operations.every((o) => o.status === 'done')).toBe(true);
    const { plan } = await planAgainst(aws, [...cloudMap(), ...canaryRepo()]);
    expect(plan.changes).toEqual([]);
  });

  it('shifts canary weights with one route update and nothing else', async () => {
    const aws = emulatedAws();
    await converge(aws, canaryRepo([90, 10]));
    aws.emulator.resetCallStats();
    const { plan, result } = await converge(aws, canaryRepo([50, 50]));
    expect(plan.changes.map((c) => `${c.action} ${c.id}`)).toEqual(['update Route/watches/search-router/canary']);
    expect(result.status).toBe('applied');
    const writes = Object.entries(aws.emulator.callStats().byOperation).filter(([op]) => /^(Create|Update|Delete|Tag|Untag)/.test(op));
    expect(writes).toEqual([['UpdateRoute', 1]]);
    expect(hasChanges((await planAgainst(aws, canaryRepo([50, 50]))).plan)).toBe(false);
  });

  it('refuses to update a resource that changed after the plan (stale plan)', async () => {
    const aws = emulatedAws();
    await converge(aws, canaryRepo([90, 10]));
    const { plan, live } = await planAgainst(aws, canaryRepo([50, 50]));
    // Someone edits the route behind our back between plan and apply.
    const { UpdateRouteCommand } = await import('@aws-sdk/client-app-mesh');
    await aws.appMeshClient.send(
      new UpdateRouteCommand({
        meshName: 'watches', virtualRouterName: 'search-router', routeName: 'canary',
        spec: { priority: 10, httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'search-v1', weight: 1 }] } } },
      }),
    );
    const result = await applyPlan(plan, { ...aws.apis, live });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('stale-plan');
    expect(result.error?.message).toContain('changed since the plan was made (version 1 → 2)');
  });

  it('deletes what was removed from Git, in reverse order', async () => {
    const aws = emulatedAws();
    await converge(aws, [...cloudMap(), ...canaryRepo()]);
    const { plan, result } = await converge(aws, []);
    expect(plan.summary.delete).toBe(9);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('applied');
    const live = await readLive(aws.apis, { owner: OWNER, meshes: [], namespaces: [] });
    expect(live.state.resources).toEqual([]);
  });

  it('stops at the first failure, and a re-run converges', async () => {
    const aws = emulatedAws();
    const { plan, live } = await planAgainst(aws, canaryRepo());
    let count = 0;
    const result = await applyPlan(plan, {
      ...aws.apis,
      live,
      beforeOperation: () => {
        if (++count === 4) throw new Error('interrupted');
      },
    });
    expect(result.status).toBe('failed');
    expect(result.operations.filter((o) => o.status === 'done').length).toBeGreaterThan(0);
    expect(result.operations.filter((o) => o.status === 'not-run').length).toBeGreaterThan(0);
    const again = await converge(aws, canaryRepo());
    expect(again.result.status).toBe('applied');
    expect((await planAgainst(aws, canaryRepo())).plan.changes).toEqual([]);
  });
});
