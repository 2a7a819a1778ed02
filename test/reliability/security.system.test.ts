import { CreateGatewayRouteCommand, CreateRouteCommand, CreateVirtualGatewayCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, CreateVirtualServiceCommand, type AppMeshClient } from '@aws-sdk/client-app-mesh';
import { CreateHttpNamespaceCommand, CreateServiceCommand, GetOperationCommand, type ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDesired } from '../../lib/app/apply-desired';
import { createEngine } from '../../lib/app/engine';
import { Emulator } from '../../lib/emulator/emulator';
import { MemoryStateStore, type EmulatorState } from '../../lib/emulator/core/state-store';
import { OWNER_TAG } from '../../lib/resources/types';
import { LocalStateStore } from '../../lib/state/local-state-store';
import { AppMeshClient as AppMeshSdkClient } from '@aws-sdk/client-app-mesh';
import { loadDesiredState } from '../../lib/model';
import type { DesiredState } from '../../lib/resources/types';
import { emulatorRequestHandler } from '../../lib/emulator/wire/sdk-request-handler';
import { DEFAULT_TOKEN, filesFromDirectory } from '../support/fake-github';
import { allows, recordMeshWrites, withOwnerValues, type Authorization } from './support/owner-tag-iam';
import { emulatedAws } from '../support/emulated-aws';
import { TEST_REPO, issueCommentPayload, pullRequestPayload, pushPayload } from '../support/webhook-payloads';
import { SECRET as E2E_SECRET, canaryWeights, sha, startE2E } from '../e2e/harness';
import { generateMeshRepo, GENERATED_OWNER } from './support/generate-mesh';
import { inventoryOf } from './support/inventory';
import { packagedTemplate, type Json } from '../support/packaged-stack';

/**
 * Security checks as tests:
 * 1. IAM in the packaged CloudFormation template: no Allow statement with a wildcard action, and
 *    each function's role grants exactly the AWS calls its own code can make (found by walking the
 *    import graph of its handler with esbuild and reading the SDK commands those files import),
 *    plus the few permissions AWS uses on the function's behalf, each listed with its reason.
 * 2. Secrets never reach a log line (or a comment, a check run, an S3 key) during end-to-end flows
 *    that go through every path that logs errors.
 * 3. A fast-check property: foreign-owned and untagged resources placed in a managed mesh are never
 *    modified or deleted by plan + apply, whatever Git says.
 * 4. The reconcile role's meshops:owner conditions, evaluated for every App Mesh, Cloud Map and VPC
 *    Lattice write an apply sends (creates, updates, tag changes, an adoption, deletes): all allowed,
 *    and the same writes on another owner's or an untagged resource refused.
 */
const ROOT = join(__dirname, '..', '..');
const figures: Record<string, unknown> = {};

afterAll(() => {
  const out = join(ROOT, '.tmp', 'reliability');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'security.json'), JSON.stringify(figures, null, 2));
});

// ---------------------------------------------------------------------------------------------
// 1. IAM

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const SERVICE_PREFIX: Record<string, string> = { 'app-mesh': 'appmesh', servicediscovery: 'servicediscovery', 'vpc-lattice': 'vpc-lattice', 'resource-groups-tagging-api': 'tag', cloudwatch: 'cloudwatch', sqs: 'sqs', ssm: 'ssm', s3: 's3' };
/** Commands whose IAM action has another name (VPC Lattice: BatchUpdateRule needs vpc-lattice:UpdateRule, per its API reference). */
const OTHER_ACTION: Record<string, string> = { 's3:HeadObject': 's3:GetObject', 's3:ListObjectsV2': 's3:ListBucket', 'vpc-lattice:BatchUpdateRule': 'vpc-lattice:UpdateRule' };

