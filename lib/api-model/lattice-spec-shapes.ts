import type { Shape, ShapeTable } from './types';

/**
 * The `spec` of each VPC Lattice kind as meshops plans it: the members of the API's create/update
 * requests that meshops manages, camelCase as the API writes them, with one difference: actions
 * name target groups by their (deterministic) name, not their id, so that a plan compares Git with
 * live before any id exists. These specs are derived by the mapping, never written by users; the
 * table serves the diff (paths, set-like lists) and normalization.
 */
const s = (members: Record<string, string>, extra: Partial<Shape> = {}): Shape => ({
  type: 'structure',
  members: Object.fromEntries(Object.entries(members).map(([k, shape]) => [k, { shape }])),
  ...extra,
});
const list = (member: string, extra: Partial<Shape> = {}): Shape => ({ type: 'list', member: { shape: member }, ...extra });
const str: Shape = { type: 'string' };
const int: Shape = { type: 'integer' };
const bool: Shape = { type: 'boolean' };

export const latticeSpecShapes: ShapeTable = {
  'Lattice.ServiceNetworkSpec': s({ authType: 'Lattice.String' }, { required: ['authType'] }),
  'Lattice.ServiceNetworkVpcAssociationSpec': s({ securityGroupIds: 'Lattice.SecurityGroupIds' }),
  'Lattice.SecurityGroupIds': list('Lattice.String', { max: 5 }),
  // `targets` only with `lattice.registration: cloudmap`: the Cloud Map instances meshops registers.
  'Lattice.TargetGroupSpec': s({ type: 'Lattice.String', config: 'Lattice.TargetGroupConfig', targets: 'Lattice.Targets' }, { required: ['type'] }),
  // A set: a target is its address and port.
  'Lattice.Targets': list('Lattice.Target'),
  'Lattice.Target': s({ id: 'Lattice.String', port: 'Lattice.Integer' }, { required: ['id', 'port'] }),
  'Lattice.TargetGroupConfig': s({
    port: 'Lattice.Integer',
    protocol: 'Lattice.String',
    protocolVersion: 'Lattice.String',
    ipAddressType: 'Lattice.String',
    vpcIdentifier: 'Lattice.String',
    healthCheck: 'Lattice.HealthCheckConfig',
  }),
  'Lattice.HealthCheckConfig': s({
    enabled: 'Lattice.Boolean',
    protocol: 'Lattice.String',
    protocolVersion: 'Lattice.String',
    port: 'Lattice.Integer',
    path: 'Lattice.String',
    healthCheckIntervalSeconds: 'Lattice.Integer',
    healthCheckTimeoutSeconds: 'Lattice.Integer',
    healthyThresholdCount: 'Lattice.Integer',
    unhealthyThresholdCount: 'Lattice.Integer',
    matcher: 'Lattice.Matcher',
  }),
  'Lattice.Matcher': s({ httpCode: 'Lattice.String' }),
  'Lattice.ServiceSpec': s({ customDomainName: 'Lattice.String', authType: 'Lattice.String' }),
  'Lattice.ServiceNetworkServiceAssociationSpec': s({}),
  'Lattice.ListenerSpec': s({ protocol: 'Lattice.String', port: 'Lattice.Integer', defaultAction: 'Lattice.RuleAction' }, { required: ['protocol', 'port', 'defaultAction'] }),
  'Lattice.RuleAction': s({ forward: 'Lattice.ForwardAction', fixedResponse: 'Lattice.FixedResponseAction' }, { union: true }),
  'Lattice.ForwardAction': s({ targetGroups: 'Lattice.WeightedTargetGroups' }, { required: ['targetGroups'] }),
  // One entry per target group; the order carries no meaning (normalize.ts keys them by name).
  'Lattice.WeightedTargetGroups': list('Lattice.WeightedTargetGroup', { min: 1, max: 10 }),
  'Lattice.WeightedTargetGroup': s({ targetGroup: 'Lattice.String', weight: 'Lattice.Integer' }, { required: ['targetGroup'] }),
  'Lattice.FixedResponseAction': s({ statusCode: 'Lattice.Integer' }, { required: ['statusCode'] }),
  'Lattice.RuleSpec': s({ priority: 'Lattice.Integer', match: 'Lattice.RuleMatch', action: 'Lattice.RuleAction' }, { required: ['priority', 'match', 'action'] }),
  'Lattice.RuleMatch': s({ httpMatch: 'Lattice.HttpMatch' }, { union: true }),
  'Lattice.HttpMatch': s({ method: 'Lattice.String', pathMatch: 'Lattice.PathMatch', headerMatches: 'Lattice.HeaderMatchList' }),
  'Lattice.PathMatch': s({ match: 'Lattice.PathMatchType', caseSensitive: 'Lattice.Boolean' }, { required: ['match'] }),
  'Lattice.PathMatchType': s({ exact: 'Lattice.String', prefix: 'Lattice.String' }, { union: true }),
  // All header matches must match: a set.
  'Lattice.HeaderMatchList': list('Lattice.HeaderMatch', { max: 5 }),
  'Lattice.HeaderMatch': s({ name: 'Lattice.String', match: 'Lattice.HeaderMatchType', caseSensitive: 'Lattice.Boolean' }, { required: ['name', 'match'] }),
  'Lattice.HeaderMatchType': s({ exact: 'Lattice.String', prefix: 'Lattice.String', contains: 'Lattice.String' }, { union: true }),
  'Lattice.String': str,
  'Lattice.Integer': int,
  'Lattice.Boolean': bool,
};
