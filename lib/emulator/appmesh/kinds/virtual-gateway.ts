import { checkListenerUpdate } from '../listener-rules';
import { GATEWAY_ROUTE_PROTOCOLS } from '../../../resources/routes';
import { fillHealthCheckPorts } from './health-check-port';
import { identity, type KindDefinition } from './kind-definition';

/** VirtualGateway. Health-check ports are filled as for nodes; updates keep gateway routes valid. */
export const virtualGatewayKind: KindDefinition = {
  kind: 'VirtualGateway',
  nameMember: 'virtualGatewayName',
  arnSegment: 'virtualGateway',
  operations: {
    create: 'CreateVirtualGateway',
    describe: 'DescribeVirtualGateway',
    update: 'UpdateVirtualGateway',
    delete: 'DeleteVirtualGateway',
    list: 'ListVirtualGateways',
  },
  dataMember: 'virtualGateway',
  listMember: 'virtualGateways',
  storedSpec: fillHealthCheckPorts,
  describedSpec: identity,
  checkRelations(ctx, target, spec, existing) {
    if (existing) checkListenerUpdate('VirtualGateway', spec, ctx.all('GatewayRoute', target.mesh, target.name), GATEWAY_ROUTE_PROTOCOLS);
  },
};
