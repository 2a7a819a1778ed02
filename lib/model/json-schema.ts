import { shapeDefinitions, type JsonSchema } from '../api-model';
import { KIND_INFO, KINDS } from '../resources';
import { documentShapeName, resourceDocumentShapes } from './document-shapes';
import { SETTINGS_DEFAULTS, SETTINGS_SHAPE, settingsShapes } from './settings-shapes';

/**
 * JSON Schemas (draft 2020-12) for editors, generated from the same shape tables the validator
 * uses (`meshops schema`, `meshops schema --settings`). Descriptions are added here, for hover
 * help; constraints all come from the tables.
 */

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const ENVELOPE_DESCRIPTIONS: Record<string, string> = {
  kind: 'The resource kind.',
  name: 'The resource name (1–255 of letters, digits, ".", "_", "-", but not "." or "..": names become parts of ARNs and API URL paths).',
  mesh: 'The mesh this resource belongs to (declared with kind: Mesh).',
  virtualRouter: 'The virtual router this route belongs to.',
  virtualGateway: 'The virtual gateway this gateway route belongs to.',
  namespace: 'The Cloud Map namespace (its name) this service belongs to.',
  spec: 'The API spec object, exactly as the AWS API reference defines it.',
  rollout: 'Route only: move a change of weights in steps, watching CloudWatch alarms (a meshops field, not sent to AWS).',
  tags: 'User tags (at most 50). meshops adds meshops:owner itself.',
};

const SETTINGS_DESCRIPTIONS: Record<string, string> = {
  version: 'Settings format version: 1.',
  region: 'AWS region of the mesh and namespaces, e.g. us-east-1.',
  owner: 'Value of the meshops:owner tag marking resources as this repository\'s. Default: the owner the deployment gives the repository (its full name unless mapped); another value is refused.',
  path: `Folder holding the resource files (any depth, .yaml/.yml). Default: ${SETTINGS_DEFAULTS.path}.`,
  prune: `Delete owned resources that were removed from Git. Default: ${SETTINGS_DEFAULTS.prune}.`,
  maxDeletes: `A plan with more deletions is refused unless overridden. Default: ${SETTINGS_DEFAULTS.maxDeletes}.`,
  drift: 'What drift detection does.',
  ignore: 'Differences never reported or changed.',
  targets: 'Where the App Mesh documents are planned: appmesh (default), lattice (Amazon VPC Lattice), or both during a migration. Cloud Map is reconciled whatever this says.',
  lattice: 'How the App Mesh documents map onto Amazon VPC Lattice (used when targets lists lattice).',
  allowEmpty: `Allow a repository that declares nothing (a plan that deletes every owned resource). Default: ${SETTINGS_DEFAULTS.allowEmpty}.`,
};

function describe(defs: Record<string, JsonSchema>, shape: string, descriptions: Record<string, string>): void {
  const properties = defs[shape]?.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return;
  for (const [name, description] of Object.entries(descriptions)) {
    if (properties[name]) properties[name] = { ...properties[name], description };
  }
}

/** Schema for one resource document: `oneOf` per kind (the envelope with `spec` referencing the API shapes). */
export function documentJsonSchema(): JsonSchema {
  const roots = KINDS.map(documentShapeName);
  const defs = shapeDefinitions(resourceDocumentShapes, roots);
  for (const kind of KINDS) {
    describe(defs, documentShapeName(kind), ENVELOPE_DESCRIPTIONS);
    defs[documentShapeName(kind)] = { ...defs[documentShapeName(kind)], title: kind, description: `A ${kind} (spec: ${KIND_INFO[kind].specShape}).` };
  }
  describe(defs, 'Meshops.Rollout', {
    steps: 'Percentages of the way from the live weights to the declared ones, strictly increasing, each 1–99.',
    interval: 'Time at each step before the next: 90s, 5m, 1h, 1h30m.',
    alarms: 'CloudWatch alarm names (at least one): any in ALARM rolls the route back to its old weights.',
  });
  return {
    $schema: DRAFT,
    title: 'meshops resource document',
    description: 'One App Mesh or Cloud Map resource of a meshops mesh repository (see the repository README).',
    type: 'object',
    // Listed at the top level too, so editors complete `kind` before a branch is chosen.
    properties: { kind: { enum: [...KINDS] } },
    required: ['kind'],
    oneOf: roots.map((r) => ({ $ref: `#/$defs/${r}` })),
    $defs: defs,
  };
}

/** Schema for `meshops.yaml`. */
export function settingsJsonSchema(): JsonSchema {
  const defs = shapeDefinitions(settingsShapes, [SETTINGS_SHAPE]);
  describe(defs, SETTINGS_SHAPE, SETTINGS_DESCRIPTIONS);
  describe(defs, 'Meshops.DriftSettings', {
    report: `Report drift as a GitHub issue, or not at all. Default: ${SETTINGS_DEFAULTS.drift.report}.`,
    remediate: `Re-apply Git when drift is found. Default: ${SETTINGS_DEFAULTS.drift.remediate}.`,
  });
  describe(defs, 'Meshops.IgnoreRule', {
    kind: 'A resource kind, or * for all.',
    name: 'Glob (* and ?) on the resource name.',
    mesh: 'Glob on the mesh name.',
    path: 'JSON pointer into the resource document, starting /spec or /tags (list indices as written in Git).',
  });
  describe(defs, 'Meshops.LatticeSettings', {
    serviceNetwork: 'Name of the Lattice service network. Default: the mesh\'s name (one service network per mesh).',
    authType: `Auth type of the service network and of every service: NONE or AWS_IAM. Default: ${SETTINGS_DEFAULTS.lattice.authType}.`,
    vpcs: 'VPCs associated with the service network, each with up to 5 security groups. Target groups live in the first one.',
    registration: `none: ECS (vpcLatticeConfigurations) or another controller registers targets; cloudmap: meshops registers each node's Cloud Map instances in its target groups. Default: ${SETTINGS_DEFAULTS.lattice.registration}.`,
    unsupported: `App Mesh fields and kinds with no Lattice counterpart: error fails the plan, warn lists them. Default: ${SETTINGS_DEFAULTS.lattice.unsupported}.`,
  });
  describe(defs, 'Meshops.LatticeVpc', { vpc: 'A VPC id (vpc-…).', securityGroups: 'Security group ids (sg-…) of the association, at most 5.' });
  return {
    $schema: DRAFT,
    title: 'meshops.yaml',
    description: 'Settings of a meshops mesh repository.',
    $ref: `#/$defs/${SETTINGS_SHAPE}`,
    $defs: defs,
  };
}
