/**
 * `serverless package` runs offline and produces the stack docs/design.md §4 describes: the three
 * functions, the FIFO queue and its dead-letter queue, the schedule, the HTTP route, the state
 * bucket, and one least-privilege role per function. The package step runs here (its output is
 * reused while it is newer than every input), then the CloudFormation template is read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../lib/app/logger';
import { DRIFT_NAMESPACE, driftMetric } from '../../lib/app/metrics';
import { PACKAGE_OUT as OUT, packagedTemplate, type Json } from '../support/packaged-stack';

const ROOT = join(__dirname, '..', '..');

let template: Json;
let resources: Json;

beforeAll(() => {
  template = packagedTemplate();
  resources = template.Resources as Json;
}, 300_000);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const getAtt = (name: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [name, attribute] });

describe('serverless package: the stack', () => {
  it('has the four functions on nodejs22.x, each bundled on its own', () => {
    const functions: Record<string, Json> = Object.fromEntries(ofType('AWS::Lambda::Function').map(([, r]) => [r.Properties.Handler, r.Properties]));
    expect(Object.keys(functions).sort()).toEqual(['functions/drift.handler', 'functions/reconcile.handler', 'functions/rollouts.handler', 'functions/webhook.handler']);
    for (const [handler, props] of Object.entries(functions)) {
      expect(props.Runtime).toBe('nodejs22.x');
      const name = handler.split('/')[1]!.split('.')[0]!;
      expect(props.Code.S3Key).toMatch(new RegExp(`/${name}\\.zip$`));
      // A zip names its entries in plain text: the bundle and its source map, nothing else.
      const zip = readFileSync(join(OUT, `${name}.zip`)).toString('latin1');
      expect(zip).toContain(`functions/${name}.js.map`);
      expect(zip).not.toContain('node_modules/');
    }
  });

  it('routes POST /webhook to the webhook function through the HTTP API', () => {
    const [, route] = ofType('AWS::ApiGatewayV2::Route')[0]!;
    expect(route.Properties.RouteKey).toBe('POST /webhook');
    const [, integration] = ofType('AWS::ApiGatewayV2::Integration')[0]!;
    expect(integration.Properties).toMatchObject({ IntegrationUri: getAtt('WebhookLambdaFunction'), PayloadFormatVersion: '2.0' });
  });

  it('has the FIFO job queue (no content-based dedup, redrive to a FIFO dead-letter queue after 3 receives) consumed one job at a time', () => {
    const queue = resources.JobQueue.Properties;
    expect(queue).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false, RedrivePolicy: { deadLetterTargetArn: getAtt('JobDeadLetterQueue'), maxReceiveCount: 3 } });
    expect(queue.QueueName).toMatch(/\.fifo$/);
    expect(resources.JobDeadLetterQueue.Properties).toMatchObject({ FifoQueue: true });
    const reconcileTimeout = resources.ReconcileLambdaFunction.Properties.Timeout;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * reconcileTimeout);
    const [, mapping] = ofType('AWS::Lambda::EventSourceMapping')[0]!;
    expect(mapping.Properties).toMatchObject({ EventSourceArn: getAtt('JobQueue'), FunctionName: getAtt('ReconcileLambdaFunction'), BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('schedules the drift function every 15 minutes by default, and the rollout ticks every minute', () => {
    const rules = ofType('AWS::Events::Rule').map(([, rule]) => rule.Properties);
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED', Targets: [expect.objectContaining({ Arn: getAtt('DriftLambdaFunction') })] }),
        expect.objectContaining({ ScheduleExpression: 'rate(1 minute)', State: 'ENABLED', Targets: [expect.objectContaining({ Arn: getAtt('RolloutsLambdaFunction') })] }),
      ]),
    );
  });

  it('keeps state in an encrypted, versioned, private, TLS-only bucket with lifecycle rules for the audit log and drift history', () => {
    const bucket = resources.StateBucket;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toMatch(/^(AES256|aws:kms)$/);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const rules = bucket.Properties.LifecycleConfiguration.Rules as Json[];
    expect(rules.find((r) => r.Prefix === 'audit/')).toMatchObject({ Status: 'Enabled', ExpirationInDays: expect.any(Number) });
    expect(rules.find((r) => r.Prefix === 'drift/')).toMatchObject({ Status: 'Enabled', ExpirationInDays: expect.any(Number) });
    const deny = resources.StateBucketPolicy.Properties.PolicyDocument.Statement.find((s: Json) => s.Effect === 'Deny');
    expect(deny).toMatchObject({ Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('passes secrets only as SSM parameter names, and each function only the settings it reads', () => {
    const env = (fn: string) => resources[fn].Properties.Environment.Variables as Json;
    expect(env('WebhookLambdaFunction')).toMatchObject({ MESHOPS_QUEUE_URL: { Ref: 'JobQueue' }, MESHOPS_GITHUB_TOKEN_PARAMETER: '/meshops/github-token', MESHOPS_WEBHOOK_SECRET_PARAMETER: '/meshops/webhook-secret' });
    // The queue URL: a job that hit GitHub's rate limit is made visible again when it resets.
    expect(env('ReconcileLambdaFunction')).toMatchObject({ MESHOPS_STATE_BUCKET: { Ref: 'StateBucket' }, MESHOPS_QUEUE_URL: { Ref: 'JobQueue' }, MESHOPS_OWNER_TAG_VALUES: '*', MESHOPS_GITHUB_TOKEN_PARAMETER: '/meshops/github-token' });
    expect(env('ReconcileLambdaFunction').MESHOPS_WEBHOOK_SECRET_PARAMETER).toBeUndefined();
    expect(env('DriftLambdaFunction')).toMatchObject({ MESHOPS_QUEUE_URL: { Ref: 'JobQueue' } });
    expect(env('DriftLambdaFunction').MESHOPS_GITHUB_TOKEN_PARAMETER).toBeUndefined();
  });

  it('uses no variable that would call AWS while packaging', () => {
    const config = readFileSync(join(ROOT, 'serverless.yml'), 'utf8').split('\n').map((line) => line.replace(/(^|\s)#.*$/, ''));
    expect(config.filter((line) => /\$\{(aws|ssm|cf|s3):/.test(line))).toEqual([]);
  });
});

describe('serverless package: alarms, limits and failures', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([name, r]) => [name, r.Properties] as [string, Json]);
  const alarm = (name: string): Json => resources[name].Properties;

  it('has an alarm on each signal, above 0, quiet without data, notifying the stack’s topic by default', () => {
    expect(alarms().map(([name]) => name).sort()).toEqual(['DriftChangedAlarm', 'DriftMissingAlarm', 'JobDeadLetterAlarm', 'ReconcileErrorsAlarm', 'ScheduleFailureAlarm']);
    expect(resources.AlarmTopic.Type).toBe('AWS::SNS::Topic');
    // alarmAction empty (the default): the condition holds and every alarm notifies AlarmTopic.
    expect(template.Conditions.OwnAlarmTopic).toEqual({ 'Fn::Equals': ['', ''] });
    for (const [, props] of alarms()) {
      expect(props).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
      expect(props.AlarmActions).toEqual([{ 'Fn::If': ['OwnAlarmTopic', { Ref: 'AlarmTopic' }, ''] }]);
    }
    expect(template.Outputs.AlarmTopicArn.Value).toEqual({ Ref: 'AlarmTopic' });
  });

  it('alarms on messages in the dead-letter queue and in the schedule-failure queue', () => {
    for (const [name, queue] of [['JobDeadLetterAlarm', 'JobDeadLetterQueue'], ['ScheduleFailureAlarm', 'ScheduleFailureQueue']] as const) {
      expect(alarm(name)).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Dimensions: [{ Name: 'QueueName', Value: getAtt(queue, 'QueueName') }] });
    }
  });

  it('alarms on reconcile errors: failed invocations plus the error lines of failed jobs (which SQS gets back as batch item failures)', () => {
    const metrics = alarm('ReconcileErrorsAlarm').Metrics as Json[];
    expect(metrics.find((m) => m.Id === 'invocations')!.MetricStat.Metric).toEqual({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'ReconcileLambdaFunction' } }] });
    const filter = resources.ReconcileErrorLines.Properties;
    expect(filter).toMatchObject({ LogGroupName: { Ref: 'ReconcileLogGroup' }, FilterPattern: '{ $.level = "error" }' });
    const [transformation] = filter.MetricTransformations as Json[];
    expect(metrics.find((m) => m.Id === 'jobs')!.MetricStat.Metric).toEqual({ Namespace: transformation!.MetricNamespace, MetricName: transformation!.MetricName });
    const returned = metrics.filter((m) => m.ReturnData);
    expect(returned).toEqual([expect.objectContaining({ Expression: 'FILL(invocations, 0) + FILL(jobs, 0)' })]);
    // The filter's field is the one the logger writes: a failed job logs at error level.
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line) }).error('job failed: SQS delivers it again', { err: new Error('x') });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error' });
    expect(readFileSync(join(ROOT, 'lib', 'app', 'run-job.ts'), 'utf8')).toContain(".log.error(last ? 'job failed");
  });

  it('alarms on drift found, over every repository, in the namespace and metric names meshops writes', () => {
    for (const [name, metric] of [['DriftChangedAlarm', 'Changed'], ['DriftMissingAlarm', 'Missing']] as const) {
      const [query] = alarm(name).Metrics as Json[];
      expect(query.Expression).toBe(`SELECT MAX(${metric}) FROM SCHEMA("${DRIFT_NAMESPACE}", Repository)`);
      expect(query.ReturnData).toBe(true);
      expect(driftMetric('o/r', { items: [], summary: { changed: 0, missing: 0, unmanaged: 0, pending: 0 } } as never, new Date(0))).toHaveProperty(metric, 0);
    }
  });

  it('reserves concurrency for each function, and the job queue never hands the reconcile function more than it may run', () => {
    const reserved = (fn: string) => resources[fn].Properties.ReservedConcurrentExecutions;
    expect(reserved('WebhookLambdaFunction')).toBe(10);
    expect(reserved('ReconcileLambdaFunction')).toBe(5);
    expect(reserved('DriftLambdaFunction')).toBe(1);
    expect(reserved('RolloutsLambdaFunction')).toBe(1);
    const [, mapping] = ofType('AWS::Lambda::EventSourceMapping')[0]!;
    expect(mapping.Properties.ScalingConfig).toEqual({ MaximumConcurrency: reserved('ReconcileLambdaFunction') });
  });

  it('throttles the public webhook endpoint', () => {
    expect(resources.HttpApiStage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 });
  });

  it('sends the drift and rollout schedules’ failed runs to an encrypted standard queue', () => {
    const configs = ofType('AWS::Lambda::EventInvokeConfig').map(([, r]) => r.Properties);
    expect(configs.map((c) => c.FunctionName).sort((a, b) => a.Ref.localeCompare(b.Ref))).toEqual([{ Ref: 'DriftLambdaFunction' }, { Ref: 'RolloutsLambdaFunction' }]);
    for (const config of configs) expect(config.DestinationConfig).toEqual({ OnFailure: { Destination: getAtt('ScheduleFailureQueue') } });
    expect(resources.ScheduleFailureQueue.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    expect(resources.ScheduleFailureQueue.Properties.FifoQueue).toBeUndefined();
  });
});

describe('serverless package: IAM, one least-privilege role per function', () => {
  const appMesh = ['Mesh', 'VirtualNode', 'VirtualService', 'VirtualRouter', 'Route', 'VirtualGateway', 'GatewayRoute'].flatMap((k) => [
    `appmesh:Create${k}`,
    `appmesh:Describe${k}`,
    `appmesh:Update${k}`,
    `appmesh:Delete${k}`,
    k === 'Mesh' ? 'appmesh:ListMeshes' : `appmesh:List${k}s`,
  ]);
  const cloudMap = [
    'CreateHttpNamespace', 'CreatePrivateDnsNamespace', 'CreatePublicDnsNamespace', 'GetNamespace', 'DeleteNamespace', 'ListNamespaces',
    'UpdateHttpNamespace', 'UpdatePrivateDnsNamespace', 'UpdatePublicDnsNamespace',
    'CreateService', 'GetService', 'UpdateService', 'DeleteService', 'ListServices', 'GetOperation', 'ListTagsForResource', 'TagResource', 'UntagResource',
    'ListInstances',
  ].map((a) => `servicediscovery:${a}`);
  const lattice = [
    ...['ServiceNetwork', 'ServiceNetworkVpcAssociation', 'Service', 'Listener', 'Rule', 'TargetGroup'].flatMap((k) => ['Create', 'Get', 'Update', 'Delete'].map((verb) => `vpc-lattice:${verb}${k}`)),
    'vpc-lattice:CreateServiceNetworkServiceAssociation', 'vpc-lattice:GetServiceNetworkServiceAssociation', 'vpc-lattice:DeleteServiceNetworkServiceAssociation',
    ...['ServiceNetworks', 'ServiceNetworkVpcAssociations', 'ServiceNetworkServiceAssociations', 'Services', 'Listeners', 'Rules', 'TargetGroups'].map((k) => `vpc-lattice:List${k}`),
    'vpc-lattice:ListTagsForResource', 'vpc-lattice:TagResource', 'vpc-lattice:UntagResource', 'ec2:DescribeSecurityGroups',
    'vpc-lattice:ListTargets', 'vpc-lattice:RegisterTargets', 'vpc-lattice:DeregisterTargets',
  ];
  const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
  const EXPECTED: Record<string, string[]> = {
    WebhookRole: [...logs, 'sqs:SendMessage', 'ssm:GetParameters'],
    ReconcileRole: [
      ...logs,
      'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility',
      's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket',
      'ssm:GetParameter',
      ...appMesh, 'appmesh:ListTagsForResource', 'appmesh:TagResource', 'appmesh:UntagResource', 'tag:GetResources', 'iam:CreateServiceLinkedRole',
      ...cloudMap,
      'cloudwatch:DescribeAlarms',
      ...lattice,
      'route53:CreateHostedZone', 'route53:GetHostedZone', 'route53:ListHostedZonesByName', 'route53:ChangeResourceRecordSets', 'ec2:DescribeVpcs', 'ec2:DescribeRegions',
    ],
    DriftRole: [...logs, 'sqs:SendMessage'],
    RolloutScheduleRole: [...logs, 's3:GetObject', 's3:ListBucket', 'sqs:SendMessage'],
  };
  /** Actions that take no resource ARN, and only these, may be granted on `*`. */
  const ON_ANY_RESOURCE = new Set([
    'cloudwatch:DescribeAlarms', 'appmesh:ListMeshes', 'tag:GetResources',
    'servicediscovery:ListNamespaces', 'servicediscovery:ListServices', 'servicediscovery:GetOperation', 'servicediscovery:CreateHttpNamespace', 'servicediscovery:CreatePrivateDnsNamespace', 'servicediscovery:CreatePublicDnsNamespace',
    'servicediscovery:ListTagsForResource', 'servicediscovery:TagResource', 'servicediscovery:UntagResource',
    'route53:CreateHostedZone', 'route53:ListHostedZonesByName', 'ec2:DescribeVpcs', 'ec2:DescribeRegions',
    'vpc-lattice:ListServiceNetworks', 'vpc-lattice:ListServices', 'vpc-lattice:ListTargetGroups', 'vpc-lattice:ListServiceNetworkVpcAssociations', 'vpc-lattice:ListServiceNetworkServiceAssociations', 'vpc-lattice:ListListeners', 'vpc-lattice:ListRules', 'vpc-lattice:ListTagsForResource',
    'ec2:DescribeSecurityGroups',
  ]);

  const statements = (role: string): Json[] => (resources[role].Properties.Policies as Json[]).flatMap((p) => p.PolicyDocument.Statement as Json[]);
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

  it('gives every function its own role, assumable by Lambda only, and no shared default role', () => {
    expect(resources.IamRoleLambdaExecution).toBeUndefined();
    expect(resources.WebhookLambdaFunction.Properties.Role).toEqual(getAtt('WebhookRole'));
    expect(resources.ReconcileLambdaFunction.Properties.Role).toEqual(getAtt('ReconcileRole'));
    expect(resources.DriftLambdaFunction.Properties.Role).toEqual(getAtt('DriftRole'));
    expect(ofType('AWS::IAM::Role').map(([name]) => name).sort()).toEqual(['DriftRole', 'ReconcileRole', 'RolloutScheduleRole', 'WebhookRole']);
    for (const role of Object.keys(EXPECTED)) {
      expect(resources[role].Properties.AssumeRolePolicyDocument.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
      expect(resources[role].Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it.each(Object.keys(EXPECTED))('%s grants exactly its list, with no wildcard action and no Deny or NotAction tricks', (role) => {
    const granted = statements(role).flatMap((s) => {
      expect(s.Effect).toBe('Allow');
      expect(s.NotAction).toBeUndefined();
      expect(s.NotResource).toBeUndefined();
      return list(s.Action) as string[];
    });
    for (const action of granted) expect(action).not.toMatch(/\*/);
    expect(new Set(granted).size).toBe(granted.length);
    expect([...granted].sort()).toEqual([...EXPECTED[role]!].sort());
  });

  it.each(Object.keys(EXPECTED))('%s grants `*` resources only to actions that take no resource ARN', (role) => {
    for (const s of statements(role)) {
      if (!list(s.Resource).includes('*')) continue;
      for (const action of list(s.Action) as string[]) expect(ON_ANY_RESOURCE.has(action) ? action : `${action} on *`).toBe(action);
    }
  });

  it('scopes what it can: logs to the function’s own log group, the queue, the bucket, the parameters, this account’s meshes', () => {
    const byAction = (role: string, action: string) => statements(role).filter((s) => list(s.Action).includes(action)).flatMap((s) => list(s.Resource));
    expect(byAction('WebhookRole', 'logs:PutLogEvents')).toEqual([getAtt('WebhookLogGroup')]);
    expect(byAction('ReconcileRole', 'logs:PutLogEvents')).toEqual([getAtt('ReconcileLogGroup')]);
    expect(byAction('DriftRole', 'logs:PutLogEvents')).toEqual([getAtt('DriftLogGroup')]);
    expect(byAction('WebhookRole', 'sqs:SendMessage')).toEqual([getAtt('JobQueue')]);
    // The schedules also send their failed runs to the on-failure destination.
    expect(byAction('DriftRole', 'sqs:SendMessage')).toEqual([getAtt('JobQueue'), getAtt('ScheduleFailureQueue')]);
    expect(byAction('RolloutScheduleRole', 'sqs:SendMessage')).toEqual([getAtt('JobQueue'), getAtt('ScheduleFailureQueue')]);
    expect(byAction('RolloutScheduleRole', 's3:GetObject')).toEqual([{ 'Fn::Sub': '${StateBucket.Arn}/state/*/rollouts.json' }]);
    expect(byAction('RolloutScheduleRole', 'logs:PutLogEvents')).toEqual([getAtt('RolloutsLogGroup')]);
    // Only the reconcile function reads alarms.
    for (const role of Object.keys(EXPECTED).filter((r) => r !== 'ReconcileRole')) expect(byAction(role, 'cloudwatch:DescribeAlarms')).toEqual([]);
    expect(byAction('ReconcileRole', 'sqs:ReceiveMessage')).toEqual([getAtt('JobQueue')]);
    expect(byAction('ReconcileRole', 'sqs:ChangeMessageVisibility')).toEqual([getAtt('JobQueue')]);
    expect(byAction('ReconcileRole', 's3:PutObject')).toEqual([{ 'Fn::Sub': '${StateBucket.Arn}/*' }]);
    expect(byAction('ReconcileRole', 's3:ListBucket')).toEqual([getAtt('StateBucket')]);
    expect(byAction('ReconcileRole', 'ssm:GetParameter')).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/meshops/github-token' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/meshops/github-app-key' },
    ]);
    expect(byAction('WebhookRole', 'ssm:GetParameters')).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/meshops/github-token' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/meshops/webhook-secret' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/meshops/github-app-key' },
    ]);
    expect(byAction('ReconcileRole', 'appmesh:UpdateRoute')).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:appmesh:*:${AWS::AccountId}:mesh/*' }]);
    const serviceLinked = statements('ReconcileRole').find((s) => list(s.Action).includes('iam:CreateServiceLinkedRole'))!;
    expect(serviceLinked.Condition).toEqual({ StringEquals: { 'iam:AWSServiceName': ['appmesh.amazonaws.com', 'vpc-lattice.amazonaws.com'] } });
    // No write on every hosted zone: record changes are SOA upserts only.
    const records = statements('ReconcileRole').find((s) => list(s.Action).includes('route53:ChangeResourceRecordSets'))!;
    expect(list(records.Action)).toEqual(['route53:ChangeResourceRecordSets']);
    expect(records.Condition).toEqual({ 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['SOA'], 'route53:ChangeResourceRecordSetsActions': ['UPSERT'] } });
    expect(byAction('ReconcileRole', 'vpc-lattice:UpdateRule')).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:vpc-lattice:*:${AWS::AccountId}:*' }]);
  });
});

describe('serverless package: the reconcile role writes only where the meshops:owner tag allows', () => {
  const OWNER = 'meshops:owner';
  const MESH_SERVICES = /^(appmesh|vpc-lattice|servicediscovery):/;
  const statements = (): Json[] => (resources.ReconcileRole.Properties.Policies as Json[]).flatMap((p) => p.PolicyDocument.Statement as Json[]);
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  const grantsOf = (action: string) => statements().filter((s) => list(s.Action).includes(action));
  const meshActions = () => [...new Set(statements().flatMap((s) => list(s.Action) as string[]))].filter((a) => MESH_SERVICES.test(a));
  // The deployment's allowed owner values: the `ownerTagValues` param (default `*`: any value, the tag present).
  const ALLOWED = { 'Fn::Split': [',', '*'] };

  it('every create must carry the owner tag in the request (aws:RequestTag)', () => {
    const creates = meshActions().filter((a) => /:Create/.test(a));
    expect(creates.length).toBe(18);
    for (const action of creates) {
      const [grant, ...more] = grantsOf(action);
      expect(more).toEqual([]);
      expect([action, grant!.Condition]).toEqual([action, { StringLike: { [`aws:RequestTag/${OWNER}`]: ALLOWED } }]);
    }
  });

  it('every update, delete and target change needs the owner tag on the resource (aws:ResourceTag)', () => {
    const changes = meshActions().filter((a) => /:(Update|Delete|RegisterTargets|DeregisterTargets)/.test(a));
    expect(changes.length).toBe(35);
    for (const action of changes) {
      const [grant, ...more] = grantsOf(action);
      expect(more).toEqual([]);
      expect([action, grant!.Condition]).toEqual([action, { StringLike: { [`aws:ResourceTag/${OWNER}`]: ALLOWED } }]);
    }
  });

  it('tagging may not move a resource to an owner outside the allowed values, and the owner tag is never removed', () => {
    for (const service of ['appmesh', 'vpc-lattice']) {
      expect(grantsOf(`${service}:TagResource`).map((s) => s.Condition)).toEqual([{ StringLikeIfExists: { [`aws:ResourceTag/${OWNER}`]: ALLOWED, [`aws:RequestTag/${OWNER}`]: ALLOWED } }]);
      expect(grantsOf(`${service}:UntagResource`).map((s) => s.Condition)).toEqual([{ StringLike: { [`aws:ResourceTag/${OWNER}`]: ALLOWED }, 'ForAllValues:StringNotEquals': { 'aws:TagKeys': [OWNER] } }]);
    }
    // Cloud Map's tag actions support neither a resource ARN nor aws:ResourceTag.
    expect(grantsOf('servicediscovery:TagResource').map((s) => [s.Resource, s.Condition])).toEqual([['*', { StringLikeIfExists: { [`aws:RequestTag/${OWNER}`]: ALLOWED } }]]);
    expect(grantsOf('servicediscovery:UntagResource').map((s) => [s.Resource, s.Condition])).toEqual([['*', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': [OWNER] } }]]);
  });

  it('reads are not conditioned (a plan must see untagged and other owners’ resources to report them)', () => {
    const reads = meshActions().filter((a) => /:(Get|Describe|List)/.test(a));
    expect(reads.length).toBeGreaterThan(20);
    for (const action of reads) expect([action, grantsOf(action).map((s) => s.Condition)]).toEqual([action, [undefined]]);
  });

  it('no hosted zone can be deleted (Cloud Map deletes a DNS namespace without route53:DeleteHostedZone on the caller)', () => {
    expect(statements().flatMap((s) => list(s.Action)).filter((a) => /^route53:Delete/.test(String(a)))).toEqual([]);
  });
});
