import { checkListenerUpdate } from '../listener-rules';
import { ROUTE_PROTOCOLS } from '../../../resources/routes';
import { identity, type KindDefinition } from './kind-definition';

/** VirtualRouter. An update must keep every existing route valid against the new listeners (docs/aws-behaviour.md §5.3). */
export const virtualRouterKind: KindDefinition = {
  kind: 'VirtualRouter',
  nameMember: 'virtualRouterName',
  arnSegment: 'virtualRouter',
  operations: { create: 'CreateVirtualRouter', describe: 'DescribeVirtualRouter', update: 'UpdateVirtualRouter', delete: 'DeleteVirtualRouter', list: 'ListVirtualRouters' },
  dataMember: 'virtualRouter',
  listMember: 'virtualRouters',
  storedSpec: identity,
  describedSpec: identity,
  checkRelations(ctx, target, spec, existing) {
    if (existing) checkListenerUpdate('VirtualRouter', spec, ctx.all('Route', target.mesh, target.name), ROUTE_PROTOCOLS);
  },
};
