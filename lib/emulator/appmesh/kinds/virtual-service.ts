import { identity, type KindDefinition } from './kind-definition';

/**
 * VirtualService. The provider is optional (roadmap #147); when set, the node or router must exist
 * (context.requireReferences). Names are usually DNS names with dots.
 */
export const virtualServiceKind: KindDefinition = {
  kind: 'VirtualService',
  nameMember: 'virtualServiceName',
  arnSegment: 'virtualService',
  operations: {
    create: 'CreateVirtualService',
    describe: 'DescribeVirtualService',
    update: 'UpdateVirtualService',
    delete: 'DeleteVirtualService',
    list: 'ListVirtualServices',
  },
  dataMember: 'virtualService',
  listMember: 'virtualServices',
  storedSpec: identity,
  describedSpec: identity,
};
