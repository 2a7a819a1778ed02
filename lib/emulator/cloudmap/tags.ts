import { isAwsTag } from '../../resources/tags';
import type { CloudMapContext } from './context';
import { CloudMapApiError, invalidInput, resourceNotFound } from './errors';
import { parseCloudMapArn } from './ids';
import { MAX_TAGS_PER_RESOURCE } from './quotas';
import type { NamespaceRecord, ServiceRecord, Tag } from './state';

/**
 * The tag set a resource would have after adding `added` to `existing` (same key: new value),
 * refused before anything changes when a key is reserved (`aws:`), repeated, or the resource would
 * pass 50 tags.
 */
export function mergedTags(existing: readonly Tag[], added: readonly Tag[] | undefined, resourceName: string): Tag[] {
  const merged = existing.map((t) => ({ ...t }));
  const seen = new Set<string>();
  for (const [i, tag] of (added ?? []).entries()) {
    if (isAwsTag(tag.Key)) throw invalidInput(`Tags[${i}].Key: the prefix "aws:" is reserved for AWS use (${tag.Key})`);
    if (seen.has(tag.Key)) throw invalidInput(`Tags[${i}].Key: the key ${JSON.stringify(tag.Key)} appears more than once in the request`);
    seen.add(tag.Key);
    const current = merged.find((t) => t.Key === tag.Key);
    if (current) current.Value = tag.Value;
    else merged.push({ Key: tag.Key, Value: tag.Value });
  }
  if (merged.length > MAX_TAGS_PER_RESOURCE) {
    throw new CloudMapApiError(
      'TooManyTagsException',
      `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags; ${resourceName} would have ${merged.length}`,
      { ResourceName: resourceName },
    );
  }
  return merged;
}

/** The namespace or service an ARN names, or ResourceNotFoundException. */
function taggable(ctx: CloudMapContext, arn: string): NamespaceRecord | ServiceRecord {
  const parsed = parseCloudMapArn(arn);
  if (!parsed) throw invalidInput(`ResourceARN: ${JSON.stringify(arn)} is not a Cloud Map namespace or service ARN`);
  if (parsed.region !== ctx.env.region || parsed.account !== ctx.env.account) throw resourceNotFound(arn);
  const record = parsed.resource === 'namespace' ? ctx.state.namespaces[parsed.id] : ctx.state.services[parsed.id];
  if (!record) throw resourceNotFound(arn);
  return record;
}

export function tagResource(ctx: CloudMapContext, input: { ResourceARN: string; Tags: Tag[] }) {
  const record = taggable(ctx, input.ResourceARN);
  record.tags = mergedTags(record.tags, input.Tags, input.ResourceARN);
  return {};
}

export function untagResource(ctx: CloudMapContext, input: { ResourceARN: string; TagKeys: string[] }) {
  const record = taggable(ctx, input.ResourceARN);
  // Keys the resource does not have are ignored, as AWS tagging APIs do.
  record.tags = record.tags.filter((t) => !input.TagKeys.includes(t.Key));
  return {};
}

export function listTagsForResource(ctx: CloudMapContext, input: { ResourceARN: string }) {
  const record = taggable(ctx, input.ResourceARN);
  return { Tags: record.tags.map((t) => ({ ...t })) };
}
