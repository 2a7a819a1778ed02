/**
 * Attacks on ownership through the real handlers (webhook → FIFO queue → reconcile): a repository
 * that claims another's owner, and a repository that declares nothing. Each one fails closed: the
 * job ends with a failed check on its commit, and live does not change.
 */
import { DescribeMeshCommand, DescribeRouteCommand, ListTagsForResourceCommand, ListVirtualNodesCommand } from '@aws-sdk/client-app-mesh';
import { pullRequestPayload, pushPayload, TEST_REPO } from '../support/webhook-payloads';
import { encodeJobMessage } from '../../lib/queue/job-queue';
import { makeJob } from '../../lib/webhook/job';
import { canaryWeights, QUEUE_URL, sha, startE2E, type E2E } from './harness';

const INTRUDER = 'acme/intruder';

async function liveWeights(e: E2E): Promise<Record<string, number | undefined>> {
  const { route } = await e.appMesh.send(new DescribeRouteCommand({ meshName: 'watches', virtualRouterName: 'search-router', routeName: 'canary' }));
  return Object.fromEntries(route!.spec!.httpRoute!.action!.weightedTargets!.map((t) => [t.virtualNode!, t.weight]));
}

function lastCheck(e: E2E, repo: string, commit: string, name: string) {
  const runs = [...e.gh.state.checkRuns.values()].filter((r) => r.repo.toLowerCase() === repo.toLowerCase() && r.headSha === commit && r.name === name);
  return runs.pop();
}

const setOwner = (owner: string | null) => (files: Record<string, string>) => {
  const text = files['meshops.yaml']!;
  files['meshops.yaml'] = owner === null ? text.replace(/^owner: .*\n/m, '') : text.replace(/^owner: .*$/m, `owner: ${owner}`);
};

async function applyBase(e: E2E): Promise<void> {
  e.commit(sha(100), undefined, { branch: 'main' });
  await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: sha(100) }));
  await e.drain();
  expect(lastCheck(e, TEST_REPO, sha(100), 'meshops/apply')).toMatchObject({ conclusion: 'success' });
}

describe('attack: a repository claims the owner of another (allowlist acme/*)', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ allowedRepos: 'acme/*' });
    e.gh.addRepo(INTRUDER);
    await applyBase(e);
  });
  afterAll(() => e.close());

  it("a new repository's push naming owner: acme/mesh-config is refused at that line; live is unchanged", async () => {
    const attack = sha(101);
    e.commit(attack, (files) => {
      setOwner(TEST_REPO)(files);
      canaryWeights(0, 100)(files);
    }, { repo: INTRUDER, branch: 'main' });
    const res = await e.webhook('push', pushPayload({ repo: INTRUDER, before: '0'.repeat(40), after: attack }));
    expect(res).toMatchObject({ status: 202, body: { type: 'apply' } });
    expect(await e.drain()).toEqual([expect.objectContaining({ failed: false })]);

    const check = lastCheck(e, INTRUDER, attack, 'meshops/apply')!;
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check.output.summary).toContain('owner "acme/mesh-config" is not this repository\'s: the meshops deployment pins it to the owner "acme/intruder"');
    expect(check.output.summary).toMatch(/meshops\.yaml#L7\b/);
    expect(await liveWeights(e)).toEqual({ 'search-v1': 90, 'search-v2': 10 });
    expect(e.s3.keys('meshops-state').filter((k) => k.includes('acme/intruder/last-applied'))).toEqual([]);
  });

  it('without the owner line it owns its own name, so the same edit is a conflict and is refused', async () => {
    const attack = sha(102);
    e.commit(attack, (files) => {
      setOwner(null)(files);
      canaryWeights(0, 100)(files);
    }, { repo: INTRUDER, branch: 'main' });
    await e.webhook('push', pushPayload({ repo: INTRUDER, before: sha(101), after: attack }));
    await e.drain();
    const check = lastCheck(e, INTRUDER, attack, 'meshops/apply')!;
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check.output.summary).toMatch(/owned by .*acme\/mesh-config/);
    expect(await liveWeights(e)).toEqual({ 'search-v1': 90, 'search-v2': 10 });
  });

  it("the same claim in a pull request's plan is an error on the plan check and in the comment", async () => {
    const head = sha(103);
    e.commit(head, setOwner(TEST_REPO), { repo: INTRUDER });
    const pr = e.gh.openPullRequest(INTRUDER, { headSha: head });
    await e.webhook('pull_request', pullRequestPayload({ repo: INTRUDER, number: pr.number, headSha: head }));
    await e.drain();
    expect(lastCheck(e, INTRUDER, head, 'meshops/plan')).toMatchObject({ conclusion: 'failure' });
    const comment = e.gh.commentsOn(INTRUDER, pr.number)[0]!.body;
    expect(comment).toContain('is not this repository\'s: the meshops deployment pins it to the owner "acme/intruder"');
    expect(comment).not.toContain('search-v1');
  });
});

