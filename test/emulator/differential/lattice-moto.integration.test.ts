import {
  CreateAccessLogSubscriptionCommand,
  CreateListenerCommand,
  CreateRuleCommand,
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkServiceAssociationCommand,
  CreateServiceNetworkVpcAssociationCommand,
  CreateTargetGroupCommand,
  DeleteAccessLogSubscriptionCommand,
  DeleteAuthPolicyCommand,
  GetAccessLogSubscriptionCommand,
  GetAuthPolicyCommand,
  GetListenerCommand,
  GetServiceCommand,
  GetServiceNetworkCommand,
  GetServiceNetworkServiceAssociationCommand,
  GetTargetGroupCommand,
  ListAccessLogSubscriptionsCommand,
  ListListenersCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListServiceNetworksCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTargetGroupsCommand,
  PutAuthPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccessLogSubscriptionCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { describeDifferential, type Step } from './moto-harness';

/**
 * Differential suite (moto-harness.ts): the same scripted VPC Lattice sessions over what moto implements (creates,
 * gets and lists of service networks, services, listeners and target groups, CreateRule,
 * association creates and lists, auth policies, access-log subscriptions, tags) against the emulator's HTTP server and moto's
 * (`python3 -m moto.server`, third party), both through the real SDK client. Each step's outcome
 * is "ok" or the error's name, and some steps also compare a view of the answer (names, counts,
 * fields). The emulator's outcomes are asserted (what AWS answers, per the model and the
 * service's documented rules); moto's must equal them except where MOTO_DIFFERENCES lists the
 * step, with the reason.
 *
 * Differences that hold for every step, so they are not listed per step:
 * - moto answers ResourceNotFoundException with HTTP 400 where AWS answers 404; the error name
 *   is the same, and outcomes compare names.
 * - moto's ids come from uuid4 (`sn-ffaed357-d4f9-458`) and do not match `sn-[0-9a-z]{17}`; ids
 *   are never compared, each side's are used for its own later steps.
 * Not compared at all, because moto does not implement them (HTTP 500): every Update* and
 * Delete* of these resources, GetRule, ListRules, BatchUpdateRule, RegisterTargets,
 * DeregisterTargets, ListTargets, GetServiceNetworkVpcAssociation.
 */
const MOTO_DIFFERENCES: Record<string, { moto: string; reason: string }> = {
  'networks/create-duplicate': { moto: 'ok', reason: 'moto accepts a second service network with the same name; AWS refuses it (409 ConflictException)' },
  'networks/create-bad-name': { moto: 'ok', reason: 'moto does not check names against the model pattern ([a-z0-9-], no leading, trailing or doubled hyphen)' },
  'networks/get': { moto: 'net/undefined', reason: 'moto leaves authType out when the create did not give it; AWS answers the default, NONE' },
  'networks/list-count': { moto: '3', reason: 'follows from the two steps above: moto created the duplicate and the badly named network' },
  'services/create-duplicate': { moto: 'ok', reason: 'moto accepts a second service with the same name; AWS refuses it (409 ConflictException)' },
  'services/create-svc-prefix': { moto: 'ok', reason: 'moto does not check the name pattern (a service name cannot start with svc-)' },
  'services/list-page-size': { moto: '4', reason: 'moto ignores maxResults on ListServices and returns every service (4: it also created the duplicate and the svc- one)' },
  'services/list-fields': { moto: 'cart:,shop:,shop:shop.mesh.local,svc-shop:', reason: 'moto answers customDomainName "" for services that have none (AWS leaves it out), and lists the two services it should have refused' },
  'listeners/create-duplicate': { moto: 'ok', reason: 'moto accepts a second listener with the same name on a service; AWS refuses it (409 ConflictException)' },
  'listeners/default-port': { moto: '443', reason: 'moto gives an HTTP listener without a port 443; AWS gives 80' },
  'listeners/list': { moto: '2', reason: 'follows from listeners/create-duplicate: moto created the second listener' },
  'listeners/list-page': { moto: 'SyntaxError', reason: 'maxResults crashes moto\'s ListListeners (a TypeError): HTTP 500 with an HTML body the SDK cannot parse' },
  'rules/create-missing-listener': { moto: 'ok', reason: 'moto\'s CreateRule does not check that the listener exists; AWS answers 404' },
  'rules/create-missing-target-group': { moto: 'ok', reason: 'moto\'s CreateRule does not check the target groups of its action; AWS answers 404' },
  'rules/create-duplicate-priority': { moto: 'ok', reason: 'moto does not keep rule priorities unique per listener; AWS refuses (409 ConflictException)' },
  'rules/create-unweighted-pair': { moto: 'ok', reason: 'moto does not require a weight on every target group of a multi-group forward action' },
  'target-groups/create-duplicate': { moto: 'ok', reason: 'moto accepts a second target group with the same name; AWS refuses it (409 ConflictException)' },
  'target-groups/create-without-config': { moto: 'ok', reason: 'moto accepts an IP target group without a config (port, protocol, VPC)' },
  'target-groups/status-after-create': { moto: 'ACTIVE', reason: 'moto answers CreateTargetGroup with ACTIVE; AWS answers CREATE_IN_PROGRESS and settles later' },
  'target-groups/list-page': { moto: 'SyntaxError', reason: 'maxResults crashes moto\'s ListTargetGroups (a TypeError): HTTP 500 with an HTML body the SDK cannot parse' },
  'target-groups/list-fields': { moto: '{}', reason: 'moto\'s ListTargetGroups items lack port and protocol' },
  'associations/service-association': {
    moto: 'snsa-?.us-east-1.vpclattice.amazonaws.com',
    reason: 'moto answers a name it makes up for the association in customDomainName; AWS answers the service\'s custom domain name',
  },
  'associations/get-service-association': { moto: 'undefined/undefined', reason: 'moto\'s GetServiceNetworkServiceAssociation has no serviceName or serviceNetworkName' },
  'associations/list-unfiltered': { moto: 'ok', reason: 'moto lists service associations without a filter; AWS requires a service network or a service' },
  'associations/list-by-arn': { moto: '0', reason: 'moto\'s association filters match ids only; filtering by the service network\'s ARN returns nothing' },
  'auth-policies/put-not-json': { moto: 'ok', reason: 'moto stores any text as an auth policy; AWS requires an IAM policy document (JSON)' },
  'auth-policies/get': { moto: 'false/Active', reason: 'follows from auth-policies/put-not-json: moto replaced the policy with the text it should have refused' },
  'access-logs/create-bad-destination': { moto: 'ok', reason: 'moto accepts any ARN as a destination; AWS takes CloudWatch Logs log groups, S3 buckets and Firehose streams only' },
  'access-logs/create-second-of-type': { moto: 'ok', reason: 'moto accepts a second subscription to the same destination type on one resource; AWS allows one per type (409)' },
  'access-logs/list': { moto: '-3,,-2', reason: 'follows from the two steps above: moto created both refused subscriptions' },
  'networks-counts/get-counts': { moto: '{}', reason: 'moto\'s GetServiceNetwork has no numberOfAssociatedServices / numberOfAssociatedVPCs' },
  'associations/vpc-in-second-network': { moto: 'ok', reason: 'moto lets a VPC join a second service network; AWS allows one service network per VPC (409)' },
};

const VPC = 'vpc-0123456789abcdef0';
const OTHER_VPC = 'vpc-0123456789abcdef1';
const tgConfig = { port: 8080, protocol: 'HTTP' as const, vpcIdentifier: VPC };
const forward = (...ids: (string | undefined)[]) => ({ forward: { targetGroups: ids.map((id) => ({ targetGroupIdentifier: id!, weight: 1 })) } });
const names = (out: { items?: { name?: string }[] }) => String(out.items?.length ?? 0);
const MISSING_SN = 'sn-0000000000000000a';
const MISSING_SVC = 'svc-0000000000000000a';
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'vpc-lattice-svcs:Invoke', Resource: '*' }] });
const LOG_GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:/lattice/net';

