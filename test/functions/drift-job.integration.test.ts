import { DescribeRouteCommand, UpdateRouteCommand } from '@aws-sdk/client-app-mesh';
import { DRIFT_JOB_SHA } from '../../lib/app/schedule-drift-job';
import { TEST_REPO } from '../support/webhook-payloads';
import { checkRun, sha, world, type World } from './reconcile-support';

const BASE = sha(100);

async function setCanary(w: World, weights: [number, number]): Promise<void> {
  const { route } = await w.appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'canary' }));
  const spec = structuredClone(route!.spec!);
  spec.httpRoute!.action!.weightedTargets = [
    { virtualNode: 'search-v1', weight: weights[0] },
    { virtualNode: 'search-v2', weight: weights[1] },
  ];
  await w.appMesh.send(new UpdateRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'canary', spec }));
}

async function liveCanary(w: World): Promise<number[]> {
  const { route } = await w.appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'canary' }));
  return route!.spec!.httpRoute!.action!.weightedTargets!.map((t) => t.weight!);
}

const settings = (edit: (text: string) => string) => (files: Record<string, string>) => {
  files['meshops.yaml'] = edit(files['meshops.yaml']!);
};

const driftIssues = (w: World) => [...w.gh.state.mustRepo(TEST_REPO).issues.values()].filter((i) => !i.pull);

describe('reconcile: drift jobs', () => {
  let w: World;
  afterEach(() => w.close());

  it('plans the default branch head as it is when the job runs, not when it was scheduled', async () => {
    w = await world();
    w.commit(BASE, undefined, { branch: 'main' });
    await w.deliver([w.job({ type: 'apply', sha: BASE })]);
    expect(await w.deliver([w.job({ type: 'drift', sha: DRIFT_JOB_SHA })])).toEqual([]);
    expect(w.logs.find((l) => l.includes('"message":"drift checked"'))).toContain(`"sha":"${BASE}"`);
    expect(driftIssues(w)).toHaveLength(0);
    expect(JSON.parse(w.metrics[0]!)).toMatchObject({ Repository: TEST_REPO, Total: 0 });
  });

  it('remediate: true re-applies Git when something was changed outside it, and says so on the issue', async () => {
    w = await world();
    w.commit(BASE, settings((t) => t.replace('remediate: false', 'remediate: true')), { branch: 'main' });
    await w.deliver([w.job({ type: 'apply', sha: BASE })]);
    await setCanary(w, [0, 100]);

    expect(await w.deliver([w.job({ type: 'drift', sha: DRIFT_JOB_SHA })])).toEqual([]);
    expect(await liveCanary(w)).toEqual([90, 10]);
    const [issue] = driftIssues(w);
    expect(issue).toMatchObject({ state: 'open', title: 'meshops drift: 1 drifted resource' });
    const [comment] = w.gh.commentsOn(TEST_REPO, issue!.number);
    expect(comment!.body).toContain('**Remediation**');
    expect(comment!.body).toContain('Applied: 1 operation done.');
    // The apply job of the same commit, should it come later, has nothing left to do.
    expect((await w.store.getLastApplied(TEST_REPO))?.sha).toBe(BASE);

    // The next check finds live matching Git and closes the issue.
    await w.deliver([w.job({ type: 'drift', sha: DRIFT_JOB_SHA })]);
    expect(driftIssues(w)[0]).toMatchObject({ state: 'closed' });
  });

  it('report: none keeps GitHub out of it; the report and the metric are still written', async () => {
    w = await world();
    w.commit(BASE, settings((t) => t.replace('report: issue', 'report: none')), { branch: 'main' });
    await w.deliver([w.job({ type: 'apply', sha: BASE })]);
    await setCanary(w, [50, 50]);
    expect(await w.deliver([w.job({ type: 'drift', sha: DRIFT_JOB_SHA })])).toEqual([]);
    expect(driftIssues(w)).toHaveLength(0);
    expect(w.gh.callsTo('issues/list-for-repo')).toHaveLength(0);
    expect((await w.store.getDriftLatest(TEST_REPO))?.summary.changed).toBe(1);
    expect(JSON.parse(w.metrics.at(-1)!)).toMatchObject({ Changed: 1, Total: 1 });
  });

  it('new drift on an open issue is announced once, in a comment; items keep their first-seen time', async () => {
    w = await world();
    w.commit(BASE, undefined, { branch: 'main' });
    await w.deliver([w.job({ type: 'apply', sha: BASE })]);
    await setCanary(w, [50, 50]);
    await w.deliver([w.job({ type: 'drift', sha: DRIFT_JOB_SHA })]);
    const [issue] = driftIssues(w);
    const firstSeen = /"firstSeen":"([^"]+)"/.exec(issue!.body!)![1];

    // Something else drifts: the default route too.
    const { route } = await w.appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'default' }));
    const spec = structuredClone(route!.spec!);
    spec.httpRoute!.action!.weightedTargets = [{ virtualNode: 'search-v1', weight: 100 }];
    await w.appMesh.send(new UpdateRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'default', spec }));
    await w.deliver([w.job({ type: 'drift', sha: DRIFT_JOB_SHA })]);
    await w.deliver([w.job({ type: 'drift', sha: DRIFT_JOB_SHA })]);

    const comments = w.gh.commentsOn(TEST_REPO, issue!.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('**New drift**');
    expect(comments[0]!.body).toContain('watches/search-router/default');
    expect(comments[0]!.body).not.toContain('watches/search-router/canary');
    expect(driftIssues(w)[0]!.body).toContain(`"changed Route/watches/search-router/canary":{"firstSeen":"${firstSeen}"}`);
  });

  it('a default branch head that is not valid: no drift check, nothing reported', async () => {
    w = await world();
    w.commit(BASE, (files) => {
      files['meshops.yaml'] = 'version: 2\n';
    }, { branch: 'main' });
    expect(await w.deliver([w.job({ type: 'drift', sha: DRIFT_JOB_SHA })])).toEqual([]);
    expect(driftIssues(w)).toHaveLength(0);
    expect(w.metrics).toHaveLength(0);
    expect(checkRun(w, BASE, 'meshops/apply')).toBeUndefined();
    expect(w.logs.some((l) => l.includes('drift job skipped: the default branch head is not a valid repository'))).toBe(true);
  });
});
