import type { TaggingApi } from '../aws/tagging-api';
import { awsErrorName } from '../aws/errors';
import type { Tags } from '../resources/types';
import { OWNER_TAG } from '../resources/types';
import type { ReadCacheEntry } from './read-cache';

/** How many resources of a bulk answer are re-read one by one to check it before it is trusted. */
export const SPOT_CHECK_SIZE = 3;

export interface TagReadStats {
  /** GetResources pages read. */
  tagPages: number;
  /** Resources whose tags came from those pages. */
  tagsFromBulk: number;
  /** Per-resource tag reads (ListTagsForResource), spot checks included. */
  tagReads: number;
}

export interface TagSourceOptions {
  /** Absent: the endpoint has no Tagging API; every resource is read on its own. */
  tagging?: TaggingApi;
  /** The services whose resources this read needs (`appmesh`, `servicediscovery`). */
  services: string[];
  /** Our ownership tag value: a resource the bulk answer says is not ours is confirmed fresh. */
  owner: string;
  /** Reads one resource's tags by ARN; undefined when it is gone or its tags are not ours to read. */
  readOne: (arn: string) => Promise<Tags | undefined>;
  /** Resources an apply wrote since the last read: not used to judge the index. */
  recentlyWritten?: (arn: string) => boolean;
  random?: () => number;
  onPage?: () => void;
}

type Verdict = { bulk: Map<string, Tags> } | { bulk?: undefined; reason: string };

export const sameTags = (a: Tags, b: Tags): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
};

/**
 * Where a read gets each resource's tags. The Tagging API answers for every resource of a service
 * in a page per 100, but it is eventually consistent and leaves out never-tagged resources, so its
 * answer is used only where it cannot mislead:
 * - before anything is trusted, a few resources of the answer are re-read one by one; any
 *   disagreement (or an endpoint without the API) sends the whole read back to per-resource reads,
 *   with a warning;
 * - a resource the answer leaves out, one an apply just wrote (its tags may not be indexed yet),
 *   one whose tags differ from the cached ones, and one the answer says is not ours are read fresh.
 * So every tag change a plan or drift report shows was confirmed by ListTagsForResource, and a
 * tag edit is seen by the first check after the index has it. Writes re-read tags anyway.
 */
export class TagSource {
  readonly stats: TagReadStats = { tagPages: 0, tagsFromBulk: 0, tagReads: 0 };
  private verdict?: Promise<Verdict>;
  private resolved = 0;
  private missing = 0;
  private disagreements: string[] = [];

  constructor(private readonly options: TagSourceOptions) {}

  /** Starts the bulk read (idempotent): call it early so its pages overlap the lists. */
  start(): Promise<Verdict> {
    if (!this.verdict) {
      this.verdict = this.decide();
      // Started early, beside the lists: if a list fails first, nobody awaits it, and its own
      // failure must not become an unhandled rejection. Callers that await it still see it.
      this.verdict.catch(() => undefined);
    }
    return this.verdict;
  }

  /** The tags of one resource. `readFresh` reads them directly; `cached`: what the last read stored. */
  async tagsOf(arn: string, readFresh: () => Promise<Tags>, cached?: ReadCacheEntry): Promise<Tags> {
    const verdict = await this.start();
    this.resolved++;
    const fresh = async () => {
      this.stats.tagReads++;
      return readFresh();
    };
    if (!verdict.bulk) return fresh();
    const listed = verdict.bulk.get(arn);
    if (listed === undefined) {
      const tags = await fresh();
      if (Object.keys(tags).length > 0) this.missing++;
      return tags;
    }
    const changed = cached?.tags !== undefined && !sameTags(cached.tags, listed);
    const foreign = this.options.owner !== '' && listed[OWNER_TAG] !== this.options.owner;
    if (cached?.tagsDirty || changed || foreign) {
      const tags = await fresh();
      // After our own write a lagging index is expected; elsewhere it means the answer was wrong.
      if (!cached?.tagsDirty && !sameTags(tags, listed)) this.disagreements.push(arn);
      return tags;
    }
    this.stats.tagsFromBulk++;
    return listed;
  }

  /** What the user should know about how tags were read (after every tagsOf has settled). */
  async warnings(): Promise<string[]> {
    if (!this.verdict) return [];
    const verdict = await this.verdict;
    if (!verdict.bulk) return [verdict.reason];
    const out: string[] = [];
    // A few new resources missing is the index catching up; most of them missing is an endpoint
    // that does not index these services.
    if (this.missing > 0 && this.missing * 2 >= this.resolved) {
      out.push(`the Resource Groups Tagging API did not list ${this.missing} of ${this.resolved} tagged resources; their tags were read one resource at a time`);
    }
    if (this.disagreements.length > 0) {
      out.push(`the Resource Groups Tagging API disagreed with ListTagsForResource on ${this.disagreements.length} resource(s) (${this.disagreements.slice(0, 3).join(', ')}${this.disagreements.length > 3 ? ', …' : ''}); their tags were read one resource at a time`);
    }
    return out;
  }

  private async decide(): Promise<Verdict> {
    const { tagging, services } = this.options;
    if (!tagging) return { reason: 'no Resource Groups Tagging API is configured; tags were read one resource at a time' };
    let bulk: Map<string, Tags>;
    try {
      const maps = await Promise.all(services.map((s) => tagging.tagsOfServices([s], () => this.countPage())));
      bulk = new Map(maps.flatMap((m) => [...m]));
    } catch (err) {
      const cause = (err as Error).cause ?? err;
      return { reason: `the Resource Groups Tagging API could not be used (${awsErrorName(cause)}: ${(cause as Error)?.message ?? String(cause)}); tags were read one resource at a time` };
    }
    // Resources we just wrote may legitimately lag: they say nothing about the index.
    const candidates = [...bulk.keys()].filter((arn) => !this.options.recentlyWritten?.(arn));
    const checked = await Promise.all(
      this.sample(candidates).map(async (arn) => {
        this.stats.tagReads++;
        return { arn, fresh: await this.options.readOne(arn) };
      }),
    );
    const wrong = checked.find(({ arn, fresh }) => fresh !== undefined && !sameTags(fresh, bulk.get(arn)!));
    if (wrong) return { reason: `the Resource Groups Tagging API disagreed with ListTagsForResource on ${wrong.arn}; tags were read one resource at a time` };
    return { bulk };
  }

  private countPage(): void {
    this.stats.tagPages++;
    this.options.onPage?.();
  }

  private sample(arns: string[]): string[] {
    const random = this.options.random ?? Math.random;
    const pool = [...arns];
    const out: string[] = [];
    while (out.length < SPOT_CHECK_SIZE && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
    return out;
  }
}
