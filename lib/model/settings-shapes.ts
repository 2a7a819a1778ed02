import type { ShapeTable } from '../api-model';
import { KINDS } from '../resources';

/**
 * `meshops.yaml` (DESIGN §1) as a shape table in lib/api-model's format: the validator and the
 * published JSON Schema (`meshops schema --settings`) both read it.
 */
export const SETTINGS_SHAPE = 'Meshops.Settings';

export const SETTINGS_DEFAULTS = {
  path: 'mesh',
  prune: true,
  maxDeletes: 10,
  drift: { report: 'issue' as const, remediate: false },
};

/** AWS region names: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`. */
export const REGION_PATTERN = '^[a-z]{2}(-[a-z]+)+-[0-9]+$';
/** A folder inside the repository: relative, no `..`, no backslashes. The validator also normalizes it. */
export const PATH_PATTERN = '^(?![/\\\\])(?!(.*/)?\\.\\.(/|$))[^\\\\\\u0000]*$';
export const IGNORE_PATH_PATTERN = '^/(spec|tags)(/.*)?$';

export const settingsShapes: ShapeTable = {
  [SETTINGS_SHAPE]: {
    type: 'structure',
    members: {
      version: { shape: 'Meshops.SettingsVersion' },
      region: { shape: 'Meshops.Region' },
      owner: { shape: 'Meshops.Owner' },
      path: { shape: 'Meshops.Path' },
      prune: { shape: 'Meshops.Boolean' },
      maxDeletes: { shape: 'Meshops.MaxDeletes' },
      drift: { shape: 'Meshops.DriftSettings' },
      ignore: { shape: 'Meshops.IgnoreRules' },
    },
    required: ['version', 'region'],
  },
  'Meshops.SettingsVersion': { type: 'integer', min: 1, max: 1 },
  'Meshops.Region': { type: 'string', min: 1, max: 64, pattern: REGION_PATTERN },
  // The value of the `meshops:owner` tag: App Mesh and Cloud Map tag values hold 0–256 characters.
  'Meshops.Owner': { type: 'string', min: 1, max: 256 },
  'Meshops.Path': { type: 'string', max: 1024, pattern: PATH_PATTERN },
  'Meshops.Boolean': { type: 'boolean' },
  'Meshops.MaxDeletes': { type: 'integer', min: 0 },
  'Meshops.DriftSettings': {
    type: 'structure',
    members: { report: { shape: 'Meshops.DriftReport' }, remediate: { shape: 'Meshops.Boolean' } },
  },
  'Meshops.DriftReport': { type: 'string', enum: ['issue', 'none'] },
  'Meshops.IgnoreRules': { type: 'list', member: { shape: 'Meshops.IgnoreRule' } },
  'Meshops.IgnoreRule': {
    type: 'structure',
    members: {
      kind: { shape: 'Meshops.IgnoreKind' },
      name: { shape: 'Meshops.Glob' },
      mesh: { shape: 'Meshops.Glob' },
      path: { shape: 'Meshops.IgnorePath' },
    },
    required: ['kind', 'name', 'path'],
  },
  'Meshops.IgnoreKind': { type: 'string', enum: [...KINDS, '*'] },
  'Meshops.Glob': { type: 'string', min: 1, max: 255 },
  'Meshops.IgnorePath': { type: 'string', min: 1, max: 1024, pattern: IGNORE_PATH_PATTERN },
};