/** The IAM actions behind the SDK commands imported by every source file its handler can reach. */
function actionsInCode(fn: string): { actions: Set<string>; files: number } {
  const result = buildSync({ entryPoints: [join(ROOT, 'functions', `${fn}.ts`)], bundle: true, platform: 'node', packages: 'external', metafile: true, write: false, format: 'cjs', logLevel: 'silent', absWorkingDir: ROOT });
  const files = Object.keys(result.metafile!.inputs);
  const actions = new Set<string>();
  for (const file of files) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)) {
      const prefix = SERVICE_PREFIX[m[2]!];
      for (const name of m[1]!.split(',').map((s) => s.trim())) {
        if (!/^\w+Command$/.test(name)) continue;
        if (!prefix) throw new Error(`${file} uses @aws-sdk/client-${m[2]}: add its IAM prefix here`);
        const operation = name.replace(/Command$/, '');
        actions.add(OTHER_ACTION[`${prefix}:${operation}`] ?? `${prefix}:${operation}`);
      }
    }
  }
  return { actions, files: files.length };
}

/** Permissions a function needs that its code does not call: AWS uses them on its behalf. */
const ON_BEHALF: Record<string, Record<string, string>> = {
  webhook: {
    'logs:CreateLogStream': 'Lambda writes the function’s logs with its role',
    'logs:PutLogEvents': 'Lambda writes the function’s logs with its role',
  },
  reconcile: {
    'logs:CreateLogStream': 'Lambda writes the function’s logs with its role',
    'logs:PutLogEvents': 'Lambda writes the function’s logs with its role',
    'sqs:ReceiveMessage': 'the SQS event source mapping polls the queue with the function’s role',
    'sqs:DeleteMessage': 'the event source mapping deletes what the function handled',
    'sqs:GetQueueAttributes': 'the event source mapping reads the queue’s attributes',
    'iam:CreateServiceLinkedRole': 'the first CreateMesh of an account creates AWSServiceRoleForAppMesh with the caller’s permissions',
    'route53:CreateHostedZone': 'Cloud Map creates a DNS namespace’s hosted zone with the caller’s permissions',
    'route53:ListHostedZonesByName': 'Cloud Map checks for an existing hosted zone when creating a DNS namespace',
    'route53:GetHostedZone': 'Cloud Map reads the hosted zone it creates for a DNS namespace (Cloud Map API permissions reference)',
    'route53:ChangeResourceRecordSets': 'Cloud Map edits the SOA record when updating a DNS namespace (Cloud Map API permissions reference)',
    'ec2:DescribeVpcs': 'Cloud Map looks up the VPC of a private DNS namespace, Lattice the VPC of a service network association',
    'ec2:DescribeRegions': 'Cloud Map checks the VPC’s region for a private DNS namespace',
    'ec2:DescribeSecurityGroups': 'Lattice checks the security groups of a VPC association with the caller’s permissions (VPC Lattice API permissions)',
  },
  drift: {
    'logs:CreateLogStream': 'Lambda writes the function’s logs with its role',
    'logs:PutLogEvents': 'Lambda writes the function’s logs with its role',
  },
};

/**
 * Commands a function's bundle imports but never sends: the import graph is per module, and these
 * modules serve two functions. Each is checked to be really unused by that function's path.
 */
const IMPORTED_NOT_CALLED: Record<string, Record<string, string>> = {
  webhook: {
    'ssm:GetParameter': 'github-client.ts (createOctokit) also holds readGitHubToken, which only the reconcile function calls',
    'sqs:ChangeMessageVisibility': 'sqs-job-queue.ts also holds changeVisibility, which only the reconcile function calls (rate-limited jobs)',
  },
  reconcile: {
    'ssm:GetParameters': 'secrets.ts is imported for SecretsError; the webhook alone reads both secrets with GetParameters',
    'sqs:SendMessage': 'sqs-job-queue.ts also holds enqueue; the reconcile function only changes the visibility of the message it received',
  },
  drift: { 'sqs:ChangeMessageVisibility': 'sqs-job-queue.ts also holds changeVisibility, which only the reconcile function calls (rate-limited jobs)' },
};

