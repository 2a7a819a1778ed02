// The complete App Mesh and Cloud Map service models (operations, every input/output/error shape):
// the emulator's wire layer routes and validates with them.
export { appMeshModel } from './generated/app-mesh-model';
export { cloudMapModel } from './generated/cloud-map-model';
