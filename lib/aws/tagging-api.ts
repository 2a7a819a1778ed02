import { GetResourcesCommand, type GetResourcesCommandInput, type GetResourcesCommandOutput, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Tags } from '../resources/types';
import type { CallPolicy } from './call-policy';
import { AwsCallError } from './errors';

/** The most resources GetResources returns a page (and the most ARNs it takes in ResourceARNList). */
export const TAGGING_PAGE_SIZE = 100;

/**
 * The Resource Groups Tagging API's GetResources: the tags of every tagged resource of a service in
 * pages of 100, instead of one ListTagsForResource per resource. Eventually consistent, and it
 * leaves out resources that were never tagged: callers decide what to trust (lib/live/bulk-tags.ts).
 */
export class TaggingApi {
  constructor(
    private readonly client: ResourceGroupsTaggingAPIClient,
    private readonly policy: CallPolicy,
  ) {}

  /** Every tagged resource of the given services (`appmesh`, `servicediscovery`), page by page. */
  async tagsOfServices(services: string[], onPage?: () => void): Promise<Map<string, Tags>> {
    const out = new Map<string, Tags>();
    let token: string | undefined;
    do {
      const page = await this.send(`reading the tags of ${services.join(', ')} resources in bulk`, { ResourceTypeFilters: services, ResourcesPerPage: TAGGING_PAGE_SIZE, ...(token ? { PaginationToken: token } : {}) });
      for (const [arn, tags] of page.tags) out.set(arn, tags);
      token = page.token;
      onPage?.();
    } while (token);
    return out;
  }

  private async send(action: string, input: GetResourcesCommandInput): Promise<{ tags: Map<string, Tags>; token?: string }> {
    let out: GetResourcesCommandOutput;
    try {
      out = await this.policy.call(() => this.client.send(new GetResourcesCommand(input)));
    } catch (err) {
      throw new AwsCallError(action, err);
    }
    const tags = new Map<string, Tags>();
    for (const mapping of out.ResourceTagMappingList ?? []) {
      if (!mapping.ResourceARN) continue;
      const set: Tags = {};
      for (const t of mapping.Tags ?? []) if (t.Key !== undefined) set[t.Key] = t.Value ?? '';
      tags.set(mapping.ResourceARN, set);
    }
    return { tags, ...(out.PaginationToken ? { token: out.PaginationToken } : {}) };
  }
}
