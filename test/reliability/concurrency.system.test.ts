import { UpdateRouteCommand, DescribeRouteCommand } from '@aws-sdk/client-app-mesh';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDesired } from '../../lib/app/apply-desired';
import { createEngine, type Engine } from '../../lib/app/engine';
import { planDesired } from '../../lib/app/plan-desired';
import { Emulator } from '../../lib/emulator/emulator';
import type { WireRequest } from '../../lib/emulator/wire/types';
import { hasChanges } from '../../lib/plan/types';
import { LocalStateStore } from '../../lib/state/local-state-store';
import { emulatedAws } from '../support/emulated-aws';
import { TEST_REPO, pullRequestPayload, pushPayload } from '../support/webhook-payloads';
import { canaryWeights, sha, startE2E, type E2E } from '../e2e/harness';
import { meshops, startEmulatorServer, type EmulatorServer } from './support/cli-harness';
import { generateMeshRepo, writeRepo, GENERATED_OWNER } from './support/generate-mesh';
import { compareWithDesired, inventoryOf, inventoryOfFile, isClean } from './support/inventory';
import { auditEntries, buildCli, runMeshops, startEmulatorProcess, type EmulatorProcess } from './support/processes';

/**
 * Concurrency and partial failure: two applies at once (real processes, then in one process with
 * every write call attributed), a plan gone stale between plan and apply, a Cloud Map operation
 * that ends in FAIL, and GitHub answering 5xx while the reconcile job comments.
 */
const REPO = GENERATED_OWNER;
const V1 = generateMeshRepo({ meshes: 1, servicesPerMesh: 3, version: 1 });
const V2 = generateMeshRepo({ meshes: 1, servicesPerMesh: 3, version: 2 });
const figures: Record<string, unknown> = {};

afterAll(() => {
  const out = join(__dirname, '..', '..', '.tmp', 'reliability');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'concurrency.json'), JSON.stringify(figures, null, 2));
});

function isWrite(r: WireRequest): boolean {
  if (r.path.startsWith('/v20190125/')) return r.method === 'PUT' || r.method === 'DELETE';
  return /\.(Create|Update|Delete|Tag|Untag|Register|Deregister)/.test(r.headers['x-amz-target'] ?? '');
}

describe('two applies at once (real processes): one applies, the other fails at once naming the holder, or waits', () => {
  let work: string;
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    await buildCli();
    work = mkdtempSync(join(tmpdir(), 'meshops-concurrency-'));
    // 40 ms per call: an apply lasts seconds, so two started together overlap.
    emulator = await startEmulatorProcess(join(work, 'emulator.json'), ['--latency-ms', '40']);
  });
  afterAll(async () => {
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('without --lock-wait: exactly one applies; the other exits 1 naming the holder, and writes nothing', async () => {
    const repoDir = join(work, 'a', 'repo');
    const stateDir = join(work, 'a', 'state');
    writeRepo(repoDir, V1.files);
    const args = ['apply', repoDir, '--auto-approve', '--json', '--endpoint', emulator.url, '--state-dir', stateDir];
    const [one, two] = await Promise.all([runMeshops(args), runMeshops(args)]);
    const runs = [one, two].map((r) => ({ exit: r, result: JSON.parse(r.stdout).result as { status: string; error?: { code: string; message: string } } }));
    const winner = runs.find((r) => r.result.status === 'applied');
    const loser = runs.find((r) => r.result.status !== 'applied');
    expect(winner?.exit.code).toBe(0);
    expect(loser?.exit.code).toBe(1);
    expect(loser!.result).toMatchObject({ status: 'refused', error: { code: 'locked' } });
    expect(loser!.result.error!.message).toContain(`cli:${hostname()}:${winner!.exit.pid}`);
    expect(loser!.result.error!.message).toMatch(/apply/);
    // The refused run never started: one audit entry, the winner's.
    expect(auditEntries(stateDir, REPO).map((e) => [e.status, e.holder])).toEqual([['applied', `cli:${hostname()}:${winner!.exit.pid}`]]);
    expect(isClean(compareWithDesired(inventoryOfFile(emulator.stateFile), V1.desired))).toBe(true);
    figures.twoProcessesNoWait = { applied: 1, refused: 1, message: loser!.result.error!.message };
  });

  it('with --lock-wait: the second waits for the first, then re-plans and finds nothing to do', async () => {
    rmSync(emulator.stateFile, { force: true });
    const repoDir = join(work, 'b', 'repo');
    const stateDir = join(work, 'b', 'state');
    writeRepo(repoDir, V1.files);
    const args = ['apply', repoDir, '--auto-approve', '--json', '--lock-wait', '2m', '--endpoint', emulator.url, '--state-dir', stateDir];
    const exits = await Promise.all([runMeshops(args), runMeshops(args)]);
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
    expect(exits.map((e) => JSON.parse(e.stdout).result.status).sort()).toEqual(['applied', 'nothing-to-do']);
    expect(auditEntries(stateDir, REPO).map((e) => e.status)).toEqual(['applied']);
    expect(isClean(compareWithDesired(inventoryOfFile(emulator.stateFile), V1.desired))).toBe(true);
    figures.twoProcessesWait = { results: ['applied', 'nothing-to-do'] };
  });
});

