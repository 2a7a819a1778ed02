import type { ShapeTable } from '../api-model';
import { KINDS } from '../resources';

/**
 * `meshops.yaml` (docs/design.md §1) as a shape table in lib/api-model's format: the validator and the
 * published JSON Schema (`meshops schema --settings`) both read it.
 */
export const SETTINGS_SHAPE = 'Meshops.Settings';

export const SETTINGS_DEFAULTS = {
  path: 'mesh',
  prune: true,
  maxDeletes: 10,
  drift: { report: 'issue' as const, remediate: false },
  targets: ['appmesh'] as const,
  lattice: { authType: 'NONE' as const, registration: 'none' as const, unsupported: 'error' as const },
  allowEmpty: false,
};

/** Where a repository's App Mesh documents are planned (the contract in docs/lattice.md). */
export const TARGETS = ['appmesh', 'lattice'] as const;
/** VPC and security group ids as the VPC Lattice API model writes them. */
export const VPC_ID_PATTERN = '^vpc-(([0-9a-z]{8})|([0-9a-z]{17}))$';
export const SECURITY_GROUP_ID_PATTERN = '^sg-(([0-9a-z]{8})|([0-9a-z]{17}))$';
/** A Lattice service network name: 3–63 of [a-z0-9-], no leading, trailing or doubled hyphen. */
export const SERVICE_NETWORK_NAME_PATTERN = '^(?![-])(?!.*[-]$)(?!.*[-]{2})[a-z0-9-]+$';

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
      targets: { shape: 'Meshops.Targets' },
      lattice: { shape: 'Meshops.LatticeSettings' },
      allowEmpty: { shape: 'Meshops.Boolean' },
    },
    required: ['version', 'region'],
  },
  'Meshops.Targets': { type: 'list', member: { shape: 'Meshops.Target' }, min: 1, max: 2 },
  'Meshops.Target': { type: 'string', enum: [...TARGETS] },
  'Meshops.LatticeSettings': {
    type: 'structure',
    members: {
      serviceNetwork: { shape: 'Meshops.ServiceNetworkName' },
      authType: { shape: 'Meshops.LatticeAuthType' },
      vpcs: { shape: 'Meshops.LatticeVpcs' },
      registration: { shape: 'Meshops.LatticeRegistration' },
      unsupported: { shape: 'Meshops.LatticeUnsupported' },
    },
  },
  'Meshops.ServiceNetworkName': { type: 'string', min: 3, max: 63, pattern: SERVICE_NETWORK_NAME_PATTERN },
  'Meshops.LatticeAuthType': { type: 'string', enum: ['NONE', 'AWS_IAM'] },
  // A service network has at most 500 VPC associations (quota); a VPC joins one service network.
  'Meshops.LatticeVpcs': { type: 'list', member: { shape: 'Meshops.LatticeVpc' }, max: 500 },
  'Meshops.LatticeVpc': {
    type: 'structure',
    members: { vpc: { shape: 'Meshops.VpcId' }, securityGroups: { shape: 'Meshops.SecurityGroupIds' } },
    required: ['vpc'],
  },
  'Meshops.VpcId': { type: 'string', min: 5, max: 50, pattern: VPC_ID_PATTERN },
  'Meshops.SecurityGroupIds': { type: 'list', member: { shape: 'Meshops.SecurityGroupId' }, max: 5 },
  'Meshops.SecurityGroupId': { type: 'string', min: 5, max: 200, pattern: SECURITY_GROUP_ID_PATTERN },
  'Meshops.LatticeRegistration': { type: 'string', enum: ['none', 'cloudmap'] },
  'Meshops.LatticeUnsupported': { type: 'string', enum: ['error', 'warn'] },
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
