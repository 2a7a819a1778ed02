import { documentShapes } from '../api-model';
import type { Shape, ShapeTable } from '../api-model';
import { KIND_INFO, KINDS, type Kind, type ParentField } from '../resources';
import { DURATION_PATTERN } from '../rollout/duration';

/**
 * The resource document's envelope (docs/design.md §1) as a shape table in lib/api-model's format, so the
 * same `validateShape` checks it and the same `shapeDefinitions` publishes it as JSON Schema. The
 * `spec` members point into `documentShapes` (App Mesh's model, Cloud Map's document shapes).
 */

export const ENVELOPE_FIELDS = ['kind', 'name', 'mesh', 'virtualRouter', 'virtualGateway', 'namespace', 'spec', 'rollout', 'tags'] as const;
export type EnvelopeField = (typeof ENVELOPE_FIELDS)[number];

/**
 * Names become ARN and URL path segments: a meshops rule, stricter than App Mesh's (1–255, no
 * pattern). `.` and `..` are refused: a URL path resolves them (`…/virtualNodes/..` is the mesh).
 */
export const NAME_PATTERN = '^(?!\\.\\.?$)[A-Za-z0-9._-]+$';
export const DOT_SEGMENT_NAMES: readonly string[] = ['.', '..'];
export const NAME_SHAPE = 'Meshops.Name';
/** Tags we own or AWS reserves (`aws:`); the pattern refuses them for editors, the validator says why. */
export const TAG_KEY_PATTERN = '^(?!aws:)(?!meshops:owner$)';
export const MAX_TAGS = 50;

export function documentShapeName(kind: Kind): string {
  return `Meshops.Document.${kind}`;
}

/** The envelope fields a kind takes, in document order. */
export function envelopeFields(kind: Kind): EnvelopeField[] {
  const info = KIND_INFO[kind];
  const fields: EnvelopeField[] = ['kind', 'name'];
  if (info.inMesh) fields.push('mesh');
  if (info.parent) fields.push(info.parent.field as ParentField);
  fields.push('spec');
  if (info.rollout) fields.push('rollout');
  fields.push('tags');
  return fields;
}

export function requiredEnvelopeFields(kind: Kind): EnvelopeField[] {
  const info = KIND_INFO[kind];
  return envelopeFields(kind).filter((f) => f !== 'tags' && f !== 'rollout' && !(f === 'spec' && info.specOptional));
}

/** The shape of a kind's `name`: Cloud Map service names follow the API's DNS-label pattern. */
export function nameShapeOf(kind: Kind): string {
  return KIND_INFO[kind].nameShape ?? NAME_SHAPE;
}

function envelopeShape(kind: Kind): Shape {
  const info = KIND_INFO[kind];
  const members: NonNullable<Shape['members']> = {
    kind: { shape: `Meshops.Kind.${kind}` },
    name: { shape: nameShapeOf(kind) },
  };
  if (info.inMesh) members.mesh = { shape: NAME_SHAPE };
  if (info.parent) members[info.parent.field as ParentField] = { shape: NAME_SHAPE };
  members.spec = { shape: info.specShape };
  if (info.rollout) members.rollout = { shape: ROLLOUT_SHAPE };
  members.tags = { shape: 'Meshops.Tags' };
  return { type: 'structure', members, required: requiredEnvelopeFields(kind) };
}

/** A Route's `rollout` (docs/progressive-delivery.md): a meshops field, never sent to AWS. */
export const ROLLOUT_SHAPE = 'Meshops.Rollout';
export const MAX_ROLLOUT_STEPS = 20;
/** DescribeAlarms takes at most 100 names. */
export const MAX_ROLLOUT_ALARMS = 100;

export const envelopeShapes: ShapeTable = {
  [ROLLOUT_SHAPE]: { type: 'structure', members: { steps: { shape: 'Meshops.RolloutSteps' }, interval: { shape: 'Meshops.Duration' }, alarms: { shape: 'Meshops.AlarmNames' } }, required: ['steps', 'interval', 'alarms'] },
  'Meshops.RolloutSteps': { type: 'list', member: { shape: 'Meshops.RolloutStep' }, min: 1, max: MAX_ROLLOUT_STEPS },
  'Meshops.RolloutStep': { type: 'integer', min: 1, max: 99 },
  'Meshops.Duration': { type: 'string', min: 2, max: 16, pattern: DURATION_PATTERN },
  'Meshops.AlarmNames': { type: 'list', member: { shape: 'Meshops.AlarmName' }, min: 1, max: MAX_ROLLOUT_ALARMS },
  'Meshops.AlarmName': { type: 'string', min: 1, max: 255 },
  [NAME_SHAPE]: { type: 'string', min: 1, max: 255, pattern: NAME_PATTERN },
  // The API's pattern (≤127 characters, DNS labels; or ".") [aws §10.4].
  'Meshops.CloudMapServiceName': { ...documentShapes['CloudMap.ServiceName'] },
  'Meshops.TagKey': { type: 'string', min: 1, max: 128, pattern: TAG_KEY_PATTERN },
  'Meshops.TagValue': { type: 'string', min: 0, max: 256 },
  'Meshops.Tags': { type: 'map', key: { shape: 'Meshops.TagKey' }, value: { shape: 'Meshops.TagValue' }, max: MAX_TAGS },
  ...Object.fromEntries(KINDS.map((k) => [`Meshops.Kind.${k}`, { type: 'string', enum: [k] } satisfies Shape])),
  ...Object.fromEntries(KINDS.map((k) => [documentShapeName(k), envelopeShape(k)])),
};

/** Every shape a resource document reaches: the envelope's and the API models' spec shapes. */
export const resourceDocumentShapes: ShapeTable = { ...documentShapes, ...envelopeShapes };