describe('two applies at once in one process, every write attributed: never interleaved', () => {
  it('A (version 1) and B (version 2) with a lock wait: all writes of one, then all of the other; C without a wait is refused naming the holder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshops-interleave-'));
    try {
      const emulator = new Emulator({ seed: 3, faults: { latencyMs: 3, latencyJitterMs: 3, seed: 3 } });
      const writes: string[] = [];
      // The same account seen through three clients that sign their writes in the log.
      const tagged = (who: string) => Object.assign(Object.create(emulator) as Emulator, { handle: (r: WireRequest) => (isWrite(r) && writes.push(who), emulator.handle(r)) });
      const engine = (who: string): Engine => createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator: tagged(who), retry: { baseDelayMs: 1, maxDelayMs: 4 }, cloudMapWait: { pollMs: 1 } });
      const [a, b, c] = [engine('A'), engine('B'), engine('C')];
      let refusedC: ReturnType<typeof applyDesired> | undefined;
      const options = (holder: string) => ({ repo: REPO, holder, lockTimeoutMs: 60_000, lockWaitMs: 60_000 });
      const [ra, rb] = await Promise.all([
        applyDesired(V1.desired, a, {
          ...options('A'),
          beforeOperation: async () => {
            // While A holds the lock, an apply that will not wait is refused at once.
            refusedC ??= applyDesired(V1.desired, c, { repo: REPO, holder: 'C', lockTimeoutMs: 60_000, lockWaitMs: 0 });
            await refusedC;
          },
        }),
        // B starts a moment later, so that A takes the lock first.
        new Promise((r) => setTimeout(r, 20)).then(() => applyDesired(V2.desired, b, options('B'))),
      ]);
      expect(ra.result.status).toBe('applied');
      expect(rb.result.status).toBe('applied');
      // Runs of the same writer: exactly two, one apply's writes then the other's (A normally first).
      const runs = writes.filter((w, i) => i === 0 || writes[i - 1] !== w);
      expect([...runs].sort()).toEqual(['A', 'B']);
      const refused = await refusedC!;
      expect(refused.result).toMatchObject({ status: 'refused', error: { code: 'locked', message: expect.stringContaining('A') } });
      expect(refused.plan).toBeUndefined();
      expect(writes).not.toContain('C');

      const audit = await new LocalStateStore({ dir }).listAudit(REPO);
      const windows = audit.map((e) => [e.holder, Date.parse(e.result!.startedAt), Date.parse(e.result!.finishedAt)] as const).sort((x, y) => x[1] - y[1]);
      expect(windows.map((w) => w[0])).toEqual(runs);
      expect(windows[0]![2]).toBeLessThanOrEqual(windows[1]![1]);

      // The later apply's version is live, and it plans to nothing.
      const last = runs[1] === 'B' ? { desired: V2.desired, engine: b } : { desired: V1.desired, engine: a };
      expect(hasChanges((await planDesired(last.desired, last.engine, { repo: REPO })).plan)).toBe(false);
      expect(isClean(compareWithDesired(inventoryOf(emulator.store.read((s) => structuredClone(s))), last.desired))).toBe(true);
      figures.interleaving = { writesA: writes.filter((w) => w === 'A').length, writesB: writes.filter((w) => w === 'B').length, writerRuns: runs, refusedC: refused.result.error };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a plan gone stale between plan and apply', () => {
  function setup() {
    const dir = mkdtempSync(join(tmpdir(), 'meshops-stale-'));
    const aws = emulatedAws({ seed: 5 });
    const engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator: aws.emulator, retry: { baseDelayMs: 1, maxDelayMs: 4 }, cloudMapWait: { pollMs: 1 } });
    return { dir, aws, engine };
  }

  it('is refused (stale-plan) before the changed resource is touched; the next apply re-plans and converges', async () => {
    const { dir, aws, engine } = setup();
    try {
      expect((await applyDesired(V1.desired, engine, { repo: REPO, holder: 'first', lockTimeoutMs: 60_000 })).result.status).toBe('applied');
      const route = { meshName: 'm0', virtualRouterName: 'svc0-router', routeName: 'svc0-route' };
      let outOfBand: unknown;
      // Someone changes svc0's route by hand after meshops planned (and before it gets there).
      const { result } = await applyDesired(V2.desired, engine, {
        repo: REPO,
        holder: 'second',
        lockTimeoutMs: 60_000,
        beforeOperation: async (op) => {
          if (outOfBand || op.id !== 'Route/m0/svc0-router/svc0-route') return;
          const live = (await aws.appMeshClient.send(new DescribeRouteCommand(route))).route!;
          const spec = structuredClone(live.spec!);
          spec.httpRoute!.action!.weightedTargets = [{ virtualNode: 'svc0-v1', weight: 1 }];
          outOfBand = (await aws.appMeshClient.send(new UpdateRouteCommand({ ...route, spec }))).route!.spec;
        },
      });
      expect(result.status).toBe('failed');
      expect(result.error).toMatchObject({ code: 'stale-plan', message: expect.stringMatching(/Route m0\/svc0-router\/svc0-route changed since the plan was made \(version 1 → 2\)\. Re-plan/) });
      expect(result.operations.find((o) => o.id === 'Route/m0/svc0-router/svc0-route')).toMatchObject({ status: 'failed', error: { name: 'StalePlanError' } });
      // The stale plan did not overwrite the hand edit.
      expect((await aws.appMeshClient.send(new DescribeRouteCommand(route))).route!.spec).toEqual(outOfBand);
      const [latest] = await engine.store.listAudit(REPO, { limit: 1 });
      expect(latest).toMatchObject({ status: 'failed', result: { error: { code: 'stale-plan' } } });

      const again = await applyDesired(V2.desired, engine, { repo: REPO, holder: 'third', lockTimeoutMs: 60_000 });
      expect(again.result.status).toBe('applied');
      expect(hasChanges((await planDesired(V2.desired, engine, { repo: REPO })).plan)).toBe(false);
      expect(isClean(compareWithDesired(inventoryOf(aws.emulator.store.read((s) => structuredClone(s))), V2.desired))).toBe(true);
      figures.stalePlan = { first: result.error, rerun: again.result.status };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a Cloud Map operation that ends in FAIL', () => {
  let aws: EmulatorServer;
  let work: string;
  beforeAll(async () => {
    aws = await startEmulatorServer({ seed: 11 });
    work = mkdtempSync(join(tmpdir(), 'meshops-cloudmap-fail-'));
  });
  afterAll(async () => {
    await aws.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** Everything the account holds that the audit log does not say was done: must be nothing. */
  async function unrecorded(stateDir: string, baseline: Set<string>): Promise<string[]> {
    const done = new Set(auditEntries(stateDir, REPO).flatMap((e) => (e.done ?? []).map((d) => d.replace(/^\w+ /, ''))));
    return inventoryOf(aws.emulator.store.read((s) => structuredClone(s))).items.map((i) => i.id).filter((id) => !baseline.has(id) && !done.has(id));
  }

  const apply = (repoDir: string, stateDir: string, json = false) => meshops(['apply', repoDir, '--auto-approve', ...(json ? ['--json'] : []), '--endpoint', aws.url, '--state-dir', stateDir], work);

  it('creating a namespace: the apply stops with the operation\'s error, recorded; switched off, a re-run converges', async () => {
    const repoDir = join(work, 'create', 'repo');
    const stateDir = join(work, 'create', 'state');
    writeRepo(repoDir, V1.files);
    aws.emulator.setCloudMapFailure({ errorCode: 'INTERNAL_FAILURE', message: 'Route 53 could not create the hosted zone' });
    const failed = await apply(repoDir, stateDir);
    expect(failed.code).toBe(1);
    expect(`${failed.stdout}${failed.stderr}`).toMatch(/creating Cloud Map namespace ns-m0.*Cloud Map operation \S+ failed: INTERNAL_FAILURE: Route 53 could not create the hosted zone/s);

    const [entry, ...more] = auditEntries(stateDir, REPO);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ status: 'failed', result: { status: 'failed', error: { code: 'operation-failed', message: expect.stringContaining('INTERNAL_FAILURE') } } });
    expect(entry!.result!.operations.filter((o) => o.status === 'failed').map((o) => o.id)).toEqual(['CloudMapNamespace/ns-m0']);
    expect(entry!.result!.operations.filter((o) => o.status === 'done')).toEqual([]);
    expect(await unrecorded(stateDir, new Set())).toEqual([]);

    aws.emulator.setCloudMapFailure(undefined);
    const rerun = await apply(repoDir, stateDir, true);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout).result.status).toBe('applied');
    const plan = await meshops(['plan', repoDir, '--detailed-exitcode', '--endpoint', aws.url, '--state-dir', stateDir], work);
    expect(plan.code).toBe(0);
    expect(isClean(compareWithDesired(inventoryOf(aws.emulator.store.read((s) => structuredClone(s))), V1.desired))).toBe(true);
    figures.cloudMapCreateFail = { error: entry!.result!.error, rerun: 'applied' };
  });

  it('updating services in version 2: what was done in the failing step is recorded, the rest is not run; a re-run converges', async () => {
    const repoDir = join(work, 'update', 'repo');
    const stateDir = join(work, 'update', 'state');
    const baseline = new Set(inventoryOf(aws.emulator.store.read((s) => structuredClone(s))).items.map((i) => i.id));
    writeRepo(repoDir, V2.files);
    aws.emulator.setCloudMapFailure({ errorCode: 'INTERNAL_FAILURE', message: 'injected' });
    const failed = await apply(repoDir, stateDir, true);
    expect(failed.code).toBe(1);
    const result = JSON.parse(failed.stdout).result as { status: string; operations: { id: string; status: string; type: string }[]; error: { message: string } };
    expect(result.status).toBe('failed');
    expect(result.error.message).toMatch(/updating Cloud Map service svc0.*INTERNAL_FAILURE/);
    expect(result.operations.filter((o) => o.status === 'failed').map((o) => o.id)).toEqual(['CloudMapService/ns-m0/svc0']);
    // Later steps never ran; what ran in the failing step is in the record, and nothing else changed.
    expect(result.operations.filter((o) => o.status === 'not-run').length).toBeGreaterThan(5);
    const [entry] = (await new LocalStateStore({ dir: stateDir }).listAudit(REPO, { limit: 1 }));
    expect(entry!.done!.sort()).toEqual(result.operations.filter((o) => o.status === 'done').map((o) => `${o.type} ${o.id}`).sort());
    expect(await unrecorded(stateDir, baseline)).toEqual([]);

    aws.emulator.setCloudMapFailure(undefined);
    const rerun = await apply(repoDir, stateDir, true);
    expect(JSON.parse(rerun.stdout).result.status).toBe('applied');
    const plan = await meshops(['plan', repoDir, '--detailed-exitcode', '--endpoint', aws.url, '--state-dir', stateDir], work);
    expect(plan.code).toBe(0);
    figures.cloudMapUpdateFail = { error: result.error.message, done: result.operations.filter((o) => o.status === 'done').length, notRun: result.operations.filter((o) => o.status === 'not-run').length, rerun: 'applied' };
  });
});