const ROLES: Record<string, string> = { webhook: 'WebhookRole', reconcile: 'ReconcileRole', drift: 'DriftRole' };

describe('IAM in the packaged template', () => {
  let resources: Json;
  beforeAll(() => {
    resources = packagedTemplate().Resources as Json;
  }, 300_000);

  const policyStatements = (): { where: string; statement: Json }[] => {
    const out: { where: string; statement: Json }[] = [];
    for (const [name, r] of Object.entries(resources)) {
      const docs: Json[] = [];
      if (r.Type === 'AWS::IAM::Role') {
        docs.push(...((r.Properties.Policies ?? []) as Json[]).map((p) => p.PolicyDocument));
        docs.push(r.Properties.AssumeRolePolicyDocument);
      }
      if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') docs.push(r.Properties.PolicyDocument);
      if (/::(BucketPolicy|QueuePolicy|TopicPolicy)$/.test(r.Type)) docs.push(r.Properties.PolicyDocument);
      for (const doc of docs) for (const statement of list(doc.Statement) as Json[]) out.push({ where: name, statement });
    }
    return out;
  };

  it('no Allow statement anywhere has a wildcard action, a NotAction, or a wildcard principal', () => {
    const statements = policyStatements();
    expect(statements.length).toBeGreaterThan(10);
    const offending = statements.filter(({ statement: s }) => s.Effect === 'Allow' && (s.NotAction !== undefined || (list(s.Action) as string[]).some((a) => a.includes('*')) || s.Principal === '*' || JSON.stringify(s.Principal ?? '').includes('"*"')));
    expect(offending).toEqual([]);
    // The one wildcard allowed is a Deny: the bucket refuses every action over plain HTTP.
    const denies = statements.filter(({ statement: s }) => s.Effect === 'Deny');
    for (const { statement } of denies) expect(String(statement.Condition?.Bool?.['aws:SecureTransport'])).toBe('false');
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' || (r.Type === 'AWS::IAM::Role' && r.Properties.ManagedPolicyArns))).toEqual([]);
    figures.iamStatements = statements.length;
  });

  it.each(Object.keys(ROLES))('the %s role grants exactly what its code calls, plus what AWS does on its behalf', (fn) => {
    const role = resources[ROLES[fn]!];
    const granted = new Set((role.Properties.Policies as Json[]).flatMap((p) => (list(p.PolicyDocument.Statement) as Json[]).flatMap((s) => list(s.Action) as string[])));
    const code = actionsInCode(fn);
    const notCalled = IMPORTED_NOT_CALLED[fn]!;
    for (const action of Object.keys(notCalled)) expect(code.actions.has(action)).toBe(true);
    const needed = new Set([...[...code.actions].filter((a) => !(a in notCalled)), ...Object.keys(ON_BEHALF[fn]!)]);
    // Missing: a call that would fail with AccessDenied in production. Extra: a permission nothing uses.
    expect({ missing: [...needed].filter((a) => !granted.has(a)).sort(), extra: [...granted].filter((a) => !needed.has(a)).sort() }).toEqual({ missing: [], extra: [] });
    figures[`iam:${fn}`] = { sourceFiles: code.files, callsInCode: code.actions.size, granted: granted.size, onBehalf: Object.keys(ON_BEHALF[fn]!).length };
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Secrets in logs

describe('secrets never reach a log line during the end-to-end flows', () => {
  it('webhook → queue → reconcile (apply, plan, fork plan, invalid repo, comment commands, drift, GitHub failures to the dead-letter queue)', async () => {
    const e = await startE2E();
    const captured: string[] = [];
    const writeOut = process.stdout.write;
    const writeErr = process.stderr.write;
    const capture = (chunk: string | Uint8Array) => (captured.push(String(chunk)), true);
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    try {
      e.commit(sha(700), undefined, { branch: 'main' });
      await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: sha(700) }));
      await e.drain();
      e.commit(sha(701), canaryWeights(50, 50));
      const pr = e.gh.openPullRequest(TEST_REPO, { headSha: sha(701) });
      e.gh.setCollaborator(TEST_REPO, 'writer', 'write');
      await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: sha(701) }));
      await e.webhook('issue_comment', issueCommentPayload({ number: pr.number, login: 'writer' }));
      await e.webhook('issue_comment', issueCommentPayload({ number: pr.number, login: 'stranger' }));
      await e.drain();
      // An invalid repository, and a fork.
      e.commit(sha(702), (files) => (files['mesh/broken.yaml'] = 'kind: VirtualNode\nname: x\nmesh: nowhere\nspec: {}\n'));
      const broken = e.gh.openPullRequest(TEST_REPO, { headSha: sha(702) });
      await e.webhook('pull_request', pullRequestPayload({ number: broken.number, headSha: sha(702) }));
      e.commit(sha(703), canaryWeights(0, 100));
      const fork = e.gh.openPullRequest(TEST_REPO, { headSha: sha(703), headRepo: 'mallory/mesh-config', author: 'mallory' });
      await e.webhook('pull_request', pullRequestPayload({ number: fork.number, headSha: sha(703), headRepo: 'mallory/mesh-config' }));
      await e.drain();
      // GitHub failing every comment: the job is retried, then dead-lettered; errors are logged with their causes.
      e.commit(sha(704), canaryWeights(40, 60));
      const failing = e.gh.openPullRequest(TEST_REPO, { headSha: sha(704) });
      e.gh.failNext('issues/list-comments', { status: 500, count: 50 });
      await e.webhook('pull_request', pullRequestPayload({ number: failing.number, headSha: sha(704) }));
      await e.drain();
      expect(e.queue.deadLetters).toHaveLength(1);
      // A forged delivery, and drift.
      await e.webhook('push', pushPayload({ after: sha(705) }), { secret: 'forged' });
      await e.setWeights('canary', { 'search-v1': 1, 'search-v2': 99 });
      await e.schedule('2026-11-25T13:00:00Z');
      await e.drain();
    } finally {
      process.stdout.write = writeOut;
      process.stderr.write = writeErr;
      await e.close();
    }
    const errorLines = e.logs.filter((l) => /"level":"error"/.test(l));
    expect(errorLines.length).toBeGreaterThan(0);
    const forms = (secret: string) => [secret, Buffer.from(secret).toString('base64').replace(/=+$/, ''), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
    // Also the distinctive part of the token, in case something cut its prefix off.
    const needles = [...forms(E2E_SECRET), ...forms(DEFAULT_TOKEN), DEFAULT_TOKEN.slice(4)];
    const haystacks = {
      logs: e.logs.join('\n'),
      stdoutAndStderr: captured.join(''),
      comments: [...e.gh.state.comments.values()].map((c) => c.body).join('\n'),
      checkRuns: [...e.gh.state.checkRuns.values()].map((r) => JSON.stringify(r)).join('\n'),
      issues: [...e.gh.state.mustRepo(TEST_REPO).issues.values()].map((i) => `${i.title}\n${i.body ?? ''}`).join('\n'),
      s3Keys: e.s3.keys('meshops-state').join('\n'),
    };
    for (const [where, text] of Object.entries(haystacks)) expect({ where, found: needles.filter((n) => text.includes(n)) }).toEqual({ where, found: [] });
    figures.secretsInLogs = { logLines: e.logs.length, errorLines: errorLines.length, comments: e.gh.state.comments.size, found: 0 };
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Foreign and untagged resources

const OWNER = GENERATED_OWNER;
const V1 = generateMeshRepo({ meshes: 1, servicesPerMesh: 3, version: 1 });
const V2 = generateMeshRepo({ meshes: 1, servicesPerMesh: 3, version: 2 });

type Ownership = { kind: 'untagged' } | { kind: 'other'; owner: string };
interface ForeignSet {
  nodes: { name: string; ownership: Ownership; backendToOurs: boolean }[];
  routers: { name: string; ownership: Ownership; routeTargetsOurs: boolean }[];
  services: { name: string; ownership: Ownership; providerIsOurRouter: boolean }[];
  gateway?: { ownership: Ownership; routeToOurService: boolean };
  cloudMapServices: { name: string; ownership: Ownership }[];
  namespace?: { ownership: Ownership };
  /**
   * A node Git version 2 declares (svc3-v1), created first by someone else: another owner's is a
   * conflict (nothing is applied); an untagged one is adopted, by design (so not checked).
   */
  preempt?: { ownership: Ownership };
  /** Git version applied over them. */
  next: 1 | 2;
}

// Valid for App Mesh and Cloud Map alike (a Cloud Map name does not end with "-").
const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6})?$/).map((s) => `x-${s}`);
const ownership: fc.Arbitrary<Ownership> = fc.oneof(
  fc.constant<Ownership>({ kind: 'untagged' }),
  // Other owners, including ones that differ from ours only in case or by a prefix.
  fc.constantFrom(OWNER.toUpperCase(), `${OWNER}-old`, 'acme', 'payments/mesh-config', '', ' ').map((owner): Ownership => ({ kind: 'other', owner })),
);
/** True one time in four: references to what Git version 2 deletes block that delete (the whole plan is refused). */
const sometimes = fc.integer({ min: 0, max: 3 }).map((n) => n === 0);
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });
const foreignSets: fc.Arbitrary<ForeignSet> = fc.record({
  nodes: fc.uniqueArray(fc.record({ name, ownership, backendToOurs: fc.boolean() }), { selector: (n) => n.name, maxLength: 4 }),
  routers: fc.uniqueArray(fc.record({ name, ownership, routeTargetsOurs: sometimes }), { selector: (n) => n.name, maxLength: 2 }),
  services: fc.uniqueArray(fc.record({ name: name.map((n) => `${n}.foreign.local`), ownership, providerIsOurRouter: sometimes }), { selector: (n) => n.name, maxLength: 2 }),
  gateway: fc.option(fc.record({ ownership, routeToOurService: sometimes }), { nil: undefined }),
  cloudMapServices: fc.uniqueArray(fc.record({ name, ownership }), { selector: (n) => n.name, maxLength: 3 }),
  namespace: fc.option(fc.record({ ownership }), { nil: undefined }),
  preempt: rarely(fc.record({ ownership })),
  next: fc.constantFrom<1 | 2>(1, 2),
});

