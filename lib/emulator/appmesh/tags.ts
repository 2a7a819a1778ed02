import { isAwsTag } from '../../resources/tags';
import type { AppMeshContext } from './context';
import { badRequest, notFound, tooManyTags } from './errors';
import { paginate } from './pagination';
import type { OperationInput } from './protocol';
import type { ResourceRecord, TagEntry } from './state';

/** User tags per resource (docs/aws-behaviour.md §9); a fixed limit, not an adjustable quota. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** `ListTagsForResource` pages: `TagsLimit` is 1–50 in the model; everything fits in one default page. */
const DEFAULT_TAG_PAGE = 50;

/**
 * Keys starting with `aws:` are reserved for AWS across its tagging APIs; a caller cannot set or
 * remove them. (Not documented for App Mesh in particular; this is AWS's general tagging rule.)
 */
function checkUserKeys(keys: string[], field: string): void {
  const reserved = keys.find(isAwsTag);
  if (reserved !== undefined) throw badRequest(`Value at '${field}' failed to satisfy constraint: tag keys starting with "aws:" are reserved for AWS use (got ${JSON.stringify(reserved)})`);
}

/** Tags given at create time: the last value given for a key wins. */
export function tagsFromInput(input: OperationInput): TagEntry[] {
  const tags = (input.tags as TagEntry[] | undefined) ?? [];
  checkUserKeys(
    tags.map((t) => t.key),
    'tags',
  );
  return mergeTags([], tags);
}

function mergeTags(existing: TagEntry[], added: TagEntry[]): TagEntry[] {
  const out = existing.map((t) => ({ ...t }));
  for (const t of added) {
    const same = out.find((o) => o.key === t.key);
    if (same) same.value = t.value;
    else out.push({ key: t.key, value: t.value });
  }
  return out;
}

function resourceByArn(ctx: AppMeshContext, arn: string): ResourceRecord {
  if (!arn.startsWith('arn:')) throw badRequest(`Value at 'resourceArn' failed to satisfy constraint: not an ARN (got ${JSON.stringify(arn)})`);
  const record = ctx.byArn(arn);
  if (!record) throw notFound(`The resource ${arn} does not exist`);
  return record;
}

/** TagResource merges: tags not named in the request are kept. Tagging does not change `version`. */
export function tagResource(ctx: AppMeshContext, input: OperationInput): Record<string, unknown> {
  const record = resourceByArn(ctx, input.resourceArn as string);
  const added = input.tags as TagEntry[];
  checkUserKeys(
    added.map((t) => t.key),
    'tags',
  );
  const merged = mergeTags(record.tags, added);
  if (merged.length > MAX_TAGS_PER_RESOURCE) {
    throw tooManyTags(`The resource ${record.arn} would have ${merged.length} tags, more than the ${MAX_TAGS_PER_RESOURCE} allowed. None of the tags in this request were applied.`);
  }
  record.tags = merged;
  return {};
}

export function untagResource(ctx: AppMeshContext, input: OperationInput): Record<string, unknown> {
  const record = resourceByArn(ctx, input.resourceArn as string);
  const keys = input.tagKeys as string[];
  checkUserKeys(keys, 'tagKeys');
  record.tags = record.tags.filter((t) => !keys.includes(t.key));
  return {};
}

/** Tags sorted by key, so pages are stable while tags are added or removed between calls. */
export function listTagsForResource(ctx: AppMeshContext, input: OperationInput): Record<string, unknown> {
  const record = resourceByArn(ctx, input.resourceArn as string);
  const sorted = [...record.tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = paginate(sorted, (t) => t.key, {
    limit: input.limit as number | undefined,
    nextToken: input.nextToken as string | undefined,
    scope: `tags:${record.arn}`,
    defaultLimit: DEFAULT_TAG_PAGE,
  });
  return { tags: page.items, nextToken: page.nextToken };
}
