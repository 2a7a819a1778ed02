import { isAwsTag } from '../../resources/tags';
import type { TaggedResource } from '../core/service';
import type { EmulatorState } from '../core/state-store';
import type { LatticeContext } from './context';
import { invalidField, notFound } from './errors';
import type { OperationInput } from '../wire/rest-json';
import { readableState, type LatticeRecord, type Tags } from './state';

/** User tags per resource: AWS's general tagging limit (the model caps one call at 200). */
export const MAX_TAGS_PER_RESOURCE = 50;

/** Keys starting with `aws:` are reserved for AWS across its tagging APIs. */
function checkUserKeys(keys: string[], field: string): void {
  const reserved = keys.find(isAwsTag);
  if (reserved !== undefined) throw invalidField(field, `tag keys starting with "aws:" are reserved for AWS use (got ${JSON.stringify(reserved)})`);
}

function checkCount(tags: Tags, arn: string): void {
  const n = Object.keys(tags).length;
  if (n > MAX_TAGS_PER_RESOURCE) throw invalidField('tags', `the resource ${arn} would have ${n} tags, more than the ${MAX_TAGS_PER_RESOURCE} allowed; none of the tags in this request were applied`);
}

/** Tags given to a Create*. */
export function tagsFromInput(input: OperationInput, arnForMessages: string): Tags {
  const tags = { ...((input.tags as Tags | undefined) ?? {}) };
  checkUserKeys(Object.keys(tags), 'tags');
  checkCount(tags, arnForMessages);
  return tags;
}

function resourceByArn(ctx: LatticeContext, arn: string): LatticeRecord {
  const record = ctx.byArn(arn);
  if (!record) throw notFound('RESOURCE', arn, `Resource ${arn} was not found in account ${ctx.account}`);
  return record;
}

/** TagResource merges: tags not named in the request are kept. */
export function tagResource(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const record = resourceByArn(ctx, input.resourceArn as string);
  const added = input.tags as Tags;
  checkUserKeys(Object.keys(added), 'tags');
  const merged = { ...record.tags, ...added };
  checkCount(merged, record.arn);
  record.tags = merged;
  return {};
}

export function untagResource(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  const record = resourceByArn(ctx, input.resourceArn as string);
  const keys = input.tagKeys as string[];
  checkUserKeys(keys, 'tagKeys');
  const kept: Tags = {};
  for (const [k, v] of Object.entries(record.tags)) if (!keys.includes(k)) kept[k] = v;
  record.tags = kept;
  return {};
}

export function listTagsForResource(ctx: LatticeContext, input: OperationInput): Record<string, unknown> {
  return { tags: { ...resourceByArn(ctx, input.resourceArn as string).tags } };
}

/**
 * The ARN and tags of every Lattice resource in an emulator state (targets have no ARN and no
 * tags), for APIs that read tags across services (Resource Groups Tagging). `now` decides which
 * deletions have completed.
 */
export function latticeResourceTags(state: EmulatorState, now: number): TaggedResource[] {
  const lattice = readableState(state);
  return Object.values(lattice.resources)
    .filter((r) => !(r.pending?.phase === 'DELETE' && now >= r.pending.until))
    .sort((a, b) => a.seq - b.seq)
    .map((r) => ({ arn: r.arn, tags: { ...r.tags } }));
}
