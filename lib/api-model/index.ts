// lib/api-model: the App Mesh and Cloud Map API models (generated from AWS's published models),
// a validator and a JSON Schema emitter over them. Pure: no I/O, no SDK. Used by model/ (resource
// documents) and emulator/ (API input validation, routing), so both apply the same constraints.
import { appMeshModel } from './generated/app-mesh-model';
import { cloudMapDocumentShapes } from './generated/cloud-map-document-shapes';
import { cloudMapModel } from './generated/cloud-map-model';
import type { ShapeTable } from './types';

export { appMeshModel, cloudMapModel, cloudMapDocumentShapes };
export * from './types';
export * from './validate-shape';
export * from './json-schema';
export * from './document-names';

/** Every shape a resource document's `spec` can reach: App Mesh's as-is, Cloud Map's with document names. */
export const documentShapes: ShapeTable = { ...appMeshModel.shapes, ...cloudMapDocumentShapes };
