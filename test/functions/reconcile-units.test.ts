import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../lib/app/config';
import { githubWebUrl } from '../../lib/app/github-client';
import { createLogger } from '../../lib/app/logger';
import { driftMetric } from '../../lib/app/metrics';
import { resourceId } from '../../lib/resources/resource-key';
import { forkSafePlan, HIDDEN_VALUE, maskLiveText } from '../../lib/app/plan-job';
import { isTransientApplyFailure } from '../../lib/app/reconcile-job';
import { createJobDeps } from '../../lib/app/run-job';
import { buildPlan } from '../../lib/plan';
import type { ApplyResult, DriftReport } from '../../lib/resources/results';
import { canaryRepo, httpNode, liveOf, liveState, state } from '../support/builders';
import { FakeS3 } from '../support/fake-s3';

describe('fork-safe plans', () => {
  it('masks ARNs, account ids and other owners in text', () => {
    expect(maskLiveText('certificate arn:aws:acm:us-east-1:111122223333:certificate/abc-123, owned by "acme/payments" (tag meshops:owner) in 444455556666')).toBe(
      'certificate arn:(hidden), owned by another owner (tag meshops:owner) in (account id)',
    );
  });

  it('hides live values and unmanaged resources, keeps what the PR sets, and re-points apply steps at the kept changes', () => {
    const desired = canaryRepo([50, 50]);
    const live = canaryRepo([90, 10]).map((d) => liveOf(d));
    // Unmanaged resources sort last; one between two kept changes would break index-based steps.
    const stray = liveOf(httpNode('billing-internal'), { owner: null });
    const plan = buildPlan({ desired: state([...desired, httpNode('search-v3')]), live: liveState([...live, stray]) });
    expect(plan.changes.some((c) => c.action === 'unmanaged')).toBe(true);

    const declared = new Set([...desired, httpNode('search-v3')].map(resourceId));
    const safe = forkSafePlan(plan, declared);
    expect(safe.fingerprint).toBe(plan.fingerprint);
    expect(safe.changes.map((c) => c.action)).toEqual(plan.changes.filter((c) => c.action !== 'unmanaged').map((c) => c.action));
    expect(JSON.stringify(safe)).not.toContain('billing-internal');
    for (const c of safe.changes) {
      expect('live' in c).toBe(false);
      for (const d of c.diff) if (d.before !== undefined) expect(d.before).toBe(HIDDEN_VALUE);
    }
    const route = safe.changes.find((c) => c.name === 'canary')!;
    expect(route.diff.map((d) => d.after)).toEqual([50, 50]);
    for (const step of safe.steps) for (const op of step) expect(safe.changes[op.change]!.id).toBe(op.id);
    expect(safe.steps.flat()).toHaveLength(plan.steps.flat().length);
    // The traffic view: the shares the PR sets, never the live ones.
    const canary = safe.traffic[0]!.routes.find((r) => r.route === 'search-router/canary')!;
    expect(canary.targets).toEqual([{ virtualNode: 'search-v1', before: 50, after: 50 }, { virtualNode: 'search-v2', before: 50, after: 50 }]);
  });

  it('counts deletes without naming them, and hides live keys in removed fields', () => {
    const live = [...canaryRepo([90, 10]).map((d) => liveOf(d)), liveOf(httpNode('secret-node'))];
    const desired = canaryRepo([100, 0]).map((d) => (d.kind === 'Route' && d.name === 'canary' ? { ...d, spec: { ...d.spec, httpRoute: { ...(d.spec.httpRoute as object), action: { weightedTargets: [{ virtualNode: 'search-v1', weight: 100 }] } } } } : d));
    const plan = buildPlan({ desired: state(desired), live: liveState(live) });
    const safe = forkSafePlan(plan, new Set(desired.map(resourceId)));
    const text = JSON.stringify(safe);
    expect(text).not.toContain('secret-node');
    expect(text).not.toContain('virtualNode=search-v2');
    expect(safe.warnings.map((w) => w.message)).toContain('deletes 1 resources this pull request no longer declares (names hidden: pull request from a fork)');
  });
});

describe('which apply failures SQS retries', () => {
  const result = (status: ApplyResult['status'], failures: string[], code = 'operation-failed'): ApplyResult => ({
    status,
    fingerprint: 'f',
    startedAt: '',
    finishedAt: '',
    operations: failures.map((name, i) => ({ step: 0, type: 'update', kind: 'Route', id: `Route/m/r/${i}`, status: 'failed', error: { name, message: 'x' } })),
    ...(status === 'failed' ? { error: { code, message: 'x' } } : {}),
  });

  it.each([
    [['TooManyRequestsException'], true],
    [['ServiceUnavailableException', 'InternalServerErrorException'], true],
    [['ServiceUnavailableException', 'BadRequestException'], false],
    [['BadRequestException'], false],
    [['LimitExceededException'], false],
  ])('failed on %j → retry %s', (names, retry) => {
    expect(isTransientApplyFailure(result('failed', names))).toBe(retry);
  });

  it('a stale plan is retried (the next delivery re-plans); a refusal or success is not', () => {
    expect(isTransientApplyFailure(result('failed', [], 'stale-plan'))).toBe(true);
    expect(isTransientApplyFailure(result('refused', []))).toBe(false);
    expect(isTransientApplyFailure(result('applied', []))).toBe(false);
  });
});