/** The sessions: `view` steps are outcome steps whose answers are also compared. */
const SESSIONS: Record<string, Step<VPCLatticeClient>[]> = {
  networks: [
    { id: 'create', run: (c) => c.send(new CreateServiceNetworkCommand({ name: 'net', tags: { team: 'shop' } })), expect: 'ok', save: 'sn' },
    { id: 'create-duplicate', run: (c) => c.send(new CreateServiceNetworkCommand({ name: 'net' })), expect: 'ConflictException' },
    { id: 'create-bad-name', run: (c) => c.send(new CreateServiceNetworkCommand({ name: 'Bad--Name' })), expect: 'ValidationException' },
    { id: 'get', run: (c, r) => c.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: r.sn.id })), expect: 'ok', view: { of: (o) => `${o.name}/${o.authType}`, expect: 'net/NONE' } },
    { id: 'get-missing', run: (c) => c.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: MISSING_SN })), expect: 'ResourceNotFoundException' },
    { id: 'list-count', run: (c) => c.send(new ListServiceNetworksCommand({})), expect: 'ok', view: { of: names, expect: '1' } },
    { id: 'tags', run: (c, r) => c.send(new ListTagsForResourceCommand({ resourceArn: r.sn.arn })), expect: 'ok', view: { of: (o) => JSON.stringify(o.tags), expect: '{"team":"shop"}' } },
  ],
  services: [
    { id: 'create', run: (c) => c.send(new CreateServiceCommand({ name: 'shop', customDomainName: 'shop.mesh.local', authType: 'AWS_IAM' })), expect: 'ok', save: 'svc' },
    { id: 'create-duplicate', run: (c) => c.send(new CreateServiceCommand({ name: 'shop' })), expect: 'ConflictException' },
    { id: 'create-svc-prefix', run: (c) => c.send(new CreateServiceCommand({ name: 'svc-shop' })), expect: 'ValidationException' },
    { id: 'create-second', run: (c) => c.send(new CreateServiceCommand({ name: 'cart' })), expect: 'ok' },
    { id: 'get', run: (c, r) => c.send(new GetServiceCommand({ serviceIdentifier: r.svc.id })), expect: 'ok', view: { of: (o) => `${o.name}/${o.customDomainName}/${o.authType}`, expect: 'shop/shop.mesh.local/AWS_IAM' } },
    { id: 'get-by-arn', run: (c, r) => c.send(new GetServiceCommand({ serviceIdentifier: r.svc.arn })), expect: 'ok', view: { of: (o) => o.name, expect: 'shop' } },
    { id: 'get-missing', run: (c) => c.send(new GetServiceCommand({ serviceIdentifier: MISSING_SVC })), expect: 'ResourceNotFoundException' },
    { id: 'list-page-size', run: (c) => c.send(new ListServicesCommand({ maxResults: 1 })), expect: 'ok', view: { of: names, expect: '1' } },
    { id: 'list-fields', run: (c) => c.send(new ListServicesCommand({})), expect: 'ok', view: { of: (o) => o.items.map((s: { name: string; customDomainName?: string }) => `${s.name}:${s.customDomainName ?? '-'}`).sort().join(','), expect: 'cart:-,shop:shop.mesh.local' } },
  ],
  listeners: [
    { id: 'service', run: (c) => c.send(new CreateServiceCommand({ name: 'shop' })), expect: 'ok', save: 'svc' },
    { id: 'target-group', run: (c) => c.send(new CreateTargetGroupCommand({ name: 'shop-v1', type: 'IP', config: tgConfig })), expect: 'ok', save: 'tg' },
    { id: 'create', run: (c, r) => c.send(new CreateListenerCommand({ serviceIdentifier: r.svc.id, name: 'http-80', protocol: 'HTTP', port: 80, defaultAction: forward(r.tg.id) })), expect: 'ok', save: 'listener' },
    { id: 'create-duplicate', run: (c, r) => c.send(new CreateListenerCommand({ serviceIdentifier: r.svc.id, name: 'http-80', protocol: 'HTTP', port: 8080, defaultAction: forward(r.tg.id) })), expect: 'ConflictException' },
    { id: 'create-in-missing-service', run: (c, r) => c.send(new CreateListenerCommand({ serviceIdentifier: MISSING_SVC, name: 'x-80', protocol: 'HTTP', defaultAction: forward(r.tg.id) })), expect: 'ResourceNotFoundException' },
    { id: 'get', run: (c, r) => c.send(new GetListenerCommand({ serviceIdentifier: r.svc.id, listenerIdentifier: r.listener.id })), expect: 'ok', view: { of: (o) => `${o.name}/${o.protocol}/${o.port}`, expect: 'http-80/HTTP/80' } },
    { id: 'list', run: (c, r) => c.send(new ListListenersCommand({ serviceIdentifier: r.svc.id })), expect: 'ok', view: { of: names, expect: '1' } },
    { id: 'list-page', run: (c, r) => c.send(new ListListenersCommand({ serviceIdentifier: r.svc.id, maxResults: 5 })), expect: 'ok' },
    { id: 'second-service', run: (c) => c.send(new CreateServiceCommand({ name: 'cart' })), expect: 'ok', save: 'svc2' },
    { id: 'second-target-group', run: (c) => c.send(new CreateTargetGroupCommand({ name: 'cart-v1', type: 'IP', config: tgConfig })), expect: 'ok', save: 'tg2' },
    { id: 'default-port', run: (c, r) => c.send(new CreateListenerCommand({ serviceIdentifier: r.svc2.id, name: 'plain', protocol: 'HTTP', defaultAction: forward(r.tg2.id) })), expect: 'ok', view: { of: (o) => String(o.port), expect: '80' } },
  ],
  rules: [
    { id: 'service', run: (c) => c.send(new CreateServiceCommand({ name: 'shop' })), expect: 'ok', save: 'svc' },
    { id: 'v1', run: (c) => c.send(new CreateTargetGroupCommand({ name: 'shop-v1', type: 'IP', config: tgConfig })), expect: 'ok', save: 'v1' },
    { id: 'v2', run: (c) => c.send(new CreateTargetGroupCommand({ name: 'shop-v2', type: 'IP', config: tgConfig })), expect: 'ok', save: 'v2' },
    { id: 'listener', run: (c, r) => c.send(new CreateListenerCommand({ serviceIdentifier: r.svc.id, name: 'http-80', protocol: 'HTTP', port: 80, defaultAction: forward(r.v1.id) })), expect: 'ok', save: 'listener' },
    {
      id: 'create-weighted',
      run: (c, r) =>
        c.send(
          new CreateRuleCommand({
            serviceIdentifier: r.svc.id,
            listenerIdentifier: r.listener.id,
            name: 'canary',
            priority: 1,
            match: { httpMatch: { pathMatch: { match: { prefix: '/api' } } } },
            action: { forward: { targetGroups: [{ targetGroupIdentifier: r.v1.id!, weight: 90 }, { targetGroupIdentifier: r.v2.id!, weight: 10 }] } },
          }),
        ),
      expect: 'ok',
      view: { of: (o) => `${o.name}/${o.priority}/${o.action.forward.targetGroups.map((t: { weight: number }) => t.weight).join(':')}`, expect: 'canary/1/90:10' },
    },
    {
      id: 'create-missing-listener',
      run: (c, r) => c.send(new CreateRuleCommand({ serviceIdentifier: r.svc.id, listenerIdentifier: 'listener-0000000000000000a', name: 'orphan', priority: 2, match: { httpMatch: { method: 'GET' } }, action: forward(r.v1.id) })),
      expect: 'ResourceNotFoundException',
    },
    {
      id: 'create-missing-target-group',
      run: (c, r) => c.send(new CreateRuleCommand({ serviceIdentifier: r.svc.id, listenerIdentifier: r.listener.id, name: 'ghost', priority: 3, match: { httpMatch: { method: 'GET' } }, action: forward('tg-0000000000000000a') })),
      expect: 'ResourceNotFoundException',
    },
    {
      id: 'create-duplicate-priority',
      run: (c, r) => c.send(new CreateRuleCommand({ serviceIdentifier: r.svc.id, listenerIdentifier: r.listener.id, name: 'same-priority', priority: 1, match: { httpMatch: { method: 'GET' } }, action: forward(r.v1.id) })),
      expect: 'ConflictException',
    },
    {
      id: 'create-unweighted-pair',
      run: (c, r) =>
        c.send(
          new CreateRuleCommand({
            serviceIdentifier: r.svc.id,
            listenerIdentifier: r.listener.id,
            name: 'no-weights',
            priority: 4,
            match: { httpMatch: { method: 'POST' } },
            action: { forward: { targetGroups: [{ targetGroupIdentifier: r.v1.id! }, { targetGroupIdentifier: r.v2.id! }] } },
          }),
        ),
      expect: 'ValidationException',
    },
  ],
  'target-groups': [
    { id: 'create', run: (c) => c.send(new CreateTargetGroupCommand({ name: 'shop-v1', type: 'IP', config: tgConfig })), expect: 'ok', save: 'tg' },
    { id: 'create-duplicate', run: (c) => c.send(new CreateTargetGroupCommand({ name: 'shop-v1', type: 'IP', config: tgConfig })), expect: 'ConflictException' },
    { id: 'create-without-config', run: (c) => c.send(new CreateTargetGroupCommand({ name: 'no-config', type: 'IP' })), expect: 'ValidationException' },
    { id: 'status-after-create', run: (c) => c.send(new CreateTargetGroupCommand({ name: 'shop-v2', type: 'IP', config: tgConfig })), expect: 'ok', view: { of: (o) => o.status, expect: 'CREATE_IN_PROGRESS' } },
    { id: 'get', run: (c, r) => c.send(new GetTargetGroupCommand({ targetGroupIdentifier: r.tg.arn })), expect: 'ok', view: { of: (o) => `${o.name}/${o.type}/${o.config.port}/${o.config.protocol}/${o.config.vpcIdentifier}`, expect: `shop-v1/IP/8080/HTTP/${VPC}` } },
    { id: 'get-missing', run: (c) => c.send(new GetTargetGroupCommand({ targetGroupIdentifier: 'tg-0000000000000000a' })), expect: 'ResourceNotFoundException' },
    { id: 'list-page', run: (c) => c.send(new ListTargetGroupsCommand({ maxResults: 5 })), expect: 'ok' },
    {
      id: 'list-fields',
      run: (c) => c.send(new ListTargetGroupsCommand({})),
      expect: 'ok',
      view: { of: (o) => JSON.stringify(Object.fromEntries(o.items.filter((t: { name: string }) => t.name === 'shop-v1').flatMap((t: { port?: number; protocol?: string }) => (t.port ? [['port', t.port], ['protocol', t.protocol]] : [])))), expect: '{"port":8080,"protocol":"HTTP"}' },
    },
  ],
  associations: [
    { id: 'network', run: (c) => c.send(new CreateServiceNetworkCommand({ name: 'net' })), expect: 'ok', save: 'sn' },
    { id: 'other-network', run: (c) => c.send(new CreateServiceNetworkCommand({ name: 'other' })), expect: 'ok', save: 'other' },
    { id: 'service', run: (c) => c.send(new CreateServiceCommand({ name: 'shop', customDomainName: 'shop.mesh.local' })), expect: 'ok', save: 'svc' },
    { id: 'service-association', run: (c, r) => c.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: r.sn.id, serviceIdentifier: r.svc.id })), expect: 'ok', save: 'snsa', view: { of: (o) => String(o.customDomainName).replace(/^snsa-[0-9a-z-]+\./, 'snsa-?.'), expect: 'shop.mesh.local' } },
    { id: 'service-association-missing-network', run: (c, r) => c.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: MISSING_SN, serviceIdentifier: r.svc.id })), expect: 'ResourceNotFoundException' },
    { id: 'get-service-association', run: (c, r) => c.send(new GetServiceNetworkServiceAssociationCommand({ serviceNetworkServiceAssociationIdentifier: r.snsa.id })), expect: 'ok', view: { of: (o) => `${o.serviceName}/${o.serviceNetworkName}`, expect: 'shop/net' } },
    { id: 'list-by-id', run: (c, r) => c.send(new ListServiceNetworkServiceAssociationsCommand({ serviceNetworkIdentifier: r.sn.id })), expect: 'ok', view: { of: names, expect: '1' } },
    { id: 'list-by-arn', run: (c, r) => c.send(new ListServiceNetworkServiceAssociationsCommand({ serviceNetworkIdentifier: r.sn.arn })), expect: 'ok', view: { of: names, expect: '1' } },
    { id: 'list-unfiltered', run: (c) => c.send(new ListServiceNetworkServiceAssociationsCommand({})), expect: 'ValidationException' },
    { id: 'vpc-association', run: (c, r) => c.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: r.sn.id, vpcIdentifier: VPC, securityGroupIds: ['sg-0123456789abcdef0'] })), expect: 'ok' },
    { id: 'vpc-in-second-network', run: (c, r) => c.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: r.other.id, vpcIdentifier: VPC })), expect: 'ConflictException' },
    { id: 'other-vpc', run: (c, r) => c.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: r.other.id, vpcIdentifier: OTHER_VPC })), expect: 'ok' },
    { id: 'list-vpc-associations', run: (c, r) => c.send(new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: r.sn.id })), expect: 'ok', view: { of: (o) => o.items.map((a: { vpcId: string }) => a.vpcId).join(','), expect: VPC } },
  ],
  'networks-counts': [
    { id: 'network', run: (c) => c.send(new CreateServiceNetworkCommand({ name: 'net' })), expect: 'ok', save: 'sn' },
    { id: 'service', run: (c) => c.send(new CreateServiceCommand({ name: 'shop' })), expect: 'ok', save: 'svc' },
    { id: 'associate', run: (c, r) => c.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: r.sn.id, serviceIdentifier: r.svc.id })), expect: 'ok' },
    {
      id: 'get-counts',
      run: (c, r) => c.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: r.sn.id })),
      expect: 'ok',
      view: { of: (o) => JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith('numberOf')).sort())), expect: '{"numberOfAssociatedServices":1,"numberOfAssociatedVPCs":0}' },
    },
  ],
  'auth-policies': [
    { id: 'service', run: (c) => c.send(new CreateServiceCommand({ name: 'shop', authType: 'AWS_IAM' })), expect: 'ok', save: 'svc' },
    { id: 'get-before-put', run: (c, r) => c.send(new GetAuthPolicyCommand({ resourceIdentifier: r.svc.id })), expect: 'ResourceNotFoundException' },
    { id: 'put', run: (c, r) => c.send(new PutAuthPolicyCommand({ resourceIdentifier: r.svc.id, policy: POLICY })), expect: 'ok', view: { of: (o) => `${o.state}`, expect: 'Active' } },
    { id: 'put-not-json', run: (c, r) => c.send(new PutAuthPolicyCommand({ resourceIdentifier: r.svc.id, policy: 'allow all' })), expect: 'ValidationException' },
    { id: 'put-missing-resource', run: (c) => c.send(new PutAuthPolicyCommand({ resourceIdentifier: MISSING_SVC, policy: POLICY })), expect: 'ResourceNotFoundException' },
    { id: 'get', run: (c, r) => c.send(new GetAuthPolicyCommand({ resourceIdentifier: r.svc.arn })), expect: 'ok', view: { of: (o) => `${o.policy === POLICY}/${o.state}`, expect: 'true/Active' } },
    { id: 'delete', run: (c, r) => c.send(new DeleteAuthPolicyCommand({ resourceIdentifier: r.svc.id })), expect: 'ok' },
    { id: 'get-after-delete', run: (c, r) => c.send(new GetAuthPolicyCommand({ resourceIdentifier: r.svc.id })), expect: 'ResourceNotFoundException' },
  ],
  'access-logs': [
    { id: 'network', run: (c) => c.send(new CreateServiceNetworkCommand({ name: 'net' })), expect: 'ok', save: 'sn' },
    { id: 'create', run: (c, r) => c.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: r.sn.id, destinationArn: LOG_GROUP })), expect: 'ok', save: 'als', view: { of: (o) => String(o.destinationArn === LOG_GROUP), expect: 'true' } },
    { id: 'create-bad-destination', run: (c, r) => c.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: r.sn.id, destinationArn: 'arn:aws:sqs:us-east-1:111122223333:queue' })), expect: 'ValidationException' },
    { id: 'create-second-of-type', run: (c, r) => c.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: r.sn.id, destinationArn: `${LOG_GROUP}-2` })), expect: 'ConflictException' },
    { id: 'create-missing-resource', run: (c) => c.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: MISSING_SN, destinationArn: LOG_GROUP })), expect: 'ResourceNotFoundException' },
    { id: 'get', run: (c, r) => c.send(new GetAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: r.als.id })), expect: 'ok', view: { of: (o) => String(o.destinationArn === LOG_GROUP), expect: 'true' } },
    { id: 'update', run: (c, r) => c.send(new UpdateAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: r.als.id, destinationArn: `${LOG_GROUP}-3` })), expect: 'ok' },
    { id: 'list', run: (c, r) => c.send(new ListAccessLogSubscriptionsCommand({ resourceIdentifier: r.sn.id })), expect: 'ok', view: { of: (o) => o.items.map((a: { destinationArn: string }) => a.destinationArn.slice(LOG_GROUP.length)).join(','), expect: '-3' } },
    { id: 'delete', run: (c, r) => c.send(new DeleteAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: r.als.id })), expect: 'ok' },
    { id: 'get-after-delete', run: (c, r) => c.send(new GetAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: r.als.id })), expect: 'ResourceNotFoundException' },
  ],
  tags: [
    { id: 'service', run: (c) => c.send(new CreateServiceCommand({ name: 'shop', tags: { a: '1' } })), expect: 'ok', save: 'svc' },
    { id: 'tag', run: (c, r) => c.send(new TagResourceCommand({ resourceArn: r.svc.arn, tags: { b: '2', c: '3' } })), expect: 'ok' },
    { id: 'untag', run: (c, r) => c.send(new UntagResourceCommand({ resourceArn: r.svc.arn, tagKeys: ['c'] })), expect: 'ok' },
    { id: 'list', run: (c, r) => c.send(new ListTagsForResourceCommand({ resourceArn: r.svc.arn })), expect: 'ok', view: { of: (o) => JSON.stringify(o.tags, Object.keys(o.tags).sort()), expect: '{"a":"1","b":"2"}' } },
  ],
};

describeDifferential('VPC Lattice: emulator vs moto (differential)', {
  sessions: SESSIONS,
  differences: MOTO_DIFFERENCES,
  client: (endpoint) => new VPCLatticeClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 }),
});