const tagsOf = (o: Ownership, lower = false) => {
  const base = o.kind === 'other' ? [{ [lower ? 'key' : 'Key']: OWNER_TAG, [lower ? 'value' : 'Value']: o.owner }] : [];
  return [...base, { [lower ? 'key' : 'Key']: 'team', [lower ? 'value' : 'Value']: 'someone-else' }];
};

async function placeForeign(appMesh: AppMeshClient, cloudMap: ServiceDiscoveryClient, set: ForeignSet, namespaceId: string): Promise<void> {
  const mesh = 'm0';
  for (const n of set.nodes) {
    await appMesh.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: n.name, tags: tagsOf(n.ownership, true) as never, spec: { listeners: [{ portMapping: { port: 9090, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: `${n.name}.other.local` } }, ...(n.backendToOurs ? { backends: [{ virtualService: { virtualServiceName: 'svc1.m0.local' } }] } : {}) } }));
  }
  for (const r of set.routers) {
    await appMesh.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: r.name, tags: tagsOf(r.ownership, true) as never, spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] } }));
    // A foreign route may send traffic to our nodes: deleting them (version 2 removes svc1) must not break it silently.
    const target = r.routeTargetsOurs ? 'svc1-v1' : set.nodes[0]?.name;
    if (target) await appMesh.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: r.name, routeName: `${r.name}-route`, tags: tagsOf(r.ownership, true) as never, spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: target, weight: 1 }] } } } }));
  }
  for (const s of set.services) {
    const provider = s.providerIsOurRouter ? { virtualRouter: { virtualRouterName: 'svc1-router' } } : set.nodes[0] ? { virtualNode: { virtualNodeName: set.nodes[0].name } } : undefined;
    await appMesh.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: s.name, tags: tagsOf(s.ownership, true) as never, spec: provider ? { provider } : {} }));
  }
  if (set.gateway) {
    await appMesh.send(new CreateVirtualGatewayCommand({ meshName: mesh, virtualGatewayName: 'x-gateway', tags: tagsOf(set.gateway.ownership, true) as never, spec: { listeners: [{ portMapping: { port: 8443, protocol: 'http' } }] } }));
    const target = set.gateway.routeToOurService ? 'svc1.m0.local' : set.services[0]?.name;
    if (target) await appMesh.send(new CreateGatewayRouteCommand({ meshName: mesh, virtualGatewayName: 'x-gateway', gatewayRouteName: 'x-route', tags: tagsOf(set.gateway.ownership, true) as never, spec: { httpRoute: { match: { prefix: '/x/' }, action: { target: { virtualService: { virtualServiceName: target } } } } } }));
  }
  for (const s of set.cloudMapServices) {
    await cloudMap.send(new CreateServiceCommand({ Name: s.name, NamespaceId: namespaceId, Tags: tagsOf(s.ownership) as never, Description: 'not ours' }));
  }
  if (set.preempt) {
    await appMesh.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'svc3-v1', tags: tagsOf(set.preempt.ownership, true) as never, spec: { listeners: [{ portMapping: { port: 7070, protocol: 'tcp' } }], serviceDiscovery: { dns: { hostname: 'theirs.other.local' } } } }));
  }
  if (set.namespace) {
    const { OperationId } = await cloudMap.send(new CreateHttpNamespaceCommand({ Name: 'ns-foreign', Tags: tagsOf(set.namespace.ownership) as never }));
    // Namespace creation is asynchronous: wait until it exists before taking the "before" picture.
    for (let i = 0; i < 20 && (await cloudMap.send(new GetOperationCommand({ OperationId }))).Operation?.Status !== 'SUCCESS'; i++);
  }
}