describe('the drift metric (embedded metric format)', () => {
  it('is one line per repository with the items by class', () => {
    const report: DriftReport = { checkedAt: '2026-11-25T12:00:00.000Z', fingerprint: 'f', items: [], summary: { changed: 2, missing: 1, unmanaged: 0, pending: 3 } };
    report.items.length = 6;
    const record = driftMetric('acme/mesh-config', report, new Date(Date.UTC(2026, 10, 25, 12)));
    expect(record).toEqual({
      _aws: {
        Timestamp: Date.UTC(2026, 10, 25, 12),
        CloudWatchMetrics: [{ Namespace: 'meshops/drift', Dimensions: [['Repository']], Metrics: ['Total', 'Changed', 'Missing', 'Unmanaged', 'Pending', 'Rollout'].map((Name) => ({ Name, Unit: 'Count' })) }],
      },
      Repository: 'acme/mesh-config',
      Total: 6,
      Changed: 2,
      Missing: 1,
      Unmanaged: 0,
      Pending: 3,
      Rollout: 0,
    });
  });
});

describe('the reconcile function’s dependencies', () => {
  const ssm = mockClient(SSMClient);
  beforeEach(() => ssm.reset());
  afterAll(() => ssm.restore());

  const env = {
    AWS_REGION: 'eu-west-1',
    MESHOPS_ALLOWED_REPOS: 'acme/mesh-config',
    MESHOPS_STATE_BUCKET: 'state',
    MESHOPS_GITHUB_TOKEN_PARAMETER: '/meshops/github-token',
    MESHOPS_WEBHOOK_SECRET_PARAMETER: '/meshops/webhook-secret',
    MESHOPS_GITHUB_API_URL: 'https://github.example.com/api/v3',
  };
  const silent = createLogger({ write: () => {} });

  it('reads the GitHub token alone (never the webhook secret), and points the engine at AWS by default', async () => {
    ssm.on(GetParameterCommand, { Name: '/meshops/github-token', WithDecryption: true }).resolves({ Parameter: { Name: '/meshops/github-token', Type: 'SecureString', Value: 'ghs_tokenForTheReconcileFunction000001' } });
    const deps = await createJobDeps(loadConfig(env), silent, { s3: new FakeS3().client() });
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(0);
    expect(deps.githubWebUrl).toBe('https://github.example.com');
    const engine = deps.engine('us-west-2');
    expect(engine.target).toEqual({ kind: 'aws' });
    expect(engine.region).toBe('us-west-2');
    expect(deps.engine('us-west-2')).toBe(engine);
    expect(deps.checkRuns!({ owner: 'acme', repo: 'mesh-config' })).toBe(deps.checkRuns!({ owner: 'ACME', repo: 'Mesh-Config' }));
  });

  it('MESHOPS_MESH_ENDPOINT points the engine at an emulator endpoint; a bad URL is a configuration error', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/meshops/github-token', Type: 'SecureString', Value: 'ghs_tokenForTheReconcileFunction000002' } });
    const withEndpoint = { ...env, MESHOPS_MESH_ENDPOINT: 'http://127.0.0.1:4566' };
    const deps = await createJobDeps(loadConfig(withEndpoint), silent, { s3: new FakeS3().client() });
    expect(deps.engine('us-east-1').target).toEqual({ kind: 'endpoint', url: 'http://127.0.0.1:4566' });
    expect(() => loadConfig({ ...env, MESHOPS_MESH_ENDPOINT: 'ftp://x' })).toThrow(/MESHOPS_MESH_ENDPOINT is not an http\(s\) URL/);
    expect(loadConfig(env).meshEndpoint).toBeUndefined();
  });

  it('refuses a token stored as a plain String, and a missing setting names its variable', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/meshops/github-token', Type: 'String', Value: 'ghs_plainStringTokenIsRefused000000003' } });
    await expect(createJobDeps(loadConfig(env), silent, {})).rejects.toThrow('SSM parameter /meshops/github-token must be a SecureString, is String');
    const { MESHOPS_STATE_BUCKET: _bucket, ...noBucket } = env;
    await expect(createJobDeps(loadConfig(noBucket), silent, {})).rejects.toThrow('MESHOPS_STATE_BUCKET is not set');
  });

  it.each([
    ['https://api.github.com', 'https://github.com'],
    ['https://api.github.com/', 'https://github.com'],
    ['https://ghe.corp.example/api/v3', 'https://ghe.corp.example'],
    ['http://127.0.0.1:9999', 'http://127.0.0.1:9999'],
  ])('links for the API at %s point at %s', (api, web) => {
    expect(githubWebUrl(api)).toBe(web);
  });
});
