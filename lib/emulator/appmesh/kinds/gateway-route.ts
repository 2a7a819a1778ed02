import { checkRouteAgainstListeners, routeTypeOf } from '../listener-rules';
import { GATEWAY_ROUTE_PROTOCOLS } from '../../../resources/routes';
import { lowerCaseGrpcMetadataNames } from './grpc-metadata-names';
import { identity, type KindDefinition } from './kind-definition';

/**
 * GatewayRoute (under a virtual gateway). Exactly one of httpRoute/http2Route/grpcRoute, matching a
 * gateway listener; the target virtual service must exist ("routes traffic to an existing virtual
 * service", docs/aws-behaviour.md §4.7; NotFoundException like a missing route target).
 */
export const gatewayRouteKind: KindDefinition = {
  kind: 'GatewayRoute',
  nameMember: 'gatewayRouteName',
  parent: { kind: 'VirtualGateway', member: 'virtualGatewayName' },
  arnSegment: 'gatewayRoute',
  operations: { create: 'CreateGatewayRoute', describe: 'DescribeGatewayRoute', update: 'UpdateGatewayRoute', delete: 'DeleteGatewayRoute', list: 'ListGatewayRoutes' },
  dataMember: 'gatewayRoute',
  listMember: 'gatewayRoutes',
  storedSpec: lowerCaseGrpcMetadataNames,
  describedSpec: identity,
  checkSpec(spec) {
    routeTypeOf(spec, GATEWAY_ROUTE_PROTOCOLS);
  },
  checkRelations(ctx, target, spec) {
    const gateway = ctx.requireParent('VirtualGateway', target.mesh, target.parent!);
    checkRouteAgainstListeners(`GatewayRoute ${target.name}`, routeTypeOf(spec, GATEWAY_ROUTE_PROTOCOLS), gateway);
  },
};
