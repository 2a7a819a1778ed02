// Input limits shared by every source (local directory, GitHub). Defined in lib/model/limits.ts so
// the model re-checks the same bounds on any snapshot; re-exported here for the sources.
export {
  DEFAULT_RESOURCE_PATH,
  MAX_FILE_BYTES,
  MAX_RESOURCE_FILES,
  SETTINGS_FILE,
  formatBytes,
  isHiddenResourceFile,
  isResourceFile,
  isUnsafeResourceFile,
  isYamlFileName,
  normalizeRepoPath,
  unsafePathMessage,
} from '../model/limits';
export { settingsPath } from '../model/settings-path';