describe('GitHub answers 5xx while the reconcile job comments', () => {
  let e: E2E;
  const planComments = (pr: number) => e.gh.commentsOn(TEST_REPO, pr).filter((c) => c.body.startsWith('<!-- meshops:plan -->'));
  const applyComments = (pr: number) => e.gh.commentsOn(TEST_REPO, pr).filter((c) => c.body.startsWith('<!-- meshops:apply -->'));
  const checkRuns = (commit: string, name: string) => [...e.gh.state.checkRuns.values()].filter((r) => r.headSha === commit && r.name === name);

  beforeAll(async () => {
    e = await startE2E();
    e.commit(sha(100), undefined, { branch: 'main' });
    await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: sha(100) }));
    await e.drain();
  });
  afterAll(() => e.close());

  it('a comment GitHub stored but answered 502 for is found by the retry, not posted again', async () => {
    e.commit(sha(101), canaryWeights(50, 50));
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: sha(101) });
    e.gh.failNext('issues/create-comment', { status: 502, after: true });
    await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: sha(101) }));
    expect(await e.drain()).toEqual([expect.objectContaining({ failed: false })]);
    expect(e.gh.callsTo('issues/create-comment').filter((c) => c.injected)).toHaveLength(1);
    expect(planComments(pr.number)).toHaveLength(1);
    expect(checkRuns(sha(101), 'meshops/plan')).toHaveLength(1);
  });

  it('the job fails after commenting (GitHub keeps failing the check run) and is delivered again: still one comment, one check run', async () => {
    e.commit(sha(102), canaryWeights(60, 40));
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: sha(102) });
    // The first delivery: the comment is stored (its response lost), then every check-run update fails.
    e.gh.failNext('issues/create-comment', { status: 502, after: true });
    e.gh.failNext('checks/update', { status: 503, count: 3 });
    await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: sha(102) }));
    const ran = await e.drain();
    expect(ran.map((r) => r.failed)).toEqual([true, false]);
    expect(planComments(pr.number)).toHaveLength(1);
    expect(planComments(pr.number)[0]!.body).toContain('search-v1 90% → **60%**');
    expect(checkRuns(sha(102), 'meshops/plan')).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
    figures.github5xx = { deliveries: ran.length, planComments: 1, checkRuns: 1 };
  });

  it('an apply job that fails after applying (GitHub keeps failing the check run) is delivered again: one apply comment, the check completed', async () => {
    e.commit(sha(103), canaryWeights(70, 30));
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: sha(103) });
    await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: sha(103) }));
    await e.drain();
    e.commit(sha(104), canaryWeights(70, 30));
    e.gh.mergePullRequest(TEST_REPO, pr.number, sha(104));
    // The result comment is stored but its response lost; then every check-run update fails.
    e.gh.failNext('issues/create-comment', { status: 502, after: true });
    e.gh.failNext('checks/update', { status: 503, count: 3 });
    await e.webhook('push', pushPayload({ before: sha(100), after: sha(104) }));
    const ran = await e.drain();
    expect(ran.some((r) => r.failed)).toBe(true);
    expect(ran.at(-1)!.failed).toBe(false);
    expect(applyComments(pr.number)).toHaveLength(1);
    // Whatever delivery finished the job, the commit's check does not stay "in progress".
    expect(checkRuns(sha(104), 'meshops/apply')).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
    expect(e.queue.deadLetters).toHaveLength(0);
    figures.github5xxApply = { deliveries: ran.length, applyComments: applyComments(pr.number).length, check: checkRuns(sha(104), 'meshops/apply')[0]?.status };
  });
});