describe('foreign-owned and untagged resources in a managed mesh', () => {
  let baseline: EmulatorState;
  let namespaceId: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshops-foreign-base-'));
    try {
      const emulator = new Emulator({ seed: 21 });
      const engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator, cloudMapWait: { pollMs: 1 } });
      expect((await applyDesired(V1.desired, engine, { repo: OWNER, holder: 'setup', lockTimeoutMs: 60_000 })).result.status).toBe('applied');
      baseline = emulator.store.read((s) => structuredClone(s));
      namespaceId = inventoryOf(baseline).items.find((i) => i.id === 'CloudMapNamespace/ns-m0')!.uid;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are never modified or deleted by plan + apply, whatever Git declares (seeded property)', async () => {
    const outcomes: Record<string, number> = {};
    let foreignSeen = 0;
    await fc.assert(
      fc.asyncProperty(foreignSets, async (set) => {
        const dir = mkdtempSync(join(tmpdir(), 'meshops-foreign-'));
        try {
          const aws = emulatedAws({ store: new MemoryStateStore(structuredClone(baseline)), seed: 22 });
          await placeForeign(aws.appMeshClient, aws.cloudMapClient, set, namespaceId);
          const ours = new Set([...V1.desired.resources, ...V2.desired.resources].map((r) => [r.kind, r.mesh, r.parent, r.name].filter(Boolean).join('/')));
          if (set.preempt?.ownership.kind === 'other') ours.delete('VirtualNode/m0/svc3-v1');
          const snapshot = () => new Map(inventoryOf(aws.emulator.store.read((s) => structuredClone(s))).items.filter((i) => !ours.has(i.id)).map((i) => [i.id, JSON.stringify([i.uid, i.version, i.spec, i.tags])]));
          const before = snapshot();
          foreignSeen += before.size;
          const engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator: aws.emulator, cloudMapWait: { pollMs: 1 } });
          const { result } = await applyDesired(set.next === 1 ? V1.desired : V2.desired, engine, { repo: OWNER, holder: 'property', lockTimeoutMs: 60_000 });
          const key = `${result.status}${result.error ? `: ${result.error.code}` : ''}`;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
          expect(snapshot()).toEqual(before);
          // Another owner's resource where Git declares one is a conflict: the plan fails whole.
          if (set.next === 2 && set.preempt?.ownership.kind === 'other') expect(result).toMatchObject({ status: 'refused', error: { code: 'plan-errors' } });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: 20261125, numRuns: 40 },
    );
    expect(foreignSeen).toBeGreaterThan(40);
    // Both paths ran: applies that went through around foreign resources, and plans they made fail.
    expect(outcomes.applied).toBeGreaterThan(0);
    expect(outcomes['refused: plan-errors']).toBeGreaterThan(0);
    figures.foreignProperty = { runs: 40, foreignResources: foreignSeen, outcomes, modifiedOrDeleted: 0 };
  });
});

