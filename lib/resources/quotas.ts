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
