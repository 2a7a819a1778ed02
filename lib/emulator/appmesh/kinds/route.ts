import { checkRouteAgainstListeners, routeTypeOf } from '../listener-rules';
import { ROUTE_PROTOCOLS } from '../../../resources/routes';
import { lowerCaseGrpcMetadataNames } from './grpc-metadata-names';
import { identity, type KindDefinition } from './kind-definition';

/**
 * Route (under a virtual router). Exactly one of httpRoute/http2Route/grpcRoute/tcpRoute; its
 * protocol must match a router listener; every weighted target node must exist (docs/aws-behaviour.md §5.1).
 */
export const routeKind: KindDefinition = {
  kind: 'Route',
  nameMember: 'routeName',
  parent: { kind: 'VirtualRouter', member: 'virtualRouterName' },
  arnSegment: 'route',
  operations: { create: 'CreateRoute', describe: 'DescribeRoute', update: 'UpdateRoute', delete: 'DeleteRoute', list: 'ListRoutes' },
  dataMember: 'route',
  listMember: 'routes',
  storedSpec: lowerCaseGrpcMetadataNames,
  describedSpec: identity,
  checkSpec(spec) {
    routeTypeOf(spec, ROUTE_PROTOCOLS);
  },
  checkRelations(ctx, target, spec) {
    const router = ctx.requireParent('VirtualRouter', target.mesh, target.parent!);
    checkRouteAgainstListeners(`Route ${target.name}`, routeTypeOf(spec, ROUTE_PROTOCOLS), router);
  },
};
