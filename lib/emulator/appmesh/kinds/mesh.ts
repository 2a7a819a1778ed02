import { identity, type KindDefinition } from './kind-definition';

/**
 * Mesh. The spec is optional and echoed as sent: a mesh created without one reads back as
 * `spec: {}` and `egressFilter` is not filled with its documented DROP_ALL default (docs/aws-behaviour.md §6:
 * CLI examples, delete-mesh output of 2022).
 */
export const meshKind: KindDefinition = {
  kind: 'Mesh',
  nameMember: 'meshName',
  arnSegment: 'mesh',
  operations: { create: 'CreateMesh', describe: 'DescribeMesh', update: 'UpdateMesh', delete: 'DeleteMesh', list: 'ListMeshes' },
  dataMember: 'mesh',
  listMember: 'meshes',
  storedSpec: identity,
  describedSpec: identity,
};
