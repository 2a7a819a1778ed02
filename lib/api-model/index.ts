// lib/api-model: the App Mesh and Cloud Map API models (generated from AWS's published models),
// a validator and a JSON Schema emitter over them. Pure: no I/O, no SDK. This entry point carries
// only the shapes resource documents reach (model/, plan/ and the Lambda bundles need no more);
// the whole service models, for the emulator's wire layer, are in ./service-models.
import { appMeshDocumentShapes } from './generated/app-mesh-document-shapes';
import { cloudMapDocumentShapes } from './generated/cloud-map-document-shapes';
import { latticeSpecShapes } from './lattice-spec-shapes';
import type { ShapeTable } from './types';

export { appMeshDocumentShapes, cloudMapDocumentShapes };
export * from './types';
export * from './validate-shape';
export * from './json-schema';
export * from './document-names';

/**
 * Every shape a resource's `spec` can reach: App Mesh's as-is, Cloud Map's with document names, and
 * the specs of the Lattice kinds the mapping derives.
 */
export const documentShapes: ShapeTable = { ...appMeshDocumentShapes, ...cloudMapDocumentShapes, ...latticeSpecShapes };