describe('attack: a repository mapped to an owner value, and another claiming it', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ allowedRepos: `${TEST_REPO}=payments ${INTRUDER}` });
    e.gh.addRepo(INTRUDER);
  });
  afterAll(() => e.close());

  it('the mapped repository manages "payments" (its meshops.yaml may omit owner)', async () => {
    e.commit(sha(110), setOwner(null), { branch: 'main' });
    await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: sha(110) }));
    await e.drain();
    expect(lastCheck(e, TEST_REPO, sha(110), 'meshops/apply')).toMatchObject({ conclusion: 'success' });
    const { mesh } = await e.appMesh.send(new DescribeMeshCommand({ meshName: 'watches' }));
    const { tags } = await e.appMesh.send(new ListTagsForResourceCommand({ resourceArn: mesh!.metadata!.arn! }));
    expect(tags).toContainEqual({ key: 'meshops:owner', value: 'payments' });
  });

  it('the other repository writing owner: payments is refused; live is unchanged', async () => {
    const attack = sha(111);
    e.commit(attack, (files) => {
      setOwner('payments')(files);
      canaryWeights(0, 100)(files);
    }, { repo: INTRUDER, branch: 'main' });
    await e.webhook('push', pushPayload({ repo: INTRUDER, before: '0'.repeat(40), after: attack }));
    await e.drain();
    const check = lastCheck(e, INTRUDER, attack, 'meshops/apply')!;
    expect(check).toMatchObject({ conclusion: 'failure' });
    expect(check.output.summary).toContain('owner "payments" is not this repository\'s');
    expect(await liveWeights(e)).toEqual({ 'search-v1': 90, 'search-v2': 10 });
  });

  it('a job for a repository that is not allowlisted (a forged queue message) is refused before anything is read', async () => {
    e.gh.addRepo('mallory/mesh');
    e.commit(sha(112), undefined, { repo: 'mallory/mesh', branch: 'main' });
    // The webhook refuses it outright…
    expect((await e.webhook('push', pushPayload({ repo: 'mallory/mesh', before: '0'.repeat(40), after: sha(112) }))).status).toBe(403);
    expect(e.queue.messages).toHaveLength(0);
    // …and reconcile refuses the same job put on the queue by anything else, before reading the repository.
    const job = makeJob({ type: 'apply', sha: sha(112) }, 'mallory/mesh', 'forged-1', new Date());
    e.queue.send({ QueueUrl: QUEUE_URL, MessageBody: encodeJobMessage(job), MessageGroupId: 'mallory/mesh', MessageDeduplicationId: 'forged-1' });
    e.gh.resetCalls();
    expect(await e.drain()).toEqual([expect.objectContaining({ failed: false })]);
    expect(e.gh.callsTo('repos/download-tarball-archive')).toEqual([]);
    expect(lastCheck(e, 'mallory/mesh', sha(112), 'meshops/apply')).toMatchObject({ conclusion: 'failure', output: expect.objectContaining({ summary: expect.stringContaining('is not on this meshops deployment\'s allowlist') }) });
  });
});