// ---------------------------------------------------------------------------------------------
// 4. The owner-tag conditions against meshops' own writes

describe('the reconcile role’s meshops:owner conditions, evaluated for every mesh write of an apply', () => {
  const REPO = 'acme/mesh-config';
  const decoder = new TextDecoder();
  const template = Object.fromEntries(Object.entries(filesFromDirectory(join(ROOT, 'mesh-repo-template'))).map(([path, bytes]) => [path, decoder.decode(bytes)]));
  const LEGACY = 'kind: VirtualNode\nname: legacy\nmesh: watches\nspec:\n  listeners: [{ portMapping: { port: 8080, protocol: http } }]\n  serviceDiscovery: { dns: { hostname: legacy.watches.local } }\n';
  /** The template on App Mesh and Lattice at once, edited. */
  const version = (edit: (files: Record<string, string>) => void = () => {}): DesiredState => {
    const files = { ...template, 'meshops.yaml': template['meshops.yaml']!.replace('targets: [appmesh]', 'targets: [appmesh, lattice]') };
    edit(files);
    const encoder = new TextEncoder();
    const loaded = loadDesiredState({ repo: REPO, files: Object.entries(files).map(([path, text]) => ({ path, content: encoder.encode(text) })) });
    if (!loaded.state) throw new Error(loaded.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join('\n'));
    return loaded.state;
  };

  it('allows each one under the default and under the deployment’s own owner value, and refuses it on another owner’s or an untagged resource', async () => {
    const statements = (packagedTemplate().Resources.ReconcileRole.Properties.Policies as Json[]).flatMap((p) => p.PolicyDocument.Statement as Json[]);
    const dir = mkdtempSync(join(tmpdir(), 'meshops-owner-iam-'));
    const emulator = new Emulator({ seed: 31 });
    const env = { account: emulator.env.account, region: emulator.env.region };
    const recorder = recordMeshWrites(emulator);
    try {
      const engine = createEngine({ kind: 'embedded' }, { region: 'us-east-1', store: new LocalStateStore({ dir }), emulator, cloudMapWait: { pollMs: 1 } });
      const apply = async (desired: DesiredState) => (await applyDesired(desired, engine, { repo: REPO, holder: 'iam', lockTimeoutMs: 60_000 })).result;
      expect(await apply(version())).toMatchObject({ status: 'applied' });
      // Someone created `legacy` by hand, untagged, before Git declared it: the next apply adopts it.
      await recorder.quiet(async () => {
        const appMesh = new AppMeshSdkClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => emulator.handle(r)) });
        await appMesh.send(new CreateVirtualNodeCommand({ meshName: 'watches', virtualNodeName: 'legacy', spec: { listeners: [{ portMapping: { port: 9090, protocol: 'http' } }] } }));
      });
      // Weights move, a node's user tags change, `legacy` is adopted (with a spec change).
      const second = version((files) => {
        canaryWeights(50, 50)(files);
        files['mesh/search/nodes.yaml'] = files['mesh/search/nodes.yaml']!.replace('  team: search\n  deployment: "30494"\n', '  team: discovery\n');
        files['mesh/legacy.yaml'] = LEGACY;
      });
      expect(await apply(second)).toMatchObject({ status: 'applied' });
      // `legacy` leaves Git: it is deleted.
      expect(await apply(version((files) => canaryWeights(50, 50)(files)))).toMatchObject({ status: 'applied' });
    } finally {
      recorder.stop();
      rmSync(dir, { recursive: true, force: true });
    }

    const authorizations = recorder.writes.flatMap((w) => w.authorizations);
    const actions = new Set(authorizations.map((a) => a.action));
    // The apply went through every kind of write the conditions cover.
    for (const action of ['appmesh:CreateMesh', 'appmesh:CreateRoute', 'appmesh:UpdateRoute', 'appmesh:TagResource', 'appmesh:UntagResource', 'appmesh:UpdateVirtualNode', 'appmesh:DeleteVirtualNode', 'servicediscovery:CreateService', 'vpc-lattice:CreateServiceNetwork', 'vpc-lattice:CreateListener', 'vpc-lattice:CreateRule', 'vpc-lattice:TagResource']) {
      expect([action, actions.has(action)]).toEqual([action, true]);
    }
    const denied = (values: string[]) => authorizations.filter((a) => !allows(withOwnerValues(statements, values), a, env));
    expect(denied(['*'])).toEqual([]);
    expect(denied([REPO])).toEqual([]);
    // The adoption tagged `legacy` before changing it: the update saw the owner tag.
    const legacy = (action: string) => authorizations.filter((a) => a.action === action && a.resource.endsWith('/virtualNode/legacy'));
    expect(legacy('appmesh:UpdateVirtualNode')).toEqual([expect.objectContaining({ resourceTags: expect.objectContaining({ [OWNER_TAG]: REPO }) })]);
    expect(legacy('appmesh:TagResource')[0]).toMatchObject({ requestTags: expect.objectContaining({ [OWNER_TAG]: REPO }) });

    // The same changes on a resource that is not ours are refused.
    const changes = authorizations.filter((a) => /:(Update|Delete|RegisterTargets|DeregisterTargets)/.test(a.action));
    expect(changes.length).toBeGreaterThan(5);
    const theirs = (a: Authorization): Authorization => ({ ...a, resourceTags: { [OWNER_TAG]: 'acme/payments' } });
    const untagged = (a: Authorization): Authorization => ({ ...a, resourceTags: undefined });
    for (const a of changes) {
      expect([a.action, allows(withOwnerValues(statements, [REPO]), theirs(a), env)]).toEqual([a.action, false]);
      expect([a.action, allows(withOwnerValues(statements, ['*']), untagged(a), env)]).toEqual([a.action, false]);
    }
    // Re-tagging another owner's App Mesh or Lattice resource, or removing an owner tag, is refused.
    for (const a of authorizations.filter((x) => /^(appmesh|vpc-lattice):TagResource$/.test(x.action) && x.resourceTags)) {
      expect(allows(withOwnerValues(statements, [REPO]), theirs(a), env)).toBe(false);
    }
    for (const a of authorizations.filter((x) => /:UntagResource$/.test(x.action))) {
      expect(allows(withOwnerValues(statements, ['*']), { ...a, tagKeys: [...(a.tagKeys ?? []), OWNER_TAG] }, env)).toBe(false);
    }
    // A create without the owner tag is refused.
    for (const a of authorizations.filter((x) => /:Create/.test(x.action))) {
      expect([a.action, allows(withOwnerValues(statements, ['*']), { ...a, requestTags: {} }, env)]).toEqual([a.action, false]);
    }
    figures.ownerTagConditions = { writes: recorder.writes.length, authorizations: authorizations.length, actions: actions.size, denied: 0 };
  });
});
