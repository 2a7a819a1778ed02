// lib/model: RepoSnapshot → DesiredState. Parses YAML with positions, validates the settings and
// every resource document strictly (the API models' shapes, lib/api-model/spec-rules), checks
// references across the repository, renders diagnostics and publishes the JSON Schemas.
// Pure: no I/O, no SDK; imports only lib/api-model and lib/resources.
import { ConfigError } from './errors';
import { loadDesiredState, type LoadOptions } from './load';
import type { RepoSnapshot } from './snapshot';
import type { DesiredState } from '../resources';

export * from './diagnostics';
export * from './errors';
export * from './json-schema';
export * from './limits';
export * from './load';
export * from './render';
export * from './settings-path';
export * from './snapshot';
export * from './summary';
export { parseYamlFile, type ParsedDocument, type ParsedFile, type ParseOptions, type YamlTagSchema } from './yaml/parse-file';
export { checkCrossReferences, type LocatedResource } from './cross-references';
export { PositionIndex, type Position } from './yaml/positions';
export { validateDocument } from './validate-document';
export { validateSettings } from './settings';
export { documentShapeName, envelopeShapes, resourceDocumentShapes } from './document-shapes';
export { settingsShapes, SETTINGS_SHAPE, SETTINGS_DEFAULTS } from './settings-shapes';

/** The desired state, or a ConfigError carrying every diagnostic (for use-cases that must stop on errors). */
export function requireDesiredState(snapshot: RepoSnapshot, options?: LoadOptions): { state: DesiredState; warnings: ReturnType<typeof loadDesiredState>['diagnostics'] } {
  const result = loadDesiredState(snapshot, options);
  if (!result.state) throw new ConfigError(result.diagnostics);
  return { state: result.state, warnings: result.diagnostics };
}
