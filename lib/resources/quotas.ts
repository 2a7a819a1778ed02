/**
 * Default quotas that are not a count of one kind in a scope (those are `KIND_INFO[kind].quota`):
 * read by validation (a warning) and enforced by the emulator (docs/aws-behaviour.md §8).
 */
export interface Quota {
  /** The Service Quotas code. */
  code: string;
  limit: number;
  description: string;
}

export const BACKENDS_PER_VIRTUAL_NODE: Quota = { code: 'L-8775AB18', limit: 50, description: 'backends per virtual node' };

/** VPC Lattice quotas that are not a count of one kind under its parent (service code `vpc-lattice`). */
export const LATTICE_TARGET_GROUPS_PER_SERVICE: Quota = { code: 'L-3DEC3B9F', limit: 10, description: 'target groups per service' };
export const LATTICE_TARGETS_PER_TARGET_GROUP: Quota = { code: 'L-D71303F3', limit: 1000, description: 'targets per target group' };
export const LATTICE_SERVICE_ASSOCIATIONS_PER_SERVICE_NETWORK: Quota = { code: 'L-75D4A19E', limit: 500, description: 'service associations per service network' };
export const LATTICE_VPC_ASSOCIATIONS_PER_SERVICE_NETWORK: Quota = { code: 'L-EF6E2D62', limit: 500, description: 'VPC associations per service network' };