describe('attack: one typo deletes a mesh (a path that does not exist, a repository that declares nothing)', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
    await applyBase(e);
  });
  afterAll(() => e.close());

  const nodeCount = async () => (await e.appMesh.send(new ListVirtualNodesCommand({ meshName: 'watches' }))).virtualNodes!.length;

  it('path: meshes (no such folder) is an error at its line; nothing is deleted', async () => {
    const before = await nodeCount();
    const typo = sha(120);
    e.commit(typo, (files) => {
      files['meshops.yaml'] = files['meshops.yaml']!.replace(/^path: mesh$/m, 'path: meshes');
    }, { branch: 'main' });
    await e.webhook('push', pushPayload({ before: sha(100), after: typo }));
    await e.drain();
    const check = lastCheck(e, TEST_REPO, typo, 'meshops/apply')!;
    expect(check).toMatchObject({ conclusion: 'failure' });
    expect(check.output.summary).toContain('meshes/ does not exist or holds no .yaml or .yml files');
    expect(check.output.summary).toMatch(/meshops\.yaml#L8\b/);
    expect(await nodeCount()).toBe(before);
  });

  it('resource files that declare nothing while owned resources are live: a plan error; nothing is deleted', async () => {
    const before = await nodeCount();
    const emptied = sha(121);
    e.commit(emptied, (files) => {
      for (const path of Object.keys(files)) if (path.startsWith('mesh/')) delete files[path];
      files['mesh/empty.yaml'] = '# everything moved elsewhere\n';
      files['meshops.yaml'] = files['meshops.yaml']!.replace(/^maxDeletes: 10/m, 'maxDeletes: 100');
    }, { branch: 'main' });
    await e.webhook('push', pushPayload({ before: sha(120), after: emptied }));
    await e.drain();
    const check = lastCheck(e, TEST_REPO, emptied, 'meshops/apply')!;
    expect(check).toMatchObject({ conclusion: 'failure' });
    expect(check.output.summary).toContain('declares no resource while');
    expect(await nodeCount()).toBe(before);
  });
});

describe('a pull request that widens the policy shows it above the plan', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
    await applyBase(e);
  });
  afterAll(() => e.close());

  it('maxDeletes raised, drift.remediate on, an ignore rule removed: each is listed with its effect', async () => {
    e.commit(sha(130), (files) => {
      files['meshops.yaml'] = files['meshops.yaml']!.replace(/^# ignore:\n#   - (.*)$/m, 'ignore:\n  - $1');
    }, { branch: 'main' });
    await e.webhook('push', pushPayload({ before: sha(100), after: sha(130) }));
    await e.drain();
    const head = sha(131);
    e.commit(head, (files) => {
      files['meshops.yaml'] = files['meshops.yaml']!.replace(/^maxDeletes: 10/m, 'maxDeletes: 500').replace(/remediate: false/, 'remediate: true').replace(/^ignore:\n {2}- .*$/m, '');
    });
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: head });
    await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: head }));
    await e.drain();
    const body = e.gh.commentsOn(TEST_REPO, pr.number)[0]!.body;
    expect(body).toContain('**This pull request widens what merging can do**');
    expect(body).toContain('<code>maxDeletes</code>: <code>10</code> → <code>500</code>: one apply may delete up to 500 resources');
    expect(body).toContain('<code>drift.remediate</code>: <code>false</code> → <code>true</code>');
    expect(body).toContain('<code>ignore</code>: <code>VirtualNode search-&#42; /spec/listeners/0/connectionPool</code> → <code>(removed)</code>');
    const check = lastCheck(e, TEST_REPO, head, 'meshops/plan')!;
    expect(check.output.summary).toContain('**Widens what merging can do:**');
  });
});
