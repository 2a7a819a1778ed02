// The complete App Mesh, Cloud Map and VPC Lattice service models (operations, every input/output/error shape):
// the emulator's wire layer routes and validates with them.
import { appMeshDocumentShapes } from './generated/app-mesh-document-shapes';
import { appMeshOperationModel } from './generated/app-mesh-model';
import type { ServiceModel } from './types';

export { cloudMapModel } from './generated/cloud-map-model';
export { vpcLatticeModel } from './generated/vpc-lattice-model';

/** The generated operation model holds the shapes documents do not reach; the spec shapes come from the document table. */
export const appMeshModel: ServiceModel = { ...appMeshOperationModel, shapes: { ...appMeshOperationModel.shapes, ...appMeshDocumentShapes } };
